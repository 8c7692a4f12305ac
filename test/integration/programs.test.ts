import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '../../shared/db/commands.js';
import { handler } from '../../lambdas/programs/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { tenantPrefix } from '../../shared/db/keys.js';
import { programCompletionCountUpdate, programEnrollmentCountUpdate, type TransactWriteItem } from '../../shared/programs/programCounters.js';
import { getProgram, ProgramVersionConflictError, updateProgramIfVersion } from '../../shared/programs/programRepository.js';
import type { Role } from '../../shared/routes/types.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

const call = httpClient(ROUTES, { programs: handler });
const PATH = '/functions/v1/programs-api';

const seedCourse = storeCourseRecord;

interface Actor { userId: string; token: string }
const actor = (tenantId: string, ...roles: Role[]): Actor => {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles }) };
};

/** A tenant with three courses and its cast: an instructor (author), another instructor, an org admin, a learner. */
async function tenantWithCourses() {
  const tenantId = uniqueTenant('prog');
  await Promise.all(['c1', 'c2', 'c3', 'basics'].map((id) => seedCourse(tenantId, id)));
  return {
    tenantId,
    author: actor(tenantId, 'instructor'),
    otherInstructor: actor(tenantId, 'instructor'),
    admin: actor(tenantId, 'org_admin'),
    learner: actor(tenantId, 'learner'),
  };
}

const createBody = (fields: Record<string, unknown> = {}) => ({
  action: 'create',
  title: 'Advanced JavaScript Mastery',
  description: 'Comprehensive program covering advanced JavaScript concepts',
  duration_weeks: 12,
  difficulty_level: 'advanced',
  prerequisites: ['basics'],
  course_assignments: [
    { course_id: 'c1', sequence_order: 1 },
    { course_id: 'c2', sequence_order: 2, prerequisites: ['c1'] },
  ],
  ...fields,
});

async function createProgram(token: string, fields: Record<string, unknown> = {}) {
  const response = await call({ method: 'POST', path: PATH, token, body: createBody(fields) });
  if (response.status !== 200) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data as { id: string; version: number; created_at: string };
}

const fieldsOf = (body: { error: { details: { issues: { field: string }[] } } }) => body.error.details.issues.map((issue) => issue.field);

