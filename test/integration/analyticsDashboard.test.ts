import { TransactWriteCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createAnalyticsHandler, handler as analyticsHandler } from '../../lambdas/analytics/handler.js';
import { handler as enrollmentsHandler } from '../../lambdas/enrollments/handler.js';
import { archiveAchievement, createAchievement } from '../../shared/achievements/achievementService.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import type { Principal } from '../../shared/auth/principal.js';
import { documentClient } from '../../shared/db/client.js';
import { memberKey } from '../../shared/db/keys.js';
import { programEnrollmentProgress } from '../../shared/programs/programEnrollmentService.js';
import { putNewProgram } from '../../shared/programs/programRepository.js';
import { activityPut, activityRecord, type ActivityInput } from '../../shared/progress/activity.js';
import type { Role } from '../../shared/routes/types.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { createAchievementAction } from '../../shared/schemas/achievements.js';
import { publishedCourse } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { putAll } from '../support/leaderboard.js';
import { storeMember, unlimitedProgressApi } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Seed 000 §8 analytics dashboard (docs/analytics.md "Analytics dashboard"). A hand-built tenant: three
 * learners in two time zones whose activity crosses local midnight, written as the exact ledger items
 * the progress engine writes (activityPut), folded by the real nightly aggregation, plus program
 * completions through the real program enrollment service. Every expected value is computed by hand in
 * the comments from the fixture below, never from the implementation.
 */

/** As deployed (the `analytics` limiter on: one UpdateItem per call). */
const api = httpClient(ROUTES, { analytics: analyticsHandler });
/** Without the limiter, for the budget test's many calls under one user. */
const unlimitedApi = httpClient(ROUTES, { analytics: createAnalyticsHandler({ rateClasses: { analytics: { limit: null, windowSeconds: 3600 } } }) });
const enrollmentsApi = httpClient(ROUTES, { enrollments: enrollmentsHandler });
const PATH = '/functions/v1/analytics-dashboard';

