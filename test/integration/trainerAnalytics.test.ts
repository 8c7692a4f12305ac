import { BatchWriteCommand, PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createTrainerAnalyticsHandler } from '../../lambdas/trainerAnalytics/handler.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import type { CourseRecord } from '../../shared/catalog/course.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseKey, courseOutlineKey, memberKey, tenantCoursesIndexKey } from '../../shared/db/keys.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { appendRecords, ledgerRecord } from '../support/ledger.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Seed 003 §3 course-performance (issue 16): course records as authoring leaves them (with the tenant's
// course index), two learners' ledger records folded by the nightly run, and the figures by hand.

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const unlimited = Object.fromEntries(['standard'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { trainerAnalytics: createTrainerAnalyticsHandler({ now: () => NOW, rateClasses: unlimited }) });
const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));

async function storeCourse(tenantId: string, courseId: string, fields: Partial<CourseRecord>) {
  const createdAt = '2026-09-01T00:00:00.000Z';
  const course = {
    tenantId, courseId, slug: courseId, title: `Course ${courseId}`, description: 'A course', instructor: { id: 'x', name: 'X' }, instructorIds: [], difficulty: 'beginner', priceCents: 0, currency: 'USD',
    tags: [], skills: [], prerequisites: [], enforceSequence: false, status: 'published', sectionsCount: 1, lessonsCount: 1, durationMinutes: 60, studentsCount: 0, ratingSum: 0, reviewsCount: 0, version: 1, createdAt, updatedAt: createdAt, ...fields,
  };
  await put({ ...courseKey(tenantId, courseId), ...tenantCoursesIndexKey(tenantId, createdAt, courseId), entity: 'course', ...course });
}

interface Fixture {
  tenantId: string;
  a: { userId: string; token: string };
  b: { userId: string; token: string };
  admin: { userId: string; token: string };
  learner: { userId: string; token: string };
}

/**
 * Trainer A teaches k1 (4 enrollments, reviews 5 and 4) and k2 (no enrollments); trainer B teaches k3.
 * On 2026-11-01 learner L1 scores 8/10 on k1 and completes it; L2 scores 6/10 on k1.
 */
async function fixture(extraMembers = 0): Promise<Fixture> {
  const tenantId = uniqueTenant('tr');
  const mk = (roles: ('learner' | 'trainer' | 'org_admin')[]) => {
    const userId = randomUUID();
    return { userId, token: tokenFor({ userId, tenantId, roles }) };
  };
  const f = { tenantId, a: mk(['trainer']), b: mk(['trainer']), admin: mk(['org_admin']), learner: mk(['learner']) };
  for (const p of [f.a, f.b, f.admin, f.learner]) await storeMember(tenantId, p.userId);
  await storeCourse(tenantId, 'k1', { title: 'React Mastery', instructorIds: [f.a.userId], studentsCount: 4, ratingSum: 9, reviewsCount: 2 });
  await storeCourse(tenantId, 'k2', { title: 'Node', instructorIds: [f.a.userId] });
  await storeCourse(tenantId, 'k3', { title: 'Other', instructorIds: [f.b.userId], studentsCount: 7 });
  const base = { tenantId, timeZone: 'UTC', source: 'lesson.progress' as const, contentType: 'course' as const, contentId: 'k1', itemId: 'q1', seconds: 60 };
  await appendRecords([
    ledgerRecord({ ...base, userId: 'L1', now: new Date('2026-11-01T10:00:00Z'), score: 8, maxScore: 10, passed: true, itemCompleted: true, contentCompleted: true }),
    ledgerRecord({ ...base, userId: 'L2', now: new Date('2026-11-01T11:00:00Z'), score: 6, maxScore: 10, passed: false }),
  ]);
  for (let i = 0; i < extraMembers; i += 25) {
    const items = Array.from({ length: Math.min(25, extraMembers - i) }, () => ({ ...memberKey(tenantId, randomUUID()), type: 'member', tenantId, roles: ['learner'] }));
    await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.map((Item) => ({ PutRequest: { Item } })) } }));
  }
  await aggregateTenant({ tenantId, date: '2026-11-01', trigger: 'nightly' });
  return f;
}

