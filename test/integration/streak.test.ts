import { GetCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createGamificationHandler } from '../../lambdas/gamification/handler.js';
import { createProgressHandler } from '../../lambdas/progress/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { streakCheckpointKey } from '../../shared/db/keys.js';
import { EMPTY_STREAK } from '../../shared/domain/streak.js';
import { saveStreakCheckpoint } from '../../shared/gamification/streakCheckpointRepository.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { member, storeMember, type Learner } from '../support/progress.js';
import { uniqueTenant } from '../support/tokens.js';

/**
 * Streaks (issue 6 part 4) end to end: progress is written through the real progress routes (seed 001
 * tutorial chapters and quizzes) with an injected clock, and the streak is read through seed 003
 * `GET /api/v1/gamification/streak/{userId}` and seed 004 `GET /api/analytics/streaks`. Expected values
 * come from the documented rule applied by hand to each calendar below.
 */

/** Both groups on one clock the test moves (the limiter's windows follow it too). */
function world(startIso: string) {
  const clock = { now: Date.parse(startIso) };
  const now = () => clock.now;
  const call = httpClient(ROUTES, { progress: createProgressHandler({ now }), gamification: createGamificationHandler({ now }) });
  /** One new chapter of 60 s watched at `iso` (a qualifying record for the learner's local date then). */
  const learnAt = async (who: Learner, iso: string, onBehalfOf?: string) => {
    clock.now = Date.parse(iso);
    const response = await call({ method: 'POST', path: '/v1/tutorials/progress/streak-tut/chapter', token: who.token, body: { chapterId: `ch-${randomUUID().slice(0, 8)}`, watchTime: 60, ...(onBehalfOf ? { userId: onBehalfOf } : {}) } });
    expect(response.status).toBe(200);
  };
  const streak003 = (who: Learner, userId = who.userId, query = '') => call({ method: 'GET', path: `/api/v1/gamification/streak/${userId}${query}`, token: who.token });
  const streak004 = (who: Learner, query = '') => call({ method: 'GET', path: `/api/analytics/streaks${query}`, token: who.token });
  const at = (iso: string) => {
    clock.now = Date.parse(iso);
  };
  return { clock, call, learnAt, streak003, streak004, at };
}

async function storedCheckpoint(who: Learner) {
  return (await documentClient().send(new GetCommand({ TableName: tableName(), Key: streakCheckpointKey(who.tenantId, who.userId), ConsistentRead: true }))).Item;
}

/** Consecutive dates starting at `first` (yyyy-mm-dd), by UTC calendar arithmetic. */
function datesFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
}