const dashboard = (token: string | undefined, body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  api({ method: 'POST', path: PATH, ...(token ? { token } : {}), body: { action: 'get_dashboard', ...body }, ...(headers ? { headers } : {}) });

const fieldsOf = (body: { error: { details: { issues: { field: string }[] } } }) => body.error.details.issues.map((issue) => issue.field);

function principal(tenantId: string, userId: string, roles: Role[]): Principal {
  return { userId, tenantId, roles, memberships: { [tenantId]: roles }, timeZone: 'UTC' };
}

const AUCKLAND = 'Pacific/Auckland'; // NZDT, UTC+13 from 2026-09-27
const LOS_ANGELES = 'America/Los_Angeles'; // PDT UTC−7 until 2026-11-01T09:00Z, then PST UTC−8

interface Row {
  user: 'A' | 'B' | 'C';
  at: string;
  source: ActivityInput['source'];
  content: string;
  item: string;
  seconds: number;
  itemCompleted?: boolean;
  courseCompleted?: boolean;
  award?: 'X' | 'Y' | 'Z' | 'W';
  score?: [number, number, boolean];
}

/**
 * The fixture's ledger. A is in Auckland, B and C in Los Angeles; the comment gives each record's
 * local date and time (the date it counts on). K1–K3 are courses, T1 a tutorial.
 */
const ROWS: Row[] = [
  { user: 'B', at: '2026-10-05T18:00:00Z', source: 'lesson.progress', content: 'K1', item: 'l1', seconds: 900, itemCompleted: true, courseCompleted: true, award: 'X' }, // B 10-05 11:00
  { user: 'B', at: '2026-10-31T03:00:00Z', source: 'lesson.progress', content: 'K3', item: 'l1', seconds: 400 }, // B 10-30 20:00
  { user: 'B', at: '2026-10-31T03:20:00Z', source: 'lesson.progress', content: 'K3', item: 'l1', seconds: 200 }, // B 10-30 20:20
  { user: 'A', at: '2026-10-30T20:00:00Z', source: 'lesson.progress', content: 'K1', item: 'l1', seconds: 300, itemCompleted: true, award: 'X' }, // A 10-31 09:00
  { user: 'A', at: '2026-10-30T20:10:00Z', source: 'lesson.progress', content: 'K1', item: 'l2', seconds: 240, itemCompleted: true }, // A 10-31 09:10
  { user: 'B', at: '2026-11-01T06:30:00Z', source: 'lesson.progress', content: 'K2', item: 'l1', seconds: 500, itemCompleted: true, courseCompleted: true, award: 'Y' }, // B 10-31 23:30 (UTC 11-01)
  { user: 'B', at: '2026-11-01T06:50:00Z', source: 'lesson.progress', content: 'K2', item: 'l2', seconds: 100 }, // B 10-31 23:50
  { user: 'A', at: '2026-10-31T11:30:00Z', source: 'lesson.progress', content: 'K1', item: 'l3', seconds: 600, itemCompleted: true, courseCompleted: true, award: 'Z' }, // A 11-01 00:30 (UTC 10-31)
  { user: 'B', at: '2026-11-01T07:10:00Z', source: 'lesson.progress', content: 'K2', item: 'l2', seconds: 50 }, // B 11-01 00:10 (20 min after b4, but a new local day)
  { user: 'A', at: '2026-11-01T21:00:00Z', source: 'tutorial.chapter', content: 'T1', item: 'c1', seconds: 120 }, // A 11-02 10:00
  { user: 'A', at: '2026-11-01T22:00:00Z', source: 'tutorial.chapter', content: 'T1', item: 'c2', seconds: 180 }, // A 11-02 11:00 (60 min gap: new session)
  { user: 'B', at: '2026-11-02T17:00:00Z', source: 'tutorial.quiz', content: 'T1', item: 'q1', seconds: 0, score: [8, 10, true], award: 'W' }, // B 11-02 09:00 PST
  { user: 'B', at: '2026-11-02T17:25:00Z', source: 'tutorial.chapter', content: 'T1', item: 'c1', seconds: 240 }, // B 11-02 09:25
  { user: 'C', at: '2026-11-02T08:30:00Z', source: 'lesson.progress', content: 'K1', item: 'l1', seconds: 300, itemCompleted: true, courseCompleted: true, award: 'X' }, // C 11-02 00:30
  { user: 'C', at: '2026-11-02T08:45:00Z', source: 'lesson.progress', content: 'K1', item: 'l2', seconds: 60 }, // C 11-02 00:45
  { user: 'C', at: '2026-11-03T07:30:00Z', source: 'lesson.progress', content: 'K2', item: 'l1', seconds: 200, itemCompleted: true, courseCompleted: true }, // C 11-02 23:30 (UTC 11-03)
  { user: 'A', at: '2026-11-02T11:30:00Z', source: 'tutorial.chapter', content: 'T1', item: 'c3', seconds: 90 }, // A 11-03 00:30 (UTC 11-02): after data_through
  { user: 'C', at: '2026-11-03T09:00:00Z', source: 'lesson.progress', content: 'K2', item: 'l2', seconds: 100 }, // C 11-03 01:00: after data_through
];

/*
 * Tenant-days by local date (sessions: a learner's records of one local day, split at gaps > 30 min;
 * a bounce is a one-record session):
 *   10-05  B b0                         active 1  sessions 1  seconds  900  bounces 1  course completions 1  awards X
 *   10-06 … 10-29 folded empty (catch-up) active 0
 *   10-30  B (400+200)                  active 1  sessions 1  seconds  600  bounces 0
 *   10-31  A (300+240), B (500+100)     active 2  sessions 2  seconds 1140  bounces 0  completions 1 (B K2)  awards X, Y
 *   11-01  A (600) B (50)               active 2  sessions 2  seconds  650  bounces 2  completions 1 (A K1)  awards Z
 *   11-02  A 120 | 180, B (0+240), C (300+60) | 200
 *                                       active 3  sessions 5  seconds 1100  bounces 3  completions 2 (C K1, C K2)  awards W, X
 *   11-03  A, C — folded by a manual run, but after data_through (11-02): never counted.
 */

const THROUGH = '2026-11-02';
const RANGE = { start_date: '2026-10-30', end_date: '2026-11-02' };

interface Fixture {
  tenantId: string;
  admin: string;
  trainer: string;
  achievements: Record<'X' | 'Y' | 'Z' | 'W', string>;
}

async function writeLedger(tenantId: string, users: Record<'A' | 'B' | 'C', { id: string; zone: string }>, achievements: Fixture['achievements']): Promise<void> {
  const items = ROWS.map((row, i) => {
    const user = users[row.user];
    return activityPut(
      activityRecord({
        eventId: `evt-${i}-${randomUUID()}`,
        tenantId,
        userId: user.id,
        actorId: user.id,
        source: row.source,
        contentType: row.source.startsWith('tutorial.') ? 'tutorial' : 'course',
        contentId: row.content,
        itemId: row.item,
        seconds: row.seconds,
        requestHash: `hash-${i}`,
        now: new Date(row.at),
        timeZone: user.zone,
        ...(row.itemCompleted ? { itemCompleted: true } : {}),
        ...(row.courseCompleted ? { contentCompleted: true } : {}),
        ...(row.score ? { score: row.score[0], maxScore: row.score[1], passed: row.score[2] } : {}),
        ...(row.award ? { awarded: [{ id: achievements[row.award], title: `Award ${row.award}`, reason: 'fixture' }], points: 10 } : {}),
      }),
    );
  });
  for (let i = 0; i < items.length; i += 25) await documentClient().send(new TransactWriteCommand({ TransactItems: items.slice(i, i + 25) }));
}

/** Three program learners finish a one-course program at chosen instants (UTC months 10, 10, 11). */
async function completePrograms(tenantId: string, learners: string[]): Promise<void> {
  const authorId = randomUUID();
  const author = { userId: authorId, token: tokenFor({ userId: authorId, tenantId, roles: ['instructor'] }) };
  const course = await publishedCourse(author, { price: 0 });
  const now = new Date().toISOString();
  const programId = randomUUID();
  await putNewProgram({
    tenantId,
    programId,
    title: 'Program',
    description: '',
    durationWeeks: 4,
    difficultyLevel: 'beginner',
    status: 'active',
    prerequisites: [],
    courseAssignments: [{ courseId: course.courseId, sequenceOrder: 1, prerequisites: [] }],
    createdBy: author.userId,
    createdAt: now,
    updatedAt: now,
    version: 1,
    enrollmentCount: 0,
    completionCount: 0,
  });
  // completedAt UTC months: 2026-10, 2026-10 (23:30Z, already 11-01 in Auckland: the counter is by UTC month), 2026-11.
  const instants = ['2026-10-15T12:00:00Z', '2026-10-31T23:30:00Z', '2026-11-01T00:30:00Z'];
  for (const [i, userId] of learners.entries()) {
    const token = tokenFor({ userId, tenantId, roles: ['learner'] });
    const enrolled = await enrollmentsApi({ method: 'POST', path: '/functions/v1/program-enrollment-api', token, body: { action: 'enroll', program_id: programId } });
    if (enrolled.status !== 200) throw new Error(`enroll: ${enrolled.status} ${enrolled.rawBody}`);
    const done = await unlimitedProgressApi({ method: 'POST', path: `/api/v1/student/courses/${course.courseId}/lessons/${course.lessonId}/progress/`, token, body: { completed: true } });
    if (done.status !== 200) throw new Error(`progress: ${done.status} ${done.rawBody}`);
    const enrollmentId = enrolled.body.data.enrollment_id as string;
    // Two concurrent readers both see the program finished: the enrollment's condition lets one count it.
    const [first] = await Promise.all([0, 1].map(() => programEnrollmentProgress(principal(tenantId, userId, ['learner']), enrollmentId, new Date(instants[i]!))));
    if (first?.status !== 'completed') throw new Error(`program not completed: ${JSON.stringify(first)}`);
    // Read again a month later: already completed, so nothing is counted twice.
    await programEnrollmentProgress(principal(tenantId, userId, ['learner']), enrollmentId, new Date('2026-11-20T12:00:00Z'));
  }
}

async function buildFixture(): Promise<Fixture> {
  const tenantId = uniqueTenant('dash');
  const admin = randomUUID();
  const trainer = randomUUID();
  const users = {
    A: { id: randomUUID(), zone: AUCKLAND },
    B: { id: randomUUID(), zone: LOS_ANGELES },
    C: { id: randomUUID(), zone: LOS_ANGELES },
  };
  const programLearners = [randomUUID(), randomUUID(), randomUUID()];
  // Members: A, B, C, three program learners, the admin and the trainer = 8.
  for (const id of [users.A.id, users.B.id, users.C.id, ...programLearners]) await storeMember(tenantId, id, ['learner']);
  await storeMember(tenantId, admin, ['org_admin']);
  await storeMember(tenantId, trainer, ['trainer']);

  const author = principal(tenantId, admin, ['org_admin']);
  const define = async (title: string, tier: string) =>
    (await createAchievement(author, createAchievementAction.parse({ action: 'create', title, achievement_type: 'milestone', tier, criteria: { courses_completed: 1000 } }), new Date())).achievementId;
  const achievements = { X: await define('First Steps', 'bronze'), Y: await define('Quiz Whiz', 'silver'), Z: await define('Marathon', 'gold'), W: await define('Old Badge', 'legendary') };
  // W is archived: it leaves the INDEX, so its awards count under level `unknown`.
  await archiveAchievement(author, achievements.W, new Date());

  await writeLedger(tenantId, users, achievements);

  await completePrograms(tenantId, programLearners);

  for (const date of ['2026-10-05', '2026-10-30', '2026-10-31', '2026-11-01', THROUGH]) await aggregateTenant({ tenantId, date, trigger: 'nightly' });
  await aggregateTenant({ tenantId, date: '2026-11-03', trigger: 'manual' });
  return { tenantId, admin, trainer, achievements };
}

describe('analytics dashboard: figures of a hand-built tenant (learner-local days, Auckland and Los Angeles)', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await buildFixture();
  }, 180_000);

  const asAdmin = (body: Record<string, unknown> = {}) => dashboard(tokenFor({ userId: fixture.admin, tenantId: fixture.tenantId, roles: ['org_admin'] }), body);

  it('reports the aggregated-through date and the range used', async () => {
    const response = await asAdmin({ date_range: RANGE });
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    expect(response.body.data.data_through).toBe(THROUGH);
    expect(response.body.data.date_range).toEqual(RANGE);
  });

  it('total_users counts every member of the tenant', async () => {
    // A, B, C, three program learners, the org admin, the trainer.
    expect((await asAdmin()).body.data.overview.total_users).toBe(8);
  });

  it('active_users_30d counts distinct learners active in the 30 local dates ending at data_through', async () => {
    // Window 10-04 … 11-02: A, B, C.
    expect((await asAdmin()).body.data.overview.active_users_30d).toBe(3);
  });

  it('average_engagement is 100 × learner-days / (30 × active learners)', async () => {
    // Learner-days in the window: B 10-05, 10-30, 10-31, 11-01, 11-02 (5); A 10-31, 11-01, 11-02 (3); C 11-02 (1) = 9.
    // 100 × 9 / (30 × 3) = 10.0.
    expect((await asAdmin()).body.data.overview.average_engagement).toBe(10);
  });

  it('completion_rate is 100 × completed / active learner–course pairs in the 30-day window', async () => {
    // Pairs: B–K1 ✓, B–K3 ✗, B–K2 ✓, A–K1 ✓, C–K1 ✓, C–K2 ✓ (tutorials are not courses) → 100 × 5 / 6 = 83.3.
    expect((await asAdmin()).body.data.overview.completion_rate).toBe(83.3);
  });

  it('daily_active_users lists each folded local date of the range, newest first', async () => {
    // A's 11-01 00:30 Auckland (UTC 10-31) counts on 11-01; B's 10-31 23:30 LA (UTC 11-01) on 10-31.
    expect((await asAdmin({ date_range: RANGE })).body.data.engagement_metrics.daily_active_users).toEqual([
      { date: '2026-11-02', users: 3 },
      { date: '2026-11-01', users: 2 },
      { date: '2026-10-31', users: 2 },
      { date: '2026-10-30', users: 1 },
    ]);
  });

  it('session_duration_avg_minutes is Σ session seconds / Σ sessions / 60 over the range', async () => {
    // (600 + 1140 + 650 + 1100) / (1 + 2 + 2 + 5) = 3490 / 10 = 349 s = 5.816… min → 5.8.
    expect((await asAdmin({ date_range: RANGE })).body.data.engagement_metrics.session_duration_avg_minutes).toBe(5.8);
  });

  it('bounce_rate is 100 × one-record sessions / sessions over the range', async () => {
    // Bounces: 10-30 0, 10-31 0, 11-01 2 (A a3, B b5), 11-02 3 (A twice, C's 23:30) = 5; 100 × 5 / 10 = 50.0.
    expect((await asAdmin({ date_range: RANGE })).body.data.engagement_metrics.bounce_rate).toBe(50);
  });

  it('course_completions compare this local month up to data_through with the whole last month', async () => {
    // November (11-01 … 11-02): A K1 on 11-01, C K1 and C K2 on 11-02 = 3. October: B K1 10-05, B K2 10-31 = 2.
    // growth = 100 × (3 − 2) / 2 = 50.0. (UTC days would give 2 and 2: A's completion is UTC 10-31, B's UTC 11-01, C's K2 UTC 11-03.)
    expect((await asAdmin({ date_range: RANGE })).body.data.completion_metrics.course_completions).toEqual({ this_month: 3, last_month: 2, growth_rate: 50 });
  });

  it('program_completions count completions per UTC month of completedAt, each once', async () => {
    // 2026-10-15 and 2026-10-31T23:30Z in October (2), 2026-11-01T00:30Z in November (1); concurrent and later re-reads count nothing.
    // growth = 100 × (1 − 2) / 2 = −50.0.
    expect((await asAdmin()).body.data.completion_metrics.program_completions).toEqual({ this_month: 1, last_month: 2, growth_rate: -50 });
  });

  it('total_achievements_earned counts awards on the folded dates of the range', async () => {
    // 10-31 X, Y; 11-01 Z; 11-02 W, X = 5 (B's X on 10-05 is before the range).
    expect((await asAdmin({ date_range: RANGE })).body.data.achievement_metrics.total_achievements_earned).toBe(5);
  });

  it('most_popular_achievement is the most awarded one in the range, with its title', async () => {
    // X (First Steps) twice; Y, Z, W once.
    expect((await asAdmin({ date_range: RANGE })).body.data.achievement_metrics.most_popular_achievement).toEqual({ id: fixture.achievements.X, title: 'First Steps', earned_count: 2 });
  });

  it('achievement_distribution counts awards per tier of the active definitions, archived ones as unknown', async () => {
    // bronze X 2, silver Y 1, gold Z 1, legendary 0 (W was legendary but is archived) , unknown W 1.
    expect((await asAdmin({ date_range: RANGE })).body.data.achievement_metrics.achievement_distribution).toEqual([
      { level: 'bronze', count: 2 },
      { level: 'silver', count: 1 },
      { level: 'gold', count: 1 },
      { level: 'legendary', count: 0 },
      { level: 'unknown', count: 1 },
    ]);
  });

  it('defaults to the 30 local dates ending at data_through', async () => {
    const data = (await asAdmin()).body.data;
    // 10-04 … 11-02; 10-04 was never folded (the first run was for 10-05), so 29 dates, 10-06 … 10-29 with 0 users.
    expect(data.date_range).toEqual({ start_date: '2026-10-04', end_date: THROUGH });
    expect(data.engagement_metrics.daily_active_users).toHaveLength(29);
    expect(data.engagement_metrics.daily_active_users.slice(0, 4).map((d: { users: number }) => d.users)).toEqual([3, 2, 2, 1]);
    expect(data.engagement_metrics.daily_active_users[4]).toEqual({ date: '2026-10-29', users: 0 });
    expect(data.engagement_metrics.daily_active_users[28]).toEqual({ date: '2026-10-05', users: 1 });
    // With 10-05: (3490 + 900) / 11 = 399.09 s = 6.65 min → 6.7; bounces 100 × 6 / 11 = 54.5; awards 6, X 3.
    expect(data.engagement_metrics.session_duration_avg_minutes).toBe(6.7);
    expect(data.engagement_metrics.bounce_rate).toBe(54.5);
    expect(data.achievement_metrics.total_achievements_earned).toBe(6);
    expect(data.achievement_metrics.most_popular_achievement.earned_count).toBe(3);
  });

  it('never counts a date after data_through, even when a manual run folded it', async () => {
    // 11-03 holds A's 00:30 Auckland chapter (UTC 11-02) and C's 01:00 LA lesson; the range asks for it.
    const data = (await asAdmin({ date_range: { start_date: '2026-10-30', end_date: '2026-11-03' } })).body.data;
    expect(data.engagement_metrics.daily_active_users[0]).toEqual({ date: '2026-11-02', users: 3 });
    expect(data.engagement_metrics.session_duration_avg_minutes).toBe(5.8);
  });

  it('returns only the sections `metrics` selects, with fewer reads', async () => {
    const engagement = await asAdmin({ date_range: RANGE, metrics: ['engagement'] });
    expect(Object.keys(engagement.body.data).sort()).toEqual(['data_through', 'date_range', 'engagement_metrics']);
    // No member COUNT: the BatchGet and the aggregate Query (and the limiter).
    expect(engagement.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, QueryCommand: 1 });
    const overview = await asAdmin({ metrics: ['user_activity'] });
    expect(Object.keys(overview.body.data).sort()).toEqual(['data_through', 'date_range', 'overview']);
    // No aggregate Query: the BatchGet (state, overview) and the member COUNT.
    expect(overview.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, QueryCommand: 1 });
    const two = await asAdmin({ metrics: ['completion', 'achievement'] });
    expect(Object.keys(two.body.data).sort()).toEqual(['achievement_metrics', 'completion_metrics', 'data_through', 'date_range']);
  });

  it('answers a trainer with the same figures', async () => {
    const response = await dashboard(tokenFor({ userId: fixture.trainer, tenantId: fixture.tenantId, roles: ['trainer'] }), { date_range: RANGE, metrics: ['engagement'] });
    expect(response.status).toBe(200);
    expect(response.body.data.engagement_metrics.bounce_rate).toBe(50);
  });
});

