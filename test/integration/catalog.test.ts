import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '../../shared/db/commands.js';
import { getCourseTree } from '../../shared/catalog/courseRepository.js';
import { documentClient, setDocumentClient, tableName } from '../../shared/db/client.js';
import { courseKey, memberKey } from '../../shared/db/keys.js';
import { catalogApi as call, caller, createCourse, createLesson, createSection, publishedCourse } from '../support/catalog.js';
import { uniqueTenant } from '../support/tokens.js';

const publicList = (tenantId: string, query = '') => call({ method: 'GET', path: `/api/v1/courses/${query}`, headers: { 'x-community-id': tenantId } });
const publicDetail = (tenantId: string, id: string) => call({ method: 'GET', path: `/api/v1/courses/${id}/`, headers: { 'x-community-id': tenantId } });

describe('catalog authoring and the public list', () => {
  it('shows a published course in the list with exact counts, finds it by a description word, and hides it on unpublish', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const courseId = await createCourse(author, { title: 'Python From Zero', description: 'Write scripts that automate spreadsheets', price: 19.5 });
    const intro = await createSection(author, courseId, { title: 'Intro' });
    const drafts = await createSection(author, courseId, { title: 'Work in progress', is_published: false });
    await createLesson(author, courseId, intro, { duration_minutes: 25 });
    await createLesson(author, courseId, intro, { type: 'quiz', duration_minutes: 20 });
    await createLesson(author, courseId, drafts, { duration_minutes: 60 });

    const published = await call({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');

    const found = await publicList(tenantId, '?search=SPREADSHEETS');
    expect(found.status).toBe(200);
    expect(found.body.count).toBe(1);
    // Only the published section counts: 2 lessons, 45 minutes = 0.75 h, shown with one decimal.
    expect(found.body.results[0]).toMatchObject({ id: courseId, title: 'Python From Zero', sections_count: 1, lessons_count: 2, duration_hours: 0.8, price: 19.5, currency: 'USD', rating: null, students_count: 0 });
    expect((await publicList(tenantId, '?search=spreadsheets%20macros')).body.count).toBe(0);

    const unpublished = await call({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/unpublish/`, token: author.token });
    expect(unpublished.status).toBe(200);
    expect((await publicList(tenantId)).body.count).toBe(0);
    expect((await publicDetail(tenantId, courseId)).status).toBe(404);
  });

  it('keeps the catalog counts exact after every kind of structural edit', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const { courseId, sectionId, lessonId } = await publishedCourse(author);
    const counts = async () => {
      const row = (await publicList(tenantId)).body.results[0];
      return [row.sections_count, row.lessons_count, row.duration_hours];
    };
    // 10 minutes = 0.1666… h, shown with one decimal.
    expect(await counts()).toEqual([1, 1, 0.2]);

    const second = await createLesson(author, courseId, sectionId, { duration_minutes: 50 });
    expect(await counts()).toEqual([1, 2, 1]);

    const hidden = await createSection(author, courseId, { is_published: false });
    const moved = await call({ method: 'PATCH', path: `/api/v1/content/courses/${courseId}/lessons/${second}/`, token: author.token, body: { section_id: hidden } });
    expect(moved.status).toBe(200);
    expect(await counts()).toEqual([1, 1, 0.2]);

    await call({ method: 'PATCH', path: `/api/v1/content/courses/${courseId}/sections/${hidden}/`, token: author.token, body: { is_published: true } });
    expect(await counts()).toEqual([2, 2, 1]);

    await call({ method: 'PATCH', path: `/api/v1/content/courses/${courseId}/lessons/${lessonId}/`, token: author.token, body: { duration_minutes: 70 } });
    expect(await counts()).toEqual([2, 2, 2]);

    expect((await call({ method: 'DELETE', path: `/api/v1/content/courses/${courseId}/lessons/${second}/`, token: author.token })).status).toBe(204);
    expect(await counts()).toEqual([2, 1, 1.2]);

    expect((await call({ method: 'DELETE', path: `/api/v1/content/courses/${courseId}/sections/${hidden}/`, token: author.token })).status).toBe(204);
    expect(await counts()).toEqual([1, 1, 1.2]);
  });

  it('keeps counts exact when authors add lessons concurrently (every success counted, losers get 409)', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const { courseId, sectionId } = await publishedCourse(author);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/${sectionId}/lessons/`, token: author.token, body: { title: 'Parallel', type: 'reading', duration_minutes: 5 } })),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = results.filter((r) => r.status === 201).length;
    expect(created).toBeGreaterThan(0);
    const tree = await getCourseTree(tenantId, courseId, true);
    expect(tree?.lessons).toHaveLength(1 + created);
    expect(tree?.course.lessonsCount).toBe(1 + created);
    expect(tree?.lessons.map((l) => l.order)).toEqual(Array.from({ length: 1 + created }, (_, i) => i + 1));
  });

  it('inserts a section at the requested position and reorders sections and lessons', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const courseId = await createCourse(author);
    const a = await createSection(author, courseId, { title: 'A' });
    const b = await createSection(author, courseId, { title: 'B' });
    const first = await createSection(author, courseId, { title: 'First', order: 1 });
    const listed = await call({ method: 'GET', path: `/api/v1/content/courses/${courseId}/sections/`, token: author.token });
    expect(listed.body.results.map((s: { title: string; order: number }) => [s.title, s.order])).toEqual([['First', 1], ['A', 2], ['B', 3]]);

    const reordered = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/reorder/`, token: author.token, body: { section_ids: [b, a, first] } });
    expect(reordered.status).toBe(200);
    expect(reordered.body.results.map((s: { id: string }) => s.id)).toEqual([b, a, first]);
    const incomplete = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/reorder/`, token: author.token, body: { section_ids: [b, a] } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.details[0].field).toBe('body.section_ids');

    const l1 = await createLesson(author, courseId, a, { title: 'one' });
    const l2 = await createLesson(author, courseId, a, { title: 'two' });
    const lessons = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/${a}/lessons/reorder/`, token: author.token, body: { lesson_ids: [l2, l1] } });
    expect(lessons.body.results.map((l: { id: string; order: number }) => [l.id, l.order])).toEqual([[l2, 1], [l1, 2]]);
  });

  it('shows a draft to its instructor and an org admin, and answers 404 to the public and other instructors', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const courseId = await createCourse(author, { slug: 'draft-course' });
    expect((await call({ method: 'GET', path: `/api/v1/courses/${courseId}/`, token: author.token })).body.status).toBe('draft');
    expect((await call({ method: 'GET', path: '/api/v1/courses/draft-course/', token: caller(tenantId, 'org_admin').token })).status).toBe(200);
    expect((await publicDetail(tenantId, courseId)).status).toBe(404);
    expect((await call({ method: 'GET', path: `/api/v1/courses/${courseId}/`, token: caller(tenantId, 'instructor').token })).status).toBe(404);
  });

  it('serves the detail page with sections, lessons, requirements, objectives and audience', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const { courseId, lessonId } = await publishedCourse(author, { requirements: ['A laptop'], objectives: ['Automate a report'], target_audience: ['Analysts'], detailed_description: '<p>Long</p>' });
    const detail = await publicDetail(tenantId, courseId);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: courseId, requirements: ['A laptop'], objectives: ['Automate a report'], target_audience: ['Analysts'], detailed_description: '<p>Long</p>', instructor: { id: author.userId, courses_count: 1 } });
    expect(detail.body.sections[0]).toMatchObject({ order: 1, lessons_count: 1, duration_minutes: 10 });
    expect(detail.body.sections[0].lessons[0].id).toBe(lessonId);
  });
});

describe('catalog authorization and tenancy', () => {
  it('refuses authoring to a learner (403) and to a request without a token (401)', async () => {
    const tenantId = uniqueTenant('cat');
    const learner = caller(tenantId, 'learner');
    expect((await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: learner.token, body: { title: 'Nope', description: 'x', difficulty: 'beginner', price: 0 } })).status).toBe(403);
    expect((await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', body: { title: 'Nope', description: 'x', difficulty: 'beginner', price: 0 } })).status).toBe(401);
  });

  it('lets only the course\'s instructors and org admins edit it', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const other = caller(tenantId, 'instructor');
    const courseId = await createCourse(author);
    const byOther = await call({ method: 'PATCH', path: `/api/v1/instructor/courses/${courseId}/`, token: other.token, body: { title: 'Taken over' } });
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.code).toBe('PERMISSION_DENIED');
    expect((await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/`, token: other.token, body: { title: 'x' } })).status).toBe(403);
    expect((await call({ method: 'GET', path: `/api/v1/content/courses/${courseId}/sections/`, token: other.token })).status).toBe(403);
    const byAdmin = await call({ method: 'PATCH', path: `/api/v1/instructor/courses/${courseId}/`, token: caller(tenantId, 'org_admin').token, body: { title: 'Edited by the admin' } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.title).toBe('Edited by the admin');
    const tree = await getCourseTree(tenantId, courseId, true);
    expect(tree?.course.title).toBe('Edited by the admin');
  });

  it('makes a co-instructor an author, and refuses a co-instructor who is not an instructor of the community', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const refused = await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: { title: 'Team course', description: 'x', difficulty: 'beginner', price: 0, co_instructor_ids: ['not-a-member'] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('body.co_instructor_ids.0');

    const colleague = caller(tenantId, 'instructor');
    // A member item as the organizations service writes it when an admin adds an instructor.
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, colleague.userId), type: 'member', userId: colleague.userId, roles: ['instructor'] } }));
    const courseId = await createCourse(author, { co_instructor_ids: [colleague.userId] });
    const edited = await call({ method: 'PATCH', path: `/api/v1/instructor/courses/${courseId}/`, token: colleague.token, body: { description: 'Co-authored' } });
    expect(edited.status).toBe(200);
    expect(edited.body.description).toBe('Co-authored');
  });

  it('never shows or changes another tenant\'s course', async () => {
    const tenantA = uniqueTenant('cat');
    const tenantB = uniqueTenant('cat');
    const author = caller(tenantA, 'instructor');
    const { courseId } = await publishedCourse(author);
    expect((await publicList(tenantB)).body.count).toBe(0);
    expect((await publicDetail(tenantB, courseId)).status).toBe(404);
    const adminB = caller(tenantB, 'org_admin');
    expect((await call({ method: 'PATCH', path: `/api/v1/instructor/courses/${courseId}/`, token: adminB.token, body: { title: 'Hijack' } })).status).toBe(404);
    expect((await call({ method: 'DELETE', path: `/api/v1/instructor/courses/${courseId}/`, token: adminB.token })).status).toBe(404);
    expect((await call({ method: 'GET', path: '/api/v1/courses/', token: author.token, headers: { 'x-community-id': tenantB } })).status).toBe(403);
    expect((await publicList(tenantA)).body.results[0].title).not.toBe('Hijack');
  });
});

