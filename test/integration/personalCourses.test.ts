import { randomUUID } from 'node:crypto';
import { handler } from '../../lambdas/personalCourses/handler.js';
import { insertPersonalCourse } from '../../shared/personalCourses/personalCourseRepository.js';
import { newPersonalCourse } from '../../shared/personalCourses/personalCourseService.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

const call = httpClient(ROUTES, { personalCourses: handler });

interface Learner {
  tenantId: string;
  userId: string;
  token: string;
}

/** A member of `tenantId` (a fresh tenant unless given) with a learner token. */
function learner(tenantId = uniqueTenant('pc'), userId = `u-${randomUUID()}`): Learner {
  return { tenantId, userId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
}

/** The seed's create example. */
const SEED_EXAMPLE = {
  topic: 'Strength Training for Beginners',
  current_level: 'beginner',
  goals: ['build muscle', 'improve form'],
  timeline: '3 months',
  preferences: { session_length: 60, frequency: '3x per week' },
};

async function createCourse(who: Learner, body: Record<string, unknown> = { topic: 'Spanish conversation' }) {
  const response = await call({ method: 'POST', path: '/api/courses', token: who.token, body });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data as { id: string; status: string; title: string; created_at: string; updated_at: string };
}

/** Field names of a 4xx error body. */
const fieldsOf = (body: { error: { details: { field: string }[] | string | null } }) =>
  Array.isArray(body.error.details) ? body.error.details.map((detail) => detail.field) : [];

/** A small valid tree: section 1 (lessons a, b), section 2 (quiz c requiring section 1). */
const smallTree = () => [
  {
    id: 's1',
    title: 'Foundations',
    type: 'section',
    estimatedDuration: 0,
    children: [
      { id: 'a', title: 'Squat form', type: 'lesson', estimatedDuration: 30, learningObjectives: ['Brace the core'] },
      { id: 'b', title: 'Squat practice', type: 'practice', estimatedDuration: 45, prerequisites: ['a'] },
    ],
  },
  { id: 's2', title: 'Check', type: 'section', estimatedDuration: 5, children: [{ id: 'c', title: 'Form quiz', type: 'quiz', estimatedDuration: 15, prerequisites: ['s1'] }] },
];

describe('personal courses: create', () => {
  it('creates a draft course from the seed example, parsing the timeline and frequency text', async () => {
    const me = learner();
    const response = await call({ method: 'POST', path: '/api/courses', token: me.token, body: SEED_EXAMPLE });

    expect(response.status).toBe(201);
    const course = response.body.data;
    expect(response.body.success).toBe(true);
    expect(response.body.meta).toEqual({ requestId: expect.any(String), timestamp: expect.any(String) });
    // "3 months" = 3 × 30.4375 days = 91.3 days → 13.04 weeks → 13 whole weeks (rule in docs/api.md).
    expect(course).toMatchObject({
      topic: SEED_EXAMPLE.topic,
      title: SEED_EXAMPLE.topic,
      status: 'draft',
      user_id: me.userId,
      current_level: 'beginner',
      target_level: null,
      goals: SEED_EXAMPLE.goals,
      timeline_weeks: 13,
      preferences: { session_length: 60, frequency: { type: 'weekly', count: 3 }, difficulty: null, focus_areas: [] },
      completed_at: null,
    });
    expect(course.id).toEqual(expect.any(String));
    expect(Date.parse(course.created_at)).not.toBeNaN();
    expect(response.headers.location).toBe(`/api/courses/${course.id}`);
  });

  it('stores what it returned: a GET gives the same course', async () => {
    const me = learner();
    const created = await createCourse(me, { ...SEED_EXAMPLE, title: 'Lift', description: 'Barbell basics', target_level: 'advanced', timeline_weeks: 8, timeline: undefined });

    const read = await call({ method: 'GET', path: `/api/courses/${created.id}`, token: me.token });

    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(created);
    expect(read.body.data).toMatchObject({ title: 'Lift', description: 'Barbell basics', target_level: 'advanced', timeline_weeks: 8 });
  });

  it('accepts a FrequencyPattern object and the other preferences', async () => {
    const me = learner();
    const preferences = { session_length: 30, frequency: { type: 'custom', days: [1, 3, 5] }, difficulty: 'challenging', focus_areas: ['mobility'] };
    const course = await createCourse(me, { topic: 'Yoga', preferences });
    expect((course as unknown as { preferences: unknown }).preferences).toEqual(preferences);
  });

  it.each([
    ['a missing topic', { goals: ['x'] }, 'body.topic'],
    ['an unknown field', { topic: 'x', colour: 'red' }, 'body.colour'],
    ['a status from the client', { topic: 'x', status: 'active' }, 'body.status'],
    ['an unknown level', { topic: 'x', current_level: 'guru' }, 'body.current_level'],
    ['both timeline forms', { topic: 'x', timeline: '6 weeks', timeline_weeks: 6 }, 'body.timeline_weeks'],
    ['an unparseable timeline', { topic: 'x', timeline: 'soon' }, 'body.timeline'],
    ['a timeline over 520 weeks', { topic: 'x', timeline: '11 years' }, 'body.timeline'],
    ['a target below the current level', { topic: 'x', current_level: 'advanced', target_level: 'beginner' }, 'body.target_level'],
    ['an unknown frequency text', { topic: 'x', preferences: { frequency: 'whenever' } }, 'body.preferences.frequency'],
    ['a weekly count over 7', { topic: 'x', preferences: { frequency: { type: 'weekly', count: 8 } } }, 'body.preferences.frequency.count'],
    ['a session shorter than 5 minutes', { topic: 'x', preferences: { session_length: 2 } }, 'body.preferences.session_length'],
    ['a description over 2000 bytes', { topic: 'x', description: 'é'.repeat(1001) }, 'body.description'],
    ['more than 10 goals', { topic: 'x', goals: Array.from({ length: 11 }, (_, i) => `goal ${i}`) }, 'body.goals'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const me = learner();
    const response = await call({ method: 'POST', path: '/api/courses', token: me.token, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldsOf(response.body)).toContain(field);
  });

  it('enforces 200 courses per user even under concurrent creates, and frees a place on delete', async () => {
    const me = learner();
    // 195 courses through the same repository call the route uses (the route itself is rate limited to 100 a minute).
    const now = new Date();
    for (let i = 0; i < 195; i += 15) {
      await Promise.all(Array.from({ length: Math.min(15, 195 - i) }, (_, k) => insertPersonalCourse(me, newPersonalCourse(me.userId, { topic: `Seeded ${i + k}` }, now))));
    }

    const attempts = await Promise.all(Array.from({ length: 10 }, (_, i) => call({ method: 'POST', path: '/api/courses', token: me.token, body: { topic: `Race ${i}` } })));

    expect(attempts.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = attempts.filter((r) => r.status === 409);
    expect(refused).toHaveLength(5);
    expect(refused[0]?.body.error.code).toBe('CONFLICT');
    const listed = await call({ method: 'GET', path: '/api/courses?limit=1', token: me.token });
    expect(listed.body.meta.pagination.total).toBe(200);

    const victim = attempts.find((r) => r.status === 201)?.body.data.id as string;
    expect((await call({ method: 'DELETE', path: `/api/courses/${victim}`, token: me.token })).status).toBe(200);
    expect((await call({ method: 'POST', path: '/api/courses', token: me.token, body: { topic: 'After delete' } })).status).toBe(201);
    expect((await call({ method: 'POST', path: '/api/courses', token: me.token, body: { topic: 'One too many' } })).status).toBe(409);
  });
});

describe('personal courses: list', () => {
  it('pages through the caller\'s courses with the seed\'s pagination block', async () => {
    const me = learner();
    const ids = [];
    for (const topic of ['One', 'Two', 'Three']) ids.push((await createCourse(me, { topic })).id);

    const first = await call({ method: 'GET', path: '/api/courses?limit=2', token: me.token });
    const second = await call({ method: 'GET', path: '/api/courses?page=2&limit=2', token: me.token });

    expect(first.status).toBe(200);
    expect(first.body.meta.pagination).toEqual({ page: 1, limit: 2, total: 3, hasNext: true, hasPrev: false });
    expect(second.body.meta.pagination).toEqual({ page: 2, limit: 2, total: 3, hasNext: false, hasPrev: true });
    const seen = [...first.body.data, ...second.body.data].map((c: { id: string }) => c.id);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(first.body.meta.filters).toEqual({});
  });

  it('defaults to page 1, 10 per page, newest first', async () => {
    const me = learner();
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await createCourse(me, { topic: `Topic ${i}` }));

    const response = await call({ method: 'GET', path: '/api/courses', token: me.token });

    const expected = [...created]
      .sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? 1 : -1))
      .slice(0, 10)
      .map((c) => c.id);
    expect(response.body.data.map((c: { id: string }) => c.id)).toEqual(expected);
    expect(response.body.meta.pagination).toEqual({ page: 1, limit: 10, total: 12, hasNext: true, hasPrev: false });
    expect(response.body.meta.sort).toBe('created_at:desc');
  });

  it('filters by status and by topic (case-insensitive substring) and echoes the filters', async () => {
    const me = learner();
    const fitness = await createCourse(me, { topic: 'Fitness for runners' });
    await createCourse(me, { topic: 'FITNESS at home' });
    await createCourse(me, { topic: 'Cooking' });
    await call({ method: 'PATCH', path: `/api/courses/${fitness.id}`, token: me.token, body: { status: 'active' } });

    const byTopic = await call({ method: 'GET', path: '/api/courses?topic=fitness', token: me.token });
    const both = await call({ method: 'GET', path: '/api/courses?status=active&topic=fitness', token: me.token });

    expect(byTopic.body.data.map((c: { topic: string }) => c.topic).sort()).toEqual(['FITNESS at home', 'Fitness for runners']);
    expect(both.body.data.map((c: { id: string }) => c.id)).toEqual([fitness.id]);
    expect(both.body.meta.filters).toEqual({ status: 'active', topic: 'fitness' });
    expect(both.body.meta.pagination.total).toBe(1);
  });

  it('sorts by title case-insensitively with a stable tie-break on id', async () => {
    const me = learner();
    const titles = ['banana', 'Apple', 'cherry', 'apple'];
    const created = [];
    for (const title of titles) created.push(await createCourse(me, { topic: 'Fruit', title }));

    const asc = await call({ method: 'GET', path: '/api/courses?sort=title:asc', token: me.token });
    const desc = await call({ method: 'GET', path: '/api/courses?sort=title:desc', token: me.token });

    const key = (c: { title: string }) => c.title.toLowerCase();
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    const expectedAsc = [...created].sort((a, b) => (key(a) === key(b) ? byId(a, b) : key(a) < key(b) ? -1 : 1)).map((c) => c.id);
    const expectedDesc = [...created].sort((a, b) => (key(a) === key(b) ? byId(a, b) : key(a) < key(b) ? 1 : -1)).map((c) => c.id);
    expect(asc.body.data.map((c: { id: string }) => c.id)).toEqual(expectedAsc);
    expect(desc.body.data.map((c: { id: string }) => c.id)).toEqual(expectedDesc);
  });

  it.each([
    ['sort=popularity:desc', 'query.sort'],
    ['sort=title', 'query.sort'],
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['page=0', 'query.page'],
    ['status=archived', 'query.status'],
    ['colour=red', 'query.colour'],
  ])('refuses ?%s with 400 naming the field', async (query, field) => {
    const me = learner();
    const response = await call({ method: 'GET', path: `/api/courses?${query}`, token: me.token });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toContain(field);
  });

  it('answers an empty page past the end', async () => {
    const me = learner();
    await createCourse(me);
    const response = await call({ method: 'GET', path: '/api/courses?page=5', token: me.token });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([]);
    expect(response.body.meta.pagination).toEqual({ page: 5, limit: 10, total: 1, hasNext: false, hasPrev: true });
  });

  it('lists 200 courses of the largest allowed size in a single Query', async () => {
    // Longest tenant (64) and user id (128), every text at its byte limit in 4-byte characters.
    const me = learner(`${uniqueTenant('pc')}-`.padEnd(64, 'x'), `u-${randomUUID()}-`.padEnd(128, 'y'));
    const text = (bytes: number) => '😀'.repeat(bytes / 4);
    const now = new Date();
    for (let i = 0; i < 200; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          insertPersonalCourse(me, {
            ...newPersonalCourse(me.userId, {
              topic: text(200), title: text(200), description: text(2000), current_level: 'intermediate', target_level: 'intermediate',
              goals: Array.from({ length: 10 }, () => text(100)), timeline_weeks: 520,
              preferences: { session_length: 240, frequency: { type: 'custom', days: [0, 1, 2, 3, 4, 5, 6] }, difficulty: 'challenging', focus_areas: Array.from({ length: 10 }, () => text(50)) },
            }, now),
            status: 'completed',
            completedAt: now.toISOString(),
          }),
        ),
      );
    }

    const response = await call({ method: 'GET', path: '/api/courses?limit=100&sort=title:asc', token: me.token });

    expect(response.status).toBe(200);
    expect(response.body.meta.pagination.total).toBe(200);
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1 });
  });
});

