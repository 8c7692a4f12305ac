import { PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createGamificationHandler } from '../../lambdas/gamification/handler.js';
import { createLearnerAnalyticsHandler } from '../../lambdas/learnerAnalytics/handler.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { achievementIndexKey, courseOutlineKey, learnerCourseKey, learnerStatsKey, profileKey } from '../../shared/db/keys.js';
import type { CourseOutline } from '../../shared/domain/courseProgress.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { appendRecord, appendRecords, ledgerRecord } from '../support/ledger.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Learner analytics (issue 14): a hand-built tenant with one learner in Auckland (UTC+13 in December)
// and one in Los Angeles (UTC−8), activity on both sides of their local midnights, nightly runs for
// 30 November and 1 December (aggregated through 1 December), and today's (3 December) writes live.
// Every expected value is worked out by hand in the comments from the records below.

const NOW = Date.parse('2026-12-03T09:00:00.000Z'); // Auckland 22:00 on 3 Dec; Los Angeles 01:00 on 3 Dec
const unlimited = Object.fromEntries(['standard'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { learnerAnalytics: createLearnerAnalyticsHandler({ now: () => NOW, rateClasses: unlimited }), gamification: createGamificationHandler({ now: () => NOW, rateClasses: unlimited }) });

const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));

interface Person {
  userId: string;
  token: string;
}

function person(tenantId: string, roles: ('learner' | 'trainer' | 'org_admin')[], timeZone?: string): Person {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles, ...(timeZone ? { timeZone } : {}) }) };
}

interface Fixture {
  tenantId: string;
  courseId: string;
  auckland: Person;
  losAngeles: Person;
  trainer: Person;
  admin: Person;
}

