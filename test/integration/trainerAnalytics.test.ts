import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createTrainerAnalyticsHandler } from '../../lambdas/trainerAnalytics/handler.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import type { CourseRecord } from '../../shared/catalog/course.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseKey, memberKey, tenantCoursesIndexKey } from '../../shared/db/keys.js';
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

const path = (trainerId: string) => `/api/v1/analytics/trainer/course-performance/${trainerId}`;

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

  it('gives trainer A 403 on trainer B\'s analytics, while an org admin reads them', async () => {
    expect((await api({ method: 'GET', path: path(fx.b.userId), token: fx.a.token })).status).toBe(403);
    const byAdmin = await api({ method: 'GET', path: path(fx.b.userId), token: fx.admin.token });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.data.courses.map((c: { courseId: string }) => c.courseId)).toEqual(['k3']);
  });

  it('refuses learners (403), other tenants (403/404) and callers without a token (401)', async () => {
    expect((await api({ method: 'GET', path: path(fx.a.userId), token: fx.learner.token })).status).toBe(403);
    const outsider = uniqueTenant('tr-o');
    expect((await api({ method: 'GET', path: path(fx.a.userId), token: tokenFor({ userId: randomUUID(), tenantId: outsider, roles: ['trainer'] }) })).status).toBe(403);
    expect((await api({ method: 'GET', path: path(fx.a.userId), token: tokenFor({ userId: randomUUID(), tenantId: outsider, roles: ['org_admin'] }) })).status).toBe(404);
    expect((await api({ method: 'GET', path: path(fx.a.userId) })).status).toBe(401);
    const bad = await api({ method: 'GET', path: `${path(fx.a.userId)}?period=week`, token: fx.a.token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('period');
  });

  it('costs 3 requests for the trainer and for an admin, in a tenant of 50 and of 5,000 learners', async () => {
    const small = await fixture(46);
    const large = await fixture(4_996);
    for (const f of [small, large]) {
      expect((await api({ method: 'GET', path: path(f.a.userId), token: f.a.token })).dynamoDbRequests).toBe(3);
      expect((await api({ method: 'GET', path: path(f.a.userId), token: f.admin.token })).dynamoDbRequests).toBe(3);
    }
  }, 120_000);
});