describe('personal courses: edit', () => {
  it('changes descriptive fields, clears one with null and stamps updated_at', async () => {
    const me = learner();
    const created = await createCourse(me, { ...SEED_EXAMPLE, description: 'old' });

    const response = await call({
      method: 'PATCH',
      path: `/api/courses/${created.id}`,
      token: me.token,
      body: { title: 'Strength 101', description: null, goals: ['deadlift'], timeline: '6 weeks', preferences: { difficulty: 'moderate' } },
    });

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      title: 'Strength 101',
      description: null,
      goals: ['deadlift'],
      timeline_weeks: 6,
      topic: SEED_EXAMPLE.topic,
      // Preferences merge: only difficulty changed.
      preferences: { session_length: 60, frequency: { type: 'weekly', count: 3 }, difficulty: 'moderate', focus_areas: [] },
    });
    expect(response.body.data.updated_at >= created.updated_at).toBe(true);
    const read = await call({ method: 'GET', path: `/api/courses/${created.id}`, token: me.token });
    expect(read.body.data).toEqual(response.body.data);
  });

  it('moves status draft → active → paused → active and refuses other transitions with 409', async () => {
    const me = learner();
    const course = await createCourse(me);
    const path = `/api/courses/${course.id}`;
    const setStatus = (status: string) => call({ method: 'PATCH', path, token: me.token, body: { status } });

    const pausedDraft = await setStatus('paused');
    expect(pausedDraft.status).toBe(409);
    expect(fieldsOf(pausedDraft.body)).toEqual(['body.status']);
    expect((await setStatus('active')).body.data.status).toBe('active');
    expect((await setStatus('active')).status).toBe(200); // asking for the current status is a no-op
    expect((await setStatus('paused')).body.data.status).toBe('paused');
    expect((await setStatus('active')).body.data.status).toBe('active');

    expect((await call({ method: 'POST', path: `${path}/complete`, token: me.token })).status).toBe(200);
    const reopened = await setStatus('active');
    expect(reopened.status).toBe(409);
    expect((await call({ method: 'GET', path, token: me.token })).body.data.status).toBe('completed');
  });

  it.each(['completed', 'draft', 'generating'])('refuses status %s in a PATCH with 400', async (status) => {
    const me = learner();
    const course = await createCourse(me);
    const response = await call({ method: 'PATCH', path: `/api/courses/${course.id}`, token: me.token, body: { status } });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['body.status']);
  });

  it('keeps target_level ≥ current_level when only one of them changes', async () => {
    const me = learner();
    const course = await createCourse(me, { topic: 'Chess', current_level: 'intermediate', target_level: 'advanced' });
    const path = `/api/courses/${course.id}`;

    const currentTooHigh = await call({ method: 'PATCH', path, token: me.token, body: { current_level: 'expert' } });
    const targetTooLow = await call({ method: 'PATCH', path, token: me.token, body: { target_level: 'beginner' } });
    const fine = await call({ method: 'PATCH', path, token: me.token, body: { current_level: 'advanced' } });

    expect(currentTooHigh.status).toBe(400);
    expect(fieldsOf(currentTooHigh.body)).toEqual(['body.current_level']);
    expect(targetTooLow.status).toBe(400);
    expect(fieldsOf(targetTooLow.body)).toEqual(['body.target_level']);
    expect(fine.body.data).toMatchObject({ current_level: 'advanced', target_level: 'advanced' });
  });

  it('refuses an empty edit and an empty preferences object with 400', async () => {
    const me = learner();
    const course = await createCourse(me);
    const empty = await call({ method: 'PATCH', path: `/api/courses/${course.id}`, token: me.token, body: {} });
    const emptyPreferences = await call({ method: 'PATCH', path: `/api/courses/${course.id}`, token: me.token, body: { preferences: {} } });
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty.body)).toEqual(['body']);
    expect(emptyPreferences.status).toBe(400);
    expect(fieldsOf(emptyPreferences.body)).toEqual(['body.preferences']);
  });

  it('answers 404 for an unknown course', async () => {
    const me = learner();
    const response = await call({ method: 'PATCH', path: `/api/courses/${randomUUID()}`, token: me.token, body: { title: 'x' } });
    expect(response.status).toBe(404);
  });
});

