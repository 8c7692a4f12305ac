import { GetCommand } from '../db/commands.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { courseSessionsIndexKey, learningSessionKey } from '../db/keys.js';
import { abandonedAtOf, effectiveSessionStatus, laterOf, minutesOf, secondsBetween, SESSION_IDLE_MINUTES, type SessionStatus } from '../domain/sessionTiming.js';
import { ConflictError, NotFoundError, type FieldIssue } from '../http/errors.js';
import { activityPut } from '../progress/activity.js';
import { fingerprint } from '../progress/eventId.js';
import { gamificationKeys, runProgressWrite, type Snapshot } from '../progress/progressWrite.js';
import { assertCourseInSnapshot, courseConditionCheck, coursePresumed } from './courseCheck.js';
import { pageOf, readCourseIndex } from './courseIndexPage.js';
import { eventItemId } from './eventItemId.js';
import { sessionOf, type SessionRecord, type SessionType } from './learningSession.js';
import { priorEvent, priorEventKeys } from './priorEvent.js';
import { learnerActivity, type LearnerWriteContext } from './writeContext.js';

/**
 * Seed 004 learning sessions on the progress engine. Each write is at most one read (the session,
 * plus the event's activity record when the client chose the event id) and one transaction: the
 * session item replaced on the condition that its version is the one read, a ConditionCheck that the
 * personal course exists, and the activity record. A concurrent writer makes the version check fail;
 * the engine re-plans from the item DynamoDB returns, so nothing is lost and time is counted once.
 */

/** A session and the instant its status is judged at (the original time for a replayed start). */
export interface SessionAt {
  session: SessionRecord;
  asOf: Date;
}

export interface StartSessionInput {
  courseId: string;
  sessionType: SessionType;
  plannedDuration?: number;
}

export interface SessionPatch {
  notes?: string | null;
  plannedDuration?: number;
  progress?: number;
  heartbeat?: true;
}

/** Attempts before a write gives up under contention on one session (each is one transaction, no read). */
const SESSION_WRITE_ATTEMPTS = 16;

function newSession(ctx: Pick<LearnerWriteContext, 'userId'>, sessionId: string, input: StartSessionInput, startedAt: string): SessionRecord {
  return {
    sessionId,
    userId: ctx.userId,
    courseId: input.courseId,
    sessionType: input.sessionType,
    status: 'active',
    ...(input.plannedDuration !== undefined ? { plannedDuration: input.plannedDuration } : {}),
    startedAt,
    lastActivityAt: startedAt,
    logCount: 0,
    version: 1,
  };
}

/** The Put that stores `session`, replacing the version read (or creating it). */
export function sessionPut(tenantId: string, session: SessionRecord, expectedVersion: number | undefined) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...learningSessionKey(tenantId, session.userId, session.sessionId),
        ...courseSessionsIndexKey(tenantId, session.userId, session.courseId, session.startedAt, session.sessionId),
        entity: 'learningSession',
        ...session,
      },
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': expectedVersion } }),
    },
  };
}

/**
 * Refuses any write to a session that has ended: completed (immutable) or abandoned (idle past the
 * limit; a heartbeat cannot revive it, or "abandoned" would not be a stable fact). `field` names what
 * the client should look at: the session's status, or the `session_id` it sent with a log.
 */
export function assertSessionOpen(session: SessionRecord, now: Date, field = 'status'): void {
  const status = effectiveSessionStatus(session.status, session.lastActivityAt, now);
  if (status === 'completed') {
    throw new ConflictError(`Session already completed at ${session.completedAt}; a completed session cannot change`, [
      { field, message: `completed: session ${session.sessionId} ended at ${session.completedAt}`, code: 'session_completed' },
    ]);
  }
  if (status === 'abandoned') {
    const issue: FieldIssue = {
      field,
      message: `abandoned: no activity for more than ${SESSION_IDLE_MINUTES} minutes since ${session.lastActivityAt} (abandoned at ${abandonedAtOf(session.lastActivityAt)}); its actual duration is ${minutesOf(secondsBetween(session.startedAt, session.lastActivityAt))} min, start to last activity. Start a new session.`,
      code: 'session_abandoned',
    };
    throw new ConflictError('Session abandoned: it takes no more updates', [issue]);
  }
}

