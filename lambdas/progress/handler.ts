import type * as z from 'zod';
import type { Principal } from '../../shared/auth/principal.js';
import { publicBaseUrl } from '../../shared/certificates/certificateLinks.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { resolveEventId } from '../../shared/progress/eventId.js';
import { resolveSubject, type Subject } from '../../shared/progress/progressSubject.js';
import * as tutorials from '../../shared/progress/tutorialProgressService.js';
import { validateAchievement } from '../../shared/gamification/achievementValidation.js';
import { PROGRESS_ROUTES } from '../../shared/routes/progressRoutes.js';
import type * as t from '../../shared/schemas/tutorialProgress.js';
import type * as c from '../../shared/schemas/courseProgress.js';
import { NotFoundError, ValidationError } from '../../shared/http/errors.js';
import { recordLessonProgress, type CourseWriteContext, type LessonWriteResult } from '../../shared/progress/courseProgressService.js';
import * as views from '../../shared/progress/courseProgressViews.js';
import { getProgram } from '../../shared/programs/programRepository.js';
import { canSeeProgram } from '../../shared/programs/programAccess.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new Error('progress routes are authenticated');
  return ctx.principal;
}

/** The write context of a seed 001 call: subject (caller, or a supervised member), event id, clock. */
async function tutorialWrite(ctx: RouteContext, requestedUserId: string | undefined): Promise<tutorials.TutorialWriteContext> {
  const principal = principalOf(ctx);
  const subject = await resolveSubject(principal, requestedUserId);
  const { eventId } = resolveEventId(ctx.event.headers, ctx.requestId);
  return {
    tenantId: principal.tenantId,
    userId: subject.userId,
    actorId: principal.userId,
    tutorialId: input<typeof t.tutorialParams>(ctx.params).tutorialId,
    eventId,
    timeZone: subject.timeZone,
    now: ctx.now,
  };
}

/** The write context of a course-progress call. */
function courseWrite(ctx: RouteContext, principal: Principal, subject: Subject, courseId: string): CourseWriteContext {
  const { eventId } = resolveEventId(ctx.event.headers, ctx.requestId);
  return { tenantId: principal.tenantId, userId: subject.userId, actorId: principal.userId, courseId, eventId, timeZone: subject.timeZone, now: ctx.now };
}

/** A program the caller may see, or 404 (seed 000 programs; drafts only for their authors). */
async function visibleProgram(principal: Principal, programId: string) {
  const program = await getProgram(principal.tenantId, programId);
  if (!program || !canSeeProgram(principal, program)) throw new NotFoundError('Program not found');
  return program;
}

/** Seed 000 allows a completion time up to 5 minutes ahead of the server clock (client clock skew), never later. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Offline completions synced late are accepted for 30 days; older dates would rewrite history (streaks, pace). */
const MAX_BACKDATE_MS = 30 * 86_400_000;

async function recordCompletion(ctx: RouteContext, body: z.output<typeof c.recordCompletionAction>) {
  const principal = principalOf(ctx);
  const subject = await resolveSubject(principal, body.user_id);
  const [courseId, lessonId] = body.block_id.split('.') as [string, string];
  const data = body.completion_data ?? {};
  if (data.completion_time && Date.parse(data.completion_time) > ctx.now.getTime() + CLOCK_SKEW_MS) {
    throw new ValidationError([{ field: 'body.completion_data.completion_time', message: 'A completion time cannot be in the future', code: 'in_future' }]);
  }
  if (data.completion_time && Date.parse(data.completion_time) < ctx.now.getTime() - MAX_BACKDATE_MS) {
    throw new ValidationError([{ field: 'body.completion_data.completion_time', message: 'A completion time can be at most 30 days in the past', code: 'too_old' }]);
  }
  const result: LessonWriteResult = await recordLessonProgress(courseWrite(ctx, principal, subject, courseId), {
    lessonId,
    source: 'block.completion',
    lessonField: 'body.block_id',
    courseField: 'body.block_id',
    complete: true,
    ...(data.time_spent_minutes !== undefined ? { secondsSpent: Math.round(data.time_spent_minutes * 60) } : {}),
    ...(data.engagement_score !== undefined ? { engagementScore: data.engagement_score } : {}),
    ...(data.interactions !== undefined ? { interactions: data.interactions } : {}),
    ...(data.completion_time !== undefined ? { completedAt: new Date(data.completion_time).toISOString() } : {}),
    request: body,
  });
  return {
    completion_id: result.completionId ?? views.blockIdOf(courseId, lessonId),
    block_id: body.block_id,
    completed_at: result.lesson.completedAt ?? ctx.now.toISOString(),
    engagement_score: result.lesson.engagementScore ?? null,
    time_spent_minutes: Math.round((result.lesson.secondsSpent / 60) * 10) / 10,
    course_progress_percentage: result.totalLessons > 0 ? Math.round((result.completedLessons * 1000) / result.totalLessons) / 10 : 0,
    course_completed: result.courseCompleted,
    achievements_triggered: (result.awarded ?? []).map((a) => ({ id: a.id, title: a.title, reason: a.reason })),
  };
}

