import { randomUUID } from 'node:crypto';
import { GetCommand } from '../../shared/db/commands.js';
import { handler as enrollmentHandler } from '../../lambdas/enrollment/handler.js';
import { handler as enrollmentsHandler } from '../../lambdas/enrollments/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseKey, enrollmentKey } from '../../shared/db/keys.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import { CourseNotEnrollableError } from '../../shared/enrollment/enrollmentErrors.js';
import { ensureEnrollment, readEnrollment, revokeEnrollment, type EnrollmentInput } from '../../shared/enrollment/enrollmentWrites.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { catalogApi, createCourse, createLesson, createSection, storeCourseRecord, type Caller } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { member, unlimitedProgressApi, type Learner } from '../support/progress.js';
import { foreignKeys, tokenFor, uniqueTenant } from '../support/tokens.js';

const api = httpClient(ROUTES, { enrollments: enrollmentsHandler, enrollment: enrollmentHandler });

const LIST = '/api/v1/enrollments/';
const COURSES = '/api/v1/student/courses/';

async function studentsCountOf(tenantId: string, courseId: string): Promise<number | undefined> {
  const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: courseKey(tenantId, courseId), ConsistentRead: true }))).Item;
  return item?.studentsCount as number | undefined;
}

const input = (who: Pick<Learner, 'tenantId' | 'userId'>, courseId: string, fields: Partial<EnrollmentInput> = {}): EnrollmentInput => ({
  tenantId: who.tenantId,
  userId: who.userId,
  courseId,
  source: 'free',
  now: new Date(),
  ...fields,
});

function instructor(tenantId: string): Caller {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles: ['instructor'] }) };
}

interface BuiltCourse {
  courseId: string;
  lessons: string[];
}

