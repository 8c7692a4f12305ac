import { GetCommand } from '../db/commands.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { courseProgressLogsIndexKey, exerciseRecordKey, learningSessionKey, progressLogKey } from '../db/keys.js';
import { activitySummary } from '../domain/activitySummary.js';
import { evaluateExerciseLog, normalizeExerciseName, repsPerSet, type ExerciseHistory } from '../domain/exerciseRecord.js';
import { nextRecommendation, percentOf } from '../domain/progression.js';
import { laterOf, logLearningSeconds } from '../domain/sessionTiming.js';
import { parseWeight, type Weight } from '../domain/weight.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { activityPut } from '../progress/activity.js';
import { fingerprint } from '../progress/eventId.js';
import type { AwardedAchievement } from '../gamification/awarding.js';
import { awardedOf, gamificationKeys, runProgressWrite, type Snapshot } from '../progress/progressWrite.js';
import { assertCourseInSnapshot, courseConditionCheck, coursePresumed } from './courseCheck.js';
import { pageOf, readCourseIndex } from './courseIndexPage.js';
import { eventItemId } from './eventItemId.js';
import { sessionOf } from './learningSession.js';
import { PROGRESS_LOG_LIMITS, progressLogOf, type ActivityType, type ProgressLogRecord, type ProgressMetrics } from './progressLog.js';
import { priorEvent, priorEventKeys } from './priorEvent.js';
import { assertSessionOpen, sessionPut } from './sessionService.js';
import { learnerActivity, type LearnerWriteContext } from './writeContext.js';

/**
 * Seed 004 progress logs on the progress engine. `POST /api/progress/log` is one BatchGetItem (the
 * learner's record of the exercise, the session named, and — when the client chose the event id —
 * the log and activity record of that event) and one transaction: ConditionCheck course, Put log,
 * Put exercise record (conditioned on the version read: concurrent logs of one exercise are
 * serialised, so no record is lost and each summary is judged against exactly the logs before it),
 * Put session (version-checked: a log is session activity) and the activity record.
 */

export interface LogProgressInput {
  course_id: string;
  activity_type: ActivityType;
  data: Record<string, unknown> & {
    exercise?: string;
    weight?: string;
    sets?: number;
    reps?: number | number[];
    duration?: number;
    score?: number;
    max_score?: number;
  };
  session_id?: string;
  module_id?: string;
  notes?: string;
  timestamp?: string;
}

export interface ProgressLogPatch {
  notes?: string | null;
  metrics?: { difficulty?: number | null; completion?: number | null; score?: number | null };
}

/**
 * Up to this many transactions per log when logs of the same exercise race: each failed attempt
 * means another log of it committed, so N concurrent logs of one exercise need at most N attempts.
 */
const LOG_WRITE_ATTEMPTS = 16;

function historyOf(item: Record<string, unknown> | undefined): ExerciseHistory | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, exercise: _x, version: _v, updatedAt: _u, ...history } = item;
  return history as unknown as ExerciseHistory;
}

function exerciseRecordPut(tenantId: string, userId: string, exercise: string, history: ExerciseHistory, readVersion: number | undefined, now: string) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...exerciseRecordKey(tenantId, userId, exercise), entity: 'exerciseRecord', exercise, ...history, version: (readVersion ?? 0) + 1, updatedAt: now },
      ...(readVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': readVersion } }),
    },
  };
}

function logPut(tenantId: string, log: ProgressLogRecord, expectedVersion: number | undefined) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...progressLogKey(tenantId, log.userId, log.logId),
        ...courseProgressLogsIndexKey(tenantId, log.userId, log.courseId, log.timestamp, log.logId),
        entity: 'progressLog',
        ...log,
      },
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': expectedVersion } }),
    },
  };
}