/** Course "JS Basics": section Basics (video v1 10 min, quiz q1 5 min; both skill `js`), section Practice (reading r1 8 min, practice p1 12 min). */
async function buildFixture(): Promise<Fixture> {
  const tenantId = uniqueTenant('la');
  const courseId = `c-${randomUUID().slice(0, 8)}`;
  const auckland = person(tenantId, ['learner'], 'Pacific/Auckland');
  const losAngeles = person(tenantId, ['learner'], 'America/Los_Angeles');
  const trainer = person(tenantId, ['trainer'], 'Europe/Berlin');
  const admin = person(tenantId, ['org_admin'], 'UTC');
  await storeCourseRecord(tenantId, courseId, { title: 'JS Basics', lessonsCount: 4, sectionsCount: 2, durationMinutes: 35, version: 1 });
  const outline: CourseOutline = {
    courseId, version: 1, title: 'JS Basics', status: 'published', enforceSequence: false, difficulty: 'beginner', durationMinutes: 35,
    sections: [{ sectionId: 's1', title: 'Basics', order: 1, isPublished: true }, { sectionId: 's2', title: 'Practice', order: 2, isPublished: true }],
    lessons: [
      { lessonId: 'v1', sectionId: 's1', title: 'Intro', type: 'video', order: 1, durationMinutes: 10, prerequisites: [], skills: ['js'] },
      { lessonId: 'q1', sectionId: 's1', title: 'Check', type: 'quiz', order: 2, durationMinutes: 5, prerequisites: [], maxScore: 10, passScore: 7, skills: ['js'] },
      { lessonId: 'r1', sectionId: 's2', title: 'Notes', type: 'reading', order: 1, durationMinutes: 8, prerequisites: [] },
      { lessonId: 'p1', sectionId: 's2', title: 'Drill', type: 'practice', order: 2, durationMinutes: 12, prerequisites: [] },
    ],
  };
  await put({ ...courseOutlineKey(tenantId, courseId), entity: 'courseOutline', outline });
  for (const p of [auckland, losAngeles]) await storeMember(tenantId, p.userId);
  await put({ ...profileKey(auckland.userId), timezone: 'Pacific/Auckland', preferences: { defaultSessionLength: 20, reminderSettings: { enabled: true, days: ['mon', 'wed', 'fri'] } } });
  await put({ ...profileKey(losAngeles.userId), timezone: 'America/Los_Angeles' });
  // The engine's course summaries as the lesson writes below leave them.
  await put({ ...learnerCourseKey(tenantId, auckland.userId, courseId), completions: { v1: '2026-11-30T10:30:00.000Z', q1: '2026-11-30T11:10:00.000Z', r1: '2026-12-03T08:00:00.000Z' }, lastAccessedAt: '2026-12-03T08:20:00.000Z', totalSeconds: 1800, version: 3 });
  await put({ ...learnerCourseKey(tenantId, losAngeles.userId, courseId), completions: { v1: '2026-12-01T07:30:00.000Z', q1: '2026-12-03T08:30:00.000Z' }, lastAccessedAt: '2026-12-03T08:30:00.000Z', totalSeconds: 1440, version: 2 });
  await put({ ...achievementIndexKey(tenantId), d_first_steps: { id: 'first_steps', title: 'First Steps', description: 'Complete a lesson', badgeImageUrl: 'https://cdn.example/first.png', pointsValue: 10, tier: 'bronze', achievementType: 'milestone', criteria: { blocks_completed: 1 } } });
  await put({ ...learnerStatsKey(tenantId, auckland.userId), points: 40, blocksCompleted: 3, held: { first_steps: '2026-12-01T02:00:00.000Z' }, version: 3 });

  const base = { tenantId, source: 'lesson.progress' as const, contentType: 'course' as const, contentId: courseId };
  const A = { ...base, userId: auckland.userId, timeZone: 'Pacific/Auckland' };
  const L = { ...base, userId: losAngeles.userId, timeZone: 'America/Los_Angeles' };
  await appendRecords([
    // Auckland: 30 Nov 23:30 local (video v1 completed, 600 s) and 1 Dec 00:10 local (quiz q1 8/10 passed, completed, 300 s).
    ledgerRecord({ ...A, now: new Date('2026-11-30T10:30:00Z'), itemId: 'v1', seconds: 600, itemCompleted: true }),
    ledgerRecord({ ...A, now: new Date('2026-11-30T11:10:00Z'), itemId: 'q1', seconds: 300, score: 8, maxScore: 10, passed: true, itemCompleted: true }),
    // Los Angeles: 30 Nov 23:30 local (video v1 completed, 900 s) and 1 Dec 00:10 local (quiz q1 4/10 failed, 300 s).
    ledgerRecord({ ...L, now: new Date('2026-12-01T07:30:00Z'), itemId: 'v1', seconds: 900, itemCompleted: true }),
    ledgerRecord({ ...L, now: new Date('2026-12-01T08:10:00Z'), itemId: 'q1', seconds: 300, score: 4, maxScore: 10, passed: false }),
  ]);
  await aggregateTenant({ tenantId, date: '2026-11-30', trigger: 'nightly' });
  await aggregateTenant({ tenantId, date: '2026-12-01', trigger: 'nightly' });
  // Today (3 Dec), live: Auckland 21:00 reading r1 completed (480 s) and 21:20 r1 again (120 s, same session);
  // Los Angeles 00:30 quiz q1 9/10 passed, completed (240 s).
  await appendRecords([
    ledgerRecord({ ...A, now: new Date('2026-12-03T08:00:00Z'), itemId: 'r1', seconds: 480, itemCompleted: true }),
    ledgerRecord({ ...A, now: new Date('2026-12-03T08:20:00Z'), itemId: 'r1', seconds: 120 }),
    ledgerRecord({ ...L, now: new Date('2026-12-03T08:30:00Z'), itemId: 'q1', seconds: 240, score: 9, maxScore: 10, passed: true, itemCompleted: true }),
  ]);
  return { tenantId, courseId, auckland, losAngeles, trainer, admin };
}

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 60_000);

const learner = (segment: string, userId: string, token?: string, query = '', headers?: Record<string, string>) =>
  api({ method: 'GET', path: `/api/v1/analytics/learner/${segment}/${userId}${query}`, ...(token ? { token } : {}), ...(headers ? { headers } : {}) });