/** A published free course of `minutes.length` lessons (durations as given) in one section, through the authoring routes. */
async function courseWithLessons(tenantId: string, minutes: number[], fields: Record<string, unknown> = {}): Promise<BuiltCourse> {
  const author = instructor(tenantId);
  const courseId = await createCourse(author, { price: 0, ...fields });
  const section = await createSection(author, courseId);
  const lessons: string[] = [];
  for (const [index, duration] of minutes.entries()) lessons.push(await createLesson(author, courseId, section, { title: `Lesson ${index + 1}`, duration_minutes: duration }));
  const published = await catalogApi({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.rawBody}`);
  return { courseId, lessons };
}

async function completeLesson(who: Learner, courseId: string, lessonId: string, extra: Record<string, unknown> = {}) {
  const response = await unlimitedProgressApi({ method: 'POST', path: `/api/v1/student/courses/${courseId}/lessons/${lessonId}/progress/`, token: who.token, body: { completed: true, ...extra } });
  if (response.status !== 200) throw new Error(`progress: ${response.status} ${response.rawBody}`);
}

describe('the enrollment record (contract used by the saga, payments and programs)', () => {
  it('creates one active enrollment and adds one student to the course', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);

    const { result, tally } = await measureDynamoDbRequests(() => ensureEnrollment(input(learner, courseId, { source: 'paid', paymentId: 'pay_1', amountPaidCents: 3999, currency: 'usd' })));

    expect(result.created).toBe(true);
    expect(result.enrollment).toMatchObject({ tenantId, userId: learner.userId, courseId, status: 'active', source: 'paid', paymentId: 'pay_1', amountPaidCents: 3999, currency: 'USD' });
    expect(result.enrollment.enrollmentId).toMatch(/^enr_/);
    expect(tally.byCommand).toEqual({ TransactWriteItemsCommand: 1 });
    expect(await studentsCountOf(tenantId, courseId)).toBe(1);
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toEqual(result.enrollment);
  });

  it('answers a repeat with the existing enrollment, writes nothing and makes no extra read', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);
    const first = await ensureEnrollment(input(learner, courseId, { source: 'paid', paymentId: 'pay_first' }));

    const { result, tally } = await measureDynamoDbRequests(() => ensureEnrollment(input(learner, courseId, { source: 'paid', paymentId: 'pay_second' })));

    expect(result.created).toBe(false);
    expect(result.enrollment).toEqual(first.enrollment);
    expect(tally.byCommand).toEqual({ TransactWriteItemsCommand: 1 });
    expect(await studentsCountOf(tenantId, courseId)).toBe(1);
  });

  it('creates exactly one enrollment out of ten concurrent attempts', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);

    const results = await Promise.all(Array.from({ length: 10 }, () => ensureEnrollment(input(learner, courseId))));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.enrollment.enrollmentId)).size).toBe(1);
    expect(await studentsCountOf(tenantId, courseId)).toBe(1);
  });

  it('refuses a draft course (COURSE_NOT_PUBLISHED) and an unknown one (COURSE_NOT_FOUND) without writing', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const draft = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, draft, { status: 'draft' });

    await expect(ensureEnrollment(input(learner, draft))).rejects.toMatchObject({ code: 'COURSE_NOT_PUBLISHED', status: 400 });
    await expect(ensureEnrollment(input(learner, `c-${randomUUID()}`))).rejects.toBeInstanceOf(CourseNotEnrollableError);
    await expect(ensureEnrollment(input(learner, `c-${randomUUID()}`))).rejects.toMatchObject({ code: 'COURSE_NOT_FOUND', status: 404 });
    expect(await readEnrollment(tenantId, learner.userId, draft)).toBeUndefined();
    expect(await studentsCountOf(tenantId, draft)).toBe(0);
  });

  it('writes extra items in the same transaction, and none of them when the enrollment exists', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);
    const marker = (id: string) => ({ Put: { TableName: tableName(), Item: { pk: `T#${tenantId}#TESTMARK`, sk: id } } });
    const readMarker = async (id: string) => (await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: `T#${tenantId}#TESTMARK`, sk: id }, ConsistentRead: true }))).Item;

    await ensureEnrollment(input(learner, courseId), [marker('first')]);
    await ensureEnrollment(input(learner, courseId), [marker('second')]);

    expect(await readMarker('first')).toBeDefined();
    expect(await readMarker('second')).toBeUndefined();
  });

  it('revokes once: a repeated refund neither changes the record nor removes a second student', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const other = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);
    await ensureEnrollment(input(learner, courseId, { source: 'paid', paymentId: 'pay_a' }));
    await ensureEnrollment(input(other, courseId));
    const refundedAt = new Date('2026-01-02T03:04:05.000Z');

    const first = await revokeEnrollment({ tenantId, userId: learner.userId, courseId, refundId: 're_1', now: refundedAt });
    const again = await revokeEnrollment({ tenantId, userId: learner.userId, courseId, refundId: 're_2', now: new Date() });

    expect(first).toMatchObject({ status: 'revoked', refundId: 're_1', revokedAt: refundedAt.toISOString() });
    expect(again).toEqual(first);
    expect(await studentsCountOf(tenantId, courseId)).toBe(1);
  });

  it('revokes only the enrollment bought with the refunded payment, and nothing for a learner without one', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);
    await ensureEnrollment(input(learner, courseId, { source: 'paid', paymentId: 'pay_new' }));

    const otherPayment = await revokeEnrollment({ tenantId, userId: learner.userId, courseId, refundId: 're_old', paymentId: 'pay_old', now: new Date() });
    const nobody = await revokeEnrollment({ tenantId, userId: randomUUID(), courseId, refundId: 're_x', now: new Date() });

    expect(otherPayment?.status).toBe('active');
    expect(nobody).toBeUndefined();
    expect(await studentsCountOf(tenantId, courseId)).toBe(1);
  });

  it('lets a learner enroll again after a refund, counting them as a student again', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);
    await ensureEnrollment(input(learner, courseId, { source: 'paid', paymentId: 'pay_1' }));
    await revokeEnrollment({ tenantId, userId: learner.userId, courseId, refundId: 're_1', now: new Date() });

    const again = await ensureEnrollment(input(learner, courseId, { source: 'paid', paymentId: 'pay_2' }));

    expect(again.created).toBe(true);
    expect(again.enrollment).toMatchObject({ status: 'active', paymentId: 'pay_2' });
    expect(again.enrollment.refundId).toBeUndefined();
    expect(await studentsCountOf(tenantId, courseId)).toBe(1);
  });
});