/** The log's instant: the client's (normalised to UTC), refused when implausible; else the server's. */
function timestampOf(input: LogProgressInput, now: Date): string {
  if (input.timestamp === undefined) return now.toISOString();
  const at = new Date(input.timestamp);
  const latest = now.getTime() + PROGRESS_LOG_LIMITS.futureSkewMinutes * 60_000;
  if (at.getTime() > latest) {
    throw new ValidationError([{ field: 'body.timestamp', message: `Must not be more than ${PROGRESS_LOG_LIMITS.futureSkewMinutes} minutes in the future`, code: 'too_big' }]);
  }
  if (at.toISOString() < PROGRESS_LOG_LIMITS.earliestTimestamp) {
    throw new ValidationError([{ field: 'body.timestamp', message: `Must not be before ${PROGRESS_LOG_LIMITS.earliestTimestamp}`, code: 'too_small' }]);
  }
  return at.toISOString();
}

async function storedLog(tenantId: string, userId: string, logId: string): Promise<ProgressLogRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: tableName(), Key: progressLogKey(tenantId, userId, logId), ConsistentRead: true }));
  return found.Item ? progressLogOf(found.Item) : undefined;
}

/**
 * The log's `achievements` as the response reports them: the stored markers (`new_pr`) plus the ids
 * of the achievements this write awarded (from its ledger record on a replay).
 */
function withAwards(log: ProgressLogRecord, awarded: readonly AwardedAchievement[]): ProgressLogRecord {
  const ids = awarded.map((a) => a.id).filter((id) => !log.achievements.includes(id));
  return ids.length ? { ...log, achievements: [...log.achievements, ...ids] } : log;
}

async function replayedLog(ctx: LearnerWriteContext, logId: string): Promise<ProgressLogRecord> {
  const log = await storedLog(ctx.tenantId, ctx.userId, logId);
  if (!log) throw new NotFoundError('Progress log not found');
  return log;
}

