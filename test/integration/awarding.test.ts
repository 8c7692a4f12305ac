import { GetCommand, QueryCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { handler as achievementsHandler } from '../../lambdas/achievements/handler.js';
import { handler as authoringHandler } from '../../lambdas/authoring/handler.js';
import { handler as catalogHandler } from '../../lambdas/catalog/handler.js';
import { createGamificationHandler } from '../../lambdas/gamification/handler.js';
import { handler as notificationsHandler } from '../../lambdas/notifications/handler.js';
import { createProgressHandler } from '../../lambdas/progress/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { achievementKey, gamePartition, learnerStatsKey, periodPointsKey } from '../../shared/db/keys.js';
import { periodsOf } from '../../shared/domain/leaderboardPeriod.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { createCourse, createLesson, createSection, type Caller } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { ledgerOf, member, storeMember, type Learner } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Awarding on progress writes (issue 6 part 2): criteria judged on the learner's stats inside the
 * write's transaction, each achievement at most once, points added once.
 * Expected points below come from the documented table (docs/api.md, shared/domain/points.ts):
 * a first-time block completion is worth 10, a completed course 50, an achievement its points_value.
 */
const BLOCK_POINTS = 10;
const COURSE_POINTS = 50;

const unlimited = Object.fromEntries(['tutorial-read', 'tutorial-chapter', 'tutorial-quiz', 'tutorial-complete', 'tutorial-reset', 'authenticated-hourly', 'standard', 'admin'].map((name) => [name, { limit: null, windowSeconds: 60 }]));

let clock = Date.now();
const api = httpClient(ROUTES, {
  progress: createProgressHandler({ rateClasses: unlimited, now: () => clock }),
  catalog: catalogHandler,
  authoring: authoringHandler,
  achievements: achievementsHandler,
  gamification: createGamificationHandler({ rateClasses: unlimited, now: () => clock }),
  notifications: notificationsHandler,
});

const TRACKING = '/functions/v1/enhanced-progress-tracking';
const MILESTONES = '/functions/v1/milestone-validation-api';
const ACHIEVEMENTS = '/functions/v1/achievements-api';

function instructor(tenantId: string): Caller {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles: ['instructor'] }) };
}