describe('free enrollment through POST /api/v1/courses/{course_id}/enroll/ (seed 002)', () => {
  it('enrolls in a free published course (201), then refuses a second time with ENROLLMENT_EXISTS (409)', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const { courseId } = await courseWithLessons(tenantId, [10]);

    const first = await api({ method: 'POST', path: `/api/v1/courses/${courseId}/enroll/`, token: learner.token, body: {} });
    const second = await api({ method: 'POST', path: `/api/v1/courses/${courseId}/enroll/`, token: learner.token, body: {} });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ course_id: courseId, user_id: learner.userId, message: 'Successfully enrolled in course' });
    expect(typeof first.body.enrollment_id).toBe('string');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ENROLLMENT_EXISTS');
    expect(await studentsCountOf(tenantId, courseId)).toBe(1);
  });

  it('refuses a draft course with COURSE_NOT_PUBLISHED and enrolls nobody', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseId = await createCourse(instructor(tenantId), { price: 0 });

    const response = await api({ method: 'POST', path: `/api/v1/courses/${courseId}/enroll/`, token: learner.token, body: {} });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('COURSE_NOT_PUBLISHED');
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toBeUndefined();
  });

  it('refuses a client-set user id, status or price (strict body) and enrolls nobody', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const { courseId } = await courseWithLessons(tenantId, [10]);

    for (const field of ['user_id', 'status', 'price', 'amount']) {
      const response = await api({ method: 'POST', path: `/api/v1/courses/${courseId}/enroll/`, token: learner.token, body: { [field]: field === 'price' || field === 'amount' ? 0 : 'x' } });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
    }
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toBeUndefined();
  });
});