describe('personal courses: complete', () => {
  it('sets completed and completed_at once; a second completion is 409', async () => {
    const me = learner();
    const course = await createCourse(me);

    const done = await call({ method: 'POST', path: `/api/courses/${course.id}/complete`, token: me.token });
    const again = await call({ method: 'POST', path: `/api/courses/${course.id}/complete`, token: me.token });

    expect(done.status).toBe(200);
    expect(done.body.data.status).toBe('completed');
    expect(Date.parse(done.body.data.completed_at)).not.toBeNaN();
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(done.body.data.completed_at);
  });

  it('lets exactly one of several concurrent completions win', async () => {
    const me = learner();
    const course = await createCourse(me);
    const results = await Promise.all(Array.from({ length: 5 }, () => call({ method: 'POST', path: `/api/courses/${course.id}/complete`, token: me.token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
  });

  it('answers 404 for an unknown course', async () => {
    const me = learner();
    expect((await call({ method: 'POST', path: `/api/courses/${randomUUID()}/complete`, token: me.token })).status).toBe(404);
  });
});

describe('personal courses: delete', () => {
  it('removes the course and its curriculum together; a repeat is 404', async () => {
    const me = learner();
    const course = await createCourse(me);
    await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 0, structure: smallTree() } });

    const deleted = await call({ method: 'DELETE', path: `/api/courses/${course.id}`, token: me.token });

    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: course.id, deleted: true });
    expect((await call({ method: 'GET', path: `/api/courses/${course.id}`, token: me.token })).status).toBe(404);
    expect((await call({ method: 'GET', path: `/api/curriculum/${course.id}`, token: me.token })).status).toBe(404);
    // No orphaned curriculum can be written back either: the save checks the course.
    expect((await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 1, structure: smallTree() } })).status).toBe(404);
    expect((await call({ method: 'DELETE', path: `/api/courses/${course.id}`, token: me.token })).status).toBe(404);
  });
});