describe('learner analytics sources', () => {
  it('says which dates are nightly and which live (aggregated through 1 Dec; 2 and 3 Dec live)', async () => {
    const res = await learner('velocity', fx.auckland.userId, fx.auckland.token);
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({ dataSource: 'nightly+live', nightlyThrough: '2026-12-01', liveDates: ['2026-12-02', '2026-12-03'], unavailable: null, timeZone: 'Pacific/Auckland', window: { startDate: '2026-11-04', endDate: '2026-12-03' } });
  });

  it('shows a write made today at once (live fold of the ledger)', async () => {
    const tenantId = uniqueTenant('live');
    const me = person(tenantId, ['learner'], 'America/Los_Angeles');
    const before = await learner('engagement', me.userId, me.token);
    expect(before.body.data.sessions).toBe(0);
    await appendRecord(ledgerRecord({ tenantId, userId: me.userId, timeZone: 'America/Los_Angeles', now: new Date(NOW - 60_000), contentId: 'x', seconds: 1200 }));
    const after = await learner('engagement', me.userId, me.token);
    // One record of 1,200 s today: one session of 20 minutes, lastActive its instant.
    expect(after.body.data).toMatchObject({ sessions: 1, activeDays: 1, avgSessionDuration: 20, lastActive: new Date(NOW - 60_000).toISOString() });
    expect(after.body.meta).toMatchObject({ dataSource: 'live', nightlyThrough: null, unavailable: { from: '2026-11-04', to: '2026-11-30' } });
  });
});

describe('velocity', () => {
  it('currentPace is topics per week over the covered days', async () => {
    // Auckland: v1 (30 Nov), q1 (1 Dec), r1 (3 Dec) = 3 topics in 30 covered days: 3 × 7 / 30 = 0.7.
    const a = await learner('velocity', fx.auckland.userId, fx.auckland.token);
    expect(a.body.data.currentPace).toBe(0.7);
    // Los Angeles: v1 (30 Nov local), q1 (3 Dec) = 2 → 2 × 7 / 30 = 0.4667 → 0.5.
    const l = await learner('velocity', fx.losAngeles.userId, fx.losAngeles.token);
    expect(l.body.data.currentPace).toBe(0.5);
  });

  it('trend compares with the previous window of equal length', async () => {
    // 5 Oct–3 Nov: covered, no topics → previous pace 0; 0.7 > 0 × 1.1 → accelerating; % of 0 is undefined → null.
    const a = await learner('velocity', fx.auckland.userId, fx.auckland.token);
    expect(a.body.data).toMatchObject({ previousPace: 0, trendDirection: 'accelerating', trendPercentage: null });
    // Window 1–3 Dec (3 days) against 28–30 Nov: Auckland 2 topics vs 1 → 2×7/3 = 4.7 vs 1×7/3 = 2.3 → +104 %.
    const short = await learner('velocity', fx.auckland.userId, fx.auckland.token, '?startDate=2026-12-01&endDate=2026-12-03');
    expect(short.body.data).toMatchObject({ currentPace: 4.7, previousPace: 2.3, trendDirection: 'accelerating', trendPercentage: 104 });
  });

  it('targetPace is the weekly goal over the mean remaining lesson, with status and colour', async () => {
    // Goal 20 min × 3 days = 60 min/week; remaining lesson p1 is 12 min → 5 topics/week; 0.7 / 5 = 0.14 < 0.5 → behind, red.
    const a = await learner('velocity', fx.auckland.userId, fx.auckland.token);
    expect(a.body.data).toMatchObject({ targetPace: 5, status: 'behind', statusColor: 'red' });
    // Los Angeles chose no study days: no goal → null target, null status.
    const l = await learner('velocity', fx.losAngeles.userId, fx.losAngeles.token);
    expect(l.body.data).toMatchObject({ targetPace: null, status: null, statusColor: null });
  });

  it('estimatedCompletion divides the remaining lessons by the pace', async () => {
    // Auckland: 1 lesson left at 0.7/week → 7 / 0.7 = 10 days → 13 Dec. LA: r1, p1 left at 0.5 → 2 / 0.5 × 7 = 28 days → 31 Dec.
    expect((await learner('velocity', fx.auckland.userId, fx.auckland.token)).body.data).toMatchObject({ remainingTopics: 1, estimatedCompletion: '2026-12-13' });
    expect((await learner('velocity', fx.losAngeles.userId, fx.losAngeles.token)).body.data).toMatchObject({ remainingTopics: 2, estimatedCompletion: '2026-12-31' });
  });

  it('milestones are sections and courses completed in the window with days taken', async () => {
    // Auckland's Basics: v1 on 30 Nov local, q1 on 1 Dec local → completed 1 Dec, 2 days. LA's Basics: v1 30 Nov local, q1 3 Dec → 4 days.
    expect((await learner('velocity', fx.auckland.userId, fx.auckland.token)).body.data.milestones).toEqual([{ name: 'Basics', type: 'section', courseId: fx.courseId, completedAt: '2026-12-01', daysToComplete: 2 }]);
    expect((await learner('velocity', fx.losAngeles.userId, fx.losAngeles.token)).body.data.milestones).toEqual([{ name: 'Basics', type: 'section', courseId: fx.courseId, completedAt: '2026-12-03', daysToComplete: 4 }]);
  });
});

