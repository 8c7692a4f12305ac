import { PutCommand, UpdateCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createReviewsHandler } from '../../lambdas/reviews/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { catalogIndexKey, courseKey, enrollmentKey } from '../../shared/db/keys.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { catalogApi, storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Course reviews (issue 16): one review per enrolled learner, changed in place, with the course's
// rating and reviews_count moved in the same transaction.

const unlimited = Object.fromEntries(['standard'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { reviews: createReviewsHandler({ rateClasses: unlimited }) });
const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));

interface Person {
  userId: string;
  token: string;
}

async function enrolled(tenantId: string, courseId: string, status: 'active' | 'revoked' = 'active'): Promise<Person> {
  const userId = randomUUID();
  await put({ ...enrollmentKey(tenantId, userId, courseId), entity: 'enrollment', enrollmentId: `enr_${userId}`, tenantId, userId, courseId, status, source: 'free', enrolledAt: '2026-10-01T00:00:00.000Z' });
  return { userId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
}

async function course(label: string) {
  const tenantId = uniqueTenant(label);
  const courseId = randomUUID();
  await storeCourseRecord(tenantId, courseId, { title: 'Reviewed course' });
  return { tenantId, courseId, path: `/api/v1/courses/${courseId}/reviews/` };
}

describe('course reviews', () => {
  it('creates (201) then changes (200) the learner\'s one review, keeping the exact average', async () => {
    const c = await course('rv');
    const [a, b, d] = [await enrolled(c.tenantId, c.courseId), await enrolled(c.tenantId, c.courseId), await enrolled(c.tenantId, c.courseId)];
    const first = await api({ method: 'POST', path: c.path, token: a.token, body: { rating: 5, comment: 'Great' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rating: 5, comment: 'Great', is_own: true, course_rating: 5, course_reviews_count: 1 });
    expect((await api({ method: 'POST', path: c.path, token: b.token, body: { rating: 4 } })).status).toBe(201);
    expect((await api({ method: 'POST', path: c.path, token: d.token, body: { rating: 3 } })).status).toBe(201);
    const changed = await api({ method: 'POST', path: c.path, token: d.token, body: { rating: 4 } });
    expect(changed.status).toBe(200);
    // 5 + 4 + 4 = 13 over 3 reviews = 4.333… → 4.3
    expect(changed.body).toMatchObject({ rating: 4, course_rating: 4.3, course_reviews_count: 3 });
    const detail = await catalogApi({ method: 'GET', path: `/api/v1/courses/${c.courseId}/`, token: a.token });
    expect(detail.body).toMatchObject({ rating: 4.3, reviews_count: 3 });
    const list = await api({ method: 'GET', path: `${c.path}?page_size=2`, headers: { 'x-community-id': c.tenantId } });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: 3, page: 1, page_size: 2, total_pages: 2, rating: 4.3, reviews_count: 3, previous: null });
    expect(list.body.next).toContain('page=2');
    expect(list.body.results).toHaveLength(2);
    expect(list.body.results[0]).toMatchObject({ rating: 4, is_own: false }); // d's change is the newest
    expect(JSON.stringify(list.body)).not.toContain(a.userId);
    const page2 = await api({ method: 'GET', path: `${c.path}?page=2&page_size=2`, token: a.token });
    expect(page2.body.results).toEqual([expect.objectContaining({ rating: 5, comment: 'Great', is_own: true })]);
  });

  it('keeps one review when the same learner submits twice at once', async () => {
    const c = await course('rv-race');
    const a = await enrolled(c.tenantId, c.courseId);
    const results = await Promise.all([1, 2, 3].map(() => api({ method: 'POST', path: c.path, token: a.token, body: { rating: 5 } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    // The submits really raced: a sequential run reads 3 times; here losers' transactions were cancelled
    // by the condition on what they had read and they re-read (5 or 6 reads, as the second round races
    // too or not), each read followed by one transaction.
    const sum = (command: string) => results.reduce((n, r) => n + (r.dynamoDbByCommand[command] ?? 0), 0);
    expect(sum('BatchGetItemCommand')).toBeGreaterThan(3);
    expect(sum('TransactWriteItemsCommand')).toBe(sum('BatchGetItemCommand'));
    const list = await api({ method: 'GET', path: c.path, headers: { 'x-community-id': c.tenantId } });
    expect(list.body).toMatchObject({ count: 1, reviews_count: 1, rating: 5 });
    // counted once: the course's counters hold one review of 5
    const detail = await catalogApi({ method: 'GET', path: `/api/v1/courses/${c.courseId}/`, headers: { 'x-community-id': c.tenantId } });
    expect(detail.body).toMatchObject({ rating: 5, reviews_count: 1 });
  });

  it('refuses a learner who is not enrolled or whose enrollment was revoked (403), and a caller without a token (401)', async () => {
    const c = await course('rv-403');
    const stranger = { userId: randomUUID() };
    expect((await api({ method: 'POST', path: c.path, token: tokenFor({ userId: stranger.userId, tenantId: c.tenantId, roles: ['learner'] }), body: { rating: 4 } })).status).toBe(403);
    const revoked = await enrolled(c.tenantId, c.courseId, 'revoked');
    expect((await api({ method: 'POST', path: c.path, token: revoked.token, body: { rating: 4 } })).status).toBe(403);
    expect((await api({ method: 'POST', path: c.path, body: { rating: 4 } })).status).toBe(401);
    expect((await api({ method: 'GET', path: c.path, headers: { 'x-community-id': c.tenantId } })).body).toMatchObject({ count: 0, rating: null, reviews_count: 0 });
  });

  it('does not reach another tenant\'s course (404)', async () => {
    const c = await course('rv-tenant');
    const outsider = await enrolled(uniqueTenant('rv-other'), c.courseId);
    expect((await api({ method: 'POST', path: c.path, token: outsider.token, body: { rating: 4 } })).status).toBe(404);
    expect((await api({ method: 'GET', path: c.path, token: outsider.token })).status).toBe(404);
  });

  it('validates strictly: rating 1–5 whole, unknown fields named', async () => {
    const c = await course('rv-400');
    const a = await enrolled(c.tenantId, c.courseId);
    for (const body of [{ rating: 6 }, { rating: 0 }, { rating: 4.5 }, {}]) expect((await api({ method: 'POST', path: c.path, token: a.token, body })).status).toBe(400);
    const extra = await api({ method: 'POST', path: c.path, token: a.token, body: { rating: 4, stars: 4 } });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain('stars');
    expect((await api({ method: 'GET', path: `${c.path}?sort=rating`, headers: { 'x-community-id': c.tenantId } })).status).toBe(400);
  });

  it('costs 2 requests to list and a read plus one transaction to submit', async () => {
    const c = await course('rv-budget');
    const a = await enrolled(c.tenantId, c.courseId);
    const write = await api({ method: 'POST', path: c.path, token: a.token, body: { rating: 4 } });
    expect(write.dynamoDbByCommand).toMatchObject({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect((await api({ method: 'GET', path: c.path, headers: { 'x-community-id': c.tenantId } })).dynamoDbRequests).toBe(2);
  });

  it('makes the catalog\'s rating sort order by the exact average of the reviews submitted', async () => {
    const tenantId = uniqueTenant('rv-sort');
    // "a-…" 17 / 4 = 4.25 and "b-…" 13 / 3 = 4.33 both show 4.3; the exact order puts b before a, the id order a before b
    const ids = { a: `a-${randomUUID()}`, b: `b-${randomUUID()}`, five: `c-${randomUUID()}`, unrated: `d-${randomUUID()}` };
    for (const courseId of Object.values(ids)) {
      await storeCourseRecord(tenantId, courseId, { title: courseId });
      await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: courseKey(tenantId, courseId), UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk', ExpressionAttributeValues: { ':pk': catalogIndexKey(tenantId, courseId).gsi1pk, ':sk': catalogIndexKey(tenantId, courseId).gsi1sk } }));
    }
    const rate = async (courseId: string, ratings: number[]) => {
      for (const rating of ratings) {
        const learner = await enrolled(tenantId, courseId);
        expect((await api({ method: 'POST', path: `/api/v1/courses/${courseId}/reviews/`, token: learner.token, body: { rating } })).status).toBe(201);
      }
    };
    await rate(ids.a, [5, 4, 4, 4]);
    await rate(ids.b, [5, 4, 4]);
    await rate(ids.five, [5]);
    const list = async (order: string) => (await catalogApi({ method: 'GET', path: `/api/v1/courses/?sort=rating&order=${order}`, headers: { 'x-community-id': tenantId } })).body;
    const desc = await list('desc');
    expect(desc.results.map((c: { id: string }) => c.id)).toEqual([ids.five, ids.b, ids.a, ids.unrated]);
    expect(desc.results.map((c: { rating: number | null; reviews_count: number }) => [c.rating, c.reviews_count])).toEqual([[5, 1], [4.3, 3], [4.3, 4], [null, 0]]);
    expect((await list('asc')).results.map((c: { id: string }) => c.id)).toEqual([ids.a, ids.b, ids.five, ids.unrated]);
  });
});