describe('streak in the learner\'s time zone (seed 003 GET /api/v1/gamification/streak/{userId})', () => {
  it('counts local days across a DST change and keeps the streak while today is still open', async () => {
    const { learnAt, streak003, at } = world('2024-03-09T04:30:00Z');
    const me = member(uniqueTenant('streak'), ['learner'], 'America/New_York');
    // 23:30 in New York on 8, 9 and 10 March (the 10th has 23 hours): three UTC dates 9, 10, 11.
    await learnAt(me, '2024-03-09T04:30:00Z');
    await learnAt(me, '2024-03-10T04:30:00Z');
    await learnAt(me, '2024-03-11T03:30:00Z');
    at('2024-03-11T14:00:00Z'); // 10:00 on the 11th in New York, nothing done yet

    const response = await streak003(me);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: {
        userId: me.userId,
        currentStreak: 3,
        longestStreak: 3,
        streakLevel: 'flame', // 3–6 days
        streakFreezes: 0,
        streakHistory: [
          { date: '2024-03-10', activityType: 'lesson', maintained: true, status: 'active' },
          { date: '2024-03-09', activityType: 'lesson', maintained: true, status: 'active' },
          { date: '2024-03-08', activityType: 'lesson', maintained: true, status: 'active' },
        ],
        motivation: 'Learn today to keep your 3-day streak going!',
        today: '2024-03-11',
        timeZone: 'America/New_York',
        todayActive: false,
        lastActiveDate: '2024-03-10',
        maxStreakFreezes: 2,
        activeDaysToNextFreeze: 4, // 7 consecutive days earn one; 3 done
      },
      meta: { calculatedAt: '2024-03-11T14:00:00.000Z', dataSource: 'realtime' },
    });
  });

  it('earns a freeze in a week, spends it on one missed day, and ends the streak on two', async () => {
    const { learnAt, streak003, at } = world('2024-05-01T12:00:00Z');
    const me = member(uniqueTenant('streak'), ['learner'], 'Europe/Berlin');
    for (const date of datesFrom('2024-05-01', 7)) await learnAt(me, `${date}T10:00:00Z`);
    // 8 May missed; 9 May learned.
    await learnAt(me, '2024-05-09T10:00:00Z');

    const saved = await streak003(me);

    expect(saved.body.data).toMatchObject({ currentStreak: 8, longestStreak: 8, streakFreezes: 0, todayActive: true, streakLevel: 'double_flame' });
    expect(saved.body.data.streakHistory.find((d: { date: string }) => d.date === '2024-05-08')).toEqual({ date: '2024-05-08', activityType: null, maintained: true, status: 'frozen' });

    // 10 and 11 May missed with no freeze left: the streak ends on the 10th.
    at('2024-05-12T10:00:00Z');
    const ended = await streak003(me);
    expect(ended.body.data).toMatchObject({ currentStreak: 0, longestStreak: 8, streakFreezes: 0, streakLevel: 'none' });
    expect(ended.body.data.motivation).toBe('Your streak ended. Learn today to start a new one; your best is 8 days.');
  });

  it('costs GetItem + Query, plus one conditional PutItem when the checkpoint advances (limiter aside)', async () => {
    const { learnAt, streak003, at } = world('2024-06-01T09:00:00Z');
    const me = member(uniqueTenant('streak'), ['learner'], 'UTC');
    for (const date of datesFrom('2024-06-01', 5)) await learnAt(me, `${date}T09:00:00Z`);

    const first = await streak003(me);
    expect(first.dynamoDbByCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1, PutItemCommand: 1 });
    // Checkpoint: folded through the UTC date two days back (5 June at 09:00 → 3 June).
    expect(await storedCheckpoint(me)).toMatchObject({ through: '2024-06-03', current: 3, longest: 3, version: 1 });

    const again = await streak003(me);
    expect(again.dynamoDbByCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    expect(again.body.data).toEqual(first.body.data);

    await learnAt(me, '2024-06-06T09:00:00Z');
    at('2024-06-08T20:00:00Z'); // 7 June missed, no freeze: the streak of 6 ended
    const later = await streak003(me);
    expect(later.dynamoDbByCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1, PutItemCommand: 1 });
    expect(later.body.data).toMatchObject({ currentStreak: 0, longestStreak: 6 });
    expect(await storedCheckpoint(me)).toMatchObject({ through: '2024-06-06', current: 6, longest: 6, version: 2 });
  });

  it('gives 10 concurrent first reads one answer and exactly one checkpoint write', async () => {
    const { learnAt, streak003 } = world('2024-07-01T09:00:00Z');
    const me = member(uniqueTenant('streak'), ['learner'], 'Asia/Tokyo');
    for (const date of datesFrom('2024-07-01', 4)) await learnAt(me, `${date}T03:00:00Z`);

    const responses = await Promise.all(Array.from({ length: 10 }, () => streak003(me)));

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body.data))).size).toBe(1);
    expect(responses[0]!.body.data.currentStreak).toBe(4);
    expect(await storedCheckpoint(me)).toMatchObject({ version: 1, through: '2024-07-02' });
  });

  it('refuses a checkpoint write based on a version another reader already replaced', async () => {
    const who = member(uniqueTenant('streak'));
    const state = { ...EMPTY_STREAK, through: '2024-07-01' };
    const now = new Date('2024-07-03T00:00:00Z');

    expect(await saveStreakCheckpoint(who.tenantId, who.userId, state, undefined, now)).toBe(true);
    expect(await saveStreakCheckpoint(who.tenantId, who.userId, { ...state, through: '2024-07-02' }, undefined, now)).toBe(false);
    expect(await saveStreakCheckpoint(who.tenantId, who.userId, { ...state, through: '2024-07-03' }, 1, now)).toBe(true);
    expect(await saveStreakCheckpoint(who.tenantId, who.userId, { ...state, through: '2024-07-04' }, 1, now)).toBe(false);
    expect(await storedCheckpoint(who)).toMatchObject({ through: '2024-07-03', version: 2 });
  });

  it('neither adds nor removes a day when the learner changes time zone', async () => {
    const tenantId = uniqueTenant('streak');
    const userId = `u-${randomUUID()}`;
    const { learnAt, streak003 } = world('2024-05-01T08:00:00Z');
    const { tokenFor } = await import('../support/tokens.js');
    const inZone = (timeZone: string): Learner => ({ userId, tenantId, token: tokenFor({ userId, tenantId, roles: ['learner'], timeZone }) });
    // 30 April 22:00 in Honolulu, then 2 May 01:00 in Kiritimati (11:00 UTC on 1 May),
    // then back west: 1 May 03:00 in Honolulu, one day behind the day already recorded.
    await learnAt(inZone('Pacific/Honolulu'), '2024-05-01T08:00:00Z');
    await learnAt(inZone('Pacific/Kiritimati'), '2024-05-01T11:00:00Z');
    await learnAt(inZone('Pacific/Honolulu'), '2024-05-01T13:00:00Z');

    const response = await streak003(inZone('Pacific/Honolulu'));

    // 1 May was never lived with activity before 2 May was recorded: it stays missed, and the
    // calendar does not run back to it; today is the latest recorded day, 2 May.
    expect(response.body.data).toMatchObject({ today: '2024-05-02', currentStreak: 1, longestStreak: 1, todayActive: true });
    expect(response.body.data.streakHistory.map((d: { date: string; status: string }) => [d.date, d.status])).toEqual([
      ['2024-05-02', 'active'],
      ['2024-05-01', 'missed'],
      ['2024-04-30', 'active'],
    ]);
  });

  it('limits the history to ?days= (1–90) and names the offending field otherwise', async () => {
    const { learnAt, streak003 } = world('2024-08-01T09:00:00Z');
    const me = member(uniqueTenant('streak'), ['learner'], 'UTC');
    for (const date of datesFrom('2024-08-01', 3)) await learnAt(me, `${date}T09:00:00Z`);

    expect((await streak003(me, me.userId, '?days=2')).body.data.streakHistory.map((d: { date: string }) => d.date)).toEqual(['2024-08-03', '2024-08-02']);
    for (const query of ['?days=0', '?days=91', '?days=abc', '?days=1.5']) {
      const response = await streak003(me, me.userId, query);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual(['query.days']);
    }
    const unknown = await streak003(me, me.userId, '?since=2024-01-01');
    expect(unknown.status).toBe(400);
  });
});