describe('engagement', () => {
  it('sessionsPerWeek and avgSessionDuration come from sessions split at 30-minute gaps', async () => {
    // Auckland: 30 Nov (1), 1 Dec (1), 3 Dec (r1 21:00 + 21:20 = 1) → 3 sessions, 1,500 s → 3 × 7 / 30 = 0.7/week, 1500/60/3 = 8.3 → 8 min.
    const a = await learner('engagement', fx.auckland.userId, fx.auckland.token);
    expect(a.body.data).toMatchObject({ sessions: 3, sessionsPerWeek: 0.7, avgSessionDuration: 8, activeDays: 3 });
  });

  it('overallScore follows the written formula and trend compares windows', async () => {
    // 40·min(1, (3·7/30)/5 = 0.14) + 30·min(1, 0.7/5 = 0.14) + 30·min(1, 8.33/30 = 0.278) = 5.6 + 4.2 + 8.33 = 18.1 → 18;
    // previous window: no activity → 0; 18 − 0 ≥ 5 → increasing.
    const a = await learner('engagement', fx.auckland.userId, fx.auckland.token);
    expect(a.body.data).toMatchObject({ overallScore: 18, trend: 'increasing' });
  });

  it('lastActive is the latest activity instant', async () => {
    expect((await learner('engagement', fx.auckland.userId, fx.auckland.token)).body.data.lastActive).toBe('2026-12-03T08:20:00.000Z');
  });

  it('engagementByType shares the events by lesson type', async () => {
    // Auckland events: video 1, quiz 1, reading 2, practice 0 → 25 / 50 / 0 / 25 %.
    expect((await learner('engagement', fx.auckland.userId, fx.auckland.token)).body.data.engagementByType).toEqual({ videoWatch: 25, reading: 50, practice: 0, assessment: 25 });
  });

  it('weeklyTrend scores the last 5 ISO weeks', async () => {
    // Weeks from 2 Nov; the current week 30 Nov–3 Dec has 4 covered days, 3 active, 3 sessions of 8.3 min:
    // 40·min(1, 5.25/5) + 30·min(1, 5.25/5) + 30·(8.33/30) = 40 + 30 + 8.33 = 78; the 4 earlier weeks had nothing → 0.
    expect((await learner('engagement', fx.auckland.userId, fx.auckland.token)).body.data.weeklyTrend).toEqual([0, 0, 0, 0, 78]);
  });
});

describe('performance', () => {
  it('avgScore, assessmentsTaken and passRate', async () => {
    // Auckland: 8/10 = 80 %, passed. LA: 4/10 = 40 % failed (1 Dec, nightly), 9/10 = 90 % passed (today, live) → 65 %, 1 of 2 = 50 %.
    expect((await learner('performance', fx.auckland.userId, fx.auckland.token)).body.data).toMatchObject({ avgScore: 80, assessmentsTaken: 1, passRate: 100, trend: null });
    expect((await learner('performance', fx.losAngeles.userId, fx.losAngeles.token)).body.data).toMatchObject({ avgScore: 65, assessmentsTaken: 2, passRate: 50 });
  });

  it('performanceBySkill from lesson skills, recentScores in time order', async () => {
    const l = await learner('performance', fx.losAngeles.userId, fx.losAngeles.token);
    expect(l.body.data.performanceBySkill).toEqual([{ skillName: 'js', avgScore: 65, assessmentCount: 2, trend: null }]);
    expect(l.body.data.recentScores).toEqual([40, 90]);
  });

  it('trend compares average scores of consecutive windows', async () => {
    // Window 2–3 Dec: LA 90 %; previous 30 Nov–1 Dec: 40 % → +50 ≥ 5 → improving.
    const l = await learner('performance', fx.losAngeles.userId, fx.losAngeles.token, '?startDate=2026-12-02&endDate=2026-12-03');
    expect(l.body.data).toMatchObject({ avgScore: 90, trend: 'improving' });
  });
});