/** Route id → handler of the progress group. */
export const progressHandlers: RouteHandlers = {
  'progress.tutorialGet': async (ctx) => {
    const principal = principalOf(ctx);
    const { userId, timeZone } = await resolveSubject(principal, input<typeof t.tutorialUserQuery>(ctx.query).userId);
    return { data: await tutorials.getTutorialProgress(principal.tenantId, userId, input<typeof t.tutorialParams>(ctx.params).tutorialId, { baseUrl: publicBaseUrl(ctx.event), now: ctx.now, timeZone }) };
  },
  'progress.tutorialChapter': async (ctx) => {
    const body = input<typeof t.chapterBody>(ctx.body);
    return { data: await tutorials.updateChapter(await tutorialWrite(ctx, body.userId), body) };
  },
  'progress.tutorialQuiz': async (ctx) => {
    const body = input<typeof t.quizBody>(ctx.body);
    return { data: await tutorials.updateQuiz(await tutorialWrite(ctx, body.userId), body) };
  },
  'progress.tutorialComplete': async (ctx) => {
    const body = input<typeof t.completeBody>(ctx.body);
    const write = await tutorialWrite(ctx, body?.userId);
    return { data: await tutorials.completeTutorial(write, { baseUrl: publicBaseUrl(ctx.event), now: ctx.now, timeZone: write.timeZone }) };
  },
  'progress.enhancedProgressTracking': async (ctx) => {
    const body = input<typeof c.enhancedProgressBody>(ctx.body);
    if (body.action === 'record_completion') return { data: await recordCompletion(ctx, body) };
    const principal = principalOf(ctx);
    const { userId, timeZone } = await resolveSubject(principal, body.user_id);
    if (body.content_type === 'course') {
      return { data: await views.blockProgressOfCourse(principal.tenantId, userId, body.content_id, body.include_analytics, timeZone, ctx.now) };
    }
    return { data: await views.blockProgressOfProgram(principal.tenantId, userId, await visibleProgram(principal, body.content_id)) };
  },
  'progress.milestoneValidation': async (ctx) => {
    const body = input<typeof c.milestoneValidationBody>(ctx.body);
    const principal = principalOf(ctx);
    const { userId, timeZone } = await resolveSubject(principal, body.user_id);
    if (body.action === 'validate_achievement') {
      return { data: await validateAchievement(principal.tenantId, { userId, timeZone }, body.achievement_id, body.completion_data, ctx.now) };
    }
    if (body.milestone_type === 'program') {
      return { data: await views.checkProgramMilestone(principal.tenantId, userId, await visibleProgram(principal, body.milestone_id), timeZone, ctx.now) };
    }
    const result = await views.checkCourseMilestone(principal.tenantId, userId, body.milestone_id, timeZone, ctx.now);
    if (!result) throw new NotFoundError('Course not found');
    return { data: result };
  },
  'progress.studentCourseProgress': async (ctx) => {
    const principal = principalOf(ctx);
    const { course_id } = input<typeof c.studentCourseParams>(ctx.params);
    return { data: await views.studentCourseProgress(principal.tenantId, principal.userId, course_id, principal.timeZone, ctx.now, publicBaseUrl(ctx.event)) };
  },
  'progress.studentLessonProgress': async (ctx) => {
    const principal = principalOf(ctx);
    const { course_id, lesson_id } = input<typeof c.studentLessonParams>(ctx.params);
    const body = input<typeof c.lessonProgressBody>(ctx.body);
    const result = await recordLessonProgress(courseWrite(ctx, principal, { userId: principal.userId, timeZone: principal.timeZone }, course_id), {
      lessonId: lesson_id,
      source: 'lesson.progress',
      lessonField: 'params.lesson_id',
      courseField: 'params.course_id',
      ...(body.watch_time_seconds !== undefined ? { watchSeconds: body.watch_time_seconds } : {}),
      ...(body.position_seconds !== undefined ? { positionSeconds: body.position_seconds } : {}),
      ...(body.completed === true ? { complete: true } : {}),
      ...(body.score !== undefined ? { score: body.score } : {}),
      ...(body.time_spent_seconds !== undefined ? { secondsSpent: body.time_spent_seconds } : {}),
      request: body,
    });
    return {
      data: {
        lesson_id,
        is_completed: result.lesson.completed,
        completed_at: result.lesson.completedAt ?? null,
        watch_time_seconds: result.lesson.watchSeconds,
        position_seconds: result.lesson.positionSeconds,
        score: result.lesson.score ?? null,
        attempts: result.lesson.attempts,
        passed: result.lesson.passed ?? null,
        course_progress: result.totalLessons > 0 ? Math.min(100, Math.floor((result.completedLessons * 100) / result.totalLessons)) : 0,
        completed_lessons: result.completedLessons,
        total_lessons: result.totalLessons,
        course_completed: result.courseCompleted,
      },
    };
  },
  'progress.tutorialReset': async (ctx) => {
    return { data: await tutorials.resetTutorial(await tutorialWrite(ctx, input<typeof t.tutorialUserQuery>(ctx.query).userId)) };
  },
};

/** The progress group's Lambda; tests build it with their own options (e.g. rate classes for load). */
export function createProgressHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('progress', PROGRESS_ROUTES, progressHandlers, options);
}

/** Lambda entry of the progress group. */
export const handler = createProgressHandler();