describe('analytics dashboard before the first nightly run', () => {
  it('says so: data_through null, every aggregate figure null, members still counted', async () => {
    const tenantId = uniqueTenant('dash');
    const admin = randomUUID();
    await storeMember(tenantId, admin, ['org_admin']);
    const response = await dashboard(tokenFor({ userId: admin, tenantId, roles: ['org_admin'] }));
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      data_through: null,
      date_range: null,
      overview: { total_users: 1, active_users_30d: null, completion_rate: null, average_engagement: null },
      engagement_metrics: { daily_active_users: [], session_duration_avg_minutes: null, bounce_rate: null },
      completion_metrics: {
        course_completions: { this_month: null, last_month: null, growth_rate: null },
        program_completions: { this_month: null, last_month: null, growth_rate: null },
      },
      achievement_metrics: { total_achievements_earned: null, most_popular_achievement: null, achievement_distribution: null },
    });
    // BatchGet (state, overview, INDEX) and the member COUNT; nothing to query without data_through.
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, QueryCommand: 1 });
  });
});

describe('analytics dashboard access', () => {
  const tenantId = uniqueTenant('dash');
  const token = (roles: Role[], extra: Partial<Parameters<typeof tokenFor>[0]> = {}) => tokenFor({ userId: randomUUID(), tenantId, roles, ...extra });

  it('admits org admins and trainers', async () => {
    expect((await dashboard(token(['org_admin']))).status).toBe(200);
    expect((await dashboard(token(['trainer']))).status).toBe(200);
  });

  it('refuses learners and instructors with 403', async () => {
    for (const roles of [['learner'], ['instructor']] as Role[][]) {
      const response = await dashboard(token(roles));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('AUTHORIZATION_DENIED');
    }
  });

  it('refuses a community the token is not a member of (x-community-id) with 403', async () => {
    const response = await dashboard(token(['org_admin']), {}, { 'x-community-id': uniqueTenant('foreign') });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('AUTHORIZATION_DENIED');
  });

  it('refuses a body community_id other than the request\'s community with 403, even one the token belongs to', async () => {
    const other = uniqueTenant('other');
    const member = token(['org_admin'], { memberships: { [other]: ['org_admin'] } });
    const response = await dashboard(member, { community_id: other });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('AUTHORIZATION_DENIED');
    expect((await dashboard(member, { community_id: tenantId })).status).toBe(200);
    // Selecting the other community with the header makes it the request's community.
    expect((await dashboard(member, { community_id: other }, { 'x-community-id': other })).status).toBe(200);
  });

  it('refuses a request without a token with 401', async () => {
    const response = await dashboard(undefined);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('AUTHENTICATION_FAILED');
  });
});