async function course(author: Caller, lessons: number): Promise<{ courseId: string; lessons: string[] }> {
  const courseId = await createCourse(author, { price: 0 });
  const section = await createSection(author, courseId);
  const ids: string[] = [];
  for (let i = 0; i < lessons; i++) ids.push(await createLesson(author, courseId, section, { title: `Lesson ${i + 1}` }));
  const published = await api({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.rawBody}`);
  return { courseId, lessons: ids };
}

async function define(author: Caller, criteria: Record<string, unknown>, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await api({
    method: 'POST',
    path: ACHIEVEMENTS,
    token: author.token,
    body: { action: 'create', title: 'Achiever', description: 'Did the thing', points_value: 100, achievement_type: 'completion', tier: 'silver', criteria, ...fields },
  });
  if (response.status !== 200) throw new Error(`define: ${response.status} ${response.rawBody}`);
  return response.body.data.id as string;
}

async function complete(learner: Learner, courseId: string, lessonId: string, data: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return api({ method: 'POST', path: TRACKING, token: learner.token, headers, body: { action: 'record_completion', block_id: `${courseId}.${lessonId}`, completion_data: data } });
}

async function stats(learner: Learner) {
  return (await documentClient().send(new GetCommand({ TableName: tableName(), Key: learnerStatsKey(learner.tenantId, learner.userId), ConsistentRead: true }))).Item;
}

async function awards(learner: Learner) {
  const { Items } = await documentClient().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :award)', ExpressionAttributeValues: { ':pk': gamePartition(learner.tenantId, learner.userId), ':award': 'AWARD#' }, ConsistentRead: true }),
  );
  return Items ?? [];
}

async function earnedCount(tenantId: string, achievementId: string): Promise<number> {
  return (await documentClient().send(new GetCommand({ TableName: tableName(), Key: achievementKey(tenantId, achievementId), ConsistentRead: true }))).Item?.earnedCount as number;
}

async function setting() {
  const tenantId = uniqueTenant();
  const author = instructor(tenantId);
  const learner = member(tenantId);
  await storeMember(tenantId, learner.userId);
  return { tenantId, author, learner };
}

describe('awarding: required courses + completion threshold + time limit', () => {
  beforeEach(() => {
    clock = Date.now();
  });

  it('awards only when both required courses reach the threshold, not before', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 4);
    const b = await course(author, 4);
    const id = await define(author, { course_completion_threshold: 75, required_courses: [a.courseId, b.courseId], time_limit_days: 30 });

    // Course A to 75 % (3 of 4): the threshold holds for A only.
    for (const lesson of a.lessons.slice(0, 3)) expect((await complete(learner, a.courseId, lesson)).body.data.achievements_triggered).toEqual([]);
    // Course B to 50 %: still short.
    for (const lesson of b.lessons.slice(0, 2)) expect((await complete(learner, b.courseId, lesson)).body.data.achievements_triggered).toEqual([]);
    expect(await awards(learner)).toEqual([]);

    // The write that brings B to 75 % awards it.
    const crossing = await complete(learner, b.courseId, b.lessons[2] as string);
    expect(crossing.status).toBe(200);
    expect(crossing.body.data.achievements_triggered).toEqual([{ id, title: 'Achiever', reason: expect.stringContaining('75%') }]);
    expect((await awards(learner)).map((item) => item.achievementId)).toEqual([id]);

    // Further writes never award it again.
    expect((await complete(learner, a.courseId, a.lessons[3] as string)).body.data.achievements_triggered).toEqual([]);
    expect(await earnedCount(learner.tenantId, id)).toBe(1);
    const blocks = 3 + 2 + 1 + 1;
    expect(await stats(learner)).toMatchObject({ points: blocks * BLOCK_POINTS + COURSE_POINTS + 100, learnerPoints: blocks * BLOCK_POINTS + COURSE_POINTS + 100, blocksCompleted: blocks, coursesCompleted: 1 });
  });

  it('does not award when the threshold is reached in only one of the required courses', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 2);
    const b = await course(author, 2);
    await define(author, { course_completion_threshold: 50, required_courses: [a.courseId, b.courseId] });
    for (const lesson of a.lessons) await complete(learner, a.courseId, lesson);
    expect(await awards(learner)).toEqual([]);
    expect((await complete(learner, b.courseId, b.lessons[0] as string)).body.data.achievements_triggered).toHaveLength(1);
  });

  it('does not award once the time limit since the first activity has passed', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 2);
    await define(author, { required_courses: [a.courseId], time_limit_days: 3 });
    clock = Date.now();
    await complete(learner, a.courseId, a.lessons[0] as string);
    clock += 3 * 86_400_000 + 60_000; // 3 days and a minute later
    const late = await complete(learner, a.courseId, a.lessons[1] as string);
    expect(late.body.data.course_completed).toBe(true);
    expect(late.body.data.achievements_triggered).toEqual([]);
    expect(await awards(learner)).toEqual([]);
  });

  it('awards within the time limit', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 2);
    const id = await define(author, { required_courses: [a.courseId], time_limit_days: 3 });
    clock = Date.now();
    await complete(learner, a.courseId, a.lessons[0] as string);
    clock += 3 * 86_400_000 - 60_000; // a minute before the limit
    const inTime = await complete(learner, a.courseId, a.lessons[1] as string);
    expect(inTime.body.data.achievements_triggered.map((t: { id: string }) => t.id)).toEqual([id]);
  });

  it('ALL needs every criterion; ANY needs one', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 3);
    const all = await define(author, { combine: 'all', blocks_completed: 2, courses_completed: 1 }, { title: 'All of them' });
    const any = await define(author, { combine: 'any', blocks_completed: 2, courses_completed: 1 }, { title: 'Any of them' });
    expect((await complete(learner, a.courseId, a.lessons[0] as string)).body.data.achievements_triggered).toEqual([]);
    expect((await complete(learner, a.courseId, a.lessons[1] as string)).body.data.achievements_triggered.map((t: { id: string }) => t.id)).toEqual([any]);
    expect((await complete(learner, a.courseId, a.lessons[2] as string)).body.data.achievements_triggered.map((t: { id: string }) => t.id)).toEqual([all]);
  });

  it('awards an achievement that requires another one in the same write (chained), and engagement averages', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 2);
    const first = await define(author, { engagement_score: 80 }, { title: 'Engaged', points_value: 10 });
    const second = await define(author, { achievement_id: first }, { title: 'Follow-up', points_value: 0 });
    // Average 70 over one block: short of 80.
    expect((await complete(learner, a.courseId, a.lessons[0] as string, { engagement_score: 70 })).body.data.achievements_triggered).toEqual([]);
    // (70 + 95) / 2 = 82.5 ≥ 80: both, in order.
    const response = await complete(learner, a.courseId, a.lessons[1] as string, { engagement_score: 95 });
    expect(response.body.data.achievements_triggered.map((t: { id: string }) => t.id)).toEqual([first, second]);
    expect(response.body.data.achievements_triggered[0].reason).toBe('High engagement score achieved');
  });
});

describe('awarding under concurrency and replays', () => {
  it('20 concurrent writes that each satisfy the same achievement award it once and add its points once', async () => {
    const { author, learner } = await setting();
    const id = await define(author, { blocks_completed: 1 }, { points_value: 250 });
    // Tutorial chapters: 20 items written concurrently (a course would serialize its completions on the course summary).
    const tutorialId = `tut-${randomUUID().slice(0, 8)}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api({ method: 'POST', path: `/v1/tutorials/progress/${tutorialId}/chapter`, token: learner.token, body: { chapterId: `c${i}`, watchTime: 30, completed: true, totalChapters: 20 } })),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(await awards(learner)).toHaveLength(1);
    expect(await earnedCount(learner.tenantId, id)).toBe(1);
    expect(await stats(learner)).toMatchObject({ points: 20 * BLOCK_POINTS + 250, learnerPoints: 20 * BLOCK_POINTS + 250, blocksCompleted: 20, achievementsCount: 1 });
    const ledger = await ledgerOf(learner.tenantId, learner.userId);
    expect(ledger.flatMap((record) => record.awarded ?? []).map((a) => a.id)).toEqual([id]);
  });

  it('a threshold crossed by concurrent writers is awarded exactly once (no writer judges from a stale count)', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 12);
    const id = await define(author, { blocks_completed: 7 });
    const responses = await Promise.all(a.lessons.map((lesson) => complete(learner, a.courseId, lesson)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.flatMap((r) => r.body.data.achievements_triggered).map((t: { id: string }) => t.id)).toEqual([id]);
    expect(await earnedCount(learner.tenantId, id)).toBe(1);
  });

  it('a replayed write reports the award it made and adds nothing', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 2);
    const id = await define(author, { blocks_completed: 1 });
    const key = { 'idempotency-key': randomUUID() };
    const first = await complete(learner, a.courseId, a.lessons[0] as string, {}, key);
    const before = await stats(learner);
    const replays = await Promise.all([1, 2, 3].map(() => complete(learner, a.courseId, a.lessons[0] as string, {}, key)));
    for (const replay of [first, ...replays]) expect(replay.body.data.achievements_triggered.map((t: { id: string }) => t.id)).toEqual([id]);
    expect(await stats(learner)).toEqual(before);
    expect(await ledgerOf(learner.tenantId, learner.userId)).toHaveLength(1);
  });

  it('adds points to the week, month and all-time leaderboard sources', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 2);
    clock = Date.now();
    await complete(learner, a.courseId, a.lessons[0] as string);
    for (const period of periodsOf(new Date(clock))) {
      const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: periodPointsKey(learner.tenantId, learner.userId, period), ConsistentRead: true }))).Item;
      expect(item).toMatchObject({ points: BLOCK_POINTS, learnerPoints: BLOCK_POINTS, trainerPoints: 0, userId: learner.userId, period });
      expect(item?.gsi2pk).toMatch(new RegExp(`#LBSRC#${period.replace('#', '#')}#[0-7]$`));
    }
  });

  it('writes an achievement_earned notification with the award', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 1);
    await define(author, { blocks_completed: 1 }, { title: 'First block' });
    await complete(learner, a.courseId, a.lessons[0] as string);
    const list = await api({ method: 'GET', path: '/api/v1/notifications/', token: learner.token });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain('Achievement unlocked: First block');
  });
});