describe('catalog validation (400/409 with the field; nothing written)', () => {
  const invalidCourses: [string, Record<string, unknown>, string][] = [
    ['a negative price', { price: -1 }, 'body.price'],
    ['three decimals', { price: 1.999 }, 'body.price'],
    ['an unknown difficulty', { difficulty: 'expert' }, 'body.difficulty'],
    ['a status (never taken from the client)', { status: 'published' }, 'body.status'],
    ['an unknown currency', { currency: 'XXX' }, 'body.currency'],
    ['a bad slug', { slug: 'Not A Slug' }, 'body.slug'],
  ];
  it.each(invalidCourses)('refuses %s', async (_case, fields, field) => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const response = await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: { title: 'Valid title', description: 'x', difficulty: 'beginner', price: 10, ...fields } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    const mine = await call({ method: 'GET', path: '/api/v1/instructor/courses/', token: author.token });
    expect(mine.body.count).toBe(0);
  });

  it.each([['0'], ['101'], ['abc']])('refuses page_size=%s', async (size) => {
    const response = await publicList(uniqueTenant('cat'), `?page_size=${size}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('query.page_size');
  });

  it('refuses a duplicate slug with 409 and keeps the first course', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    await createCourse(author, { slug: 'only-once' });
    const duplicate = await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: { title: 'Another', description: 'x', difficulty: 'beginner', price: 0, slug: 'only-once' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details[0].field).toBe('body.slug');
    expect((await call({ method: 'GET', path: '/api/v1/instructor/courses/', token: author.token })).body.count).toBe(1);
    // The same slug in another tenant is free.
    await expect(createCourse(caller(uniqueTenant('cat'), 'instructor'), { slug: 'only-once' })).resolves.toEqual(expect.any(String));
  });

  it('derives a free slug from the title when the derived one is taken', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    await createCourse(author, { title: 'Advanced React Development' });
    const second = await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: { title: 'Advanced React Development', description: 'x', difficulty: 'advanced', price: 0 } });
    expect(second.status).toBe(201);
    expect(second.body.slug).toMatch(/^advanced-react-development-[0-9a-f]{5}$/);
  });

  it('refuses cyclic lesson prerequisites with 400 and leaves the lessons as they were', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const { courseId, sectionId, lessonId: first } = await publishedCourse(author);
    const second = await createLesson(author, courseId, sectionId, { prerequisites: [first] });
    const before = await getCourseTree(tenantId, courseId, true);
    const cyclic = await call({ method: 'PATCH', path: `/api/v1/content/courses/${courseId}/lessons/${first}/`, token: author.token, body: { prerequisites: [second] } });
    expect(cyclic.status).toBe(400);
    expect(cyclic.body.error.details[0]).toMatchObject({ field: 'body.prerequisites' });
    expect(cyclic.body.error.details[0].message).toContain('cycle');
    const unknown = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/${sectionId}/lessons/`, token: author.token, body: { title: 'x', type: 'video', duration_minutes: 5, prerequisites: ['00000000-0000-4000-8000-000000000000'] } });
    expect(unknown.status).toBe(400);
    expect(await getCourseTree(tenantId, courseId, true)).toEqual(before);
  });

  it('refuses cyclic course prerequisites with 400', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const a = await createCourse(author);
    const b = await createCourse(author, { prerequisites: [a] });
    const c = await createCourse(author, { prerequisites: [b] });
    const cyclic = await call({ method: 'PATCH', path: `/api/v1/instructor/courses/${a}/`, token: author.token, body: { prerequisites: [c] } });
    expect(cyclic.status).toBe(400);
    expect(cyclic.body.error.details[0].field).toBe('body.prerequisites');
    const self = await call({ method: 'PATCH', path: `/api/v1/instructor/courses/${a}/`, token: author.token, body: { prerequisites: [a] } });
    expect(self.body.error.details[0].field).toBe('body.prerequisites.0');
    expect((await getCourseTree(tenantId, a, true))?.course.prerequisites).toEqual([]);
  });

  it('refuses quiz scores on a non-quiz lesson and a pass score above the maximum', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const { courseId, sectionId } = await publishedCourse(author);
    const path = `/api/v1/content/courses/${courseId}/sections/${sectionId}/lessons/`;
    expect((await call({ method: 'POST', path, token: author.token, body: { title: 'v', type: 'video', duration_minutes: 5, max_score: 10 } })).body.error.details[0].field).toBe('body.max_score');
    expect((await call({ method: 'POST', path, token: author.token, body: { title: 'q', type: 'quiz', duration_minutes: 5, max_score: 10, pass_score: 11 } })).body.error.details[0].field).toBe('body.pass_score');
  });

  it('refuses to publish a course without a published lesson (409)', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const courseId = await createCourse(author);
    await createSection(author, courseId);
    const response = await call({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
    expect(response.status).toBe(409);
    expect((await publicList(tenantId)).body.count).toBe(0);
  });
});