describe('content effectiveness', () => {
  it('completionRate, avgRetention and effectiveness per content type', async () => {
    // LA: video v1 1 item-day, completed → 100, no score → effectiveness 100; quiz q1 on 1 Dec (not completed) and 3 Dec
    // (completed) → 1 of 2 = 50 %, scores 40, 90 → 65; effectiveness (50 + 65) / 2 = 57.5 → 58.
    const l = await learner('content-effectiveness', fx.losAngeles.userId, fx.losAngeles.token);
    expect(l.body.data.mostEffective).toEqual([{ contentType: 'video', effectiveness: 100, completionRate: 100, avgRetention: null, itemDays: 1, itemsCompleted: 1, assessments: 0 }]);
    expect(l.body.data.leastEffective).toEqual([{ contentType: 'quiz', effectiveness: 58, completionRate: 50, avgRetention: 65, itemDays: 2, itemsCompleted: 1, assessments: 2 }]);
  });

  it('recommendations name the figure that triggered them', async () => {
    const l = await learner('content-effectiveness', fx.losAngeles.userId, fx.losAngeles.token);
    expect(l.body.data.recommendations).toEqual(['Review quiz material before moving on: average score 65% over 2 attempts', 'Focus more on video content: effectiveness 100 against 58 for quiz']);
    expect(l.body.data.recommendationDetails.map((r: { figure: string; value: number }) => [r.figure, r.value])).toEqual([['avgRetention', 65], ['effectiveness', 100]]);
  });
});

describe('seed 002 learning analytics', () => {
  const learning = (token: string, query = '') => api({ method: 'GET', path: `/api/v1/analytics/learning/${query}`, token });

  it('summary over the calendar month to date in the learner\'s zone', async () => {
    // Auckland, 1–3 Dec: 1 Dec q1 (300 s, topic, 80 %), 3 Dec r1 (600 s, topic) → 15 min, 2 lessons, 1 quiz, 80; JS Basics 3/4 → in progress.
    const res = await learning(fx.auckland.token);
    expect(res.status).toBe(200);
    expect(res.body.period).toBe('month');
    expect(res.body.summary).toEqual({ total_learning_time_minutes: 15, courses_in_progress: 1, courses_completed: 0, lessons_completed: 2, quizzes_taken: 1, average_quiz_score: 80, certificates_earned: 0 });
  });

  it('daily_activity lists the active local dates', async () => {
    expect((await learning(fx.auckland.token)).body.daily_activity).toEqual([
      { date: '2026-12-01', minutes_learned: 5, lessons_completed: 1, quizzes_taken: 1 },
      { date: '2026-12-03', minutes_learned: 10, lessons_completed: 1, quizzes_taken: 0 },
    ]);
  });

  it('course_progress and achievements', async () => {
    const res = await learning(fx.auckland.token, '?period=week');
    // ISO week 30 Nov–3 Dec adds 30 Nov's 600 s: 25 minutes. 3 of 4 lessons = 75 %, 1,800 s = 30 min.
    expect(res.body.summary.total_learning_time_minutes).toBe(25);
    expect(res.body.course_progress).toEqual([{ course_id: fx.courseId, course_title: 'JS Basics', progress_percentage: 75, time_spent_minutes: 30, last_activity: '2026-12-03T08:20:00.000Z' }]);
    expect(res.body.achievements).toEqual([{ type: 'milestone', title: 'First Steps', description: 'Complete a lesson', earned_at: '2026-12-01T02:00:00.000Z', icon_url: 'https://cdn.example/first.png' }]);
  });

  it('course_id filters to one course; unknown parameters are a 400 naming the field', async () => {
    const one = await learning(fx.losAngeles.token, `?period=month&course_id=${fx.courseId}`);
    // LA, 1–3 Dec: 1 Dec q1 40 % (300 s), 3 Dec q1 90 % (240 s, topic) → 9 min, 1 lesson, 2 quizzes, 65; no certificate of the course → 0 (issue 23: counted from the certificate index, known even without aggregates).
    expect(one.body.summary).toEqual({ total_learning_time_minutes: 9, courses_in_progress: 1, courses_completed: 0, lessons_completed: 1, quizzes_taken: 2, average_quiz_score: 65, certificates_earned: 0 });
    const bad = await learning(fx.losAngeles.token, '?period=decade');
    expect(bad.status).toBe(400);
    const unknown = await learning(fx.losAngeles.token, '?foo=1');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error.details)).toContain('foo');
  });
});

