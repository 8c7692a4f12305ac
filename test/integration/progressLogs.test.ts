import { GetCommand } from '../../shared/db/commands.js';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { sessionsHandlers } from '../../lambdas/sessions/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { activityKey, exerciseRecordKey, progressLogKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { insertPersonalCourse } from '../../shared/personalCourses/personalCourseRepository.js';
import { newPersonalCourse } from '../../shared/personalCourses/personalCourseService.js';
import { toActivityRecord } from '../../shared/progress/activity.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Seed 004 progress logs (`POST /api/progress/log`, `GET /api/progress/{course_id}`, `PATCH
 * /api/progress/{id}`) through the HTTP stack and DynamoDB Local, each test on its own tenant and clock.
 */
interface Learner {
  tenantId: string;
  userId: string;
  token: string;
}

const MINUTE = 60_000;
const LB_IN_KG = 0.45359237;

function learner(tenantId = uniqueTenant('log'), userId = `u-${randomUUID()}`): Learner {
  return { tenantId, userId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
}

function clientWith(clock: { now: number }) {
  return httpClient(ROUTES, { sessions: createGroupHandler('sessions', ROUTES, sessionsHandlers, { now: () => clock.now }) });
}

async function personalCourse(who: Learner, topic = 'Strength Training for Beginners'): Promise<string> {
  const course = newPersonalCourse(who.userId, { topic }, new Date());
  await insertPersonalCourse(who, course);
  return course.courseId;
}

async function ledger(who: Learner) {
  return (await queryCollection(activityKey(who.tenantId, who.userId, '').pk, { skPrefix: 'E#', consistent: true })).map(toActivityRecord);
}

async function logItems(who: Learner) {
  return queryCollection(progressLogKey(who.tenantId, who.userId, '').pk, { skPrefix: 'L#', consistent: true });
}

async function exerciseRecord(who: Learner, exercise: string) {
  return (await documentClient().send(new GetCommand({ TableName: tableName(), Key: exerciseRecordKey(who.tenantId, who.userId, exercise), ConsistentRead: true }))).Item;
}

const fieldsOf = (body: { error: { details: { field: string }[] | string | null } }) =>
  Array.isArray(body.error.details) ? body.error.details.map((detail) => detail.field) : [];

/** Arrange: a learner with a course and a client whose clock starts at `nowIso`. */
async function setUp(nowIso = '2024-01-15T12:00:00.000Z') {
  const me = learner();
  const courseId = await personalCourse(me);
  const clock = { now: Date.parse(nowIso) };
  const call = clientWith(clock);
  const log = async (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call({ method: 'POST', path: '/api/progress/log', token: me.token, body: { course_id: courseId, ...body }, headers });
  return { me, courseId, clock, call, log };
}

/** The seed's "Log Progress" request. */
const SEED_LOG = {
  activity_type: 'exercise',
  data: { exercise: 'bench_press', weight: '135lbs', sets: 3, reps: [8, 7, 6], notes: 'felt strong today' },
  timestamp: '2024-01-15T11:30:00Z',
};

describe('progress logs: log (POST /api/progress/log)', () => {
  it('answers the seed example as the seed does when the last session was 10lbs lighter', async () => {
    const { log } = await setUp();
    await log({ activity_type: 'exercise', data: { exercise: 'bench_press', weight: '125lbs', sets: 3, reps: [8, 8, 8] }, timestamp: '2024-01-12T11:00:00Z' });

    const response = await log(SEED_LOG);

    expect(response.status).toBe(201);
    expect(response.body.success).toBe(true);
    expect(response.body.data).toEqual({
      id: expect.any(String),
      summary: 'Personal record! Up 10lbs from last session.',
      achievements: ['new_pr'],
      next_recommendations: 'Try 140lbs next session',
    });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('stores the log, its metrics, one activity record and the exercise record in one transaction', async () => {
    const { me, courseId, log } = await setUp();

    const response = await log({ ...SEED_LOG, module_id: 'm1.2', notes: 'Top set hard' });

    const [item] = await logItems(me);
    expect(item).toMatchObject({
      logId: response.body.data.id,
      courseId,
      moduleId: 'm1.2',
      activityType: 'exercise',
      data: SEED_LOG.data,
      metrics: { personalRecord: false },
      notes: 'Top set hard',
      timestamp: '2024-01-15T11:30:00.000Z',
      exercise: 'bench_press',
    });
    const records = await ledger(me);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ source: 'progress.log', contentId: courseId, itemId: response.body.data.id, activityType: 'exercise', personalRecord: false, seconds: 0, clientTimestamp: '2024-01-15T11:30:00.000Z' });
    expect(await exerciseRecord(me, 'bench_press')).toMatchObject({ logCount: 1, bestWeight: { hundredths: 135 * 100, unit: 'lbs' }, bestWeightLogId: response.body.data.id });
  });

  it('sets a baseline on the first log of an exercise: no record, no achievement', async () => {
    const { log } = await setUp();
    const response = await log(SEED_LOG);
    expect(response.body.data.achievements).toEqual([]);
    expect(response.body.data.summary).toMatch(/baseline/);
    expect(response.body.data.next_recommendations).toBe('Try 140lbs next session');
  });

  it('compares with the last session and the best without claiming a record when lighter', async () => {
    const { log, clock } = await setUp();
    await log({ activity_type: 'exercise', data: { exercise: 'squat', weight: '225lbs', reps: 5, sets: 3 } });
    clock.now += MINUTE;
    const response = await log({ activity_type: 'exercise', data: { exercise: 'Squat', weight: '215 lb', reps: 5, sets: 3 } });
    expect(response.body.data.achievements).toEqual([]);
    expect(response.body.data.summary).toBe('Down 10lbs from last session. Best: 225lbs.');
  });

  it('compares weights across units exactly and reports the difference in the new log\'s unit', async () => {
    const { log, clock, me } = await setUp();
    await log({ activity_type: 'exercise', data: { exercise: 'deadlift', weight: '60kg', reps: [5] } });
    clock.now += MINUTE;

    const response = await log({ activity_type: 'exercise', data: { exercise: 'deadlift', weight: '135lbs', reps: [5] } });

    const previousInLbs = Math.round((60 / LB_IN_KG) * 100) / 100;
    const up = Math.round((135 - previousInLbs) * 100) / 100;
    expect(response.body.data.achievements).toEqual(['new_pr']);
    expect(response.body.data.summary).toBe(`Personal record! Up ${up}lbs from last session.`);
    expect((await exerciseRecord(me, 'deadlift'))?.bestWeight).toEqual({ hundredths: 13500, unit: 'lbs' });
  });

  it('scores a quiz: accuracy metric, summary and the 80 % rule', async () => {
    const { log, me } = await setUp();
    const response = await log({ activity_type: 'quiz', data: { score: 9, max_score: 10 } });
    expect(response.body.data).toMatchObject({ summary: 'Quiz scored 9/10 (90%).', achievements: [], next_recommendations: 'Scored 90%: move on to the next module' });
    expect((await logItems(me))[0]?.metrics).toEqual({ score: 9, accuracy: 90 });
    expect((await ledger(me))[0]).toMatchObject({ score: 9, maxScore: 10 });
  });

  it('costs one transaction and one read (only gamification: STATS and INDEX) for a log with nothing else to read (no exercise, no session, no key)', async () => {
    const { log } = await setUp();
    const response = await log({ activity_type: 'reflection', data: { mood: 'calm' } });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ summary: 'Reflection logged.', next_recommendations: null });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('counts a log\'s own duration as learning time outside a session', async () => {
    const { log, me } = await setUp();
    await log({ activity_type: 'reading', data: { duration: 25, pages: 30 } });
    expect((await ledger(me))[0]?.seconds).toBe(25 * 60);
  });

  it('inside a session counts the session\'s time once (not the log\'s duration) and the session adds up to its duration', async () => {
    const { me, courseId, call, clock, log } = await setUp('2024-01-15T10:00:00.000Z');
    const started = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'practice' } });
    const sessionId = started.body.data.id as string;
    clock.now += 12 * MINUTE;

    const logged = await log({ activity_type: 'practice', session_id: sessionId, data: { duration: 50 } });
    const afterLog = await call({ method: 'GET', path: `/api/sessions/${sessionId}`, token: me.token });
    clock.now += 8 * MINUTE;
    const completed = await call({ method: 'POST', path: `/api/sessions/${sessionId}/complete`, token: me.token });

    expect(logged.status).toBe(201);
    expect(logged.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(afterLog.body.data).toMatchObject({ logCount: 1, lastActivityAt: '2024-01-15T10:12:00.000Z' });
    const records = await ledger(me);
    expect(records.find((r) => r.source === 'progress.log')?.seconds).toBe(12 * 60);
    expect(records.reduce((sum, r) => sum + r.seconds, 0)).toBe(20 * 60);
    expect(completed.body.data.actualDuration).toBe(20);
  });

  it('refuses a session of another course (400), a completed session (409) and an unknown session (404) on body.session_id, writing nothing', async () => {
    const { me, courseId, call, log } = await setUp();
    const otherCourse = await personalCourse(me, 'Spanish');
    const elsewhere = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId: otherCourse, sessionType: 'study' } });
    const done = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'study' } });
    await call({ method: 'POST', path: `/api/sessions/${done.body.data.id}/complete`, token: me.token });
    const ledgerBefore = await ledger(me);

    const wrongCourse = await log({ activity_type: 'practice', session_id: elsewhere.body.data.id, data: {} });
    const completed = await log({ activity_type: 'practice', session_id: done.body.data.id, data: {} });
    const unknown = await log({ activity_type: 'practice', session_id: 'no-such-session', data: {} });

    expect(wrongCourse.status).toBe(400);
    expect(fieldsOf(wrongCourse.body)).toEqual(['body.session_id']);
    expect(completed.status).toBe(409);
    expect(fieldsOf(completed.body)).toEqual(['body.session_id']);
    expect(unknown.status).toBe(404);
    expect(await logItems(me)).toEqual([]);
    expect(await ledger(me)).toEqual(ledgerBefore);
  });

  it.each([
    ['a missing course_id', { course_id: undefined }, 'body.course_id'],
    ['an unknown activity_type', { activity_type: 'nap' }, 'body.activity_type'],
    ['a missing data object', { data: undefined }, 'body.data'],
    ['an exercise log without data.exercise', { data: { weight: '135lbs' } }, 'body.data.exercise'],
    ['a weight without a unit', { data: { exercise: 'bench_press', weight: '135' } }, 'body.data.weight'],
    ['a weight of 0', { data: { exercise: 'bench_press', weight: '0kg' } }, 'body.data.weight'],
    ['a weight over 2200 lbs', { data: { exercise: 'bench_press', weight: '2201lbs' } }, 'body.data.weight'],
    ['a weight in stones', { data: { exercise: 'bench_press', weight: '10st' } }, 'body.data.weight'],
    ['a numeric weight', { data: { exercise: 'bench_press', weight: 135 } }, 'body.data.weight'],
    ['reps not matching sets', { data: { exercise: 'bench_press', sets: 3, reps: [8, 7] } }, 'body.data.reps'],
    ['negative reps', { data: { exercise: 'bench_press', reps: [-1] } }, 'body.data.reps.0'],
    ['a score above max_score', { activity_type: 'quiz', data: { score: 11, max_score: 10 } }, 'body.data.score'],
    ['more than 20 data keys', { activity_type: 'reading', data: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) }, 'body.data'],
    ['data over 4 KiB', { activity_type: 'reading', data: { text: 'x'.repeat(4100) } }, 'body.data'],
    ['data nested deeper than 3', { activity_type: 'reading', data: { a: { b: { c: { d: 1 } } } } }, 'body.data'],
    ['a data key with capitals', { activity_type: 'reading', data: { Pages: 3 } }, 'body.data.Pages'],
    ['a malformed timestamp', { timestamp: 'yesterday' }, 'body.timestamp'],
    ['a timestamp 6 minutes ahead', { timestamp: '2024-01-15T12:06:00Z' }, 'body.timestamp'],
    ['an unknown field', { user_id: 'someone-else' }, 'body.user_id'],
    ['a malformed session_id', { session_id: 'a#b' }, 'body.session_id'],
    ['notes over 2000 bytes', { notes: 'é'.repeat(1001) }, 'body.notes'],
    ['an integer beyond 2^53 in data', { activity_type: 'reading', data: { pages: 2 ** 53 + 2 } }, 'body.data.pages'],
    ['a fraction too small to store in data', { activity_type: 'reading', data: { ratio: 1e-200 } }, 'body.data.ratio'],
    ['a nested number too large to store', { activity_type: 'reading', data: { book: { pages: 1e200 } } }, 'body.data.book.pages'],
    ['a score over a million', { activity_type: 'quiz', data: { score: 1e200 } }, 'body.data.score'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_case, override, field) => {
    const { me, log } = await setUp('2024-01-15T12:00:00.000Z');
    const response = await log({ ...SEED_LOG, timestamp: undefined, ...override });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldsOf(response.body)).toContain(field);
    expect(await logItems(me)).toEqual([]);
    expect(await ledger(me)).toEqual([]);
    expect(await exerciseRecord(me, 'bench_press')).toBeUndefined();
  });

  it('answers 404 for another user\'s course and for the same user in another tenant; 401 without a token', async () => {
    const { me, courseId, call } = await setUp();
    const sameTenant = learner(me.tenantId);
    const otherTenant = learner(uniqueTenant('o'), me.userId);
    for (const who of [sameTenant, otherTenant]) {
      const response = await call({ method: 'POST', path: '/api/progress/log', token: who.token, body: { ...SEED_LOG, course_id: courseId } });
      expect(response.status).toBe(404);
      expect(await logItems(who)).toEqual([]);
      expect(await ledger(who)).toEqual([]);
    }
    expect((await call({ method: 'POST', path: '/api/progress/log', body: { ...SEED_LOG, course_id: courseId } })).status).toBe(401);
    expect(await logItems(me)).toEqual([]);
  });

  it('applies a log replayed 1–10 times with the same Idempotency-Key once: one log, one activity record, one count, the same answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 400 }), async (replays, pounds) => {
        const { me, log } = await setUp();
        const body = { activity_type: 'exercise', data: { exercise: 'row', weight: `${pounds}lbs`, reps: [5, 5] } };
        const headers = { 'idempotency-key': `log-${randomUUID()}` };

        const responses = [];
        for (let i = 0; i < replays; i++) responses.push(await log(body, headers));

        expect(responses.every((r) => r.status === 201)).toBe(true);
        expect(new Set(responses.map((r) => JSON.stringify(r.body.data))).size).toBe(1);
        expect(await logItems(me)).toHaveLength(1);
        expect(await ledger(me)).toHaveLength(1);
        expect((await exerciseRecord(me, 'row'))?.logCount).toBe(1);
      }),
      { numRuns: 6 },
    );
  });

  it('answers a replayed log as the original even after its session was completed (no 409, nothing applied twice)', async () => {
    const { me, courseId, call, clock, log } = await setUp();
    const started = await call({ method: 'POST', path: '/api/sessions', token: me.token, body: { courseId, sessionType: 'practice' } });
    const sessionId = started.body.data.id as string;
    const headers = { 'idempotency-key': `in-session-${randomUUID()}` };
    const body = { activity_type: 'exercise', session_id: sessionId, data: { exercise: 'curl', weight: '30lbs', reps: [10, 10] } };
    clock.now += 3 * MINUTE;
    const original = await log(body, headers);
    await call({ method: 'POST', path: `/api/sessions/${sessionId}/complete`, token: me.token });

    const replay = await log(body, headers);

    expect(replay.status).toBe(201);
    expect(replay.body.data).toEqual(original.body.data);
    expect(replay.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1 });
    expect(await logItems(me)).toHaveLength(1);
    expect((await call({ method: 'GET', path: `/api/sessions/${sessionId}`, token: me.token })).body.data.logCount).toBe(1);
  });

  it('refuses an Idempotency-Key reused for a different log with 409 and writes nothing more', async () => {
    const { me, log } = await setUp();
    const headers = { 'idempotency-key': `k-${randomUUID()}` };
    await log(SEED_LOG, headers);
    const reused = await log({ ...SEED_LOG, data: { ...SEED_LOG.data, weight: '140lbs' } }, headers);
    expect(reused.status).toBe(409);
    expect(fieldsOf(reused.body)).toEqual(['headers.idempotency-key']);
    expect(await logItems(me)).toHaveLength(1);
  });

  it('keeps the best as the maximum under 10 concurrent logs of one exercise, one log and one record per request', async () => {
    const { me, log } = await setUp();
    const weights = Array.from({ length: 10 }, (_, i) => 100 + 5 * i);

    const responses = await Promise.all(weights.map((w) => log({ activity_type: 'exercise', data: { exercise: 'bench_press', weight: `${w}lbs`, reps: [5, 5, 5] } })));

    expect(responses.map((r) => r.status)).toEqual(weights.map(() => 201));
    expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(10);
    const record = await exerciseRecord(me, 'bench_press');
    expect(record).toMatchObject({ logCount: 10, bestWeight: { hundredths: Math.max(...weights) * 100, unit: 'lbs' } });
    expect(await logItems(me)).toHaveLength(10);
    expect(await ledger(me)).toHaveLength(10);
    const heaviest = responses[weights.indexOf(Math.max(...weights))]?.body.data.id;
    expect(record?.bestWeightLogId).toBe(heaviest);
    // Serialised: the stored flags, the ledger and the answers agree on which logs were records.
    const answeredPrs = responses.filter((r) => r.body.data.achievements.includes('new_pr')).map((r) => r.body.data.id).sort();
    const storedPrs = (await logItems(me)).filter((item) => (item.metrics as { personalRecord: boolean }).personalRecord).map((item) => item.logId).sort();
    const ledgerPrs = (await ledger(me)).filter((r) => r.personalRecord).map((r) => r.itemId).sort();
    expect(storedPrs).toEqual(answeredPrs);
    expect(ledgerPrs).toEqual(answeredPrs);
  });
});

describe('progress logs: list (GET /api/progress/{course_id})', () => {
  async function seeded() {
    const ctx = await setUp('2024-01-20T12:00:00.000Z');
    const started = await ctx.call({ method: 'POST', path: '/api/sessions', token: ctx.me.token, body: { courseId: ctx.courseId, sessionType: 'practice' } });
    const sessionId = started.body.data.id as string;
    const ids: Record<string, string> = {};
    const entries: [string, Record<string, unknown>][] = [
      ['d10', { activity_type: 'reading', data: { duration: 10 }, timestamp: '2024-01-10T09:00:00Z' }],
      ['d12', { activity_type: 'quiz', data: { score: 4, max_score: 5 }, timestamp: '2024-01-12T09:00:00Z' }],
      ['d14', { activity_type: 'exercise', data: { exercise: 'squat', weight: '100kg', reps: [5] }, timestamp: '2024-01-14T09:00:00+01:00' }],
      ['d16', { activity_type: 'reading', data: { duration: 20 }, timestamp: '2024-01-16T09:00:00Z' }],
      ['now', { activity_type: 'practice', data: {}, session_id: sessionId }],
    ];
    for (const [name, body] of entries) ids[name] = (await ctx.log(body)).body.data.id;
    return { ...ctx, ids, sessionId };
  }

  it('lists newest first by timestamp with the seed\'s pagination, in one GetItem and one Query', async () => {
    const { me, courseId, call, ids } = await seeded();

    const first = await call({ method: 'GET', path: `/api/progress/${courseId}?limit=2`, token: me.token });
    const third = await call({ method: 'GET', path: `/api/progress/${courseId}?limit=2&page=3`, token: me.token });

    expect(first.status).toBe(200);
    expect(first.body.data.map((l: { id: string }) => l.id)).toEqual([ids.now, ids.d16]);
    expect(first.body.meta.pagination).toEqual({ page: 1, limit: 2, total: 5, hasNext: true, hasPrev: false });
    expect(third.body.data.map((l: { id: string }) => l.id)).toEqual([ids.d10]);
    expect(third.body.meta.pagination).toEqual({ page: 3, limit: 2, total: 5, hasNext: false, hasPrev: true });
    expect(first.dynamoDbByCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    expect(first.body.data[1]).toMatchObject({ course_id: courseId, activity_type: 'reading', data: { duration: 20 }, metrics: { duration: 20 }, session_id: null, timestamp: '2024-01-16T09:00:00.000Z' });
  });

  it('filters by activity_type, session_id and a from (inclusive) / to (exclusive) range, echoing the filters', async () => {
    const { me, courseId, call, ids, sessionId } = await seeded();
    const get = (query: string) => call({ method: 'GET', path: `/api/progress/${courseId}?${query}`, token: me.token });

    const reading = await get('activity_type=reading');
    const inSession = await get(`session_id=${sessionId}`);
    const range = await get('from=2024-01-12T09:00:00Z&to=2024-01-16T09:00:00Z');
    const offsetRange = await get(`from=${encodeURIComponent('2024-01-14T09:00:00+01:00')}`);

    expect(reading.body.data.map((l: { id: string }) => l.id)).toEqual([ids.d16, ids.d10]);
    expect(reading.body.meta.filters).toEqual({ activity_type: 'reading' });
    expect(inSession.body.data.map((l: { id: string }) => l.id)).toEqual([ids.now]);
    expect(range.body.data.map((l: { id: string }) => l.id)).toEqual([ids.d14, ids.d12]);
    expect(range.body.meta.pagination.total).toBe(2);
    expect(offsetRange.body.data.map((l: { id: string }) => l.id)).toEqual([ids.now, ids.d16, ids.d14]);
  });

  it.each([
    ['to before from', 'from=2024-01-16T00:00:00Z&to=2024-01-10T00:00:00Z', 'query.to'],
    ['a malformed from', 'from=last-week', 'query.from'],
    ['an unknown activity_type', 'activity_type=nap', 'query.activity_type'],
    ['an unknown parameter', 'user_id=x', 'query.user_id'],
  ])('refuses %s with 400 naming the parameter', async (_case, query, field) => {
    const { me, courseId, call } = await setUp();
    const response = await call({ method: 'GET', path: `/api/progress/${courseId}?${query}`, token: me.token });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toContain(field);
  });

  it('answers 404 for another user\'s course, another tenant and an unknown course; 401 without a token', async () => {
    const { me, courseId, call, log } = await setUp();
    await log(SEED_LOG);
    const path = `/api/progress/${courseId}`;
    expect((await call({ method: 'GET', path, token: learner(me.tenantId).token })).status).toBe(404);
    expect((await call({ method: 'GET', path, token: learner(uniqueTenant('o'), me.userId).token })).status).toBe(404);
    expect((await call({ method: 'GET', path: '/api/progress/matrix-id-1', token: me.token })).status).toBe(404);
    expect((await call({ method: 'GET', path })).status).toBe(401);
  });
});

describe('progress logs: edit (PATCH /api/progress/{id})', () => {
  async function quizLog() {
    const ctx = await setUp();
    const created = await ctx.log({ activity_type: 'quiz', data: { score: 6, max_score: 8 }, notes: 'first try' });
    return { ...ctx, logId: created.body.data.id as string };
  }

  it('edits notes and metrics, recomputes accuracy, keeps the answer fields, and appends one activity record', async () => {
    const { me, call, clock, logId } = await quizLog();
    clock.now += MINUTE;

    const response = await call({ method: 'PATCH', path: `/api/progress/${logId}`, token: me.token, body: { notes: 'regraded', metrics: { score: 7, difficulty: 6, completion: 100 } } });

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      id: logId,
      notes: 'regraded',
      metrics: { score: 7, accuracy: Math.round((7 / 8) * 1000) / 10, difficulty: 6, completion: 100 },
      summary: 'Quiz scored 6/8 (75%).',
      data: { score: 6, max_score: 8 },
      updated_at: '2024-01-15T12:01:00.000Z',
      created_at: '2024-01-15T12:00:00.000Z',
    });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect((await ledger(me)).find((r) => r.source === 'progress.log.update')).toMatchObject({ itemId: logId, seconds: 0, score: 7, maxScore: 8 });
  });

  it('removes notes and a metric with null', async () => {
    const { me, call, logId } = await quizLog();
    await call({ method: 'PATCH', path: `/api/progress/${logId}`, token: me.token, body: { metrics: { difficulty: 4 } } });
    const response = await call({ method: 'PATCH', path: `/api/progress/${logId}`, token: me.token, body: { notes: null, metrics: { difficulty: null, score: null } } });
    expect(response.body.data.notes).toBeNull();
    expect(response.body.data.metrics).toEqual({});
  });

  it.each([
    ['an empty body', {}, 'body'],
    ['empty metrics', { metrics: {} }, 'body.metrics'],
    ['a change of data', { data: { score: 8 } }, 'body.data'],
    ['a change of personalRecord', { metrics: { personalRecord: true } }, 'body.metrics.personalRecord'],
    ['a change of duration', { metrics: { duration: 5 } }, 'body.metrics.duration'],
    ['difficulty 11', { metrics: { difficulty: 11 } }, 'body.metrics.difficulty'],
    ['a score above the log\'s max_score', { metrics: { score: 9 } }, 'body.metrics.score'],
    ['a completion too small to store', { metrics: { completion: 1e-200 } }, 'body.metrics.completion'],
  ])('refuses %s with 400 naming the field and changes nothing', async (_case, body, field) => {
    const { me, call, logId } = await quizLog();
    const before = await logItems(me);
    const response = await call({ method: 'PATCH', path: `/api/progress/${logId}`, token: me.token, body });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toContain(field);
    expect(await logItems(me)).toEqual(before);
    expect(await ledger(me)).toHaveLength(1);
  });

  it('answers 404 to another user and another tenant, 401 without a token', async () => {
    const { me, call, logId } = await quizLog();
    const path = `/api/progress/${logId}`;
    expect((await call({ method: 'PATCH', path, token: learner(me.tenantId).token, body: { notes: 'x' } })).status).toBe(404);
    expect((await call({ method: 'PATCH', path, token: learner(uniqueTenant('o'), me.userId).token, body: { notes: 'x' } })).status).toBe(404);
    expect((await call({ method: 'PATCH', path, body: { notes: 'x' } })).status).toBe(401);
    expect((await logItems(me))[0]?.version).toBe(1);
  });

  it('applies a PATCH replayed with the same Idempotency-Key once', async () => {
    const { me, call, logId } = await quizLog();
    const request = { method: 'PATCH', path: `/api/progress/${logId}`, token: me.token, body: { metrics: { completion: 50 } }, headers: { 'idempotency-key': `edit-${randomUUID()}` } };
    const first = await call(request);
    const second = await call(request);
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual(first.body.data);
    expect((await logItems(me))[0]?.version).toBe(2);
    expect((await ledger(me)).filter((r) => r.source === 'progress.log.update')).toHaveLength(1);
  });
});