describe('course deletion', () => {
  it('deletes a course without enrollments with everything in it', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const { courseId } = await publishedCourse(author, { slug: 'gone-soon' });
    expect((await call({ method: 'DELETE', path: `/api/v1/instructor/courses/${courseId}/`, token: author.token })).status).toBe(204);
    expect(await getCourseTree(tenantId, courseId, true)).toBeUndefined();
    expect((await publicList(tenantId)).body.count).toBe(0);
    // The slug is free again.
    await expect(createCourse(author, { slug: 'gone-soon' })).resolves.toEqual(expect.any(String));
  });

  it('refuses to delete a course with enrollments (409) and keeps it', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const { courseId } = await publishedCourse(author);
    // An enrollment adds to the course's student count atomically (enrollment flow, issue 7).
    await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: courseKey(tenantId, courseId), UpdateExpression: 'ADD studentsCount :one', ExpressionAttributeValues: { ':one': 1 } }));
    const response = await call({ method: 'DELETE', path: `/api/v1/instructor/courses/${courseId}/`, token: author.token });
    expect(response.status).toBe(409);
    expect((await publicDetail(tenantId, courseId)).body.students_count).toBe(1);
  });

  it('refuses to delete a course another course requires (409)', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const base = await createCourse(author);
    await createCourse(author, { prerequisites: [base] });
    expect((await call({ method: 'DELETE', path: `/api/v1/instructor/courses/${base}/`, token: author.token })).status).toBe(409);
    expect(await getCourseTree(tenantId, base, true)).toBeDefined();
  });
});

