import { randomUUID } from 'node:crypto';
import { PutCommand } from '../../shared/db/commands.js';
import { handler as enrollmentsHandler } from '../../lambdas/enrollments/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { learnerAwardKey } from '../../shared/db/keys.js';
import { addDays } from '../../shared/domain/localDate.js';
import { ensureEnrollment, readEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import type { ProgramRecord } from '../../shared/programs/program.js';
import { getProgram, putNewProgram } from '../../shared/programs/programRepository.js';
import type { Role } from '../../shared/routes/types.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { catalogApi, createCourse, createLesson, createSection, type Caller } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { member, storeMember, unlimitedProgressApi, type Learner } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

const api = httpClient(ROUTES, { enrollments: enrollmentsHandler });
const PATH = '/functions/v1/program-enrollment-api';

function instructor(tenantId: string): Caller {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles: ['instructor'] }) };
}

async function builtCourse(author: Caller, lessons: number, fields: Record<string, unknown>, publish = true): Promise<{ courseId: string; lessons: string[] }> {
  const courseId = await createCourse(author, fields);
  const section = await createSection(author, courseId);
  const ids: string[] = [];
  for (let i = 0; i < lessons; i++) ids.push(await createLesson(author, courseId, section, { title: `Lesson ${i + 1}`, duration_minutes: 10 }));
  if (publish) {
    const published = await catalogApi({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
    if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.rawBody}`);
  }
  return { courseId, lessons: ids };
}

/**
 * A program of four courses in sequence: A (free, 2 lessons), B (paid, 1 lesson), C (draft, 1 lesson),
 * D (free, 2 lessons, needs A). Stored directly so the test controls status and sequence exactly.
 */
async function programFixture(fields: Partial<ProgramRecord> = {}) {
  const tenantId = uniqueTenant('penr');
  const author = instructor(tenantId);
  const a = await builtCourse(author, 2, { price: 0, title: 'A course' });
  const b = await builtCourse(author, 1, { price: 49.99, title: 'B course' });
  const c = await builtCourse(author, 1, { price: 0, title: 'C course' }, false);
  const d = await builtCourse(author, 2, { price: 0, title: 'D course' });
  const now = new Date().toISOString();
  const program: ProgramRecord = {
    tenantId,
    programId: randomUUID(),
    title: 'Program',
    description: '',
    durationWeeks: 6,
    difficultyLevel: 'beginner',
    status: 'active',
    prerequisites: [],
    courseAssignments: [
      { courseId: a.courseId, sequenceOrder: 1, prerequisites: [] },
      { courseId: b.courseId, sequenceOrder: 2, prerequisites: [] },
      { courseId: c.courseId, sequenceOrder: 3, prerequisites: [] },
      { courseId: d.courseId, sequenceOrder: 4, prerequisites: [a.courseId] },
    ],
    createdBy: author.userId,
    createdAt: now,
    updatedAt: now,
    version: 1,
    enrollmentCount: 0,
    completionCount: 0,
    ...fields,
  };
  await putNewProgram(program);
  return { tenantId, program, a, b, c, d };
}

function who(tenantId: string, roles: Role[] = ['learner']): Learner {
  return member(tenantId, roles);
}

const enroll = (caller: Learner, body: Record<string, unknown>) => api({ method: 'POST', path: PATH, token: caller.token, body: { action: 'enroll', ...body } });
const progressOf = (caller: Pick<Learner, 'token'>, enrollmentId: string) => api({ method: 'POST', path: PATH, token: caller.token, body: { action: 'get_progress', enrollment_id: enrollmentId } });

async function completeLesson(learner: Learner, courseId: string, lessonId: string) {
  const response = await unlimitedProgressApi({ method: 'POST', path: `/api/v1/student/courses/${courseId}/lessons/${lessonId}/progress/`, token: learner.token, body: { completed: true } });
  if (response.status !== 200) throw new Error(`progress: ${response.status} ${response.rawBody}`);
}

type CourseRow = { course_id: string; enrollment: string };
const enrollmentByCourse = (rows: CourseRow[]) => Object.fromEntries(rows.map((r) => [r.course_id, r.enrollment]));

describe('program-enrollment-api enroll (seed 000 §2)', () => {
  it('enrolls the caller in the program and its free published courses, in one read and one transaction', async () => {
    const { tenantId, program, a, b, c, d } = await programFixture();
    const learner = who(tenantId);

    const response = await enroll(learner, { program_id: program.programId, user_id: learner.userId, enrollment_type: 'self_enrolled' });

    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    const data = response.body.data;
    expect(data).toMatchObject({ program_id: program.programId, user_id: learner.userId, status: 'active', progress_percentage: 0, enrollment_type: 'self_enrolled' });
    expect(data.enrollment_id).toMatch(/^penr_/);
    expect(data.estimated_completion).toBe(addDays((data.enrolled_at as string).slice(0, 10), program.durationWeeks * 7));
    expect(enrollmentByCourse(data.courses)).toEqual({ [a.courseId]: 'enrolled', [b.courseId]: 'requires_purchase', [c.courseId]: 'unavailable', [d.courseId]: 'enrolled' });
    expect(await readEnrollment(tenantId, learner.userId, a.courseId)).toMatchObject({ status: 'active', source: 'program', programId: program.programId });
    expect(await readEnrollment(tenantId, learner.userId, b.courseId)).toBeUndefined();
    expect((await getProgram(tenantId, program.programId))?.enrollmentCount).toBe(1);
    // Program GetItem; one BatchGetItem of 4 keys × 4 courses + the claim; one transaction; the limiter.
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, GetItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('keeps the learner\'s existing course enrollments and keeps the given target date', async () => {
    const { tenantId, program, a, d } = await programFixture();
    const learner = who(tenantId);
    await ensureEnrollment({ tenantId, userId: learner.userId, courseId: a.courseId, source: 'free', now: new Date() });
    const target = addDays(new Date().toISOString().slice(0, 10), 30);

    const response = await enroll(learner, { program_id: program.programId, target_completion_date: target });

    expect(response.status).toBe(200);
    expect(response.body.data.estimated_completion).toBe(target);
    expect(enrollmentByCourse(response.body.data.courses)[a.courseId]).toBe('already_enrolled');
    expect(enrollmentByCourse(response.body.data.courses)[d.courseId]).toBe('enrolled');
    expect((await readEnrollment(tenantId, learner.userId, a.courseId))?.source).toBe('free');
  });

  it('refuses a second enrollment in the same program with 409, counting the learner once even under concurrency', async () => {
    const { tenantId, program } = await programFixture();
    const learner = who(tenantId);

    const responses = await Promise.all(Array.from({ length: 5 }, () => enroll(learner, { program_id: program.programId })));
    const again = await enroll(learner, { program_id: program.programId });

    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(4);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ success: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(again.body.error.details)).toContain('body.program_id');
    expect((await getProgram(tenantId, program.programId))?.enrollmentCount).toBe(1);
  });

  it('lets an org admin assign a member, paid courses included', async () => {
    const { tenantId, program, b } = await programFixture();
    const admin = who(tenantId, ['org_admin']);
    const learner = who(tenantId);
    await storeMember(tenantId, learner.userId);

    const response = await enroll(admin, { program_id: program.programId, user_id: learner.userId });

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ user_id: learner.userId, enrollment_type: 'assigned' });
    expect(enrollmentByCourse(response.body.data.courses)[b.courseId]).toBe('enrolled');
    expect(await readEnrollment(tenantId, learner.userId, b.courseId)).toMatchObject({ source: 'program', amountPaidCents: 0 });
  });

  it('lets a trainer assign a member, but not give away paid courses', async () => {
    const { tenantId, program, b } = await programFixture();
    const trainer = who(tenantId, ['trainer']);
    const learner = who(tenantId);
    await storeMember(tenantId, learner.userId);

    const response = await enroll(trainer, { program_id: program.programId, user_id: learner.userId });

    expect(response.status).toBe(200);
    expect(enrollmentByCourse(response.body.data.courses)[b.courseId]).toBe('requires_purchase');
  });

  it('refuses a learner enrolling someone else (403), a non-member (404) and self_enrolled for another user (400)', async () => {
    const { tenantId, program } = await programFixture();
    const learner = who(tenantId);
    const admin = who(tenantId, ['org_admin']);
    const other = who(tenantId);
    await storeMember(tenantId, other.userId);

    const byLearner = await enroll(learner, { program_id: program.programId, user_id: other.userId });
    const stranger = await enroll(admin, { program_id: program.programId, user_id: randomUUID() });
    const wrongType = await enroll(admin, { program_id: program.programId, user_id: other.userId, enrollment_type: 'self_enrolled' });

    expect(byLearner.status).toBe(403);
    expect(stranger.status).toBe(404);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.field).toBe('body.enrollment_type');
    expect(await readEnrollment(tenantId, other.userId, program.courseAssignments[0]?.courseId as string)).toBeUndefined();
    expect((await getProgram(tenantId, program.programId))?.enrollmentCount).toBe(0);
  });

  it('refuses an archived program (409 for those who see it, 404 for learners), an unknown one and another tenant\'s (404)', async () => {
    const archived = await programFixture({ status: 'archived' });
    const active = await programFixture();
    const learner = who(archived.tenantId);
    const admin = who(archived.tenantId, ['org_admin']);
    const foreigner = who(uniqueTenant('penr'));

    const closed = await enroll(admin, { program_id: archived.program.programId });
    const hidden = await enroll(learner, { program_id: archived.program.programId });
    const unknown = await enroll(learner, { program_id: randomUUID() });
    const otherTenant = await enroll(foreigner, { program_id: active.program.programId });

    expect(closed.status).toBe(409);
    expect(closed.body.error.details.issues[0].code).toBe('program_not_active');
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(otherTenant.status).toBe(404);
  });

  it('refuses fields a client may not set and bad dates, naming the field', async () => {
    const { tenantId, program } = await programFixture();
    const learner = who(tenantId);
    const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);

    for (const field of ['status', 'progress_percentage', 'price', 'enrolled_at']) {
      const response = await enroll(learner, { program_id: program.programId, [field]: field === 'price' || field === 'progress_percentage' ? 0 : 'active' });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
    }
    const past = await enroll(learner, { program_id: program.programId, target_completion_date: yesterday });
    const notADate = await enroll(learner, { program_id: program.programId, target_completion_date: '13/12/2025' });
    const badUser = await enroll(learner, { program_id: program.programId, user_id: 'invalid-id' });

    expect(past.status).toBe(400);
    expect(past.body.error.details.field).toBe('body.target_completion_date');
    expect(notADate.status).toBe(400);
    expect(badUser.status).toBe(400);
    expect((await getProgram(tenantId, program.programId))?.enrollmentCount).toBe(0);
  });

  it('answers 401 without a token', async () => {
    const response = await api({ method: 'POST', path: PATH, body: { action: 'enroll', program_id: randomUUID() } });

    expect(response.status).toBe(401);
  });
});

describe('program-enrollment-api get_progress (seed 000 §2)', () => {
  it('aggregates lesson progress over the published courses, with the current course and achievements earned since enrolling', async () => {
    const { tenantId, program, a, b, d } = await programFixture();
    const learner = who(tenantId);
    const before = new Date(Date.now() - 60_000).toISOString();
    const enrolled = await enroll(learner, { program_id: program.programId });
    const enrollmentId = enrolled.body.data.enrollment_id as string;
    await completeLesson(learner, a.courseId, a.lessons[0] as string);
    await completeLesson(learner, a.courseId, a.lessons[1] as string);
    await completeLesson(learner, d.courseId, d.lessons[0] as string);
    const award = (id: string, earnedAt: string) =>
      documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...learnerAwardKey(tenantId, learner.userId, id), entity: 'achievementAward', achievementId: id, title: `Award ${id}`, earnedAt } }));
    await award('old', before);
    await award('new', new Date().toISOString());

    const response = await progressOf(learner, enrollmentId);

    expect(response.status).toBe(200);
    const data = response.body.data;
    // Published courses: A (2 lessons, both done), B (1, none), D (2, one done): 3 of 5 lessons.
    expect(data).toMatchObject({ enrollment_id: enrollmentId, status: 'active', progress_percentage: Math.round((3 / 5) * 1000) / 10, completed_courses: 1, total_courses: 3, completed_at: null });
    expect(data.current_course).toEqual({ id: b.courseId, title: 'B course', progress_percentage: 0 });
    expect(data.courses.find((c: { course_id: string }) => c.course_id === d.courseId)).toMatchObject({ unlocked: true, enrolled: true, progress_percentage: 50 });
    expect(data.courses.find((c: { course_id: string }) => c.course_id === b.courseId)).toMatchObject({ enrolled: false, completed: false });
    expect(data.achievements_earned.map((x: { id: string }) => x.id)).toEqual(['new']);
    // Enrollment GetItem + program GetItem, awards Query, one BatchGetItem (4 courses × 4 keys), the limiter.
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, GetItemCommand: 2, QueryCommand: 1, BatchGetItemCommand: 1 });
  });

  it('records the program\'s completion once, when every published course is completed', async () => {
    const { tenantId, program, a, b, d } = await programFixture();
    const learner = who(tenantId);
    const enrolled = await enroll(learner, { program_id: program.programId });
    const enrollmentId = enrolled.body.data.enrollment_id as string;
    // B is paid: the program does not enroll in it; the learner buys it (progress on it needs the enrollment).
    await ensureEnrollment({ tenantId, userId: learner.userId, courseId: b.courseId, source: 'paid', paymentId: `pay_${'2'.repeat(32)}`, amountPaidCents: 4999, currency: 'USD', now: new Date() });
    for (const [courseId, lessons] of [[a.courseId, a.lessons], [b.courseId, b.lessons], [d.courseId, d.lessons]] as const) {
      for (const lessonId of lessons) await completeLesson(learner, courseId, lessonId);
    }

    const first = await progressOf(learner, enrollmentId);
    const second = await progressOf(learner, enrollmentId);

    expect(first.body.data).toMatchObject({ status: 'completed', progress_percentage: 100, completed_courses: 3, total_courses: 3, current_course: null });
    expect(first.body.data.completed_at).not.toBeNull();
    expect(second.body.data.completed_at).toBe(first.body.data.completed_at);
    expect(first.dynamoDbByCommand.TransactWriteItemsCommand).toBe(1);
    expect(second.dynamoDbByCommand.TransactWriteItemsCommand).toBeUndefined();
    expect((await getProgram(tenantId, program.programId))?.completionCount).toBe(1);
  });

  it('shows a learner\'s progress to them and to trainers, and to nobody else', async () => {
    const { tenantId, program } = await programFixture();
    const learner = who(tenantId);
    const enrolled = await enroll(learner, { program_id: program.programId });
    const enrollmentId = enrolled.body.data.enrollment_id as string;
    const trainer = who(tenantId, ['trainer']);
    const neighbour = who(tenantId);
    const foreignTrainer = { token: tokenFor({ userId: trainer.userId, tenantId: uniqueTenant('penr'), roles: ['trainer'] }) };

    const own = await progressOf(learner, enrollmentId);
    const supervised = await progressOf(trainer, enrollmentId);
    const other = await progressOf(neighbour, enrollmentId);
    const otherTenant = await progressOf(foreignTrainer, enrollmentId);
    const unknown = await progressOf(learner, `penr_${randomUUID()}`);
    const anonymous = await api({ method: 'POST', path: PATH, body: { action: 'get_progress', enrollment_id: enrollmentId } });

    expect(own.status).toBe(200);
    expect(supervised.status).toBe(200);
    expect(supervised.body.data.user_id).toBe(learner.userId);
    expect(other.status).toBe(404);
    expect(otherTenant.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });

  it('refuses an unknown action and unknown fields with 400', async () => {
    const learner = who(uniqueTenant('penr'));

    const action = await api({ method: 'POST', path: PATH, token: learner.token, body: { action: 'unenroll', enrollment_id: 'x' } });
    const extra = await api({ method: 'POST', path: PATH, token: learner.token, body: { action: 'get_progress', enrollment_id: 'x', user_id: randomUUID() } });

    expect(action.status).toBe(400);
    expect(extra.status).toBe(400);
  });
});
