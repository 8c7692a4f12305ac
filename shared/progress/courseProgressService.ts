import type { TransactWriteCommandInput } from '../db/commands.js';
import type { CourseRecord } from '../catalog/course.js';
import { ensureCertificate } from '../certificates/certificateIssue.js';
import { itemId } from '../db/batchGet.js';
import { tableName } from '../db/client.js';
import { courseCompletionKey, enrollmentKey, learnerCourseDayKey, learnerCourseKey, learnerLessonKey } from '../db/keys.js';
import { courseComplete, missingPrerequisites, quizPassed, visibleLessons, type CourseOutline, type LessonProgress, type OutlineLesson } from '../domain/courseProgress.js';
import { EnrollmentRequiredError } from '../enrollment/enrollmentErrors.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import { activityPut, activityRecord } from './activity.js';
import { lessonProgressOf, readCourseContext, type CourseContext } from './courseContext.js';
import { fingerprint } from './eventId.js';
import type { AwardedAchievement } from '../gamification/awarding.js';
import { gamificationKeys, runProgressWrite, type Snapshot } from './progressWrite.js';
import { raiseMaximum } from './raiseMaximum.js';

/**
 * Progress in catalog courses (seed 002 lesson progress, seed 000 block completions): one engine
 * write per call. The read is one BatchGetItem (course, outline, the learner's course summary and
 * lesson item); the write is one transaction of
 *
 * - the lesson item (watch time and best score only raised, under a condition on the value read;
 *   attempts and time spent are atomic ADDs; completion fields set once),
 * - the course summary (the map of completed lessons, conditioned on its `version` whenever a
 *   lesson completes, so two completions racing for the last lesson cannot both miss the course
 *   completion, and one completion is never counted twice),
 * - the learner's day bucket (ADD seconds on their local date), the course completion record when
 *   this write completes the course, and the activity record.
 */

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface CourseWriteContext {
  tenantId: string;
  userId: string;
  actorId: string;
  courseId: string;
  eventId: string;
  timeZone: string;
  now: Date;
}

export interface LessonWriteInput {
  lessonId: string;
  source: 'lesson.progress' | 'block.completion';
  /** The request field naming the lesson, for error messages (`body.block_id`, `params.lesson_id`). */
  lessonField: string;
  /** The request field naming the course (`body.block_id`, `params.course_id`). */
  courseField: string;
  watchSeconds?: number;
  positionSeconds?: number;
  complete?: boolean;
  score?: number;
  secondsSpent?: number;
  engagementScore?: number;
  interactions?: Record<string, number>;
  /** The client's completion time (seed 000 `completion_time`), kept as the lesson's completion date. */
  completedAt?: string;
  /** What the request asked for, for the idempotency fingerprint. */
  request: unknown;
}

export interface LessonWriteResult {
  lesson: LessonProgress;
  outlineLesson: OutlineLesson;
  /** This write completed the lesson (first time). */
  completedNow: boolean;
  /** This write completed the course (first time). */
  courseCompletedNow: boolean;
  courseCompleted: boolean;
  completedLessons: number;
  totalLessons: number;
  /** The lesson's completion id (deterministic from the completing event, so replays agree). */
  completionId?: string;
  replayed: boolean;
  /** Achievements this write awarded (issue 6; a replay reports the original write's). */
  awarded?: AwardedAchievement[];
}

/** The stable id of the completion a given event made. */
export function completionIdOf(ctx: Pick<CourseWriteContext, 'tenantId' | 'userId' | 'courseId' | 'eventId'>, lessonId: string): string {
  return `cmp_${fingerprint({ t: ctx.tenantId, u: ctx.userId, c: ctx.courseId, l: lessonId, e: ctx.eventId })}`;
}

function completionsOf(summary: Record<string, unknown> | undefined): Record<string, string> {
  return (summary?.completions as Record<string, string> | undefined) ?? {};
}

function lessonOf(outline: CourseOutline, lessonId: string, field: string): OutlineLesson {
  const lesson = visibleLessons(outline).find((l) => l.lessonId === lessonId);
  if (!lesson) throw new NotFoundError(`Lesson not found in this course (${field})`);
  return lesson;
}