describe('catalog DynamoDB requests per call', () => {
  it('list: the rate limit and one Query of the catalog index', async () => {
    const tenantId = uniqueTenant('cat');
    await publishedCourse(caller(tenantId, 'instructor'));
    const response = await publicList(tenantId, '?search=basics&sort=price');
    expect(response.status).toBe(200);
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1 });
  });

  it('detail: the rate limit, one Query of the course and one BatchGet of the instructor', async () => {
    const tenantId = uniqueTenant('cat');
    const { courseId } = await publishedCourse(caller(tenantId, 'instructor'));
    const response = await publicDetail(tenantId, courseId);
    expect(response.status).toBe(200);
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1 });
  });

  it('create: the rate limit, one BatchGet of the references and one TransactWrite', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const response = await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: { title: 'Budgeted', description: 'x', difficulty: 'beginner', price: 0 } });
    expect(response.status).toBe(201);
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('structural edit: the rate limit, one Query and one TransactWrite', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const courseId = await createCourse(author);
    const response = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/`, token: author.token, body: { title: 'S' } });
    expect(response.status).toBe(201);
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, TransactWriteItemsCommand: 1 });
  });
});

describe('catalog races and faults', () => {
  /** Replaces the shared client for one test: `before` runs ahead of each TransactWrite and may throw. */
  function interceptTransactions(before: (call: number) => Promise<void>) {
    const real = documentClient();
    let calls = 0;
    const proxy = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return async (command: { constructor: { name: string } }) => {
          if (command.constructor.name === 'TransactWriteCommand') await before(++calls);
          return target.send(command as never);
        };
      },
    });
    setDocumentClient(proxy);
    return { restore: () => setDocumentClient(real), calls: () => calls };
  }
  const conflict = () =>
    new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] });

  it('retries a transaction AWS cancels for a concurrent transaction (TransactionConflict)', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const courseId = await createCourse(author);
    const hook = interceptTransactions(async (n) => {
      if (n === 1) throw conflict();
    });
    try {
      const response = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/`, token: author.token, body: { title: 'After a conflict' } });
      expect(response.status).toBe(201);
      expect(hook.calls()).toBe(2);
    } finally {
      hook.restore();
    }
    expect((await getCourseTree(tenantId, courseId, true))?.sections).toHaveLength(1);
  });

  it('answers 409, never 500, when every attempt meets a conflict, and writes nothing', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const courseId = await createCourse(author);
    const hook = interceptTransactions(async () => {
      throw conflict();
    });
    try {
      const response = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/`, token: author.token, body: { title: 'Never' } });
      expect(response.status).toBe(409);
    } finally {
      hook.restore();
    }
    expect((await getCourseTree(tenantId, courseId, true))?.sections).toHaveLength(0);
  });

  it('never leaves a prerequisite pointing at a course deleted while the edit was in flight', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    const a = await createCourse(author);
    const b = await createCourse(author);
    const hook = interceptTransactions(async (n) => {
      // Between A's reads and A's write, B is deleted (its own transaction goes through the real client).
      if (n === 1) {
        hook.restore();
        expect((await call({ method: 'DELETE', path: `/api/v1/instructor/courses/${b}/`, token: author.token })).status).toBe(204);
      }
    });
    let response;
    try {
      response = await call({ method: 'PATCH', path: `/api/v1/instructor/courses/${a}/`, token: author.token, body: { prerequisites: [b] } });
    } finally {
      hook.restore();
    }
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body.prerequisites.0');
    expect((await getCourseTree(tenantId, a, true))?.course.prerequisites).toEqual([]);
  });

  it('treats empty filter parameters as absent, as a frontend with empty boxes sends them', async () => {
    const tenantId = uniqueTenant('cat');
    await publishedCourse(caller(tenantId, 'instructor'));
    const response = await publicList(tenantId, '?search=&category=&difficulty=&sort=&order=');
    expect(response.status).toBe(200);
    expect(response.body.count).toBe(1);
  });

  it('refuses a slug shaped like a course id (it could never be looked up)', async () => {
    const author = caller(uniqueTenant('cat'), 'instructor');
    const response = await call({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: { title: 'Sneaky', description: 'x', difficulty: 'beginner', price: 0, slug: '00000000-0000-4000-8000-000000000000' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body.slug');
  });

  it('builds page links from the API\'s own domain, not from a forwarding header', async () => {
    const tenantId = uniqueTenant('cat');
    const author = caller(tenantId, 'instructor');
    await publishedCourse(author);
    await publishedCourse(author);
    const response = await call({ method: 'GET', path: '/api/v1/courses/?page_size=1', headers: { 'x-community-id': tenantId, host: 'api.example.com', 'x-forwarded-host': 'evil.example.net' } });
    expect(response.body.next).toBe('https://api.example.com/api/v1/courses/?page_size=1&page=2');
  });
});