describe('curriculum builder', () => {
  it('answers version 0 and an empty structure for a course without a curriculum', async () => {
    const me = learner();
    const course = await createCourse(me);
    const response = await call({ method: 'GET', path: `/api/curriculum/${course.id}`, token: me.token });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ id: null, courseId: course.id, version: 0, structure: [], nodeCount: 0, maxDepth: 0, totalEstimatedDuration: 0, createdAt: null });
  });

  it('saves a tree as version 1 with server-computed depth and path, ignoring the client\'s', async () => {
    const me = learner();
    const course = await createCourse(me);
    const tree = smallTree();
    (tree[0] as Record<string, unknown>).depth = 9;
    (tree[0] as Record<string, unknown>).path = '7.7';

    const saved = await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 0, structure: tree } });

    expect(saved.status).toBe(200);
    const data = saved.body.data;
    expect(data).toMatchObject({ courseId: course.id, version: 1, nodeCount: 5, maxDepth: 2, totalEstimatedDuration: 0 + 30 + 45 + 5 + 15 });
    const positions = (nodes: { id: string; depth: number; path: string; children: unknown[] }[]): [string, number, string][] =>
      nodes.flatMap((n) => [[n.id, n.depth, n.path] as [string, number, string], ...positions(n.children as never)]);
    expect(positions(data.structure)).toEqual([['s1', 1, '1'], ['a', 2, '1.1'], ['b', 2, '1.2'], ['s2', 1, '2'], ['c', 2, '2.1']]);
    expect(data.structure[0].children[0]).toEqual({ id: 'a', title: 'Squat form', type: 'lesson', estimatedDuration: 30, prerequisites: [], learningObjectives: ['Brace the core'], depth: 2, path: '1.1', children: [] });
    const read = await call({ method: 'GET', path: `/api/curriculum/${course.id}`, token: me.token });
    expect(read.body.data).toEqual(data);
  });

  it('refuses a stale version with 409 naming the current version, and accepts the current one', async () => {
    const me = learner();
    const course = await createCourse(me);
    const path = `/api/curriculum/${course.id}`;
    await call({ method: 'PUT', path, token: me.token, body: { version: 0, structure: smallTree() } });

    const stale = await call({ method: 'PUT', path, token: me.token, body: { version: 0, structure: [] } });
    const ahead = await call({ method: 'PUT', path, token: me.token, body: { version: 5, structure: [] } });
    const current = await call({ method: 'PUT', path, token: me.token, body: { version: 1, structure: [] } });

    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.message).toContain('current version is 1');
    expect(fieldsOf(stale.body)).toEqual(['body.version']);
    expect(ahead.status).toBe(409);
    expect(current.status).toBe(200);
    expect(current.body.data).toMatchObject({ version: 2, structure: [], nodeCount: 0 });
  });

  it('lets exactly one of several concurrent saves of the same version win', async () => {
    const me = learner();
    const course = await createCourse(me);
    const path = `/api/curriculum/${course.id}`;
    const structures = Array.from({ length: 4 }, (_, i) => [{ id: `n${i}`, title: `Writer ${i}`, type: 'lesson', estimatedDuration: i }]);

    const results = await Promise.all(structures.map((structure) => call({ method: 'PUT', path, token: me.token, body: { version: 0, structure } })));

    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)?.body.data;
    const stored = await call({ method: 'GET', path, token: me.token });
    expect(stored.body.data).toMatchObject({ version: 1, structure: winner.structure });
  });

  it.each([
    ['a duplicate id', [{ id: 'x', title: 'A', type: 'lesson', estimatedDuration: 1 }, { id: 'x', title: 'B', type: 'lesson', estimatedDuration: 1 }], 'body.structure.1.id'],
    ['an unknown prerequisite', [{ id: 'x', title: 'A', type: 'lesson', estimatedDuration: 1, prerequisites: ['ghost'] }], 'body.structure.0.prerequisites.0'],
    ['a self prerequisite', [{ id: 'x', title: 'A', type: 'lesson', estimatedDuration: 1, prerequisites: ['x'] }], 'body.structure.0.prerequisites.0'],
    [
      'a cycle',
      [
        { id: 'x', title: 'A', type: 'lesson', estimatedDuration: 1, prerequisites: ['y'] },
        { id: 'y', title: 'B', type: 'lesson', estimatedDuration: 1, prerequisites: ['x'] },
      ],
      'body.structure.0.prerequisites.0',
    ],
    ['a prerequisite on the node\'s own section', [{ id: 's', title: 'S', type: 'section', estimatedDuration: 0, children: [{ id: 'l', title: 'L', type: 'lesson', estimatedDuration: 1, prerequisites: ['s'] }] }], 'body.structure.0.children.0.prerequisites.0'],
    ['an unknown node type', [{ id: 'x', title: 'A', type: 'milestone', estimatedDuration: 1 }], 'body.structure.0.type'],
    ['a negative duration', [{ id: 'x', title: 'A', type: 'lesson', estimatedDuration: -5 }], 'body.structure.0.estimatedDuration'],
    ['an unknown node field', [{ id: 'x', title: 'A', type: 'lesson', estimatedDuration: 1, colour: 'red' }], 'body.structure.0.colour'],
  ])('refuses %s with 400 naming the field', async (_case, structure, field) => {
    const me = learner();
    const course = await createCourse(me);
    const response = await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 0, structure } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldsOf(response.body)).toContain(field);
    expect((await call({ method: 'GET', path: `/api/curriculum/${course.id}`, token: me.token })).body.data.version).toBe(0);
  });

  it('refuses a tree deeper than 6 levels, naming the first node too deep', async () => {
    const me = learner();
    const course = await createCourse(me);
    let node: Record<string, unknown> = { id: 'n7', title: 'Leaf', type: 'lesson', estimatedDuration: 1 };
    for (let level = 6; level >= 1; level--) node = { id: `n${level}`, title: `Level ${level}`, type: 'module', estimatedDuration: 0, children: [node] };

    const response = await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 0, structure: [node] } });

    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([`body.structure.0${'.children.0'.repeat(6)}`]);
  });

  it('refuses a pathologically nested body with 400, not a crash', async () => {
    const me = learner();
    const course = await createCourse(me);
    const depth = 3000;
    const raw = `{"version":0,"structure":${'[{"id":"x","title":"t","type":"lesson","estimatedDuration":0,"children":'.repeat(depth)}[]${'}]'.repeat(depth)}}`;
    const response = await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, rawBody: raw, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
  });

  it('accepts 500 nodes and refuses 501', async () => {
    const me = learner();
    const course = await createCourse(me);
    const flat = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `n${i}`, title: `Lesson ${i}`, type: 'lesson', estimatedDuration: 2 }));

    const ok = await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 0, structure: flat(500) } });
    const tooMany = await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 1, structure: flat(501) } });

    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ nodeCount: 500, totalEstimatedDuration: 500 * 2, maxDepth: 1 });
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany.body)).toEqual(['body.structure']);
  });

  it('answers 404 for a course that does not exist', async () => {
    const me = learner();
    const id = randomUUID();
    expect((await call({ method: 'GET', path: `/api/curriculum/${id}`, token: me.token })).status).toBe(404);
    expect((await call({ method: 'PUT', path: `/api/curriculum/${id}`, token: me.token, body: { version: 0, structure: smallTree() } })).status).toBe(404);
  });
});