describe('GET /api/v1/enrollments/ (seed 002)', () => {
  it('lists the caller\'s enrollments with statuses, progress and summary counts in one Query and one BatchGetItem', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const started = await courseWithLessons(tenantId, [10, 10, 10, 10]);
    const finished = await courseWithLessons(tenantId, [5]);
    const refunded = await courseWithLessons(tenantId, [5]);
    await ensureEnrollment(input(learner, started.courseId, { now: new Date('2026-01-01T00:00:00Z') }));
    await ensureEnrollment(input(learner, finished.courseId, { now: new Date('2026-01-02T00:00:00Z') }));
    await ensureEnrollment(input(learner, refunded.courseId, { source: 'paid', paymentId: 'pay_r', now: new Date('2026-01-03T00:00:00Z') }));
    await completeLesson(learner, started.courseId, started.lessons[0] as string, { time_spent_seconds: 600 });
    await completeLesson(learner, finished.courseId, finished.lessons[0] as string);
    await revokeEnrollment({ tenantId, userId: learner.userId, courseId: refunded.courseId, refundId: 're_1', now: new Date() });

    const response = await api({ method: 'GET', path: LIST, token: learner.token });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ count: 3, active_enrollments: 1, completed_courses: 1, page: 1, total_pages: 1, next: null, previous: null });
    // Newest enrollment first.
    expect(response.body.results.map((r: { course: { id: string } }) => r.course.id)).toEqual([refunded.courseId, finished.courseId, started.courseId]);
    const byCourse = new Map(response.body.results.map((r: { course: { id: string } }) => [r.course.id, r]));
    expect(byCourse.get(started.courseId)).toMatchObject({ status: 'active', progress_percentage: Math.floor((1 * 100) / 4), time_spent_minutes: 10, completed_at: null, certificate: null, source: 'free' });
    expect(byCourse.get(finished.courseId)).toMatchObject({ status: 'completed', progress_percentage: 100 });
    expect(byCourse.get(refunded.courseId)).toMatchObject({ status: 'revoked', source: 'paid' });
    expect((byCourse.get(refunded.courseId) as { revoked_at: string | null }).revoked_at).not.toBeNull();
    // Issue 23: the finished course's certificate, its PDF rendered on this first listing (+1 UpdateItem: renderedAt).
    expect(byCourse.get(finished.courseId)).toMatchObject({ certificate: { certificate_id: expect.stringMatching(/^cert_/), status: 'issued', certificate_url: expect.any(String) } });
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1, UpdateItemCommand: 1 });
    expect((await api({ method: 'GET', path: LIST, token: learner.token })).dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1 });
  });

  it('filters by status and pages with next/previous links', async () => {
    const tenantId = uniqueTenant('enr');
    const learner = member(tenantId);
    const courseIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const courseId = `c-${randomUUID()}`;
      await storeCourseRecord(tenantId, courseId);
      await ensureEnrollment(input(learner, courseId, { now: new Date(Date.UTC(2026, 0, 1 + i)) }));
      courseIds.push(courseId);
    }
    await revokeEnrollment({ tenantId, userId: learner.userId, courseId: courseIds[0] as string, refundId: 're', now: new Date() });

    const firstPage = await api({ method: 'GET', path: `${LIST}?status=active&page_size=1`, token: learner.token });
    const secondPage = await api({ method: 'GET', path: `${LIST}?status=active&page_size=1&page=2`, token: learner.token });
    const revoked = await api({ method: 'GET', path: `${LIST}?status=revoked`, token: learner.token });

    expect(firstPage.body).toMatchObject({ count: 2, page: 1, page_size: 1, total_pages: 2, previous: null });
    expect(firstPage.body.next).toContain('page=2');
    expect(firstPage.body.results.map((r: { course: { id: string } }) => r.course.id)).toEqual([courseIds[2]]);
    expect(secondPage.body.results.map((r: { course: { id: string } }) => r.course.id)).toEqual([courseIds[1]]);
    expect(secondPage.body.next).toBeNull();
    expect(revoked.body.results.map((r: { course: { id: string } }) => r.course.id)).toEqual([courseIds[0]]);
  });

  it('never shows another learner\'s enrollments, in the same tenant or another', async () => {
    const tenantId = uniqueTenant('enr');
    const owner = member(tenantId);
    const sameTenant = member(tenantId);
    const courseId = `c-${randomUUID()}`;
    await storeCourseRecord(tenantId, courseId);
    await ensureEnrollment(input(owner, courseId));
    const otherTenant = { token: tokenFor({ userId: owner.userId, tenantId: uniqueTenant('enr'), roles: ['learner'] }) };

    const own = await api({ method: 'GET', path: LIST, token: owner.token });
    const neighbour = await api({ method: 'GET', path: LIST, token: sameTenant.token });
    const foreign = await api({ method: 'GET', path: LIST, token: otherTenant.token });

    expect(own.body.count).toBe(1);
    expect(neighbour.body).toMatchObject({ count: 0, results: [] });
    expect(foreign.body).toMatchObject({ count: 0, results: [] });
    expect(neighbour.dynamoDbByCommand).toEqual({ QueryCommand: 1 });
  });

  it('answers 401 without a token or with a token from an untrusted issuer', async () => {
    const tenantId = uniqueTenant('enr');
    const forged = tokenFor({ userId: randomUUID(), tenantId, roles: ['learner'] }, foreignKeys());

    const anonymous = await api({ method: 'GET', path: LIST });
    const untrusted = await api({ method: 'GET', path: LIST, token: forged });

    expect(anonymous.status).toBe(401);
    expect(untrusted.status).toBe(401);
  });

  it('refuses unknown query parameters such as user_id (400 naming the field)', async () => {
    const learner = member(uniqueTenant('enr'));

    const response = await api({ method: 'GET', path: `${LIST}?user_id=${randomUUID()}`, token: learner.token });
    const badStatus = await api({ method: 'GET', path: `${LIST}?status=paused`, token: learner.token });
    const hugePage = await api({ method: 'GET', path: `${LIST}?page_size=101`, token: learner.token });

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error.details)).toContain('user_id');
    expect(badStatus.status).toBe(400);
    expect(hugePage.status).toBe(400);
  });
});