describe('seed 004 progress analytics', () => {
  const analytics = (token: string) => api({ method: 'GET', path: '/api/progress/analytics', token });

  it('progressTrends rows per period (daily, weekly, monthly)', async () => {
    const res = await analytics(fx.auckland.token);
    expect(res.status).toBe(200);
    const value = (period: string, metric: string) => res.body.data.progressTrends.find((r: { period: string; metricType: string }) => r.period === period && r.metricType === metric)?.metricValue;
    // Today 3 Dec: 600 s → 10 min, 1 topic, no quiz → average null. Week 30 Nov–3 Dec: 25 min, 3 topics, 1 quiz (80), 3 days. Month 1–3 Dec: 15 min, 2 topics, 2 days.
    expect([value('daily', 'learning_minutes'), value('daily', 'topics_completed'), value('daily', 'average_score')]).toEqual([10, 1, null]);
    expect([value('weekly', 'learning_minutes'), value('weekly', 'topics_completed'), value('weekly', 'average_score'), value('weekly', 'active_days')]).toEqual([25, 3, 80, 3]);
    expect([value('monthly', 'learning_minutes'), value('monthly', 'topics_completed'), value('monthly', 'active_days')]).toEqual([15, 2, 2]);
    expect(res.body.meta).toMatchObject({ nightlyThrough: '2026-12-01', requestId: expect.any(String) });
  });

  it('performance over the last 30 days and achievements from the same criteria', async () => {
    const res = await analytics(fx.auckland.token);
    expect(res.body.data.performance).toMatchObject({ avgScore: 80, assessmentsTaken: 1, passRate: 100, recentScores: [80], totalPoints: 40 });
    expect(res.body.data.achievements).toEqual([{ id: 'first_steps', name: 'First Steps', description: 'Complete a lesson', icon: 'https://cdn.example/first.png', tier: 'bronze', earnedAt: '2026-12-01T02:00:00.000Z', progress: 100 }]);
  });

  it('streaks equal the gamification streak read', async () => {
    const mine = (await analytics(fx.losAngeles.token)).body.data.streaks;
    const theirs = (await api({ method: 'GET', path: '/api/analytics/streaks', token: fx.losAngeles.token })).body.data;
    expect(mine).toEqual({ currentStreak: theirs.currentStreak, longestStreak: theirs.longestStreak, streakLevel: theirs.streakLevel, streakFreezes: theirs.streakFreezes, lastActiveDate: theirs.lastActiveDate, todayActive: theirs.todayActive, today: theirs.today, timeZone: 'America/Los_Angeles' });
    // After the gamification read stored a checkpoint, this route reads from it and still agrees.
    expect((await analytics(fx.losAngeles.token)).body.data.streaks).toEqual(mine);
    // LA was active on 30 Nov, 1 Dec and 3 Dec (today), so today counts.
    expect(mine).toMatchObject({ todayActive: true, lastActiveDate: '2026-12-03' });
  });
});