describe('personal courses: ownership', () => {
  /** Every route against a course of `owner`, as `caller` (extra headers optional). */
  const everyRoute = (courseId: string) => [
    { method: 'GET', path: `/api/courses/${courseId}` },
    { method: 'PATCH', path: `/api/courses/${courseId}`, body: { title: 'Mine now' } },
    { method: 'POST', path: `/api/courses/${courseId}/complete` },
    { method: 'DELETE', path: `/api/courses/${courseId}` },
    { method: 'GET', path: `/api/curriculum/${courseId}` },
    { method: 'PUT', path: `/api/curriculum/${courseId}`, body: { version: 1, structure: [] } },
  ];

  async function ownedCourse() {
    const owner = learner();
    const course = await createCourse(owner, SEED_EXAMPLE);
    await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: owner.token, body: { version: 0, structure: smallTree() } });
    return { owner, course };
  }

  /** The owner still sees the course and curriculum unchanged. */
  async function expectUntouched(owner: Learner, courseId: string) {
    const course = await call({ method: 'GET', path: `/api/courses/${courseId}`, token: owner.token });
    expect(course.body.data).toMatchObject({ title: SEED_EXAMPLE.topic, status: 'draft' });
    const curriculum = await call({ method: 'GET', path: `/api/curriculum/${courseId}`, token: owner.token });
    expect(curriculum.body.data).toMatchObject({ version: 1, nodeCount: 5 });
  }

  it('answers 404 to another user of the same tenant on every route, changing nothing', async () => {
    const { owner, course } = await ownedCourse();
    const other = learner(owner.tenantId);
    for (const request of everyRoute(course.id)) {
      const response = await call({ ...request, token: other.token });
      expect([request.method, request.path, response.status]).toEqual([request.method, request.path, 404]);
    }
    const listed = await call({ method: 'GET', path: '/api/courses', token: other.token });
    expect(listed.body.data).toEqual([]);
    await expectUntouched(owner, course.id);
  });

  it('answers 404 to the same user id acting in another tenant', async () => {
    const { owner, course } = await ownedCourse();
    const twin = learner(uniqueTenant('pc-other'), owner.userId);
    for (const request of everyRoute(course.id)) {
      expect((await call({ ...request, token: twin.token })).status).toBe(404);
    }
    await expectUntouched(owner, course.id);
  });

  it('answers 403 when the caller selects a tenant they are not a member of', async () => {
    const { owner, course } = await ownedCourse();
    const outsider = learner();
    for (const request of [...everyRoute(course.id), { method: 'GET', path: '/api/courses' }, { method: 'POST', path: '/api/courses', body: { topic: 'x' } }]) {
      expect((await call({ ...request, token: outsider.token, headers: { 'x-community-id': owner.tenantId } })).status).toBe(403);
    }
    await expectUntouched(owner, course.id);
  });

  it('answers 401 without a token on every route', async () => {
    const { owner, course } = await ownedCourse();
    for (const request of [...everyRoute(course.id), { method: 'GET', path: '/api/courses' }, { method: 'POST', path: '/api/courses', body: { topic: 'x' } }]) {
      const response = await call(request);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('AUTHENTICATION_FAILED');
    }
    await expectUntouched(owner, course.id);
  });
});

