import { GetCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { sessionsHandlers } from '../../lambdas/sessions/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { activityKey, learningSessionKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { insertPersonalCourse } from '../../shared/personalCourses/personalCourseRepository.js';
import { newPersonalCourse } from '../../shared/personalCourses/personalCourseService.js';
import { toActivityRecord } from '../../shared/progress/activity.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Seed 004 learning sessions through the whole HTTP stack and DynamoDB Local. Each test drives its own
 * clock (the group handler's `now`), so idle time and durations are exact; tokens are still checked
 * against the real clock.
 */
interface Learner {
  tenantId: string;
  userId: string;
  token: string;
}

const MINUTE = 60_000;

function learner(tenantId = uniqueTenant('ses'), userId = `u-${randomUUID()}`, timeZone?: string): Learner {
  return { tenantId, userId, token: tokenFor({ userId, tenantId, roles: ['learner'], ...(timeZone ? { timeZone } : {}) }) };
}

/** A client whose handler reads the time from `clock` (ms since epoch), which the test moves. */
function clientWith(clock: { now: number }) {
  return httpClient(ROUTES, { sessions: createGroupHandler('sessions', ROUTES, sessionsHandlers, { now: () => clock.now }) });
}

async function personalCourse(who: Learner, topic = 'Strength Training for Beginners'): Promise<string> {
  const course = newPersonalCourse(who.userId, { topic }, new Date());
  await insertPersonalCourse(who, course);
  return course.courseId;
}

async function storedSession(who: Learner, sessionId: string) {
  return (await documentClient().send(new GetCommand({ TableName: tableName(), Key: learningSessionKey(who.tenantId, who.userId, sessionId), ConsistentRead: true }))).Item;
}

async function ledger(who: Learner) {
  return (await queryCollection(activityKey(who.tenantId, who.userId, '').pk, { skPrefix: 'E#', consistent: true })).map(toActivityRecord);
}

async function sessionItems(who: Learner) {
  return queryCollection(learningSessionKey(who.tenantId, who.userId, '').pk, { skPrefix: 'S#', consistent: true });
}

const fieldsOf = (body: { error: { details: { field: string }[] | string | null } }) =>
  Array.isArray(body.error.details) ? body.error.details.map((detail) => detail.field) : [];

/** Arrange: a learner, their course, a client at `startIso` and a started session. */
async function startedSession(startIso = '2024-01-15T10:00:00.000Z', body: Record<string, unknown> = {}) {
  const me = learner();
  const courseId = await personalCourse(me);
  const clock = { now: Date.parse(startIso) };
  const call = clientWith(clock);
  const started = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'practice', plannedDuration: 60, ...body } });
  if (started.status !== 201) throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
  return { me, courseId, clock, call, session: started.body.data as { id: string; startedAt: string } };
}

