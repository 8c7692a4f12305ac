import { randomUUID } from 'node:crypto';
import { PutCommand } from '../../shared/db/commands.js';
import { createLearnerAnalyticsHandler } from '../../lambdas/learnerAnalytics/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import {
  aggregationStateKey,
  catalogIndexKey,
  coCompletionKey,
  courseCompletionKey,
  courseKey,
  courseOutlineKey,
  enrollmentKey,
  learnerCourseKey,
  learnerDayAggregateKey,
  profileKey,
  programKey,
} from '../../shared/db/keys.js';
import { createRouteMatcher } from '../../shared/routes/matchRoute.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Seed 003 §6 forecast and recommendations (issue 21): figures hand-computed (docs/analytics.md §17.9,
// §17.10), opt-out, roles, the 10/hour limit, the 48-hour cache and request budgets.

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const THROUGH = '2026-11-01';
const unlimited = { reports: { limit: null, windowSeconds: 3600 } };
const api = httpClient(ROUTES, { learnerAnalytics: createLearnerAnalyticsHandler({ now: () => NOW, rateClasses: unlimited }) });
const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
const forecastPath = (userId: string, query: string) => `/api/v1/analytics/predictive/forecast/${userId}?${query}`;
const recsPath = (userId: string, query = '') => `/api/v1/analytics/predictive/recommendations/${userId}${query ? `?${query}` : ''}`;
const call = (path: string, token?: string) => {
  const [p, q] = path.split('?');
  return api({ method: 'GET', path: q ? `${p}?${q}` : p!, ...(token ? { token } : {}) });
};

interface Course {
  courseId: string;
  title: string;
  skills?: string[];
  prerequisites?: string[];
  durationMinutes?: number;
  difficulty?: 'beginner' | 'intermediate' | 'advanced';
  /** lessons per section (all published), each lesson's skills. */
  sections?: { title: string; lessons: number; skills?: string[]; published?: boolean }[];
}

async function storeCourse(tenantId: string, c: Course): Promise<void> {
  const now = '2026-09-01T00:00:00.000Z';
  const sections = c.sections ?? [{ title: 'Only', lessons: 1 }];
  const record = {
    tenantId, courseId: c.courseId, slug: `${c.courseId}-slug`, title: c.title, description: 'A course', instructor: { id: 'author', name: 'Author' }, instructorIds: ['author'],
    difficulty: c.difficulty ?? 'beginner', priceCents: 0, currency: 'USD', tags: [], skills: c.skills ?? [], prerequisites: c.prerequisites ?? [], enforceSequence: false, status: 'published',
    sectionsCount: sections.length, lessonsCount: sections.reduce((s, x) => s + x.lessons, 0), durationMinutes: c.durationMinutes ?? 60, studentsCount: 0, ratingSum: 0, reviewsCount: 0, version: 1, createdAt: now, updatedAt: now,
  };
  await put({ ...courseKey(tenantId, c.courseId), ...catalogIndexKey(tenantId, c.courseId), entity: 'course', ...record });
  const outline = {
    courseId: c.courseId, version: 1, title: c.title, status: 'published', enforceSequence: false, difficulty: record.difficulty, durationMinutes: record.durationMinutes,
    sections: sections.map((s, i) => ({ sectionId: `${c.courseId}-s${i + 1}`, title: s.title, order: i + 1, isPublished: s.published ?? true })),
    lessons: sections.flatMap((s, i) => Array.from({ length: s.lessons }, (_, j) => ({ lessonId: `${c.courseId}-s${i + 1}-l${j + 1}`, sectionId: `${c.courseId}-s${i + 1}`, title: `L${j + 1}`, type: 'reading', order: j + 1, durationMinutes: 10, prerequisites: [], skills: s.skills ?? [] }))),
  };
  await put({ ...courseOutlineKey(tenantId, c.courseId), entity: 'courseOutline', outline, version: 1 });
}

async function tenant() {
  const tenantId = uniqueTenant('predr');
  const mk = (roles: ('learner' | 'trainer' | 'org_admin')[]) => {
    const userId = randomUUID();
    return { userId, token: tokenFor({ userId, tenantId, roles }) };
  };
  const t = { tenantId, learner: mk(['learner']), other: mk(['learner']), trainer: mk(['trainer']), admin: mk(['org_admin']) };
  for (const p of [t.learner, t.other, t.trainer, t.admin]) await storeMember(tenantId, p.userId);
  await put({ ...aggregationStateKey(tenantId), entity: 'aggregationState', throughDate: THROUGH });
  return t;
}

