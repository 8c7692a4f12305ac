import { GetCommand, PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createReflectionsHandler } from '../../lambdas/reflections/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { enrollmentKey, lessonKey, reflectionKey } from '../../shared/db/keys.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Reflections (issue 20, seed 002 "Puzzle Reflections"): private to the author, or shared with the
// course's enrolled learners and instructors; only the author edits and deletes.

const unlimited = { standard: { limit: null, windowSeconds: 60 } };
const api = httpClient(ROUTES, { reflections: createReflectionsHandler({ rateClasses: unlimited }) });
const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));

interface Person {
  userId: string;
  token: string;
}

function person(tenantId: string, roles: ('learner' | 'instructor')[] = ['learner']): Person {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles }) };
}

async function enroll(tenantId: string, courseId: string, who: Person, status: 'active' | 'revoked' = 'active') {
  await put({ ...enrollmentKey(tenantId, who.userId, courseId), entity: 'enrollment', enrollmentId: `enr_${who.userId}`, tenantId, userId: who.userId, courseId, status, source: 'free', enrolledAt: '2026-10-01T00:00:00.000Z' });
}

/** A course with one lesson, its instructor, an author and a peer enrolled, and a learner of the tenant who is not. */
async function setting(label: string) {
  const tenantId = uniqueTenant(label);
  const courseId = randomUUID();
  const lessonId = randomUUID();
  const instructor = person(tenantId, ['instructor']);
  await storeCourseRecord(tenantId, courseId, { title: 'React Development', instructorIds: [instructor.userId] });
  await put({ ...lessonKey(tenantId, courseId, lessonId), entity: 'lesson', lessonId, sectionId: 's1', title: 'Understanding Hooks', type: 'video', order: 1, durationMinutes: 10, prerequisites: [], skills: [], isPreview: false });
  const author = person(tenantId);
  const peer = person(tenantId);
  const unenrolled = person(tenantId);
  await enroll(tenantId, courseId, author);
  await enroll(tenantId, courseId, peer);
  return { tenantId, courseId, lessonId, instructor, author, peer, unenrolled, coursePath: `/api/v1/courses/${courseId}/reflections/` };
}

const write = (token: string, body: Record<string, unknown>) => api({ method: 'POST', path: '/api/v1/reflections/', token, body });