describe('sessions: start (POST /api/sessions)', () => {
  it('starts a session from the seed example with one transaction and one activity record in the learner\'s local date', async () => {
    const me = learner(uniqueTenant('ses'), `u-${randomUUID()}`, 'America/New_York');
    const courseId = await personalCourse(me);
    const clock = { now: Date.parse('2024-01-15T03:30:00Z') }; // 22:30 on the 14th in New York
    const call = clientWith(clock);

    const response = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'practice', plannedDuration: 60 } });

    expect(response.status).toBe(201);
    expect(response.body.success).toBe(true);
    expect(response.body.data).toEqual({
      id: expect.any(String),
      courseId,
      sessionType: 'practice',
      status: 'active',
      startedAt: '2024-01-15T03:30:00.000Z',
      plannedDuration: 60,
      lastActivityAt: '2024-01-15T03:30:00.000Z',
      completedAt: null,
      abandonedAt: null,
      actualDuration: null,
      activeSeconds: 0,
      notes: null,
      progress: null,
      logCount: 0,
    });
    expect(response.headers.location).toBe(`/api/sessions/${response.body.data.id}`);
    // One BatchGetItem for gamification (STATS and INDEX), one transaction.
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    const records = await ledger(me);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ source: 'session.start', contentType: 'personal_course', contentId: courseId, itemId: response.body.data.id, seconds: 0, localDate: '2024-01-14', timeZone: 'America/New_York' });
  });

  it('accepts a session without a planned duration (null)', async () => {
    const me = learner();
    const courseId = await personalCourse(me);
    const response = await clientWith({ now: Date.now() })({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'review' } });
    expect(response.status).toBe(201);
    expect(response.body.data.plannedDuration).toBeNull();
  });

  it.each([
    ['another user\'s course', (owner: Learner) => learner(owner.tenantId)],
    ['the same user\'s course seen from another tenant', (owner: Learner) => learner(uniqueTenant('other'), owner.userId)],
  ])('answers 404 for %s and writes nothing', async (_case, intruderOf) => {
    const owner = learner();
    const courseId = await personalCourse(owner);
    const intruder = intruderOf(owner);

    const response = await clientWith({ now: Date.now() })({ method: 'POST', path: '/api/sessions', token: intruder.token, body: { courseId, sessionType: 'study' } });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(await sessionItems(intruder)).toEqual([]);
    expect(await ledger(intruder)).toEqual([]);
    expect(await sessionItems(owner)).toEqual([]);
  });

  it('answers 404 for an unknown course with a single transaction (the course is checked inside it)', async () => {
    const me = learner();
    const response = await clientWith({ now: Date.now() })({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId: 'no-such-course', sessionType: 'study' } });
    expect(response.status).toBe(404);
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('refuses a request without a token with 401', async () => {
    const response = await clientWith({ now: Date.now() })({ method: 'POST', path: '/api/sessions', body: { courseId: 'x', sessionType: 'study' } });
    expect(response.status).toBe(401);
  });

  it.each([
    ['a missing courseId', { courseId: undefined, sessionType: 'study' }, 'body.courseId'],
    ['an unknown sessionType', { sessionType: 'nap' }, 'body.sessionType'],
    ['a planned duration of 0', { sessionType: 'study', plannedDuration: 0 }, 'body.plannedDuration'],
    ['a planned duration over 480 minutes', { sessionType: 'study', plannedDuration: 481 }, 'body.plannedDuration'],
    ['a fractional planned duration', { sessionType: 'study', plannedDuration: 1.5 }, 'body.plannedDuration'],
    ['a status from the client', { sessionType: 'study', status: 'completed' }, 'body.status'],
    ['a startedAt from the client', { sessionType: 'study', startedAt: '2020-01-01T00:00:00Z' }, 'body.startedAt'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_case, body, field) => {
    const me = learner();
    const courseId = await personalCourse(me);
    const response = await clientWith({ now: Date.now() })({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, ...body } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldsOf(response.body)).toContain(field);
    expect(await sessionItems(me)).toEqual([]);
    expect(await ledger(me)).toEqual([]);
  });

  it('applies a start replayed with the same Idempotency-Key once and answers every replay as the original, even after completion', async () => {
    const me = learner();
    const courseId = await personalCourse(me);
    const clock = { now: Date.parse('2024-01-15T10:00:00Z') };
    const call = clientWith(clock);
    const request = { method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'quiz', plannedDuration: 20 }, headers: { 'idempotency-key': `start-${randomUUID()}` } };

    const first = await call(request);
    clock.now += 2 * MINUTE;
    const second = await call(request);
    await call({ method: 'POST', path: `/api/sessions/${first.body.data.id}/complete`, token: me.token });
    clock.now += MINUTE;
    const third = await call(request);

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.data).toEqual(first.body.data);
    expect(third.body.data).toEqual(first.body.data);
    expect(await sessionItems(me)).toHaveLength(1);
    expect((await ledger(me)).filter((r) => r.source === 'session.start')).toHaveLength(1);
  });

  it('refuses an Idempotency-Key reused for a different start with 409', async () => {
    const me = learner();
    const courseId = await personalCourse(me);
    const call = clientWith({ now: Date.now() });
    const headers = { 'idempotency-key': `k-${randomUUID()}` };
    await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'quiz' }, headers });

    const reused = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'study' }, headers });

    expect(reused.status).toBe(409);
    expect(fieldsOf(reused.body)).toEqual(['headers.idempotency-key']);
    expect(await sessionItems(me)).toHaveLength(1);
  });
});