/**
 * `POST /api/sessions`: one transaction (no read): ConditionCheck course + Put session + activity.
 * The session id derives from the event id, so a replay is answered from the activity record and
 * the request (same hash = same body) exactly as the original was, status `active` at its start.
 */
export async function startSession(ctx: LearnerWriteContext, input: StartSessionInput): Promise<SessionAt> {
  const requestHash = fingerprint({ op: 'session.start', input });
  const sessionId = eventItemId('session', ctx.tenantId, ctx.userId, ctx.identity.eventId);
  const snapshot: Snapshot = new Map();
  const courseKey = coursePresumed(snapshot, ctx.tenantId, ctx.userId, input.courseId);
  const startedAt = ctx.now.toISOString();
  const { result } = await runProgressWrite<SessionAt>({
    snapshot,
    requestHash,
    maxAttempts: SESSION_WRITE_ATTEMPTS,
    gamification: { tenantId: ctx.tenantId, userId: ctx.userId, timeZone: ctx.timeZone, now: ctx.now },
    onReplay: (existing) => ({ session: newSession(ctx, sessionId, input, existing.occurredAt), asOf: new Date(existing.occurredAt) }),
    plan: (current) => {
      assertCourseInSnapshot(current, courseKey);
      const session = newSession(ctx, sessionId, input, startedAt);
      const activity = learnerActivity(ctx, 'session.start', input.courseId, requestHash, { itemId: sessionId });
      return {
        items: [courseConditionCheck(courseKey), sessionPut(ctx.tenantId, session, undefined), activityPut(activity)],
        activityIndex: 2,
        result: { session, asOf: ctx.now },
      };
    },
  });
  return result;
}

/** `GET /api/sessions/{id}`: one strongly consistent GetItem; undefined when absent or not the caller's. */
export async function getSession(tenantId: string, userId: string, sessionId: string): Promise<SessionRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: tableName(), Key: learningSessionKey(tenantId, userId, sessionId), ConsistentRead: true }));
  return found.Item ? sessionOf(found.Item) : undefined;
}

/** A concurrent duplicate of this event won the race: answer with the session as it now is (one GetItem). */
async function currentSession(ctx: LearnerWriteContext, sessionId: string): Promise<SessionAt> {
  const session = await getSession(ctx.tenantId, ctx.userId, sessionId);
  if (!session) throw new NotFoundError('Session not found');
  return { session, asOf: ctx.now };
}

interface SessionWrite {
  op: 'session.update' | 'session.complete';
  input: unknown;
  /** The session after this write, given the session as read and the write's bookkeeping. */
  apply: (session: SessionRecord, at: { lastActivityAt: string; now: string }) => SessionRecord;
}

/**
 * The shared path of PATCH and complete: read (session + prior event), answer a replay from the
 * snapshot, else plan against the session: open, course present, seconds since the last activity
 * added to the ledger, last activity moved forward, version bumped.
 */