describe('who may read a streak', () => {
  it('lets a trainer or org admin of the tenant read a member\'s streak, in the member\'s profile zone (+1 BatchGetItem)', async () => {
    const tenantId = uniqueTenant('streak');
    const { learnAt, streak003, at } = world('2024-09-01T09:00:00Z');
    const learner = member(tenantId, ['learner'], 'UTC');
    await storeMember(tenantId, learner.userId);
    await learnAt(learner, '2024-09-01T09:00:00Z');
    await learnAt(learner, '2024-09-02T09:00:00Z');
    at('2024-09-02T18:00:00Z');

    for (const role of ['trainer', 'org_admin'] as const) {
      const supervisor = member(tenantId, [role], 'Asia/Tokyo');
      const response = await streak003(supervisor, learner.userId);
      expect(response.status).toBe(200);
      // No profile zone stored: UTC, never the trainer's Tokyo (where it is already 3 September).
      expect(response.body.data).toMatchObject({ userId: learner.userId, today: '2024-09-02', timeZone: 'UTC', currentStreak: 2, todayActive: true });
      expect(response.dynamoDbByCommand.BatchGetItemCommand).toBe(1);
    }
  });

  it('refuses another learner of the same tenant (403) and an instructor (403)', async () => {
    const tenantId = uniqueTenant('streak');
    const { learnAt, streak003 } = world('2024-09-01T09:00:00Z');
    const owner = member(tenantId);
    await storeMember(tenantId, owner.userId);
    await learnAt(owner, '2024-09-01T09:00:00Z');

    for (const roles of [['learner'], ['instructor']] as const) {
      const response = await streak003(member(tenantId, [...roles]), owner.userId);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
      expect(response.dynamoDbByCommand).toEqual({});
    }
  });

  it('never reaches a learner of another tenant (404) and shows a foreign caller only their own empty streak', async () => {
    const home = uniqueTenant('streak');
    const { learnAt, streak003, streak004 } = world('2024-09-01T09:00:00Z');
    const learner = member(home);
    await storeMember(home, learner.userId);
    await learnAt(learner, '2024-09-01T09:00:00Z');
    const foreign = member(uniqueTenant('foreign'), ['trainer', 'org_admin']);

    const response = await streak003(foreign, learner.userId);
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain(learner.userId);

    // The same user id under another tenant's token is a different learner: nothing recorded there.
    const sameIdElsewhere = { ...learner, tenantId: foreign.tenantId, token: (await import('../support/tokens.js')).tokenFor({ userId: learner.userId, tenantId: foreign.tenantId, roles: ['learner'] }) };
    const own = await streak004(sameIdElsewhere);
    expect(own.body.data).toMatchObject({ currentStreak: 0, longestStreak: 0, streakHistory: [] });
  });

  it('requires a token on both routes (401 in each seed\'s error style)', async () => {
    const { call } = world('2024-09-01T09:00:00Z');
    const r003 = await call({ method: 'GET', path: `/api/v1/gamification/streak/${randomUUID()}` });
    expect(r003.status).toBe(401);
    expect(r003.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    const r004 = await call({ method: 'GET', path: '/api/analytics/streaks' });
    expect(r004.status).toBe(401);
    expect(r004.body).toMatchObject({ success: false, error: { code: 'AUTHENTICATION_FAILED' }, meta: { requestId: expect.any(String) } });
  });
});

describe('seed 004 GET /api/analytics/streaks', () => {
  it('returns the caller\'s StreakData in the seed 004 envelope, the same streak as seed 003', async () => {
    const { learnAt, streak003, streak004 } = world('2024-10-01T09:00:00Z');
    const me = member(uniqueTenant('streak'), ['learner'], 'Australia/Sydney');
    // 20:00 in Sydney on 4, 5 and 6 October (clocks go forward on the 6th).
    await learnAt(me, '2024-10-04T10:00:00Z');
    await learnAt(me, '2024-10-05T10:00:00Z');
    await learnAt(me, '2024-10-06T09:00:00Z');

    const response = await streak004(me);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, data: expect.any(Object), meta: { requestId: expect.any(String), timestamp: '2024-10-06T09:00:00.000Z' } });
    expect(response.body.data).toMatchObject({ userId: me.userId, currentStreak: 3, today: '2024-10-06', todayActive: true, streakLevel: 'flame', motivation: '3 days in a row. Keep going!' });
    expect(response.body.data).toEqual((await streak003(me)).body.data);
    expect(response.dynamoDbByCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1, PutItemCommand: 1 });
  });

  it('counts a trainer\'s write for the learner towards the learner\'s streak', async () => {
    const tenantId = uniqueTenant('streak');
    const { learnAt, streak004 } = world('2024-10-01T09:00:00Z');
    const learner = member(tenantId, ['learner'], 'UTC');
    await storeMember(tenantId, learner.userId);
    const trainer = member(tenantId, ['trainer']);
    await learnAt(learner, '2024-10-01T09:00:00Z');
    await learnAt(trainer, '2024-10-02T09:00:00Z', learner.userId);

    expect((await streak004(learner)).body.data).toMatchObject({ currentStreak: 2, lastActiveDate: '2024-10-02' });
  });
});