describe('sessions: read (GET /api/sessions/{id})', () => {
  it('returns the caller\'s session with one GetItem', async () => {
    const { me, call, session } = await startedSession();
    const response = await call({ method: 'GET', path: `/api/sessions/${session.id}`, token: me.token });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ id: session.id, status: 'active' });
    expect(response.dynamoDbByCommand).toEqual({ GetItemCommand: 1 });
  });

  it('answers 404 to another user, to the same user in another tenant, and for an unknown id', async () => {
    const { me, call, session } = await startedSession();
    const other = learner(me.tenantId);
    const elsewhere = learner(uniqueTenant('other'), me.userId);
    for (const [who, id] of [[other, session.id], [elsewhere, session.id], [me, 'matrix-id-1']] as const) {
      const response = await call({ method: 'GET', path: `/api/sessions/${id}`, token: who.token });
      expect(response.status).toBe(404);
    }
  });

  it('refuses a request without a token with 401', async () => {
    const { call, session } = await startedSession();
    expect((await call({ method: 'GET', path: `/api/sessions/${session.id}` })).status).toBe(401);
  });

  it('is still active at exactly 30 idle minutes and abandoned after; actual duration is start → last activity', async () => {
    const { me, call, clock, session } = await startedSession('2024-01-15T10:00:00.000Z');
    clock.now += 12 * MINUTE;
    await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { heartbeat: true } });

    clock.now += 30 * MINUTE;
    const atLimit = await call({ method: 'GET', path: `/api/sessions/${session.id}`, token: me.token });
    clock.now += 1;
    const past = await call({ method: 'GET', path: `/api/sessions/${session.id}`, token: me.token });

    expect(atLimit.body.data.status).toBe('active');
    expect(atLimit.body.data.actualDuration).toBeNull();
    expect(past.body.data).toMatchObject({
      status: 'abandoned',
      lastActivityAt: '2024-01-15T10:12:00.000Z',
      abandonedAt: '2024-01-15T10:42:00.000Z',
      actualDuration: 12,
      activeSeconds: 12 * 60,
      completedAt: null,
    });
  });
});