describe('DynamoDB requests per progress write with gamification', () => {
  it('a course write costs BatchGet + TransactWrite whether or not achievements exist or are awarded (STATS and INDEX ride in the same BatchGet)', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 4);
    await complete(learner, a.courseId, a.lessons[0] as string); // builds the course outline (+2, once per course version)
    // The rate limiter is off in this client, so the counts are the write's own.
    const plain = await complete(learner, a.courseId, a.lessons[1] as string);
    expect(plain.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    await define(author, { blocks_completed: 4 });
    const pending = await complete(learner, a.courseId, a.lessons[2] as string);
    expect(pending.body.data.achievements_triggered).toEqual([]);
    expect(pending.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    const awarding = await complete(learner, a.courseId, a.lessons[3] as string);
    expect(awarding.body.data.achievements_triggered).toHaveLength(1);
    // The last lesson also completes the course, and a completed course issues its certificate after the
    // write commits (issue 23): +1 BatchGet (profile, member, organization) and +1 TransactWrite, on the
    // completing write only (docs/data-model.md "Certificates").
    expect(awarding.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 2, TransactWriteItemsCommand: 2 });
  });

  it('a tutorial chapter write costs Query + 1 BatchGet for gamification + TransactWrite, awarding or not', async () => {
    const { author, learner } = await setting();
    await define(author, { blocks_completed: 2 });
    const tutorialId = `tut-${randomUUID().slice(0, 8)}`;
    const chapter = (n: number) => api({ method: 'POST', path: `/v1/tutorials/progress/${tutorialId}/chapter`, token: learner.token, body: { chapterId: `c${n}`, watchTime: 30, completed: true, totalChapters: 2 } });
    const first = await chapter(1);
    expect(first.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    const second = await chapter(2);
    expect(second.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(await awards(learner)).toHaveLength(1);
  });
});

describe('validate_achievement (seed 000 §4)', () => {
  it('reports criteria_met per criterion and awards an achievement defined after the learner qualified', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 2);
    for (const lesson of a.lessons) await complete(learner, a.courseId, lesson);
    const id = await define(author, { courses_completed: 1, blocks_completed: 5, combine: 'any' }, { points_value: 40 });
    const pointsBefore = (await stats(learner))?.points as number;

    const response = await api({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'validate_achievement', achievement_id: id, completion_data: { course_id: a.courseId, completion_score: 100 } } });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ achievement_id: id, achievement_earned: true, awarded_now: true, verification_data: { validation_method: 'automated', score_verified: true, criteria_met: ['courses_completed'] } });
    expect(response.body.data.verification_data.criteria).toEqual([
      { criterion: 'courses_completed', met: true, progress: 100 },
      { criterion: 'blocks_completed', met: false, progress: 40 },
    ]);
    expect((await stats(learner))?.points).toBe(pointsBefore + 40);

    const again = await api({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'validate_achievement', achievement_id: id } });
    expect(again.body.data).toMatchObject({ achievement_earned: true, awarded_now: false, earned_at: response.body.data.earned_at, user_achievement_id: response.body.data.user_achievement_id });
    expect((await stats(learner))?.points).toBe(pointsBefore + 40);
    expect(await earnedCount(learner.tenantId, id)).toBe(1);
  });

  it('answers not earned with progress, and a claim the records do not back is not verified', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 4);
    await complete(learner, a.courseId, a.lessons[0] as string);
    const id = await define(author, { blocks_completed: 4 });
    const response = await api({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'validate_achievement', achievement_id: id, completion_data: { course_id: a.courseId, completion_score: 90 } } });
    expect(response.body.data).toMatchObject({ achievement_earned: false, user_achievement_id: null, earned_at: null, progress: 25, verification_data: { score_verified: false, criteria_met: [] } });
    expect(await awards(learner)).toEqual([]);
  });

  it('404 for an unknown achievement; 400 for unknown fields; a learner cannot validate for another learner', async () => {
    const { author, learner, tenantId } = await setting();
    const id = await define(author, { blocks_completed: 4 });
    expect((await api({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'validate_achievement', achievement_id: 'nope' } })).status).toBe(404);
    const extra = await api({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'validate_achievement', achievement_id: id, points: 5 } });
    expect(extra.status).toBe(400);
    const other = member(tenantId);
    await storeMember(tenantId, other.userId);
    expect((await api({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'validate_achievement', achievement_id: id, user_id: other.userId } })).status).toBe(403);
    expect((await api({ method: 'POST', path: MILESTONES, body: { action: 'validate_achievement', achievement_id: id } })).status).toBe(401);
  });
});