describe('analytics dashboard validation', () => {
  const tenantId = uniqueTenant('dash');
  const admin = () => tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });

  it('refuses an unknown field with 400 naming it', async () => {
    const response = await dashboard(admin(), { granularity: 'day' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldsOf(response.body)).toEqual(['body.granularity']);
  });

  it('refuses a range over 366 days with 400 on body.date_range, and accepts exactly 366', async () => {
    // 2025-01-01 … 2026-01-02 is 367 dates; 2024-01-01 … 2024-12-31 is 366 (leap year).
    const long = await dashboard(admin(), { date_range: { start_date: '2025-01-01', end_date: '2026-01-02' } });
    expect(long.status).toBe(400);
    expect(fieldsOf(long.body)).toEqual(['body.date_range']);
    expect((await dashboard(admin(), { date_range: { start_date: '2024-01-01', end_date: '2024-12-31' } })).status).toBe(200);
  });

  it('refuses an inverted range with 400 on body.date_range', async () => {
    const response = await dashboard(admin(), { date_range: { start_date: '2026-11-02', end_date: '2026-11-01' } });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['body.date_range']);
  });

  it('refuses a date that does not exist or is not yyyy-mm-dd with 400 naming it', async () => {
    const impossible = await dashboard(admin(), { date_range: { start_date: '2026-02-30', end_date: '2026-03-01' } });
    expect(impossible.status).toBe(400);
    expect(fieldsOf(impossible.body)).toEqual(['body.date_range.start_date']);
    const format = await dashboard(admin(), { date_range: { start_date: '2026-01-01', end_date: '01/02/2026' } });
    expect(fieldsOf(format.body)).toEqual(['body.date_range.end_date']);
  });

  it('refuses an unknown metric and a wrong action with 400', async () => {
    expect(fieldsOf((await dashboard(admin(), { metrics: ['revenue'] })).body)).toEqual(['body.metrics.0']);
    const wrong = await api({ method: 'POST', path: PATH, token: admin(), body: { action: 'get_report' } });
    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong.body)).toEqual(['body.action']);
  });
});