const ROUTE_NAMES = ['course-performance', 'course-health', 'student-distribution', 'teaching-effectiveness'] as const;
const path = (trainerId: string, route: (typeof ROUTE_NAMES)[number] = 'course-performance') => `/api/v1/analytics/trainer/${route}/${trainerId}`;

let fx: Fixture;
beforeAll(async () => {
  fx = await fixture();
}, 60_000);

describe('trainer course-performance (seed 003 §3)', () => {
  it('computes each course\'s figures from the nightly rollups and the course counters', async () => {
    const res = await api({ method: 'GET', path: path(fx.a.userId), token: fx.a.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      trainerId: fx.a.userId,
      totalCourses: 2,
      avgCompletionRate: 25, // only k1 has enrollments
      avgRating: 4.5, // (5 + 4) / 2 reviews
      totalStudents: 4,
      courses: [
        // 1 completion / 4 enrollments = 25 %; scores 80 and 60 → 70
        { courseId: 'k1', courseName: 'React Mastery', enrollments: 4, completions: 1, completionRate: 25, avgScore: 70, avgRating: 4.5, reviewsCount: 2 },
        { courseId: 'k2', courseName: 'Node', enrollments: 0, completions: 0, completionRate: null, avgScore: null, avgRating: null, reviewsCount: 0 },
      ],
    });
    expect(res.body.meta).toEqual({ calculatedAt: '2026-11-02T09:00:00.000Z', dataSource: 'nightly', nightlyThrough: '2026-11-01' });
  });

  it.each(ROUTE_NAMES)('%s: trainer A gets 403 on trainer B\'s analytics, while an org admin reads them', async (route) => {
    const denied = await api({ method: 'GET', path: path(fx.b.userId, route), token: fx.a.token });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    const own = await api({ method: 'GET', path: path(fx.b.userId, route), token: fx.b.token });
    expect(own.status).toBe(200);
    const byAdmin = await api({ method: 'GET', path: path(fx.b.userId, route), token: fx.admin.token });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.data).toEqual(own.body.data);
    expect(byAdmin.body.data.trainerId).toBe(fx.b.userId);
    if (route === 'course-performance' || route === 'course-health') expect(byAdmin.body.data.courses.map((c: { courseId: string }) => c.courseId)).toEqual(['k3']);
  });

  it.each(ROUTE_NAMES)('%s: refuses learners (403), other tenants (403/404), callers without a token (401) and unknown parameters (400)', async (route) => {
    expect((await api({ method: 'GET', path: path(fx.a.userId, route), token: fx.learner.token })).status).toBe(403);
    const outsider = uniqueTenant('tr-o');
    expect((await api({ method: 'GET', path: path(fx.a.userId, route), token: tokenFor({ userId: randomUUID(), tenantId: outsider, roles: ['trainer'] }) })).status).toBe(403);
    expect((await api({ method: 'GET', path: path(fx.a.userId, route), token: tokenFor({ userId: randomUUID(), tenantId: outsider, roles: ['org_admin'] }) })).status).toBe(404);
    expect((await api({ method: 'GET', path: path(fx.a.userId, route) })).status).toBe(401);
    const bad = await api({ method: 'GET', path: `${path(fx.a.userId, route)}?period=week`, token: fx.a.token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('period');
  });

  it('costs 3 requests on every route for the trainer and for an admin, in a tenant of 50 and of 5,000 learners', async () => {
    const small = await fixture(46);
    const large = await fixture(4_996);
    for (const f of [small, large]) {
      for (const route of ROUTE_NAMES) {
        expect((await api({ method: 'GET', path: path(f.a.userId, route), token: f.a.token })).dynamoDbRequests).toBe(3);
        expect((await api({ method: 'GET', path: path(f.a.userId, route), token: f.admin.token })).dynamoDbRequests).toBe(3);
      }
    }
  }, 180_000);
});

/**
 * Seed 003 §3 course-health, student-distribution and teaching-effectiveness (issue 16) on a hand-built
 * course: 3 published sections (l1 in Section 1 teaches skill `js`, l2 in Section 2, l3 in Section 3) and
 * an unpublished one, 10 enrollments, reviews 5 + 5 + 4. The nightly run for 2026-11-30 folds the last 30
 * days. As of 2026-11-30: dropped off = not completed and last active on or before 2026-11-16; engaged =
 * last active on or after 2026-11-24.
 *
 * | learner | days (lesson, score)                       | furthest | last week | outcome             | avg score | js mastery → level |
 * | L1      | 11-02 (l1, 90), 11-20 (l3, completes)       | 3        | 3         | completed           | 90 excel  | 90 → advanced      |
 * | L2      | 11-02 (l1, 80), 11-20 (l3, completes)       | 3        | 3         | completed           | 80 on track | 80 → intermediate |
 * | L3      | 11-03 (l1, 50)                              | 1        | 1         | dropped             | 50 struggling | 50 → beginner  |
 * | L4      | 11-03 (l1, no score)                        | 1        | 1         | dropped             | —         | —                  |
 * | L5      | 11-03 (l1), 11-12 (l2, 70)                  | 2        | 2         | dropped             | 70 on track | —                |
 * | L6      | 11-20 (l1), 11-28 (l2, 95)                  | 2        | 2         | engaged             | 95 excel  | —                  |
 * | L7      | 11-29 (l3)                                  | 3        | 1         | engaged             | —         | —                  |
 * | L8      | 11-08 (l1, 60), 11-15 (l1)                  | 1        | 2         | dropped             | 60 on track | 60 → beginner  |
 */
describe('trainer course-health, student-distribution and teaching-effectiveness (seed 003 §3)', () => {
  let h: { tenantId: string; trainer: { userId: string; token: string }; empty: { userId: string; token: string } };

  beforeAll(async () => {
    const tenantId = uniqueTenant('trh');
    const trainer = { userId: randomUUID(), token: '' };
    trainer.token = tokenFor({ userId: trainer.userId, tenantId, roles: ['trainer'] });
    const empty = { userId: randomUUID(), token: '' };
    empty.token = tokenFor({ userId: empty.userId, tenantId, roles: ['trainer'] });
    for (const p of [trainer, empty]) await storeMember(tenantId, p.userId);
    await storeCourse(tenantId, 'h1', { title: 'Health', instructorIds: [trainer.userId], studentsCount: 10, ratingSum: 14, reviewsCount: 3 });
    await storeCourse(tenantId, 'e1', { title: 'Empty', instructorIds: [empty.userId] });
    const lesson = (lessonId: string, sectionId: string, skills: string[]) => ({ lessonId, sectionId, title: lessonId, type: 'quiz', order: 1, durationMinutes: 10, prerequisites: [], skills });
    await put({
      ...courseOutlineKey(tenantId, 'h1'),
      entity: 'courseOutline',
      outline: {
        courseId: 'h1', version: 1, title: 'Health', status: 'published', enforceSequence: false, difficulty: 'beginner', durationMinutes: 30,
        sections: [
          { sectionId: 's1', title: 'Basics', order: 1, isPublished: true },
          { sectionId: 'draft', title: 'Draft', order: 2, isPublished: false },
          { sectionId: 's2', title: 'Async', order: 3, isPublished: true },
          { sectionId: 's3', title: 'Project', order: 4, isPublished: true },
        ],
        lessons: [lesson('l1', 's1', ['js']), lesson('lx', 'draft', []), lesson('l2', 's2', []), lesson('l3', 's3', [])],
      },
    });
    const at = (userId: string, date: string, itemId: string, extra: { score?: number; contentCompleted?: boolean } = {}) =>
      ledgerRecord({
        tenantId, userId, timeZone: 'UTC', source: 'lesson.progress', contentType: 'course', contentId: 'h1', itemId, seconds: 60, now: new Date(`${date}T10:00:00Z`),
        ...(extra.score === undefined ? {} : { score: extra.score, maxScore: 100 }),
        ...(extra.contentCompleted ? { itemCompleted: true, contentCompleted: true } : {}),
      });
    await appendRecords([
      at('L1', '2026-11-02', 'l1', { score: 90 }), at('L1', '2026-11-20', 'l3', { contentCompleted: true }),
      at('L2', '2026-11-02', 'l1', { score: 80 }), at('L2', '2026-11-20', 'l3', { contentCompleted: true }),
      at('L3', '2026-11-03', 'l1', { score: 50 }),
      at('L4', '2026-11-03', 'l1'),
      at('L5', '2026-11-03', 'l1'), at('L5', '2026-11-12', 'l2', { score: 70 }),
      at('L6', '2026-11-20', 'l1'), at('L6', '2026-11-28', 'l2', { score: 95 }),
      at('L7', '2026-11-29', 'l3'),
      at('L8', '2026-11-08', 'l1', { score: 60 }), at('L8', '2026-11-15', 'l1'),
    ]);
    await aggregateTenant({ tenantId, date: '2026-11-30', trigger: 'nightly' });
    h = { tenantId, trainer, empty };
  }, 60_000);

  it('course-health: drop-off by section and by week, the course metrics and the alerts naming their figure', async () => {
    const res = await api({ method: 'GET', path: path(h.trainer.userId, 'course-health'), token: h.trainer.token });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ calculatedAt: '2026-11-02T09:00:00.000Z', dataSource: 'nightly', nightlyThrough: '2026-11-30' });
    expect(res.body.data).toEqual({
      trainerId: h.trainer.userId,
      healthyCourses: 0,
      atRiskCourses: 1,
      courses: [
        {
          courseId: 'h1',
          courseName: 'Health',
          // mean(20, 33, 100 − 50) = 34.3 → 34 < 70
          healthScore: 34,
          status: 'at_risk',
          // 2 completions / 10 enrollments; L6, L7 of 6 in progress active since 11-24; L3, L4, L5, L8 of 8 started dropped
          metrics: { completionRate: 20, engagementScore: 33, dropOffRate: 50 },
          dropOffBySection: [
            // reached: furthest ≥ n; dropped off: dropped learners whose furthest is n (the draft section is not numbered)
            { section: 1, sectionId: 's1', title: 'Basics', reached: 8, droppedOff: 3, dropOffRate: 38 }, // L3, L4, L8: 37.5 → 38
            { section: 2, sectionId: 's2', title: 'Async', reached: 5, droppedOff: 1, dropOffRate: 20 }, // L5
            { section: 3, sectionId: 's3', title: 'Project', reached: 3, droppedOff: 0, dropOffRate: 0 },
          ],
          dropOffByWeek: [
            { week: 1, reached: 8, droppedOff: 2, dropOffRate: 25 }, // L3, L4
            { week: 2, reached: 5, droppedOff: 2, dropOffRate: 40 }, // L5, L8
            { week: 3, reached: 2, droppedOff: 0, dropOffRate: 0 },
          ],
          alerts: [
            'High drop-off rate in Section 1: 38 %',
            'High drop-off rate in Week 2: 40 %',
            'Low completion rate: 20 %',
            'Low engagement: 33 % of learners in progress active in the last 7 days',
          ],
        },
      ],
    });
  });

  it('student-distribution: by level on the course\'s skills, by progress and by performance, each summing to the enrollments', async () => {
    const res = await api({ method: 'GET', path: path(h.trainer.userId, 'student-distribution'), token: h.trainer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      trainerId: h.trainer.userId,
      totalStudents: 10,
      // L3, L8 beginner; L2 intermediate; L1 advanced (90, not mastered); L4–L7 and the 2 who never started unassessed
      byLevel: { beginner: 2, intermediate: 1, advanced: 1, expert: 0, unassessed: 6 },
      byProgress: { notStarted: 2, inProgress: 6, completed: 2 },
      // L3 (50) struggling; L2 (80), L5 (70), L8 (60) on track; L1 (90), L6 (95) excelling; L4, L7 and the 2 not started not assessed
      byPerformance: { struggling: 1, onTrack: 3, excelling: 2, notAssessed: 4 },
    });
  });

  it('teaching-effectiveness: components, satisfaction from reviews, and strengths and areas from the written thresholds', async () => {
    const res = await api({ method: 'GET', path: path(h.trainer.userId, 'teaching-effectiveness'), token: h.trainer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      trainerId: h.trainer.userId,
      // mean(33, 4.7 × 20 = 94, 74, 33) = 58.5 → 59
      overallScore: 59,
      studentSuccessRate: 33, // 2 completed / (2 completed + 4 dropped off)
      avgStudentSatisfaction: 4.7, // 14 / 3 reviews = 4.67
      contentQualityScore: 74, // (90 + 80 + 50 + 70 + 95 + 60) / 6 = 74.2
      engagementScore: 33, // 2 of 6 in progress
      strengths: ['High student satisfaction: 4.7 / 5'],
      areasForImprovement: ['Low student success rate: 33 %', 'Low engagement: 33 %'],
    });
  });

  it('answers null, never a constant, for a course without enrollments, activity or reviews', async () => {
    const health = await api({ method: 'GET', path: path(h.empty.userId, 'course-health'), token: h.empty.token });
    expect(health.body.data.courses).toEqual([
      { courseId: 'e1', courseName: 'Empty', healthScore: null, status: 'insufficient_data', metrics: { completionRate: null, engagementScore: null, dropOffRate: null }, dropOffBySection: [], dropOffByWeek: [], alerts: [] },
    ]);
    expect(health.body.data).toMatchObject({ healthyCourses: 0, atRiskCourses: 0 });
    const dist = await api({ method: 'GET', path: path(h.empty.userId, 'student-distribution'), token: h.empty.token });
    expect(dist.body.data).toEqual({
      trainerId: h.empty.userId,
      totalStudents: 0,
      byLevel: { beginner: 0, intermediate: 0, advanced: 0, expert: 0, unassessed: 0 },
      byProgress: { notStarted: 0, inProgress: 0, completed: 0 },
      byPerformance: { struggling: 0, onTrack: 0, excelling: 0, notAssessed: 0 },
    });
    const eff = await api({ method: 'GET', path: path(h.empty.userId, 'teaching-effectiveness'), token: h.empty.token });
    expect(eff.body.data).toEqual({ trainerId: h.empty.userId, overallScore: null, studentSuccessRate: null, avgStudentSatisfaction: null, contentQualityScore: null, engagementScore: null, strengths: [], areasForImprovement: [] });
  });

  it('answers null distributions before the tenant\'s first nightly run', async () => {
    const tenantId = uniqueTenant('trh-none');
    const userId = randomUUID();
    await storeMember(tenantId, userId);
    await storeCourse(tenantId, 'n1', { title: 'New', instructorIds: [userId], studentsCount: 3 });
    const token = tokenFor({ userId, tenantId, roles: ['trainer'] });
    const dist = await api({ method: 'GET', path: path(userId, 'student-distribution'), token });
    expect(dist.body).toMatchObject({ data: { totalStudents: 3, byLevel: null, byProgress: null, byPerformance: null }, meta: { dataSource: 'none', nightlyThrough: null } });
    const health = await api({ method: 'GET', path: path(userId, 'course-health'), token });
    // completions are not known before a nightly run: no completion rate, no health score
    expect(health.body.data.courses[0]).toMatchObject({ healthScore: null, status: 'insufficient_data', metrics: { completionRate: null, engagementScore: null, dropOffRate: null }, dropOffBySection: [], dropOffByWeek: [], alerts: [] });
    const eff = await api({ method: 'GET', path: path(userId, 'teaching-effectiveness'), token });
    expect(eff.body.data).toMatchObject({ overallScore: null, studentSuccessRate: null, engagementScore: null, strengths: [], areasForImprovement: [] });
  });

  it('re-running the night gives the same figures (the course-learner items and histograms are idempotent)', async () => {
    const before = await api({ method: 'GET', path: path(h.trainer.userId, 'course-health'), token: h.trainer.token });
    await aggregateTenant({ tenantId: h.tenantId, date: '2026-11-30', trigger: 'manual' });
    await aggregateTenant({ tenantId: h.tenantId, date: '2026-11-20', trigger: 'manual' });
    const after = await api({ method: 'GET', path: path(h.trainer.userId, 'course-health'), token: h.trainer.token });
    expect(after.body.data).toEqual(before.body.data);
  });
});