function resultOf(context: CourseContext, snapshot: Snapshot, ctx: CourseWriteContext, lesson: OutlineLesson, flags: { completedNow: boolean; courseCompletedNow: boolean; replayed: boolean }): LessonWriteResult {
  const summary = snapshot.get(itemId(learnerCourseKey(ctx.tenantId, ctx.userId, ctx.courseId)));
  const completions = completionsOf(summary);
  const progress = lessonProgressOf(lesson.lessonId, snapshot.get(itemId(learnerLessonKey(ctx.tenantId, ctx.userId, ctx.courseId, lesson.lessonId))));
  const visible = visibleLessons(context.outline);
  return {
    lesson: progress,
    outlineLesson: lesson,
    ...flags,
    courseCompleted: summary?.completedAt !== undefined,
    completedLessons: visible.filter((l) => completions[l.lessonId] !== undefined).length,
    totalLessons: visible.length,
    ...(progress.completionId ? { completionId: progress.completionId } : {}),
  };
}

/**
 * Whether `userId` may record progress in a course: any tenant member in a free course, the
 * learner with an active enrollment (or its instructors, previewing) in a paid one. The enrollment
 * item rides in the course context's BatchGet, so the check costs no request. A refund revoking the
 * enrollment while a write is in flight may let that one write land; the next is refused.
 */
export function mayRecordProgress(course: CourseRecord, userId: string, enrollment: Record<string, unknown> | undefined): boolean {
  if (course.priceCents <= 0) return true;
  if (course.instructorIds.includes(userId)) return true;
  return enrollment?.status === 'active';
}

/**
 * Records progress on one lesson of a published course (see the module comment for the items
 * written). Refuses, before writing anything: a paid course without the learner's active enrollment
 * (403 ENROLLMENT_REQUIRED), an unknown or unpublished lesson (404), a score on a
 * lesson without a max score or above it (400), and — in a course that enforces order — completing
 * a lesson whose prerequisite lessons are not complete (409 naming them).
 */