describe('sessions: update (PATCH /api/sessions/{id})', () => {
  it('sets notes, planned duration and progress, moves the last activity and counts the seconds since it once', async () => {
    const { me, call, clock, session } = await startedSession('2024-01-15T10:00:00.000Z');
    clock.now += 7 * MINUTE + 30_000;

    const response = await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { notes: 'Warm-up done', plannedDuration: 45, progress: 25 } });

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ notes: 'Warm-up done', plannedDuration: 45, progress: 25, lastActivityAt: '2024-01-15T10:07:30.000Z', activeSeconds: 450, status: 'active' });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    const update = (await ledger(me)).find((r) => r.source === 'session.update');
    expect(update).toMatchObject({ itemId: session.id, seconds: 450 });
  });

  it('clears the notes with null and keeps the other fields', async () => {
    const { me, call, session } = await startedSession();
    await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { notes: 'temp', progress: 10 } });
    const cleared = await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { notes: null } });
    expect(cleared.body.data).toMatchObject({ notes: null, progress: 10, plannedDuration: 60 });
  });

  it.each([
    ['an empty body', {}, 'body'],
    ['an unknown field', { mood: 'great' }, 'body.mood'],
    ['a status from the client', { status: 'completed' }, 'body.status'],
    ['heartbeat false', { heartbeat: false }, 'body.heartbeat'],
    ['progress over 100', { progress: 101 }, 'body.progress'],
    ['notes over 2000 bytes', { notes: 'é'.repeat(1001) }, 'body.notes'],
  ])('refuses %s with 400 naming the field and changes nothing', async (_case, body, field) => {
    const { me, call, session } = await startedSession();
    const before = await storedSession(me, session.id);

    const response = await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body });

    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toContain(field);
    expect(await storedSession(me, session.id)).toEqual(before);
    expect(await ledger(me)).toHaveLength(1);
  });

  it('answers 404 to another user and to the same user in another tenant, and 401 without a token', async () => {
    const { me, call, session } = await startedSession();
    const path = `/api/sessions/${session.id}`;
    expect((await call({ method: 'PATCH', path, token: learner(me.tenantId).token, body: { heartbeat: true } })).status).toBe(404);
    expect((await call({ method: 'PATCH', path, token: learner(uniqueTenant('o'), me.userId).token, body: { heartbeat: true } })).status).toBe(404);
    expect((await call({ method: 'PATCH', path, body: { heartbeat: true } })).status).toBe(401);
    expect((await storedSession(me, session.id))?.version).toBe(1);
  });

  it('refuses to touch an abandoned session (409 on status) and writes nothing', async () => {
    const { me, call, clock, session } = await startedSession();
    clock.now += 31 * MINUTE;

    const response = await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { heartbeat: true } });

    expect(response.status).toBe(409);
    expect(response.body.error.details[0]).toEqual({ field: 'status', message: expect.stringMatching(/^abandoned: /), code: 'session_abandoned' });
    expect((await storedSession(me, session.id))?.version).toBe(1);
    expect(await ledger(me)).toHaveLength(1);
  });

  it('loses no update and counts no second twice under 12 concurrent heartbeats', async () => {
    const { me, clock, session } = await startedSession('2024-01-15T10:00:00.000Z');
    // Twelve devices, each with its own clock reading 1..12 minutes after the start.
    const calls = Array.from({ length: 12 }, (_, i) => clientWith({ now: clock.now + (i + 1) * MINUTE }));

    const responses = await Promise.all(calls.map((call, i) => call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { progress: (i + 1) * 8 } })));

    expect(responses.map((r) => r.status)).toEqual(calls.map(() => 200));
    const stored = await storedSession(me, session.id);
    expect(stored?.version).toBe(13);
    expect(stored?.lastActivityAt).toBe('2024-01-15T10:12:00.000Z');
    const seconds = (await ledger(me)).filter((r) => r.source === 'session.update').reduce((sum, r) => sum + r.seconds, 0);
    expect(seconds).toBe(12 * 60);
  });
});