const optOut = (userId: string) => put({ ...profileKey(userId), entity: 'profile', userId, preferences: { privacySettings: { leaderboardPrivacy: 'public', predictiveAnalyticsEnabled: false, shareProgressWithTrainers: true } } });

describe('GET /api/v1/analytics/predictive/forecast/{userId}', () => {
  /**
   * React: Basics 4 lessons (all done, the last on 10-20), Hooks 5 (2 done, skill hooks), Testing 3, and
   * an unpublished section that does not count. Learner-days (topics): 09-01 5 (outside the 8 weeks),
   * 10-06 2, 10-14 4, 10-20 1, 10-22 2, 10-30 6 → weekly paces [2, 4, 3, 6] (docs/analytics.md §17.9).
   */
  async function fixture() {
    const t = await tenant();
    await storeCourse(t.tenantId, { courseId: 'react', title: 'React', sections: [{ title: 'Basics', lessons: 4 }, { title: 'Hooks', lessons: 5, skills: ['hooks'] }, { title: 'Testing', lessons: 3 }, { title: 'Draft', lessons: 2, published: false }] });
    await storeCourse(t.tenantId, { courseId: 'css', title: 'CSS', sections: [{ title: 'Layout', lessons: 2 }] });
    const completions: Record<string, string> = { 'react-s1-l1': '2026-10-06T10:00:00.000Z', 'react-s1-l2': '2026-10-06T11:00:00.000Z', 'react-s1-l3': '2026-10-14T10:00:00.000Z', 'react-s1-l4': '2026-10-20T10:00:00.000Z', 'react-s2-l1': '2026-10-22T10:00:00.000Z', 'react-s2-l2': '2026-10-22T11:00:00.000Z' };
    await put({ ...learnerCourseKey(t.tenantId, t.learner.userId, 'react'), entity: 'learnerCourse', completions });
    for (const [date, topics] of [['2026-09-01', 5], ['2026-10-06', 2], ['2026-10-14', 4], ['2026-10-20', 1], ['2026-10-22', 2], ['2026-10-30', 6]] as const) {
      await put({ ...learnerDayAggregateKey(t.tenantId, t.learner.userId, date), entity: 'learnerDayAggregate', userId: t.learner.userId, date, events: topics, topics, graded: 0, passed: 0, assessments: 0, scoreSum: 0 });
    }
    await put({ ...enrollmentKey(t.tenantId, t.learner.userId, 'react'), entity: 'enrollment', tenantId: t.tenantId, userId: t.learner.userId, courseId: 'react', status: 'active', source: 'free', enrolledAt: '2026-10-01T00:00:00.000Z' });
    await put({ ...programKey(t.tenantId, 'frontend'), entity: 'program', programId: 'frontend', title: 'Frontend path', courseAssignments: [{ courseId: 'css', sequenceOrder: 2, prerequisites: [] }, { courseId: 'react', sequenceOrder: 1, prerequisites: [] }] });
    return t;
  }

  it('course: dates at the 75th / 50th / 25th percentile pace, confidence from the variance, section milestones', async () => {
    const t = await fixture();
    const res = await call(forecastPath(t.learner.userId, 'type=course&id=react'), t.learner.token);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      userId: t.learner.userId, forecastType: 'course', itemId: 'react', itemName: 'React', asOf: THROUGH,
      currentProgress: 50, remainingTopics: 6, completed: false, predictedCompletionDate: '2026-11-13', targetCompletionDate: null, confidenceScore: 0.72, weeklyPaces: [2, 4, 3, 6],
    });
    // 6 topics: 6 / 4.5 × 7 = 9.3 → 10 days; 6 / 3.5 × 7 = 12; 6 / 2.75 × 7 = 15.3 → 16
    expect(res.body.data.scenarios.best.date).toBe('2026-11-11');
    expect(res.body.data.scenarios.expected.date).toBe('2026-11-13');
    expect(res.body.data.scenarios.worst.date).toBe('2026-11-17');
    expect(res.body.data.milestones).toEqual([
      { name: 'Basics', status: 'completed', completedTopics: 4, totalTopics: 4, completedAt: '2026-10-20', estimatedCompletionDate: null },
      { name: 'Hooks', status: 'in_progress', completedTopics: 2, totalTopics: 5, completedAt: null, estimatedCompletionDate: '2026-11-07' },
      { name: 'Testing', status: 'not_started', completedTopics: 0, totalTopics: 3, completedAt: null, estimatedCompletionDate: '2026-11-13' },
    ]);
    expect(res.body.meta).toMatchObject({ dataSource: 'nightly', model: 'pace_percentiles', nightlyThrough: THROUGH });
    expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 1 });
  });

  it('learning path: its courses in sequence as milestones', async () => {
    const t = await fixture();
    const res = await call(forecastPath(t.learner.userId, 'type=learning_path&id=frontend'), t.trainer.token);
    expect(res.status).toBe(200);
    // 14 lessons, 6 done → 43 %; 8 remaining: 8 / 4.5 × 7 = 12.4 → 13; 8 / 3.5 × 7 = 16; 8 / 2.75 × 7 = 20.4 → 21
    expect(res.body.data).toMatchObject({ itemName: 'Frontend path', currentProgress: 43, remainingTopics: 8, predictedCompletionDate: '2026-11-17' });
    expect([res.body.data.scenarios.best.date, res.body.data.scenarios.worst.date]).toEqual(['2026-11-14', '2026-11-22']);
    expect(res.body.data.milestones.map((m: { name: string; estimatedCompletionDate: string }) => [m.name, m.estimatedCompletionDate])).toEqual([['React', '2026-11-13'], ['CSS', '2026-11-17']]);
    expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 2, QueryCommand: 1 });
  });

  it('skill: the lessons teaching it in the learner\'s active courses', async () => {
    const t = await fixture();
    const res = await call(forecastPath(t.learner.userId, 'type=skill&id=hooks'), t.admin.token);
    expect(res.status).toBe(200);
    // 5 hooks lessons, 2 done: 3 / 3.5 × 7 = 6 days
    expect(res.body.data).toMatchObject({ itemName: 'hooks', currentProgress: 40, remainingTopics: 3, predictedCompletionDate: '2026-11-07' });
    expect(res.body.data.milestones).toEqual([{ name: 'React', status: 'in_progress', completedTopics: 2, totalTopics: 5, completedAt: null, estimatedCompletionDate: '2026-11-07' }]);
    expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 2, QueryCommand: 2 });
  });

  it('a learner with no pace yet gets null dates, not invented ones', async () => {
    const t = await fixture();
    const res = await call(forecastPath(t.other.userId, 'type=course&id=react'), t.other.token);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ currentProgress: 0, predictedCompletionDate: null, confidenceScore: null, weeklyPaces: [] });
    expect([res.body.data.scenarios.best.date, res.body.data.scenarios.expected.date, res.body.data.scenarios.worst.date]).toEqual([null, null, null]);
    expect(res.body.data.milestones.map((m: { estimatedCompletionDate: string | null }) => m.estimatedCompletionDate)).toEqual([null, null, null]);
  });

  it('roles: own, trainer and org admin in the tenant; another learner 403; other tenant 404; no token 401', async () => {
    const t = await fixture();
    const o = await tenant();
    const path = forecastPath(t.learner.userId, 'type=course&id=react');
    expect((await call(path, t.learner.token)).status).toBe(200);
    expect((await call(path, t.trainer.token)).status).toBe(200);
    expect((await call(path, t.admin.token)).status).toBe(200);
    expect((await call(path, t.other.token)).status).toBe(403);
    expect((await call(path, o.admin.token)).status).toBe(404);
    expect((await call(path)).status).toBe(401);
  });

  it('bad input: 400 naming the field; an unknown course or path 404', async () => {
    const t = await fixture();
    const bad = await call(forecastPath(t.learner.userId, 'type=cohort&id=react'), t.learner.token);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('type');
    expect((await call(forecastPath(t.learner.userId, 'type=course'), t.learner.token)).status).toBe(400);
    expect((await call(forecastPath(t.learner.userId, 'type=course&id=react&x=1'), t.learner.token)).status).toBe(400);
    expect((await call(forecastPath(t.learner.userId, 'type=course&id=nope'), t.learner.token)).status).toBe(404);
    expect((await call(forecastPath(t.learner.userId, 'type=learning_path&id=nope'), t.learner.token)).status).toBe(404);
  });

  it('opt-out: 403 PREDICTIONS_DISABLED for everyone after one BatchGet', async () => {
    const t = await fixture();
    await optOut(t.learner.userId);
    for (const token of [t.learner.token, t.trainer.token, t.admin.token]) {
      const res = await call(forecastPath(t.learner.userId, 'type=course&id=react'), token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('PREDICTIONS_DISABLED');
      expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1 });
    }
  });

  it('10 requests per hour per caller', async () => {
    const t = await fixture();
    const limited = httpClient(ROUTES, { learnerAnalytics: createLearnerAnalyticsHandler({ now: () => NOW }) });
    const path = `/api/v1/analytics/predictive/forecast/${t.learner.userId}?type=course&id=react`;
    for (let i = 0; i < 10; i += 1) expect((await limited({ method: 'GET', path, token: t.learner.token })).status).toBe(200);
    const refused = await limited({ method: 'GET', path, token: t.learner.token });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });
});