export async function recordLessonProgress(ctx: CourseWriteContext, input: LessonWriteInput): Promise<LessonWriteResult> {
  const enrollment = enrollmentKey(ctx.tenantId, ctx.userId, ctx.courseId);
  const context = await readCourseContext(ctx.tenantId, ctx.userId, ctx.courseId, [input.lessonId], [...gamificationKeys(ctx.tenantId, ctx.userId), enrollment]);
  if (!mayRecordProgress(context.course, ctx.userId, context.snapshot.get(itemId(enrollment)))) throw new EnrollmentRequiredError(ctx.courseId, input.courseField);
  const lesson = lessonOf(context.outline, input.lessonId, input.lessonField);
  if (input.score !== undefined) {
    if (lesson.maxScore === undefined) throw new ValidationError([{ field: 'body.score', message: 'This lesson has no score (only quiz lessons with a max score do)', code: 'not_scored' }]);
    if (input.score > lesson.maxScore) throw new ValidationError([{ field: 'body.score', message: `Score must be between 0 and ${lesson.maxScore}`, code: 'out_of_range' }]);
  }
  const requestHash = fingerprint({ op: input.source, courseId: ctx.courseId, userId: ctx.userId, request: input.request });
  const summaryKey = learnerCourseKey(ctx.tenantId, ctx.userId, ctx.courseId);
  const lessonKey = learnerLessonKey(ctx.tenantId, ctx.userId, ctx.courseId, lesson.lessonId);
  const now = ctx.now.toISOString();
  const completedAt = input.completedAt ?? now;

  const outcome = await runProgressWrite({
    snapshot: context.snapshot,
    requestHash,
    gamification: { tenantId: ctx.tenantId, userId: ctx.userId, timeZone: ctx.timeZone, now: ctx.now, preloaded: true },
    onReplay: (existing, snapshot) => {
      // The snapshot may predate the original write (a concurrent duplicate): the ledger record says what it did.
      const result = resultOf(context, snapshot, ctx, lesson, { completedNow: false, courseCompletedNow: false, replayed: true });
      if (result.completionId || !existing.itemCompleted) return result;
      const completionId = completionIdOf(ctx, lesson.lessonId);
      return { ...result, completionId, lesson: { ...result.lesson, completed: true, completionId, completedAt: existing.clientTimestamp ?? existing.occurredAt } };
    },
    plan: (snapshot) => {
      const summary = snapshot.get(itemId(summaryKey));
      const old = snapshot.get(itemId(lessonKey));
      const completions = completionsOf(summary);
      const done = new Set(Object.keys(completions));
      const passedNow = input.score !== undefined && quizPassed(lesson, input.score);
      const completing = (input.complete === true || passedNow) && !done.has(lesson.lessonId);
      if (completing) {
        const missing = missingPrerequisites(context.outline, lesson, done);
        if (missing.length > 0) {
          throw new ConflictError(
            `Complete the prerequisite ${missing.length === 1 ? 'lesson' : 'lessons'} first: ${missing.map((l) => l.title).join(', ')}`,
            missing.map((l) => ({ field: input.lessonField, message: `Prerequisite ${l.lessonId} (${l.title}) is not complete`, code: 'prerequisite_incomplete' })),
          );
        }
      }
      const courseCompletedNow = completing && summary?.completedAt === undefined && courseComplete(context.outline, new Set([...done, lesson.lessonId]));

      // Lesson item.
      const sets = ['entity = :lessonEntity', 'lessonId = :lessonId', 'updatedAt = :now', 'createdAt = if_not_exists(createdAt, :now)'];
      const adds: string[] = [];
      const conditions: string[] = [];
      const values: Record<string, unknown> = { ':lessonEntity': 'learnerLesson', ':lessonId': lesson.lessonId, ':now': now };
      const oldWatch = old?.watchSeconds as number | undefined;
      const watchGain = input.watchSeconds === undefined ? 0 : raiseMaximum('watchSeconds', oldWatch, input.watchSeconds, { sets, conditions, values });
      if (input.positionSeconds !== undefined) {
        sets.push('positionSeconds = :position');
        values[':position'] = input.positionSeconds;
      }
      const completionId = completing ? completionIdOf(ctx, lesson.lessonId) : undefined;
      if (completing) {
        sets.push('completed = :true', 'completedAt = :completedAt', 'completionId = :completionId');
        Object.assign(values, { ':true': true, ':completedAt': completedAt, ':completionId': completionId });
      }
      // Recording a block that is already complete (a retry sent without a key, a second device) keeps the
      // first completion's time and engagement: the completion's minutes are counted once.
      const repeatCompletion = input.source === 'block.completion' && !completing;
      if (input.engagementScore !== undefined && !repeatCompletion) {
        sets.push('engagementScore = :engagement');
        values[':engagement'] = input.engagementScore;
      }
      if (input.interactions !== undefined && !repeatCompletion) {
        sets.push('interactions = :interactions');
        values[':interactions'] = input.interactions;
      }
      const seconds = repeatCompletion ? 0 : (input.secondsSpent ?? watchGain);
      if (seconds > 0) {
        adds.push('secondsSpent :seconds');
        values[':seconds'] = seconds;
      }
      const oldScore = old?.score as number | undefined;
      if (input.score !== undefined) {
        adds.push('attempts :one');
        values[':one'] = 1;
        sets.push(passedNow ? 'passed = :passedTrue' : 'passed = if_not_exists(passed, :passedFalse)');
        values[passedNow ? ':passedTrue' : ':passedFalse'] = passedNow;
        raiseMaximum('score', oldScore, input.score, { sets, conditions, values });
      }

      const lessonUpdate = {
        Update: {
          TableName: tableName(),
          Key: lessonKey,
          UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
          ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
          ExpressionAttributeValues: values,
        },
      };

      // Course summary.
      const sSets = ['entity = :summaryEntity', 'courseId = :courseId', 'lastLessonId = :lessonId', 'lastAccessedAt = :now', 'startedAt = if_not_exists(startedAt, :now)'];
      const sValues: Record<string, unknown> = { ':summaryEntity': 'learnerCourse', ':courseId': ctx.courseId, ':lessonId': lesson.lessonId, ':now': now };
      const sNames: Record<string, string> = {};
      let sCondition: string | undefined;
      const version = (summary?.version as number | undefined) ?? 0;
      if (completing) {
        if (!summary) {
          sSets.push('completions = :completions', 'version = :nextVersion');
          sValues[':completions'] = { [lesson.lessonId]: completedAt };
          sCondition = 'attribute_not_exists(pk)';
        } else {
          sSets.push('completions.#lesson = :completedAt', 'version = :nextVersion');
          sNames['#lesson'] = lesson.lessonId;
          sValues[':completedAt'] = completedAt;
          sCondition = 'version = :version';
          sValues[':version'] = version;
        }
        sValues[':nextVersion'] = version + 1;
        if (courseCompletedNow) sSets.push('completedAt = :now');
      } else {
        sSets.push('version = if_not_exists(version, :zero)', 'completions = if_not_exists(completions, :empty)');
        Object.assign(sValues, { ':zero': 0, ':empty': {} });
      }
      if (seconds > 0) sValues[':seconds'] = seconds;
      const summaryUpdate = {
        Update: {
          TableName: tableName(),
          Key: summaryKey,
          UpdateExpression: `SET ${sSets.join(', ')}${seconds > 0 ? ' ADD totalSeconds :seconds' : ''}`,
          ...(sCondition ? { ConditionExpression: sCondition } : {}),
          ...(Object.keys(sNames).length > 0 ? { ExpressionAttributeNames: sNames } : {}),
          ExpressionAttributeValues: sValues,
        },
      };

      const activity = activityRecord({
        eventId: ctx.eventId,
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        actorId: ctx.actorId,
        source: input.source,
        contentType: 'course',
        contentId: ctx.courseId,
        itemId: lesson.lessonId,
        seconds,
        ...(input.score !== undefined ? { score: input.score, passed: passedNow, ...(lesson.maxScore !== undefined ? { maxScore: lesson.maxScore } : {}) } : {}),
        itemCompleted: completing,
        contentCompleted: courseCompletedNow,
        ...(input.engagementScore !== undefined ? { engagementScore: input.engagementScore } : {}),
        ...(input.completedAt ? { clientTimestamp: input.completedAt } : {}),
        requestHash,
        now: ctx.now,
        timeZone: ctx.timeZone,
      });
      const items: TransactItem[] = [activityPut(activity), lessonUpdate, summaryUpdate];
      if (seconds > 0) {
        items.push({
          Update: {
            TableName: tableName(),
            Key: learnerCourseDayKey(ctx.tenantId, ctx.userId, ctx.courseId, activity.localDate),
            UpdateExpression: 'SET entity = :dayEntity, localDate = :date ADD seconds :seconds',
            ExpressionAttributeValues: { ':dayEntity': 'learnerCourseDay', ':date': activity.localDate, ':seconds': seconds },
          },
        });
      }
      if (courseCompletedNow) {
        items.push({
          Update: {
            TableName: tableName(),
            Key: courseCompletionKey(ctx.tenantId, ctx.userId, ctx.courseId),
            UpdateExpression:
              'SET #type = :completionType, tenantId = :tenant, userId = :user, courseId = :courseId, difficulty = if_not_exists(difficulty, :difficulty), durationMinutes = if_not_exists(durationMinutes, :duration), completedAt = if_not_exists(completedAt, :now)',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':completionType': 'courseCompletion', ':tenant': ctx.tenantId, ':user': ctx.userId, ':courseId': ctx.courseId, ':difficulty': context.outline.difficulty, ':duration': context.outline.durationMinutes, ':now': now },
          },
        });
      }

      // The state after this write, for the response.
      const after = new Map(snapshot);
      after.set(itemId(lessonKey), {
        ...old,
        ...lessonKey,
        lessonId: lesson.lessonId,
        updatedAt: now,
        ...(input.watchSeconds !== undefined ? { watchSeconds: Math.max(oldWatch ?? 0, input.watchSeconds) } : {}),
        ...(input.positionSeconds !== undefined ? { positionSeconds: input.positionSeconds } : {}),
        ...(completing ? { completed: true, completedAt, completionId } : {}),
        ...(input.engagementScore !== undefined && !repeatCompletion ? { engagementScore: input.engagementScore } : {}),
        secondsSpent: ((old?.secondsSpent as number | undefined) ?? 0) + seconds,
        ...(input.score !== undefined
          ? { score: Math.max(oldScore ?? input.score, input.score), attempts: ((old?.attempts as number | undefined) ?? 0) + 1, passed: old?.passed === true || passedNow }
          : {}),
      });
      after.set(itemId(summaryKey), {
        ...summary,
        ...summaryKey,
        completions: completing ? { ...completions, [lesson.lessonId]: completedAt } : completions,
        version: completing ? version + 1 : version,
        lastLessonId: lesson.lessonId,
        lastAccessedAt: now,
        totalSeconds: ((summary?.totalSeconds as number | undefined) ?? 0) + seconds,
        ...(courseCompletedNow ? { completedAt: now } : {}),
      });
      const result = resultOf(context, after, ctx, lesson, { completedNow: completing, courseCompletedNow, replayed: false });
      return {
        items,
        activityIndex: 0,
        result,
        coursePercent: { courseId: ctx.courseId, percent: result.totalLessons > 0 ? Math.floor((result.completedLessons * 100) / result.totalLessons) : 0 },
      };
    },
  });
  if (outcome.result.courseCompletedNow) {
    // Issue 23: the write that recorded the course completion issues its certificate, after its commit
    // (certificateIssue.ts: exactly once per learner and course; a paid course only while enrolled).
    await ensureCertificate({
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      kind: 'course',
      subjectId: ctx.courseId,
      title: context.course.title,
      issuedAt: now,
      timeZone: ctx.timeZone,
      requireActiveEnrollment: context.course.priceCents > 0,
    });
  }
  return { ...outcome.result, awarded: outcome.awarded };
}