describe('programs-api create', () => {
  it('creates an active program for an instructor, in the seed\'s shape plus its courses, in one read and one write', async () => {
    const { tenantId, author } = await tenantWithCourses();
    const response = await call({ method: 'POST', path: PATH, token: author.token, body: createBody() });

    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    expect(response.body.data).toEqual({
      id: expect.any(String),
      title: 'Advanced JavaScript Mastery',
      description: 'Comprehensive program covering advanced JavaScript concepts',
      duration_weeks: 12,
      difficulty_level: 'advanced',
      status: 'active',
      prerequisites: ['basics'],
      course_assignments: [
        { course_id: 'c1', sequence_order: 1, prerequisites: [] },
        { course_id: 'c2', sequence_order: 2, prerequisites: ['c1'] },
      ],
      created_at: expect.any(String),
      created_by: author.userId,
      updated_at: expect.any(String),
      community_id: tenantId,
      version: 1,
      enrollment_count: 0,
      completion_rate: 0,
    });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, PutItemCommand: 1 });
  });

  it('resolves prerequisites given as course slugs to course ids', async () => {
    const { author } = await tenantWithCourses();
    const program = await call({ method: 'POST', path: PATH, token: author.token, body: createBody({ prerequisites: ['basics-slug', 'c3'] }) });
    expect(program.status).toBe(200);
    expect(program.body.data.prerequisites).toEqual(['basics', 'c3']);
  });

  it('sorts assignments by sequence order whatever order they are sent in', async () => {
    const { author } = await tenantWithCourses();
    const program = await call({
      method: 'POST', path: PATH, token: author.token,
      body: createBody({ course_assignments: [{ course_id: 'c2', sequence_order: 20, prerequisites: ['c1'] }, { course_id: 'c1', sequence_order: 10 }] }),
    });
    expect(program.body.data.course_assignments.map((a: { course_id: string }) => a.course_id)).toEqual(['c1', 'c2']);
  });

  it.each<[Role]>([['trainer'], ['org_admin']])('lets a %s create programs', async (role) => {
    const { tenantId } = await tenantWithCourses();
    const response = await call({ method: 'POST', path: PATH, token: actor(tenantId, role).token, body: createBody() });
    expect(response.status).toBe(200);
  });

  it('forbids learners to create programs (403, nothing written)', async () => {
    const { learner, author } = await tenantWithCourses();
    const response = await call({ method: 'POST', path: PATH, token: learner.token, body: createBody() });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('AUTHORIZATION_DENIED');
    const list = await call({ method: 'POST', path: PATH, token: author.token, body: { action: 'list' } });
    expect(list.body.data.pagination.total).toBe(0);
  });

  it('names every course that does not exist in the tenant, assignments and prerequisites alike', async () => {
    const { author } = await tenantWithCourses();
    const other = uniqueTenant('other');
    await seedCourse(other, 'foreign');
    const response = await call({
      method: 'POST', path: PATH, token: author.token,
      body: createBody({ prerequisites: ['basics', 'no-such-course'], course_assignments: [{ course_id: 'c1', sequence_order: 1 }, { course_id: 'foreign', sequence_order: 2 }] }),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldsOf(response.body).sort()).toEqual(['body.course_assignments.1.course_id', 'body.prerequisites.1']);
  });

  it('refuses repeated sequence orders, repeated courses and forward references, naming each', async () => {
    const { author } = await tenantWithCourses();
    const response = await call({
      method: 'POST', path: PATH, token: author.token,
      body: createBody({
        course_assignments: [
          { course_id: 'c1', sequence_order: 1, prerequisites: ['c2'] },
          { course_id: 'c2', sequence_order: 1 },
          { course_id: 'c1', sequence_order: 3 },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['body.course_assignments.1.sequence_order', 'body.course_assignments.2.course_id', 'body.course_assignments.0.prerequisites.0']);
  });

  it('refuses a prerequisite that the program itself teaches, or the same course named twice (by id and by slug)', async () => {
    const { author } = await tenantWithCourses();
    const taught = await call({ method: 'POST', path: PATH, token: author.token, body: createBody({ prerequisites: ['c1-slug'] }) });
    expect(taught.status).toBe(400);
    expect(fieldsOf(taught.body)).toEqual(['body.prerequisites.0']);
    const twice = await call({ method: 'POST', path: PATH, token: author.token, body: createBody({ prerequisites: ['basics', 'basics-slug'] }) });
    expect(fieldsOf(twice.body)).toEqual(['body.prerequisites.1']);
  });

  it.each([
    ['no action', { title: 'x' }, 'body.action'],
    ['an unknown action', { action: 'delete', program_id: 'p' }, 'body.action'],
    ['an unknown field', { ...createBody(), price: 10 }, 'body.price'],
    ['a difficulty outside the three levels', createBody({ difficulty_level: 'expert' }), 'body.difficulty_level'],
    ['zero weeks', createBody({ duration_weeks: 0 }), 'body.duration_weeks'],
    ['no courses', createBody({ course_assignments: [] }), 'body.course_assignments'],
    ['a non-positive sequence order', createBody({ course_assignments: [{ course_id: 'c1', sequence_order: 0 }] }), 'body.course_assignments.0.sequence_order'],
  ])('answers %s with 400 VALIDATION_ERROR naming the field', async (_case, body, field) => {
    const { author } = await tenantWithCourses();
    const response = await call({ method: 'POST', path: PATH, token: author.token, body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', details: { field }, request_id: expect.any(String), timestamp: expect.any(String) } });
  });

  it('refuses a call without a token with 401', async () => {
    const response = await call({ method: 'POST', path: PATH, body: createBody() });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('AUTHENTICATION_FAILED');
  });
});

describe('programs-api list and get', () => {
  async function catalogOfPrograms() {
    const setup = await tenantWithCourses();
    const { author, otherInstructor } = setup;
    const js = await createProgram(author.token, { title: 'JavaScript Mastery', difficulty_level: 'advanced' });
    const py = await createProgram(otherInstructor.token, { title: 'Python Basics', description: 'Start with PYTHON', difficulty_level: 'beginner', prerequisites: [] });
    const draft = await createProgram(author.token, { title: 'Draft Program', difficulty_level: 'beginner' });
    const toDraft = await call({ method: 'POST', path: PATH, token: author.token, body: { action: 'update', program_id: draft.id, updates: { status: 'draft' } } });
    expect(toDraft.status).toBe(200);
    return { ...setup, js, py, draft };
  }
  const list = (token: string, body: Record<string, unknown> = {}) => call({ method: 'POST', path: PATH, token, body: { action: 'list', ...body } });
  const titles = (response: { body: { data: { programs: { title: string }[] } } }) => response.body.data.programs.map((p) => p.title);

  it('shows authors every program, newest first, with counters and pagination, in one Query', async () => {
    const { author, js, py, draft } = await catalogOfPrograms();
    const response = await list(author.token);
    expect(response.status).toBe(200);
    const expectedOrder = [js, py, draft]
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id))
      .map((p) => p.id);
    expect(response.body.data.programs.map((p: { id: string }) => p.id)).toEqual(expectedOrder);
    expect(response.body.data.programs[0]).toMatchObject({ enrollment_count: 0, completion_rate: 0 });
    expect(response.body.data.pagination).toEqual({ total: 3, page: 1, pages: 1, limit: 20 });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1 });
  });

  it('shows learners active programs only, even when they ask for drafts', async () => {
    const { learner } = await catalogOfPrograms();
    expect(titles(await list(learner.token)).sort()).toEqual(['JavaScript Mastery', 'Python Basics']);
    const drafts = await list(learner.token, { filters: { status: 'draft' } });
    expect(drafts.body.data).toEqual({ programs: [], pagination: { total: 0, page: 1, pages: 0, limit: 20 } });
  });

  it('filters by status, difficulty and a case-insensitive search in title and description', async () => {
    const { author } = await catalogOfPrograms();
    expect(titles(await list(author.token, { filters: { status: 'draft' } }))).toEqual(['Draft Program']);
    expect(titles(await list(author.token, { filters: { status: 'active', difficulty_level: 'beginner' } }))).toEqual(['Python Basics']);
    expect(titles(await list(author.token, { filters: { search: 'python' } }))).toEqual(['Python Basics']);
    expect(titles(await list(author.token, { filters: { search: 'MASTERY' } }))).toEqual(['JavaScript Mastery']);
  });

  it('pages through the matches with total and pages', async () => {
    const { author } = await catalogOfPrograms();
    const first = await list(author.token, { pagination: { page: 1, limit: 2 } });
    const second = await list(author.token, { pagination: { page: 2, limit: 2 } });
    const beyond = await list(author.token, { pagination: { page: 3, limit: 2 } });
    expect(first.body.data.pagination).toEqual({ total: 3, page: 1, pages: 2, limit: 2 });
    expect(first.body.data.programs).toHaveLength(2);
    expect(second.body.data.programs).toHaveLength(1);
    expect(beyond.body.data.programs).toHaveLength(0);
    const all = await list(author.token);
    expect([...first.body.data.programs, ...second.body.data.programs].map((p: { id: string }) => p.id)).toEqual(all.body.data.programs.map((p: { id: string }) => p.id));
  });

  it.each([
    [{ pagination: { limit: 0 } }, 'body.pagination.limit'],
    [{ pagination: { limit: 101 } }, 'body.pagination.limit'],
    [{ pagination: { page: 0 } }, 'body.pagination.page'],
    [{ filters: { status: 'deleted' } }, 'body.filters.status'],
    [{ filters: { owner: 'me' } }, 'body.filters.owner'],
  ])('refuses %j with 400 naming the field', async (body, field) => {
    const { author } = await tenantWithCourses();
    const response = await list(author.token, body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe(field);
  });

  it('gets one program with its assignments; a learner cannot get a draft (404)', async () => {
    const { author, learner, js, draft } = await catalogOfPrograms();
    const got = await call({ method: 'POST', path: PATH, token: learner.token, body: { action: 'get', program_id: js.id } });
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ id: js.id, course_assignments: [{ course_id: 'c1' }, { course_id: 'c2' }] });
    expect(got.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, GetItemCommand: 1 });
    expect((await call({ method: 'POST', path: PATH, token: learner.token, body: { action: 'get', program_id: draft.id } })).status).toBe(404);
    expect((await call({ method: 'POST', path: PATH, token: author.token, body: { action: 'get', program_id: draft.id } })).status).toBe(200);
    expect((await call({ method: 'POST', path: PATH, token: author.token, body: { action: 'get', program_id: randomUUID() } })).status).toBe(404);
  });

  it('never shows another tenant\'s programs', async () => {
    const { js } = await catalogOfPrograms();
    const stranger = actor(uniqueTenant('stranger'), 'org_admin');
    expect((await list(stranger.token)).body.data.pagination.total).toBe(0);
    const got = await call({ method: 'POST', path: PATH, token: stranger.token, body: { action: 'get', program_id: js.id } });
    expect(got.status).toBe(404);
  });
});