async function writeSession(ctx: LearnerWriteContext, sessionId: string, write: SessionWrite): Promise<SessionAt> {
  const key = learningSessionKey(ctx.tenantId, ctx.userId, sessionId);
  const requestHash = fingerprint({ op: write.op, sessionId, input: write.input });
  const snapshot = await batchGetItems([key, ...priorEventKeys(ctx.tenantId, ctx.userId, ctx.identity), ...gamificationKeys(ctx.tenantId, ctx.userId)], true);
  const read = snapshot.get(itemId(key));
  if (!read) throw new NotFoundError('Session not found');
  if (priorEvent(snapshot, ctx.tenantId, ctx.userId, ctx.identity, requestHash)) return { session: sessionOf(read), asOf: ctx.now };
  const courseKey = coursePresumed(snapshot, ctx.tenantId, ctx.userId, sessionOf(read).courseId);
  const now = ctx.now.toISOString();
  const { result } = await runProgressWrite<SessionAt>({
    snapshot,
    requestHash,
    maxAttempts: SESSION_WRITE_ATTEMPTS,
    gamification: { tenantId: ctx.tenantId, userId: ctx.userId, timeZone: ctx.timeZone, now: ctx.now, preloaded: true },
    onReplay: () => currentSession(ctx, sessionId),
    plan: (current) => {
      const item = current.get(itemId(key));
      if (!item) throw new NotFoundError('Session not found');
      const session = sessionOf(item);
      assertSessionOpen(session, ctx.now);
      assertCourseInSnapshot(current, courseKey);
      const lastActivityAt = laterOf(session.lastActivityAt, now);
      const next = { ...write.apply(session, { lastActivityAt, now }), lastActivityAt, version: session.version + 1 };
      const activity = learnerActivity(ctx, write.op, session.courseId, requestHash, {
        itemId: sessionId,
        seconds: secondsBetween(session.lastActivityAt, now),
        ...(write.op === 'session.complete' ? { itemCompleted: true } : {}),
      });
      return {
        items: [courseConditionCheck(courseKey), sessionPut(ctx.tenantId, next, session.version), activityPut(activity)],
        activityIndex: 2,
        result: { session: next, asOf: ctx.now },
      };
    },
  });
  return result;
}

/** `PATCH /api/sessions/{id}`: notes (null clears), planned duration, progress; every PATCH is activity. */
export function updateSession(ctx: LearnerWriteContext, sessionId: string, patch: SessionPatch): Promise<SessionAt> {
  return writeSession(ctx, sessionId, {
    op: 'session.update',
    input: patch,
    apply: (session) => {
      const { notes: _notes, ...rest } = session;
      return {
        ...(patch.notes === null ? rest : session),
        ...(typeof patch.notes === 'string' ? { notes: patch.notes } : {}),
        ...(patch.plannedDuration !== undefined ? { plannedDuration: patch.plannedDuration } : {}),
        ...(patch.progress !== undefined ? { progress: patch.progress } : {}),
      };
    },
  });
}

/**
 * `POST /api/sessions/{id}/complete`: the completion is the session's last activity; actual duration
 * = whole seconds from start to completion, in minutes rounded half up. Of two concurrent completions
 * one wins; the other re-plans against the completed session and gets 409.
 */
export function completeSession(ctx: LearnerWriteContext, sessionId: string): Promise<SessionAt> {
  return writeSession(ctx, sessionId, {
    op: 'session.complete',
    input: null,
    apply: (session, at) => ({
      ...session,
      status: 'completed',
      completedAt: at.lastActivityAt,
      actualDuration: minutesOf(secondsBetween(session.startedAt, at.lastActivityAt)),
      completedEventId: ctx.identity.eventId,
    }),
  });
}

export interface SessionListQuery {
  page: number;
  limit: number;
  status?: SessionStatus;
}

/** `GET /api/courses/{id}/sessions`: newest first, status derived at `now` then filtered, exact total. */
export async function listCourseSessions(tenantId: string, userId: string, courseId: string, query: SessionListQuery, now: Date) {
  const { gsi1pk } = courseSessionsIndexKey(tenantId, userId, courseId, '', '');
  const sessions = (await readCourseIndex(tenantId, userId, courseId, gsi1pk)).map(sessionOf);
  const matching = query.status ? sessions.filter((s) => effectiveSessionStatus(s.status, s.lastActivityAt, now) === query.status) : sessions;
  return pageOf(matching, query.page, query.limit);
}