describe('DynamoDB requests per call (the limiter\'s UpdateItem aside)', () => {
  /** A tenant of `count` learner members, each active once on 2026-11-02 (UTC), folded nightly. */
  async function tenantOf(count: number): Promise<{ tenantId: string; token: string }> {
    const tenantId = uniqueTenant('dashb');
    const admin = randomUUID();
    const learners = Array.from({ length: count }, () => randomUUID());
    const members = [...learners.map((userId) => ({ userId, roles: ['learner'] })), { userId: admin, roles: ['org_admin'] }];
    // The member item organizations write (as storeMember), in bulk.
    await putAll(members.map(({ userId, roles }) => ({ ...memberKey(tenantId, userId), type: 'member', tenantId, userId, roles, joinedAt: '2026-10-01T00:00:00Z' })));
    await putAll(
      learners.map(
        (userId, i) =>
          activityPut(
            activityRecord({ eventId: `e-${i}`, tenantId, userId, actorId: userId, source: 'lesson.progress', contentType: 'course', contentId: 'K1', itemId: 'l1', seconds: 60, requestHash: 'h', now: new Date('2026-11-02T12:00:00Z'), timeZone: 'UTC' }),
          ).Put.Item,
      ),
    );
    await aggregateTenant({ tenantId, date: '2026-11-02', trigger: 'nightly' });
    return { tenantId, token: tokenFor({ userId: admin, tenantId, roles: ['org_admin'] }) };
  }

  it('is 1 BatchGet + 2 Queries for 50 and for 500 learners', async () => {
    const small = await tenantOf(50);
    const large = await tenantOf(500);
    const read = (t: { token: string }) => unlimitedApi({ method: 'POST', path: PATH, token: t.token, body: { action: 'get_dashboard' } });
    const [a, b] = [await read(small), await read(large)];
    // Sanity of what was read: every learner active on the one date, members = learners + the admin.
    expect(a.body.data.engagement_metrics.daily_active_users).toEqual([{ date: '2026-11-02', users: 50 }]);
    expect(b.body.data.engagement_metrics.daily_active_users).toEqual([{ date: '2026-11-02', users: 500 }]);
    expect(b.body.data.overview.total_users).toBe(501);
    expect(a.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 2 });
    expect(b.dynamoDbByCommand).toEqual(a.dynamoDbByCommand);
    // As deployed, the limiter adds its one UpdateItem.
    expect((await api({ method: 'POST', path: PATH, token: large.token, body: { action: 'get_dashboard' } })).dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, QueryCommand: 2 });
  }, 120_000);
});