describe('programs-api update', () => {
  const update = (token: string, programId: string, updates: Record<string, unknown>) => call({ method: 'POST', path: PATH, token, body: { action: 'update', program_id: programId, updates } });

  it('lets the creator update fields; the version rises and the rest is kept', async () => {
    const { author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    const response = await update(author.token, program.id, { title: 'Advanced JavaScript Mastery - Updated', duration_weeks: 14, status: 'active' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      id: program.id, title: 'Advanced JavaScript Mastery - Updated', duration_weeks: 14, status: 'active', version: 2,
      prerequisites: ['basics'], course_assignments: [{ course_id: 'c1' }, { course_id: 'c2' }], updated_at: expect.any(String),
    });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2, GetItemCommand: 1 });
  });

  it('validates new courses and prerequisites like create, with one more BatchGet', async () => {
    const { author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    const changed = await update(author.token, program.id, { course_assignments: [{ course_id: 'c3', sequence_order: 1 }, { course_id: 'c1', sequence_order: 2, prerequisites: ['c3'] }], prerequisites: ['c2-slug'] });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ prerequisites: ['c2'], course_assignments: [{ course_id: 'c3' }, { course_id: 'c1', prerequisites: ['c3'] }] });
    expect(changed.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2, GetItemCommand: 1, BatchGetItemCommand: 1 });

    const unknown = await update(author.token, program.id, { course_assignments: [{ course_id: 'nope', sequence_order: 1 }] });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(['body.updates.course_assignments.0.course_id']);
    const forward = await update(author.token, program.id, { course_assignments: [{ course_id: 'c1', sequence_order: 1, prerequisites: ['c3'] }, { course_id: 'c3', sequence_order: 2 }] });
    expect(fieldsOf(forward.body)).toEqual(['body.updates.course_assignments.0.prerequisites.0']);
  });

  it('checks a changed field against the program\'s unchanged one', async () => {
    const { author } = await tenantWithCourses();
    const program = await createProgram(author.token); // teaches c1, c2; requires basics
    const prerequisiteTaught = await update(author.token, program.id, { prerequisites: ['c2'] });
    expect(prerequisiteTaught.status).toBe(400);
    expect(fieldsOf(prerequisiteTaught.body)).toEqual(['body.updates.prerequisites.0']);
    const teachesPrerequisite = await update(author.token, program.id, { course_assignments: [{ course_id: 'basics', sequence_order: 1 }] });
    expect(fieldsOf(teachesPrerequisite.body)).toEqual(['body.updates.course_assignments.0.course_id']);
  });

  it('refuses an empty update and an unknown update field', async () => {
    const { author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    const empty = await update(author.token, program.id, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.field).toBe('body.updates');
    const owner = await update(author.token, program.id, { created_by: 'me' });
    expect(owner.body.error.details.field).toBe('body.updates.created_by');
  });

  it('lets an org admin update any program of the tenant', async () => {
    const { author, admin } = await tenantWithCourses();
    const program = await createProgram(author.token);
    const response = await update(admin.token, program.id, { status: 'archived' });
    expect(response.status).toBe(200);
    expect(response.body.data.status).toBe('archived');
  });

  it('forbids another instructor and a learner of the tenant (403), and hides it from another tenant (404)', async () => {
    const { author, otherInstructor, learner } = await tenantWithCourses();
    const program = await createProgram(author.token);
    expect((await update(otherInstructor.token, program.id, { title: 'Mine now' })).status).toBe(403);
    expect((await update(learner.token, program.id, { title: 'Mine now' })).status).toBe(403);
    const stranger = actor(uniqueTenant('stranger'), 'org_admin');
    expect((await update(stranger.token, program.id, { title: 'Mine now' })).status).toBe(404);
    const stored = await call({ method: 'POST', path: PATH, token: author.token, body: { action: 'get', program_id: program.id } });
    expect(stored.body.data).toMatchObject({ title: 'Advanced JavaScript Mastery', version: 1 });
  });

  it('answers 404 for a program that does not exist, and 401 without a token', async () => {
    const { author } = await tenantWithCourses();
    expect((await update(author.token, randomUUID(), { title: 'x' })).status).toBe(404);
    expect((await call({ method: 'POST', path: PATH, body: { action: 'update', program_id: 'p', updates: { title: 'x' } } })).status).toBe(401);
  });

  it('loses none of several concurrent updates of different fields', async () => {
    const { tenantId, author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    const changes = [{ title: 'Concurrent title' }, { description: 'Concurrent description' }, { duration_weeks: 30 }, { difficulty_level: 'intermediate' }, { status: 'draft' }];
    const responses = await Promise.all(changes.map((updates) => update(author.token, program.id, updates)));
    expect(responses.map((r) => r.status)).toEqual(changes.map(() => 200));
    const stored = await getProgram(tenantId, program.id);
    expect(stored).toMatchObject({ title: 'Concurrent title', description: 'Concurrent description', durationWeeks: 30, difficultyLevel: 'intermediate', status: 'draft', version: 1 + changes.length });
  });

  it('refuses a write conditioned on a version that is no longer current', async () => {
    const { tenantId, author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    await updateProgramIfVersion(tenantId, program.id, { title: 'First' }, 1, new Date());
    await expect(updateProgramIfVersion(tenantId, program.id, { title: 'Stale' }, 1, new Date())).rejects.toBeInstanceOf(ProgramVersionConflictError);
    expect((await getProgram(tenantId, program.id))?.title).toBe('First');
  });
});

describe('program enrollment counters', () => {
  // Stands in for the program-enrollment record of the later issue: a dedupe Put in the same transaction.
  const enrollmentKey = (tenantId: string, enrollmentId: string) => ({ pk: `${tenantPrefix(tenantId)}#TEST_ENROLLMENTS`, sk: `E#${enrollmentId}` });
  const transact = (tenantId: string, dedupeId: string, counter: TransactWriteItem) =>
    documentClient().send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: tableName(), Item: { ...enrollmentKey(tenantId, dedupeId), type: 'testEnrollment' }, ConditionExpression: 'attribute_not_exists(pk)' } }, counter],
      }),
    );

  it('lists real enrollment counts and completion rates, and a replayed transaction changes nothing', async () => {
    const { tenantId, author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    const enrollments = ['e1', 'e2', 'e3'];
    for (const id of enrollments) await transact(tenantId, id, programEnrollmentCountUpdate(tenantId, program.id));
    for (const id of ['e1', 'e2']) await transact(tenantId, `${id}-completed`, programCompletionCountUpdate(tenantId, program.id));

    // Replays of an enrollment and a completion (lost responses, duplicate deliveries) are cancelled whole.
    await expect(transact(tenantId, 'e2', programEnrollmentCountUpdate(tenantId, program.id))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    await expect(transact(tenantId, 'e1-completed', programCompletionCountUpdate(tenantId, program.id))).rejects.toMatchObject({ name: 'TransactionCanceledException' });

    const list = await call({ method: 'POST', path: PATH, token: author.token, body: { action: 'list' } });
    const listed = list.body.data.programs.find((p: { id: string }) => p.id === program.id);
    expect(listed.enrollment_count).toBe(enrollments.length);
    expect(listed.completion_rate).toBe(Math.round((2 / 3) * 100 * 10) / 10); // 66.7
  });

  it('keeps counters through a content update (the update never rewrites them)', async () => {
    const { tenantId, author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    await transact(tenantId, 'only', programEnrollmentCountUpdate(tenantId, program.id));
    const updated = await call({ method: 'POST', path: PATH, token: author.token, body: { action: 'update', program_id: program.id, updates: { title: 'Renamed' } } });
    expect(updated.body.data).toMatchObject({ title: 'Renamed', enrollment_count: 1 });
  });

  it('refuses a completion beyond the enrollments and a counter for a program that does not exist', async () => {
    const { tenantId, author } = await tenantWithCourses();
    const program = await createProgram(author.token);
    await expect(transact(tenantId, 'c-without-enrollment', programCompletionCountUpdate(tenantId, program.id))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    await expect(transact(tenantId, 'ghost', programEnrollmentCountUpdate(tenantId, randomUUID()))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await getProgram(tenantId, program.id)).toMatchObject({ enrollmentCount: 0, completionCount: 0 });
  });
});