describe('sessions: complete (POST /api/sessions/{id}/complete)', () => {
  it('computes the actual duration from start to completion (minutes, half up) and the ledger adds up to it', async () => {
    const { me, call, clock, session } = await startedSession('2024-01-15T10:00:00.000Z');
    clock.now += 10 * MINUTE;
    await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { heartbeat: true } });
    clock.now += 15 * MINUTE + 30_000; // completion 25 min 30 s after the start

    const response = await call({ method: 'POST', path: `/api/sessions/${session.id}/complete`, token: me.token });

    const elapsedSeconds = 25 * 60 + 30;
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      status: 'completed',
      completedAt: '2024-01-15T10:25:30.000Z',
      actualDuration: Math.round(elapsedSeconds / 60),
      activeSeconds: elapsedSeconds,
    });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    const records = (await ledger(me)).filter((r) => r.itemId === session.id);
    expect(records.reduce((sum, r) => sum + r.seconds, 0)).toBe(elapsedSeconds);
    expect(records.find((r) => r.source === 'session.complete')).toMatchObject({ itemCompleted: true, seconds: 15 * 60 + 30 });
  });

  it('makes the session immutable: completing again and patching are 409 on status, nothing written', async () => {
    const { me, call, session } = await startedSession();
    const done = await call({ method: 'POST', path: `/api/sessions/${session.id}/complete`, token: me.token });
    const before = await storedSession(me, session.id);

    const again = await call({ method: 'POST', path: `/api/sessions/${session.id}/complete`, token: me.token });
    const patch = await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { notes: 'late' } });

    expect(done.status).toBe(200);
    for (const refused of [again, patch]) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('CONFLICT');
      expect(refused.body.error.details[0]).toEqual({ field: 'status', message: expect.stringMatching(/^completed: /), code: 'session_completed' });
    }
    expect(await storedSession(me, session.id)).toEqual(before);
    expect(await ledger(me)).toHaveLength(2);
  });

  it('answers a completion replayed with its Idempotency-Key as the original, later too, applying it once', async () => {
    const { me, call, clock, session } = await startedSession();
    const request = { method: 'POST', path: `/api/sessions/${session.id}/complete`, token: me.token, headers: { 'idempotency-key': `done-${randomUUID()}` } };
    clock.now += 5 * MINUTE;
    const original = await call(request);
    clock.now += 40 * MINUTE;

    const replay = await call(request);

    expect(original.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body.data).toEqual(original.body.data);
    expect(replay.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1 });
    expect((await ledger(me)).filter((r) => r.source === 'session.complete')).toHaveLength(1);
  });

  it('answers a PATCH replayed after the completion with 200 and the session as it now is, applying nothing', async () => {
    const { me, call, session } = await startedSession();
    const request = { method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { progress: 50 }, headers: { 'idempotency-key': `p-${randomUUID()}` } };
    await call(request);
    await call({ method: 'POST', path: `/api/sessions/${session.id}/complete`, token: me.token });

    const replay = await call(request);
    const fresh = await call({ ...request, headers: { 'idempotency-key': `p-${randomUUID()}` } });

    expect(replay.status).toBe(200);
    expect(replay.body.data).toMatchObject({ status: 'completed', progress: 50 });
    expect(fresh.status).toBe(409);
    expect((await ledger(me)).filter((r) => r.source === 'session.update')).toHaveLength(1);
  });

  it('refuses to complete an abandoned session: 409 on status stating the actual duration rule', async () => {
    const { me, call, clock, session } = await startedSession('2024-01-15T10:00:00.000Z');
    clock.now += 20 * MINUTE;
    await call({ method: 'PATCH', path: `/api/sessions/${session.id}`, token: me.token, body: { heartbeat: true } });
    clock.now += 45 * MINUTE;

    const response = await call({ method: 'POST', path: `/api/sessions/${session.id}/complete`, token: me.token });

    expect(response.status).toBe(409);
    expect(response.body.error.details).toEqual([{ field: 'status', message: expect.stringContaining('actual duration is 20 min, start to last activity'), code: 'session_abandoned' }]);
    expect((await storedSession(me, session.id))?.status).toBe('active');
  });

  it('lets exactly one of two concurrent completions win; the other gets 409', async () => {
    const { me, call, session } = await startedSession();
    const responses = await Promise.all([1, 2].map(() => call({ method: 'POST', path: `/api/sessions/${session.id}/complete`, token: me.token })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await ledger(me)).filter((r) => r.source === 'session.complete')).toHaveLength(1);
  });

  it('answers 404 to another user and another tenant, and 401 without a token', async () => {
    const { me, call, session } = await startedSession();
    const path = `/api/sessions/${session.id}/complete`;
    expect((await call({ method: 'POST', path, token: learner(me.tenantId).token })).status).toBe(404);
    expect((await call({ method: 'POST', path, token: learner(uniqueTenant('o'), me.userId).token })).status).toBe(404);
    expect((await call({ method: 'POST', path })).status).toBe(401);
    expect((await storedSession(me, session.id))?.status).toBe('active');
  });
});