describe('validation', () => {
  it('rejects inverted, too long and malformed windows and unknown parameters', async () => {
    for (const query of ['?startDate=2026-12-03&endDate=2026-12-01', '?startDate=2025-01-01&endDate=2026-12-03', '?startDate=2026-02-30', '?days=3']) {
      const res = await learner('performance', fx.auckland.userId, fx.auckland.token, query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    }
  });
});

describe('access', () => {
  const seed003 = ['velocity', 'engagement', 'performance', 'content-effectiveness'];

  it.each(seed003)('%s: own, trainer and org admin read; another learner 403; no token 401', async (segment) => {
    expect((await learner(segment, fx.auckland.userId, fx.auckland.token)).status).toBe(200);
    const trainer = await learner(segment, fx.auckland.userId, fx.trainer.token);
    expect(trainer.status).toBe(200);
    // The subject's zone comes from their profile, not the trainer's token.
    expect(trainer.body.meta.timeZone).toBe('Pacific/Auckland');
    expect((await learner(segment, fx.auckland.userId, fx.admin.token)).status).toBe(200);
    const other = await learner(segment, fx.auckland.userId, fx.losAngeles.token);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');
    expect(other.dynamoDbRequests).toBe(0); // nothing is read before the role check (the limiter is off in this client)
    expect((await learner(segment, fx.auckland.userId)).status).toBe(401);
  });

  it.each(seed003)('%s: another tenant is out of reach (community not a member 403, foreign user 404)', async (segment) => {
    const foreign = person(uniqueTenant('other'), ['learner']);
    expect((await learner(segment, fx.auckland.userId, fx.auckland.token, '', { 'x-community-id': uniqueTenant('nope') })).status).toBe(403);
    expect((await learner(segment, foreign.userId, fx.trainer.token)).status).toBe(404);
  });

  it.each([['/api/v1/analytics/learning/'], ['/api/progress/analytics']])('%s: own data for any role; no token 401; community not a member 403', async (path) => {
    for (const who of [fx.auckland, fx.trainer, fx.admin]) expect((await api({ method: 'GET', path, token: who.token })).status).toBe(200);
    expect((await api({ method: 'GET', path })).status).toBe(401);
    expect((await api({ method: 'GET', path, token: fx.auckland.token, headers: { 'x-community-id': uniqueTenant('nope') } })).status).toBe(403);
  });
});

describe('DynamoDB requests per call', () => {
  const paths = (userId: string) => [
    `/api/v1/analytics/learner/velocity/${userId}`,
    `/api/v1/analytics/learner/engagement/${userId}`,
    `/api/v1/analytics/learner/performance/${userId}`,
    `/api/v1/analytics/learner/content-effectiveness/${userId}`,
    '/api/v1/analytics/learning/',
    '/api/progress/analytics',
  ];

  async function addLearners(tenantId: string, n: number): Promise<void> {
    const records = Array.from({ length: n }, (_, i) =>
      ledgerRecord({ tenantId, userId: randomUUID(), timeZone: 'UTC', now: new Date(`2026-11-30T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z`), contentId: 'bulk', itemId: 'b', seconds: 60, itemCompleted: true }),
    );
    await appendRecords(records);
  }

  it('is 3 per call with 50 and with 500 learners in the tenant (rate limiter off here; deployed it adds its 1 UpdateItem)', async () => {
    const tenantId = uniqueTenant('budget');
    const me = person(tenantId, ['learner'], 'UTC');
    const trainer = person(tenantId, ['trainer'], 'UTC');
    await storeMember(tenantId, me.userId);
    await appendRecords([
      ledgerRecord({ tenantId, userId: me.userId, timeZone: 'UTC', now: new Date('2026-11-30T09:00:00Z'), contentId: 'bulk', itemId: 'b', seconds: 60 }),
      ledgerRecord({ tenantId, userId: me.userId, timeZone: 'UTC', now: new Date(NOW - 3_600_000), contentId: 'bulk', itemId: 'b', seconds: 60 }),
    ]);
    const measure = async () => {
      const counts: number[] = [];
      for (const path of paths(me.userId)) counts.push((await api({ method: 'GET', path, token: me.token })).dynamoDbRequests);
      for (const path of paths(me.userId).slice(0, 4)) counts.push((await api({ method: 'GET', path, token: trainer.token })).dynamoDbRequests);
      return counts;
    };
    await addLearners(tenantId, 49);
    await aggregateTenant({ tenantId, date: '2026-11-30', trigger: 'nightly' });
    const with50 = await measure();
    await addLearners(tenantId, 450);
    await aggregateTenant({ tenantId, date: '2026-11-30', trigger: 'manual' });
    const with500 = await measure();
    expect(with50).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(with500).toEqual(with50);
  }, 120_000);
});