describe('GET /api/v1/analytics/predictive/recommendations/{userId}', () => {
  /**
   * Catalog: basics (completed), hooks (needs basics; react; 240 min), advanced (needs hooks; react, perf;
   * 360 min), css (60 min), ts (needs an unpublished course), current (intermediate; react, perf; the
   * learner is enrolled: react and perf required at level 3, no mastery → gaps of 3). Co-completion:
   * of 12 learners who completed basics, 9 completed hooks and 3 css. Study time 60 min × 2 days = 120 min/week.
   */
  async function fixture() {
    const t = await tenant();
    await storeCourse(t.tenantId, { courseId: 'basics', title: 'Basics', skills: ['js'], durationMinutes: 120 });
    await storeCourse(t.tenantId, { courseId: 'hooks', title: 'Hooks', skills: ['react'], prerequisites: ['basics'], durationMinutes: 240 });
    await storeCourse(t.tenantId, { courseId: 'advanced', title: 'Advanced', skills: ['react', 'perf'], prerequisites: ['hooks'], durationMinutes: 360 });
    await storeCourse(t.tenantId, { courseId: 'css', title: 'CSS', skills: ['css'], durationMinutes: 60 });
    await storeCourse(t.tenantId, { courseId: 'ts', title: 'TS', skills: ['react'], prerequisites: ['unpublished'], durationMinutes: 60 });
    await storeCourse(t.tenantId, { courseId: 'current', title: 'Current', skills: ['react', 'perf'], difficulty: 'intermediate', durationMinutes: 60 });
    await put({ ...courseCompletionKey(t.tenantId, t.learner.userId, 'basics'), entity: 'courseCompletion', courseId: 'basics', difficulty: 'beginner', durationMinutes: 120, completedAt: '2026-10-01T00:00:00.000Z' });
    await put({ ...enrollmentKey(t.tenantId, t.learner.userId, 'current'), entity: 'enrollment', tenantId: t.tenantId, userId: t.learner.userId, courseId: 'current', status: 'active', source: 'free', enrolledAt: '2026-10-01T00:00:00.000Z' });
    await put({ ...coCompletionKey(t.tenantId), entity: 'coCompletion', through: THROUGH, groups: { basics: { learners: 12, next: { hooks: 9, css: 3 } } } });
    await put({ ...profileKey(t.learner.userId), entity: 'profile', userId: t.learner.userId, preferences: { defaultSessionLength: 60, reminderSettings: { days: ['mon', 'wed'] } } });
    return t;
  }
  const ids = (res: { body: { data: { recommendations: { courseId: string }[] } } }) => res.body.data.recommendations.map((r) => r.courseId);

  it('general: prerequisites met, ranked by co-completion; reasoning and actions from the figures; cached 48 hours', async () => {
    const t = await fixture();
    const res = await call(recsPath(t.learner.userId), t.learner.token);
    expect(res.status).toBe(200);
    expect(res.body.data.context).toBe('general');
    expect(ids(res)).toEqual(['hooks', 'css']);
    const [hooks, css] = res.body.data.recommendations;
    expect(hooks).toMatchObject({
      id: 'rec-001', type: 'course', courseName: 'Hooks', priority: 1, confidenceScore: 0.75, estimatedCompletionTime: '2 weeks',
      reasoning: 'You have completed its prerequisites. It teaches react (gap of 3 levels). 9 of the 12 learners who completed Basics also completed it. About 2 weeks at your weekly study time.',
      figures: { prerequisitesMet: true, missingPrerequisites: [], skillGaps: [{ skillId: 'react', gap: 3 }], coCompletion: { afterCourseId: 'basics', learners: 9, groupSize: 12 }, estimatedWeeks: 2 },
    });
    expect(css).toMatchObject({ priority: 2, confidenceScore: 0.25, estimatedCompletionTime: '0.5 weeks', expectedOutcomes: [] });
    // every action links to a real route of the table
    const match = createRouteMatcher(ROUTES);
    for (const [name, link] of Object.entries(hooks.actions as Record<string, string>)) {
      const matched = match(name === 'enroll' ? 'POST' : 'GET', link.split('?')[0]!);
      expect(matched?.route.id).not.toBe('system.notFound');
      expect(matched).toBeDefined();
    }
    expect(res.body.meta).toMatchObject({ model: 'prerequisites_skill_gaps_co_completion', coCompletionThrough: THROUGH, cacheExpiry: '2026-11-04T09:00:00.000Z' });
    // BatchGet (subject, profile, cache, co-completion) ∥ nothing; catalog, completions, enrollments Queries;
    // skill gaps (BatchGet ∥ enrollments Query, BatchGet of the enrolled courses); Put of the answer
    expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 3, QueryCommand: 4, PutItemCommand: 1 });

    const again = await call(recsPath(t.learner.userId), t.learner.token);
    expect(again.body).toEqual(res.body);
    expect(again.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 1 });
    // a course completed since the answer was cached is dropped from it
    await put({ ...courseCompletionKey(t.tenantId, t.learner.userId, 'hooks'), entity: 'courseCompletion', courseId: 'hooks', difficulty: 'beginner', durationMinutes: 240, completedAt: '2026-11-02T08:00:00.000Z' });
    expect(ids(await call(recsPath(t.learner.userId), t.learner.token))).toEqual(['css']);
  });

  it('velocity: shortest first; skill_gap: prerequisites recommended before the course that needs them', async () => {
    const t = await fixture();
    expect(ids(await call(recsPath(t.learner.userId, 'context=velocity'), t.learner.token))).toEqual(['css', 'hooks']);
    const gap = await call(recsPath(t.learner.userId, 'context=skill_gap'), t.trainer.token);
    // advanced closes react 3 + perf 3 = 6 but needs hooks (3): hooks, then advanced
    expect(ids(gap)).toEqual(['hooks', 'advanced']);
    expect(gap.body.data.recommendations[1].reasoning).toBe('Take it after its prerequisites Hooks, recommended first. It teaches perf (gap of 3 levels), react (gap of 3 levels). About 3 weeks at your weekly study time.');
    expect(gap.body.data.recommendations[0].reasoning).toContain('It is a prerequisite of Advanced.');
    expect(ids(await call(recsPath(t.learner.userId, 'context=skill_gap&limit=1'), t.admin.token))).toEqual(['hooks']);
    for (const res of [gap]) {
      expect(ids(res)).not.toContain('basics');
      expect(ids(res)).not.toContain('current');
      expect(ids(res)).not.toContain('ts');
    }
  });

  it('roles, bad input, opt-out', async () => {
    const t = await fixture();
    const o = await tenant();
    expect((await call(recsPath(t.learner.userId), t.other.token)).status).toBe(403);
    expect((await call(recsPath(t.learner.userId), o.trainer.token)).status).toBe(404);
    expect((await call(recsPath(t.learner.userId))).status).toBe(401);
    expect((await call(recsPath(t.learner.userId, 'context=popular'), t.learner.token)).status).toBe(400);
    expect((await call(recsPath(t.learner.userId, 'limit=0'), t.learner.token)).status).toBe(400);
    await optOut(t.learner.userId);
    for (const token of [t.learner.token, t.trainer.token, t.admin.token]) {
      const res = await call(recsPath(t.learner.userId), token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('PREDICTIONS_DISABLED');
      expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1 });
    }
  });

  it('10 requests per hour per caller', async () => {
    const t = await fixture();
    const limited = httpClient(ROUTES, { learnerAnalytics: createLearnerAnalyticsHandler({ now: () => NOW }) });
    for (let i = 0; i < 10; i += 1) expect((await limited({ method: 'GET', path: recsPath(t.learner.userId), token: t.learner.token })).status).toBe(200);
    const refused = await limited({ method: 'GET', path: recsPath(t.learner.userId), token: t.learner.token });
    expect(refused.status).toBe(429);
  });
});