describe('reflections', () => {
  it('creates a reflection in the seed\'s shape and lists it with its lesson and course titles', async () => {
    const s = await setting('rf');
    const created = await write(s.author.token, { course_id: s.courseId, lesson_id: s.lessonId, type: 'puzzle', content: '  This concept reminds me of...  ', tags: ['Hooks', 'state-management'], visibility: 'private' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ course_id: s.courseId, lesson_id: s.lessonId, type: 'puzzle', content: 'This concept reminds me of...', tags: ['hooks', 'state-management'], visibility: 'private', is_own: true });
    expect(created.body.created_at).toBe(created.body.updated_at);
    const list = await api({ method: 'GET', path: '/api/v1/reflections/', token: s.author.token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: 1, next: null, previous: null, page: 1, total_pages: 1 });
    expect(list.body.results[0]).toMatchObject({ id: created.body.id, lesson: { id: s.lessonId, title: 'Understanding Hooks', course_title: 'React Development' }, type: 'puzzle' });
    expect(JSON.stringify(list.body)).not.toContain(s.author.userId);
  });

  it('filters by course, lesson, type, tag and visibility, and pages newest first', async () => {
    const s = await setting('rf-filter');
    const other = await setting('rf-filter2');
    // the author is enrolled in a second course of the same tenant
    const second = randomUUID();
    await storeCourseRecord(s.tenantId, second, { title: 'Second' });
    await enroll(s.tenantId, second, s.author);
    const made: string[] = [];
    const bodies = [
      { course_id: s.courseId, lesson_id: s.lessonId, type: 'puzzle', content: 'p1', tags: ['hooks'] },
      { course_id: s.courseId, type: 'note', content: 'n1', tags: ['state'], visibility: 'course' },
      { course_id: s.courseId, lesson_id: s.lessonId, type: 'question', content: 'q1', tags: ['hooks', 'state'], visibility: 'course' },
      { course_id: second, type: 'note', content: 'n2' },
    ];
    for (const body of bodies) {
      const r = await write(s.author.token, body);
      expect(r.status).toBe(201);
      made.push(r.body.id);
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct created_at
    }
    expect(other.courseId).not.toBe(s.courseId);
    const ids = async (query: string) => {
      const r = await api({ method: 'GET', path: `/api/v1/reflections/${query}`, token: s.author.token });
      expect(r.status).toBe(200);
      return r.body.results.map((x: { id: string }) => x.id);
    };
    expect(await ids('')).toEqual([made[3], made[2], made[1], made[0]]);
    expect(await ids(`?course_id=${s.courseId}`)).toEqual([made[2], made[1], made[0]]);
    expect(await ids(`?lesson_id=${s.lessonId}`)).toEqual([made[2], made[0]]);
    expect(await ids('?type=note')).toEqual([made[3], made[1]]);
    expect(await ids('?tag=state')).toEqual([made[2], made[1]]);
    expect(await ids('?visibility=private')).toEqual([made[3], made[0]]);
    expect(await ids(`?course_id=${s.courseId}&type=question&tag=hooks`)).toEqual([made[2]]);
    const page2 = await api({ method: 'GET', path: '/api/v1/reflections/?page=2&page_size=3', token: s.author.token });
    expect(page2.body).toMatchObject({ count: 4, page: 2, page_size: 3, total_pages: 2, next: null });
    expect(page2.body.previous).not.toContain('page=');
    expect(page2.body.results.map((x: { id: string }) => x.id)).toEqual([made[0]]);
    const page1 = await api({ method: 'GET', path: '/api/v1/reflections/?page_size=3&type=note', token: s.author.token });
    expect(page1.body).toMatchObject({ count: 2, total_pages: 1, next: null });
    // the course list: only course-visible ones, with its own filters
    const course = await api({ method: 'GET', path: `${s.coursePath}?tag=hooks`, token: s.peer.token });
    expect(course.body.results.map((x: { id: string; is_own: boolean }) => [x.id, x.is_own])).toEqual([[made[2], false]]);
  });

  it('shows a course-visible reflection to exactly the author, enrolled peers and the instructor (visibility matrix)', async () => {
    const s = await setting('rf-matrix');
    const otherTenant = await setting('rf-matrix-other');
    const shared = await write(s.author.token, { course_id: s.courseId, type: 'question', content: 'Why hooks?', visibility: 'course' });
    const secret = await write(s.author.token, { course_id: s.courseId, type: 'note', content: 'my own note' });
    expect([shared.status, secret.status]).toEqual([201, 201]);
    const revoked = person(s.tenantId);
    await enroll(s.tenantId, s.courseId, revoked, 'revoked');
    // someone of another tenant enrolled in a course with the same id in their own tenant
    const foreign = otherTenant.author;
    const viewers: [string, string | undefined, number, string[]][] = [
      ['author', s.author.token, 200, [shared.body.id]],
      ['enrolled peer', s.peer.token, 200, [shared.body.id]],
      ['instructor', s.instructor.token, 200, [shared.body.id]],
      ['unenrolled learner', s.unenrolled.token, 403, []],
      ['revoked learner', revoked.token, 403, []],
      ['other tenant', foreign.token, 404, []],
      ['no token', undefined, 401, []],
    ];
    for (const [who, token, status, visible] of viewers) {
      const r = await api({ method: 'GET', path: s.coursePath, token, headers: token ? {} : { 'x-community-id': s.tenantId } });
      expect([who, r.status]).toEqual([who, status]);
      if (status === 200) expect([who, r.body.results.map((x: { id: string }) => x.id)]).toEqual([who, visible]);
      else expect(JSON.stringify(r.body)).not.toContain('Why hooks?');
    }
    // own lists: the private note and the shared question only ever reach their author
    for (const [who, token] of [['peer', s.peer.token], ['instructor', s.instructor.token], ['unenrolled', s.unenrolled.token], ['other tenant', foreign.token]] as const) {
      const r = await api({ method: 'GET', path: '/api/v1/reflections/', token });
      expect([who, r.status, r.body.count]).toEqual([who, 200, 0]);
    }
    expect((await api({ method: 'GET', path: '/api/v1/reflections/', headers: { 'x-community-id': s.tenantId } })).status).toBe(401);
    const own = await api({ method: 'GET', path: '/api/v1/reflections/', token: s.author.token });
    expect(own.body.count).toBe(2);
    // a private reflection turned course-visible appears to the peer; turned back, it disappears
    expect((await api({ method: 'PATCH', path: `/api/v1/reflections/${secret.body.id}/`, token: s.author.token, body: { visibility: 'course' } })).status).toBe(200);
    expect((await api({ method: 'GET', path: s.coursePath, token: s.peer.token })).body.count).toBe(2);
    expect((await api({ method: 'PATCH', path: `/api/v1/reflections/${secret.body.id}/`, token: s.author.token, body: { visibility: 'private' } })).status).toBe(200);
    expect((await api({ method: 'GET', path: s.coursePath, token: s.peer.token })).body.results.map((x: { id: string }) => x.id)).toEqual([shared.body.id]);
  });

  it('lets only learners with access and instructors write on a course', async () => {
    const s = await setting('rf-write');
    expect((await write(s.instructor.token, { course_id: s.courseId, type: 'note', content: 'teaching note', visibility: 'course' })).status).toBe(201);
    expect((await write(s.unenrolled.token, { course_id: s.courseId, type: 'note', content: 'x' })).status).toBe(403);
    const foreign = person(uniqueTenant('rf-write-other'));
    expect((await write(foreign.token, { course_id: s.courseId, type: 'note', content: 'x' })).status).toBe(404);
    expect((await api({ method: 'POST', path: '/api/v1/reflections/', body: { course_id: s.courseId, type: 'note', content: 'x' }, headers: { 'x-community-id': s.tenantId } })).status).toBe(401);
    const missingLesson = await write(s.author.token, { course_id: s.courseId, lesson_id: 'no-such-lesson', type: 'note', content: 'x' });
    expect(missingLesson.status).toBe(400);
    expect(JSON.stringify(missingLesson.body)).toContain('lesson_id');
    expect((await api({ method: 'GET', path: '/api/v1/reflections/', token: s.unenrolled.token })).body.count).toBe(0);
  });

  it('lets the author edit and delete their own reflection, and nobody else (404, nothing changed)', async () => {
    const s = await setting('rf-own');
    const created = await write(s.author.token, { course_id: s.courseId, type: 'puzzle', content: 'first', tags: ['a'], visibility: 'course' });
    const path = `/api/v1/reflections/${created.body.id}/`;
    const edited = await api({ method: 'PATCH', path, token: s.author.token, body: { content: 'second', tags: ['b', 'c'], type: 'question' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: created.body.id, content: 'second', tags: ['b', 'c'], type: 'question', visibility: 'course', created_at: created.body.created_at });
    const key = reflectionKey(s.tenantId, s.author.userId, created.body.id);
    const before = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: key }))).Item;
    expect(before).toMatchObject({ content: 'second', version: 2 });
    const foreign = person(uniqueTenant('rf-own-other'));
    for (const token of [s.peer.token, s.instructor.token, foreign.token]) {
      expect((await api({ method: 'PATCH', path, token, body: { content: 'hijack' } })).status).toBe(404);
      expect((await api({ method: 'DELETE', path, token })).status).toBe(404);
    }
    expect((await api({ method: 'PATCH', path, body: { content: 'hijack' }, headers: { 'x-community-id': s.tenantId } })).status).toBe(401);
    expect((await api({ method: 'DELETE', path, headers: { 'x-community-id': s.tenantId } })).status).toBe(401);
    expect((await documentClient().send(new GetCommand({ TableName: tableName(), Key: key }))).Item).toEqual(before);
    expect((await api({ method: 'DELETE', path, token: s.author.token })).status).toBe(204);
    expect((await documentClient().send(new GetCommand({ TableName: tableName(), Key: key }))).Item).toBeUndefined();
    expect((await api({ method: 'DELETE', path, token: s.author.token })).status).toBe(404);
    expect((await api({ method: 'PATCH', path, token: s.author.token, body: { content: 'again' } })).status).toBe(404);
    expect((await api({ method: 'GET', path: s.coursePath, token: s.peer.token })).body.count).toBe(0);
  });

  it('refuses to share a reflection with a course the author has lost access to (403, still private)', async () => {
    const s = await setting('rf-lost');
    const created = await write(s.author.token, { course_id: s.courseId, type: 'note', content: 'mine' });
    await enroll(s.tenantId, s.courseId, s.author, 'revoked');
    const r = await api({ method: 'PATCH', path: `/api/v1/reflections/${created.body.id}/`, token: s.author.token, body: { visibility: 'course' } });
    expect(r.status).toBe(403);
    const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: reflectionKey(s.tenantId, s.author.userId, created.body.id) }))).Item;
    expect(item).toMatchObject({ visibility: 'private', version: 1 });
    expect(item?.gsi1pk).toBeUndefined();
  });

  it('validates strictly and names the offending field, writing nothing', async () => {
    const s = await setting('rf-400');
    const base = { course_id: s.courseId, type: 'note', content: 'ok' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, type: 'essay' }, 'type'],
      [{ ...base, visibility: 'public' }, 'visibility'],
      [{ ...base, content: '   ' }, 'content'],
      [{ ...base, content: 'x'.repeat(5001) }, 'content'],
      [{ ...base, tags: ['a', 'a'] }, 'tags'],
      [{ ...base, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
      [{ ...base, tags: ['has space'] }, 'tags'],
      [{ ...base, user_id: s.peer.userId }, 'user_id'],
      [{ ...base, course_id: 'a#b' }, 'course_id'],
      [{ type: 'note', content: 'no course' }, 'course_id'],
    ];
    for (const [body, field] of cases) {
      const r = await write(s.author.token, body);
      expect([field, r.status]).toEqual([field, 400]);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(JSON.stringify(r.body.error.details)).toContain(field);
    }
    expect((await api({ method: 'GET', path: '/api/v1/reflections/', token: s.author.token })).body.count).toBe(0);
    expect((await api({ method: 'GET', path: '/api/v1/reflections/?type=essay', token: s.author.token })).status).toBe(400);
    expect((await api({ method: 'GET', path: '/api/v1/reflections/?author=x', token: s.author.token })).status).toBe(400);
    expect((await api({ method: 'GET', path: `${s.coursePath}?visibility=private`, token: s.peer.token })).status).toBe(400);
    const created = await write(s.author.token, base);
    const path = `/api/v1/reflections/${created.body.id}/`;
    expect((await api({ method: 'PATCH', path, token: s.author.token, body: {} })).status).toBe(400);
    expect((await api({ method: 'PATCH', path, token: s.author.token, body: { course_id: 'elsewhere' } })).status).toBe(400);
  });

  it('costs 2 requests to write, 1 to list your own, 2 to list a course\'s, 2 to edit, 1 to delete', async () => {
    const s = await setting('rf-budget');
    const created = await write(s.author.token, { course_id: s.courseId, lesson_id: s.lessonId, type: 'note', content: 'x', visibility: 'course' });
    expect(created.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, PutItemCommand: 1 });
    expect((await api({ method: 'GET', path: '/api/v1/reflections/', token: s.author.token })).dynamoDbByCommand).toEqual({ QueryCommand: 1 });
    expect((await api({ method: 'GET', path: s.coursePath, token: s.peer.token })).dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 1 });
    const path = `/api/v1/reflections/${created.body.id}/`;
    expect((await api({ method: 'PATCH', path, token: s.author.token, body: { content: 'y' } })).dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, UpdateItemCommand: 1 });
    expect((await api({ method: 'DELETE', path, token: s.author.token })).dynamoDbByCommand).toEqual({ DeleteItemCommand: 1 });
  });
});