describe('stats and achievements views (seed 003 §7, seed 004)', () => {
  it('stats show points, level and latest achievement; the achievements view shows progress and earned dates', async () => {
    const { author, learner } = await setting();
    const a = await course(author, 4);
    const earned = await define(author, { blocks_completed: 1 }, { title: 'First', tier: 'gold', points_value: 100 });
    const pending = await define(author, { blocks_completed: 4 }, { title: 'All four', points_value: 0 });
    await complete(learner, a.courseId, a.lessons[0] as string);

    const statsResponse = await api({ method: 'GET', path: `/api/v1/gamification/stats/${learner.userId}`, token: learner.token });
    expect(statsResponse.status).toBe(200);
    const total = BLOCK_POINTS + 100; // 110 points: level 2 starts at 100, level 3 at 300 (50·n·(n−1))
    expect(statsResponse.body.data).toMatchObject({ userId: learner.userId, totalPoints: total, currentLevel: 2, levelProgress: Math.floor(((total - 100) * 100) / 200), nextLevelPoints: 300, pointsByRole: { learner: total, trainer: 0 }, latestAchievement: { id: earned, name: 'First', tier: 'gold' } });

    const view = await api({ method: 'GET', path: `/api/v1/gamification/achievements/${learner.userId}`, token: learner.token });
    expect(view.status).toBe(200);
    expect(view.body.data.totalAchievements).toBe(1);
    expect(view.body.data.achievementsByTier).toEqual({ bronze: 0, silver: 0, gold: 1, legendary: 0 });
    const byId = Object.fromEntries(view.body.data.achievements.map((x: { id: string }) => [x.id, x]));
    expect(byId[earned]).toMatchObject({ progress: 100, earnedAt: expect.any(String) });
    expect(byId[pending]).toMatchObject({ progress: 25, earnedAt: null });

    const own = await api({ method: 'GET', path: '/api/analytics/achievements', token: learner.token });
    expect(own.body.data.achievements).toEqual(view.body.data.achievements);
  });

  it('own data, a trainer of the tenant, another learner (403), another tenant (404) and no token (401)', async () => {
    const { tenantId, learner } = await setting();
    const trainer = member(tenantId, ['trainer']);
    const peer = member(tenantId);
    await storeMember(tenantId, peer.userId);
    const foreign = member(uniqueTenant(), ['org_admin']);
    for (const path of [`/api/v1/gamification/stats/${learner.userId}`, `/api/v1/gamification/achievements/${learner.userId}`]) {
      expect((await api({ method: 'GET', path, token: learner.token })).status).toBe(200);
      expect((await api({ method: 'GET', path, token: trainer.token })).status).toBe(200);
      expect((await api({ method: 'GET', path, token: peer.token })).status).toBe(403);
      expect((await api({ method: 'GET', path, token: foreign.token })).status).toBe(404);
      expect((await api({ method: 'GET', path })).status).toBe(401);
    }
  });
});