describe('GET /api/v1/student/courses/ (seed 002)', () => {
  /** Three enrollments: not started (oldest), half done (accessed first), complete (newest). */
  async function threeCourses() {
    const tenantId = uniqueTenant('stc');
    const learner = member(tenantId);
    const untouched = await courseWithLessons(tenantId, [10, 20]);
    const half = await courseWithLessons(tenantId, [15, 45]);
    const done = await courseWithLessons(tenantId, [5]);
    await ensureEnrollment(input(learner, untouched.courseId, { now: new Date('2026-01-01T00:00:00Z') }));
    await ensureEnrollment(input(learner, half.courseId, { now: new Date('2026-01-02T00:00:00Z') }));
    await ensureEnrollment(input(learner, done.courseId, { now: new Date('2026-01-03T00:00:00Z') }));
    await completeLesson(learner, half.courseId, half.lessons[0] as string);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await completeLesson(learner, done.courseId, done.lessons[0] as string);
    return { tenantId, learner, untouched, half, done };
  }

  const ids = (body: { results: { course: { id: string } }[] }) => body.results.map((r) => r.course.id);

  it('shows each course with lesson counts, percentage and the time left from the incomplete lessons', async () => {
    const { learner, untouched, half, done } = await threeCourses();

    const response = await api({ method: 'GET', path: COURSES, token: learner.token });

    expect(response.status).toBe(200);
    expect(response.body.count).toBe(3);
    const byCourse = new Map(response.body.results.map((r: { course: { id: string } }) => [r.course.id, r]));
    // Half: lesson 1 (15 min) done, lesson 2 (45 min) left → 50 %, 0.75 h shown with one decimal.
    expect(byCourse.get(half.courseId)).toMatchObject({ status: 'in_progress', progress: { percentage: 50, completed_lessons: 1, total_lessons: 2, estimated_time_remaining_hours: Math.round((45 / 60) * 10) / 10 }, completed_at: null, certificate_url: null });
    expect(byCourse.get(untouched.courseId)).toMatchObject({ status: 'not_started', progress: { percentage: 0, completed_lessons: 0, total_lessons: 2, last_accessed_at: null, estimated_time_remaining_hours: Math.round((30 / 60) * 10) / 10 } });
    expect(byCourse.get(done.courseId)).toMatchObject({ status: 'completed', progress: { percentage: 100, estimated_time_remaining_hours: 0 } });
    expect((byCourse.get(done.courseId) as { completed_at: string | null }).completed_at).not.toBeNull();
    // Issue 23: the completed course's certificate, its PDF rendered on this first listing (+1 UpdateItem: renderedAt).
    expect(byCourse.get(done.courseId)).toMatchObject({ certificate_url: expect.stringContaining('/certificates/cert_') });
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1, UpdateItemCommand: 1 });
    expect((await api({ method: 'GET', path: COURSES, token: learner.token })).dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1 });
  });

  it('filters by progress status', async () => {
    const { learner, untouched, half, done } = await threeCourses();

    const notStarted = await api({ method: 'GET', path: `${COURSES}?status=not_started`, token: learner.token });
    const inProgress = await api({ method: 'GET', path: `${COURSES}?status=in_progress`, token: learner.token });
    const completed = await api({ method: 'GET', path: `${COURSES}?status=completed`, token: learner.token });

    expect(ids(notStarted.body)).toEqual([untouched.courseId]);
    expect(ids(inProgress.body)).toEqual([half.courseId]);
    expect(ids(completed.body)).toEqual([done.courseId]);
  });

  it('sorts by enrolled_at, last_accessed (never accessed last) and progress, descending unless asked otherwise', async () => {
    const { learner, untouched, half, done } = await threeCourses();

    const enrolled = await api({ method: 'GET', path: `${COURSES}?sort=enrolled_at`, token: learner.token });
    const enrolledAsc = await api({ method: 'GET', path: `${COURSES}?sort=enrolled_at&order=asc`, token: learner.token });
    const accessed = await api({ method: 'GET', path: `${COURSES}?sort=last_accessed`, token: learner.token });
    const accessedAsc = await api({ method: 'GET', path: `${COURSES}?sort=last_accessed&order=asc`, token: learner.token });
    const progress = await api({ method: 'GET', path: `${COURSES}?sort=progress`, token: learner.token });

    expect(ids(enrolled.body)).toEqual([done.courseId, half.courseId, untouched.courseId]);
    expect(ids(enrolledAsc.body)).toEqual([untouched.courseId, half.courseId, done.courseId]);
    expect(ids(accessed.body)).toEqual([done.courseId, half.courseId, untouched.courseId]);
    expect(ids(accessedAsc.body)).toEqual([half.courseId, done.courseId, untouched.courseId]);
    expect(ids(progress.body)).toEqual([done.courseId, half.courseId, untouched.courseId]);
  });

  it('leaves out refunded enrollments', async () => {
    const { tenantId, learner, untouched, half, done } = await threeCourses();
    await revokeEnrollment({ tenantId, userId: learner.userId, courseId: half.courseId, refundId: 're', now: new Date() });

    const response = await api({ method: 'GET', path: COURSES, token: learner.token });

    expect(ids(response.body)).toEqual([done.courseId, untouched.courseId]);
  });

  it('shows nothing of another learner\'s courses and refuses anonymous callers', async () => {
    const { tenantId, learner } = await threeCourses();
    const neighbour = member(tenantId);
    const foreign = tokenFor({ userId: learner.userId, tenantId: uniqueTenant('stc'), roles: ['learner'] });

    const own = await api({ method: 'GET', path: COURSES, token: learner.token });
    const other = await api({ method: 'GET', path: COURSES, token: neighbour.token });
    const otherTenant = await api({ method: 'GET', path: COURSES, token: foreign });
    const anonymous = await api({ method: 'GET', path: COURSES });

    expect(own.body.count).toBe(3);
    expect(other.body).toMatchObject({ count: 0, results: [] });
    expect(otherTenant.body).toMatchObject({ count: 0, results: [] });
    expect(anonymous.status).toBe(401);
  });

  it('refuses an unknown sort, status or parameter with 400', async () => {
    const learner = member(uniqueTenant('stc'));

    const badSort = await api({ method: 'GET', path: `${COURSES}?sort=price`, token: learner.token });
    const badStatus = await api({ method: 'GET', path: `${COURSES}?status=active`, token: learner.token });
    const unknown = await api({ method: 'GET', path: `${COURSES}?user_id=someone`, token: learner.token });

    expect([badSort.status, badStatus.status, unknown.status]).toEqual([400, 400, 400]);
    expect(JSON.stringify(badSort.body.error.details)).toContain('sort');
  });

  it('reads its budget for many enrollments: one BatchGetItem per 25 of them', async () => {
    const tenantId = uniqueTenant('stc');
    const learner = member(tenantId);
    const enrollments = 40;
    for (let i = 0; i < enrollments; i++) {
      const courseId = `c-${randomUUID()}`;
      await storeCourseRecord(tenantId, courseId);
      await ensureEnrollment(input(learner, courseId));
    }

    const response = await api({ method: 'GET', path: `${COURSES}?page_size=100`, token: learner.token });

    expect(response.body.count).toBe(enrollments);
    // Four keys per enrollment (course, outline, summary, certificate), 100 keys per BatchGetItem: 160 keys → 2.
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: Math.ceil((enrollments * 4) / 100) });
    expect(await readEnrollment(tenantId, learner.userId, response.body.results[0].course.id)).toBeDefined();
  });
});

describe('enrollment keys', () => {
  it('live in the learner\'s own partition, led by the tenant', () => {
    const key = enrollmentKey('tenant-a', 'user-1', 'course-9');

    expect(key.pk.startsWith('T#tenant-a#')).toBe(true);
    expect(key.pk).toContain('user-1');
    expect(key.sk).toContain('course-9');
    expect(enrollmentKey('tenant-b', 'user-1', 'course-9').pk).not.toBe(key.pk);
  });
});