describe('personal courses: request budgets (docs/data-model.md)', () => {
  it('spends one request per call besides the rate limiter', async () => {
    const me = learner();
    const create = await call({ method: 'POST', path: '/api/courses', token: me.token, body: SEED_EXAMPLE });
    const id = create.body.data.id as string;
    const list = await call({ method: 'GET', path: '/api/courses', token: me.token });
    const get = await call({ method: 'GET', path: `/api/courses/${id}`, token: me.token });
    const patch = await call({ method: 'PATCH', path: `/api/courses/${id}`, token: me.token, body: { status: 'active' } });
    const curriculumGet = await call({ method: 'GET', path: `/api/curriculum/${id}`, token: me.token });
    const curriculumPut = await call({ method: 'PUT', path: `/api/curriculum/${id}`, token: me.token, body: { version: 0, structure: smallTree() } });
    const complete = await call({ method: 'POST', path: `/api/courses/${id}/complete`, token: me.token });
    const remove = await call({ method: 'DELETE', path: `/api/courses/${id}`, token: me.token });

    expect(create.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(list.dynamoDbByCommand).toEqual({ QueryCommand: 1 });
    expect(get.dynamoDbByCommand).toEqual({ GetItemCommand: 1 });
    expect(patch.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2 });
    expect(curriculumGet.dynamoDbByCommand).toEqual({ TransactGetItemsCommand: 1 });
    expect(curriculumPut.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(complete.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2 });
    expect(remove.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('spends the same on refusals: a stale curriculum save is still one request', async () => {
    const me = learner();
    const course = await createCourse(me);
    await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 0, structure: [] } });
    const stale = await call({ method: 'PUT', path: `/api/curriculum/${course.id}`, token: me.token, body: { version: 0, structure: [] } });
    const badTransition = await call({ method: 'PATCH', path: `/api/courses/${course.id}`, token: me.token, body: { status: 'paused' } });
    expect(stale.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(badTransition.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2 });
  });
});