/** `POST /api/progress/log` (rules in the module comment and in shared/domain). */
export async function logProgress(ctx: LearnerWriteContext, input: LogProgressInput): Promise<ProgressLogRecord> {
  const requestHash = fingerprint({ op: 'progress.log', input });
  const logId = eventItemId('log', ctx.tenantId, ctx.userId, ctx.identity.eventId);
  const now = ctx.now.toISOString();
  const timestamp = timestampOf(input, ctx.now);
  const data = input.data;
  const exercise = input.activity_type === 'exercise' && data.exercise !== undefined ? normalizeExerciseName(data.exercise) : undefined;
  const parsedWeight = data.weight !== undefined ? parseWeight(data.weight) : undefined;
  const weight: Weight | undefined = parsedWeight?.ok ? parsedWeight.weight : undefined;
  const reps = repsPerSet(data.sets, data.reps);

  const logKey = progressLogKey(ctx.tenantId, ctx.userId, logId);
  const recordKey = exercise ? exerciseRecordKey(ctx.tenantId, ctx.userId, exercise) : undefined;
  const sessionKey = input.session_id ? learningSessionKey(ctx.tenantId, ctx.userId, input.session_id) : undefined;
  const reads: ItemKey[] = [
    ...(recordKey ? [recordKey] : []),
    ...(sessionKey ? [sessionKey] : []),
    ...(ctx.identity.clientSupplied ? [logKey, ...priorEventKeys(ctx.tenantId, ctx.userId, ctx.identity)] : []),
  ];
  const snapshot: Snapshot = await batchGetItems([...reads, ...gamificationKeys(ctx.tenantId, ctx.userId)], true);
  const prior = priorEvent(snapshot, ctx.tenantId, ctx.userId, ctx.identity, requestHash);
  if (prior) {
    const original = snapshot.get(itemId(logKey));
    return withAwards(original ? progressLogOf(original) : await replayedLog(ctx, logId), awardedOf(prior));
  }
  const courseKey = coursePresumed(snapshot, ctx.tenantId, ctx.userId, input.course_id);

  const { result, awarded } = await runProgressWrite<ProgressLogRecord>({
    snapshot,
    requestHash,
    maxAttempts: LOG_WRITE_ATTEMPTS,
    gamification: { tenantId: ctx.tenantId, userId: ctx.userId, timeZone: ctx.timeZone, now: ctx.now, preloaded: true },
    onReplay: () => replayedLog(ctx, logId),
    plan: (current) => {
      assertCourseInSnapshot(current, courseKey);
      const sessionItem = sessionKey ? current.get(itemId(sessionKey)) : undefined;
      if (sessionKey && !sessionItem) throw new NotFoundError('Session not found');
      const session = sessionItem ? sessionOf(sessionItem) : undefined;
      if (session) {
        if (session.courseId !== input.course_id) {
          throw new ValidationError([{ field: 'body.session_id', message: `The session belongs to another course (${session.courseId})`, code: 'session_course_mismatch' }]);
        }
        assertSessionOpen(session, ctx.now, 'body.session_id');
      }

      const recordItem = recordKey ? current.get(itemId(recordKey)) : undefined;
      const evaluation = exercise ? evaluateExerciseLog(exercise, historyOf(recordItem), { logId, at: timestamp, ...(weight ? { weight } : {}), ...(reps ? { reps } : {}) }) : undefined;
      const metrics: ProgressMetrics = {
        ...(data.score !== undefined ? { score: data.score } : {}),
        ...(data.duration !== undefined ? { duration: data.duration } : {}),
        ...(data.score !== undefined && data.max_score !== undefined ? { accuracy: percentOf(data.score, data.max_score) } : {}),
        ...(evaluation ? { personalRecord: evaluation.personalRecord } : {}),
      };
      const log: ProgressLogRecord = {
        logId,
        userId: ctx.userId,
        courseId: input.course_id,
        ...(input.session_id ? { sessionId: input.session_id } : {}),
        ...(input.module_id ? { moduleId: input.module_id } : {}),
        activityType: input.activity_type,
        data,
        metrics,
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        timestamp,
        ...(exercise ? { exercise } : {}),
        summary: evaluation?.summary ?? activitySummary({ activityType: input.activity_type, durationMinutes: data.duration, score: data.score, maxScore: data.max_score }),
        achievements: evaluation?.personalRecord ? ['new_pr'] : [],
        nextRecommendations: nextRecommendation({ activityType: input.activity_type, weight, reps, score: data.score, maxScore: data.max_score }),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      const activity = learnerActivity(ctx, 'progress.log', input.course_id, requestHash, {
        itemId: logId,
        activityType: input.activity_type,
        seconds: logLearningSeconds({ durationMinutes: data.duration, sessionLastActivityAt: session?.lastActivityAt, now }),
        ...(data.score !== undefined ? { score: data.score } : {}),
        ...(data.max_score !== undefined ? { maxScore: data.max_score } : {}),
        ...(evaluation ? { personalRecord: evaluation.personalRecord } : {}),
        ...(input.timestamp !== undefined ? { clientTimestamp: timestamp } : {}),
      });
      const items = [
        courseConditionCheck(courseKey),
        logPut(ctx.tenantId, log, undefined),
        ...(exercise && evaluation ? [exerciseRecordPut(ctx.tenantId, ctx.userId, exercise, evaluation.history, recordItem?.version as number | undefined, now)] : []),
        ...(session ? [sessionPut(ctx.tenantId, { ...session, lastActivityAt: laterOf(session.lastActivityAt, now), logCount: session.logCount + 1, version: session.version + 1 }, session.version)] : []),
      ];
      return { items: [...items, activityPut(activity)], activityIndex: items.length, result: log };
    },
  });
  return withAwards(result, awarded);
}

/**
 * `PATCH /api/progress/{id}`: notes and the editable metrics (difficulty 1–10, completion 0–100,
 * score ≤ the log's max_score, accuracy recomputed; null removes). The log's data, timestamp,
 * duration and personal-record flag are facts the ledger and the exercise record already counted,
 * so they cannot change. One BatchGetItem + one transaction (version-checked Put, ConditionCheck
 * course, activity record with 0 seconds).
 */
export async function updateProgressLog(ctx: LearnerWriteContext, logId: string, patch: ProgressLogPatch): Promise<ProgressLogRecord> {
  const key = progressLogKey(ctx.tenantId, ctx.userId, logId);
  const requestHash = fingerprint({ op: 'progress.log.update', logId, patch });
  const snapshot = await batchGetItems([key, ...priorEventKeys(ctx.tenantId, ctx.userId, ctx.identity)], true);
  const read = snapshot.get(itemId(key));
  if (!read) throw new NotFoundError('Progress log not found');
  if (priorEvent(snapshot, ctx.tenantId, ctx.userId, ctx.identity, requestHash)) return progressLogOf(read);
  const courseKey = coursePresumed(snapshot, ctx.tenantId, ctx.userId, progressLogOf(read).courseId);
  const now = ctx.now.toISOString();

  const { result } = await runProgressWrite<ProgressLogRecord>({
    snapshot,
    requestHash,
    maxAttempts: LOG_WRITE_ATTEMPTS,
    onReplay: () => replayedLog(ctx, logId),
    plan: (current) => {
      const item = current.get(itemId(key));
      if (!item) throw new NotFoundError('Progress log not found');
      assertCourseInSnapshot(current, courseKey);
      const log = progressLogOf(item);
      const maxScore = typeof log.data.max_score === 'number' ? log.data.max_score : undefined;
      const changes = patch.metrics ?? {};
      if (typeof changes.score === 'number' && maxScore !== undefined && changes.score > maxScore) {
        throw new ValidationError([{ field: 'body.metrics.score', message: `Must not exceed the log's max_score (${maxScore})`, code: 'too_big' }]);
      }
      const metrics: ProgressMetrics = { ...log.metrics };
      for (const name of ['difficulty', 'completion', 'score'] as const) {
        const value = changes[name];
        if (value === null) delete metrics[name];
        else if (value !== undefined) metrics[name] = value;
      }
      if (metrics.score !== undefined && maxScore !== undefined) metrics.accuracy = percentOf(metrics.score, maxScore);
      else delete metrics.accuracy;
      const { notes: _notes, ...withoutNotes } = log;
      const next: ProgressLogRecord = {
        ...(patch.notes === null ? withoutNotes : log),
        ...(typeof patch.notes === 'string' ? { notes: patch.notes } : {}),
        metrics,
        updatedAt: now,
        version: log.version + 1,
      };
      const activity = learnerActivity(ctx, 'progress.log.update', log.courseId, requestHash, {
        itemId: logId,
        activityType: log.activityType,
        ...(changes.score !== undefined && metrics.score !== undefined ? { score: metrics.score, ...(maxScore !== undefined ? { maxScore } : {}) } : {}),
      });
      return { items: [courseConditionCheck(courseKey), logPut(ctx.tenantId, next, log.version), activityPut(activity)], activityIndex: 2, result: next };
    },
  });
  return result;
}

export interface ProgressLogQuery {
  page: number;
  limit: number;
  activity_type?: ActivityType;
  session_id?: string;
  from?: string;
  to?: string;
}

/** `GET /api/progress/{course_id}`: newest first by timestamp; from/to as a key range, type and session filtered, exact total. */
export async function listProgressLogs(tenantId: string, userId: string, courseId: string, query: ProgressLogQuery) {
  const { gsi1pk } = courseProgressLogsIndexKey(tenantId, userId, courseId, '', '');
  const range = {
    ...(query.from ? { from: new Date(query.from).toISOString() } : {}),
    ...(query.to ? { to: new Date(query.to).toISOString() } : {}),
  };
  const logs = (await readCourseIndex(tenantId, userId, courseId, gsi1pk, range)).map(progressLogOf);
  const matching = logs.filter(
    (log) => (query.activity_type === undefined || log.activityType === query.activity_type) && (query.session_id === undefined || log.sessionId === query.session_id),
  );
  return pageOf(matching, query.page, query.limit);
}