describe('sessions: list per course (GET /api/courses/{id}/sessions)', () => {
  it('pages newest first, filters by derived status, and costs one GetItem and one Query', async () => {
    const me = learner();
    const courseId = await personalCourse(me);
    const otherCourse = await personalCourse(me, 'Spanish');
    const clock = { now: Date.parse('2024-01-15T08:00:00.000Z') };
    const call = clientWith(clock);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      if (i > 0) clock.now += 40 * MINUTE;
      const started = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'study' } });
      ids.push(started.body.data.id);
    }
    await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId: otherCourse, sessionType: 'study' } });
    clock.now += 5 * MINUTE;
    expect((await call({ method: 'POST', path: `/api/sessions/${ids[3]}/complete`, token: me.token })).status).toBe(200);
    clock.now += 5 * MINUTE;
    const started = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'review' } });
    ids.push(started.body.data.id);
    // Now 10:10: sessions 0–2 (started 08:00, 08:40, 09:20) abandoned, 3 completed at 10:05, 4 active.

    const first = await call({ method: 'GET', path: `/api/courses/${courseId}/sessions?limit=2`, token: me.token });
    const third = await call({ method: 'GET', path: `/api/courses/${courseId}/sessions?limit=2&page=3`, token: me.token });
    const abandoned = await call({ method: 'GET', path: `/api/courses/${courseId}/sessions?status=abandoned`, token: me.token });
    const completed = await call({ method: 'GET', path: `/api/courses/${courseId}/sessions?status=completed`, token: me.token });
    const active = await call({ method: 'GET', path: `/api/courses/${courseId}/sessions?status=active`, token: me.token });

    expect(first.status).toBe(200);
    expect(first.body.data.map((s: { id: string }) => s.id)).toEqual([ids[4], ids[3]]);
    expect(first.body.meta.pagination).toEqual({ page: 1, limit: 2, total: 5, hasNext: true, hasPrev: false });
    expect(first.body.meta.filters).toEqual({});
    expect(third.body.data.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
    expect(third.body.meta.pagination).toEqual({ page: 3, limit: 2, total: 5, hasNext: false, hasPrev: true });
    expect(abandoned.body.data.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(abandoned.body.meta).toMatchObject({ filters: { status: 'abandoned' }, pagination: { total: 3 } });
    expect(completed.body.data.map((s: { id: string }) => s.id)).toEqual([ids[3]]);
    expect(active.body.data.map((s: { id: string }) => s.id)).toEqual([ids[4]]);
    expect(first.dynamoDbByCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
  });

  it('answers 404 for another user\'s course, the same user in another tenant and an unknown course; 401 without a token', async () => {
    const { me, call, courseId } = await startedSession();
    const path = `/api/courses/${courseId}/sessions`;
    expect((await call({ method: 'GET', path, token: learner(me.tenantId).token })).status).toBe(404);
    expect((await call({ method: 'GET', path, token: learner(uniqueTenant('o'), me.userId).token })).status).toBe(404);
    expect((await call({ method: 'GET', path: '/api/courses/matrix-id-1/sessions', token: me.token })).status).toBe(404);
    expect((await call({ method: 'GET', path })).status).toBe(401);
  });

  it.each([
    ['an unknown status', 'status=paused', 'query.status'],
    ['a limit over 100', 'limit=101', 'query.limit'],
    ['page 0', 'page=0', 'query.page'],
    ['an unknown parameter', 'sort=startedAt', 'query.sort'],
  ])('refuses %s with 400 naming the parameter', async (_case, query, field) => {
    const { me, call, courseId } = await startedSession();
    const response = await call({ method: 'GET', path: `/api/courses/${courseId}/sessions?${query}`, token: me.token });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toContain(field);
  });
});
