import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { listCourseCompletions } from '../../shared/catalog/courseCompletionRepository.js';
import { catalogApi, createCourse, createLesson, createSection, type Caller } from '../support/catalog.js';
import { ledgerOf, member, progressApi, storeMember, unlimitedProgressApi, type Learner } from '../support/progress.js';
import { PutCommand } from '../../shared/db/commands.js';
import { handler as programsHandler } from '../../lambdas/programs/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { profileKey } from '../../shared/db/keys.js';
import { ensureEnrollment, revokeEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

const programsApi = httpClient(ROUTES, { programs: programsHandler });

const TRACKING = '/functions/v1/enhanced-progress-tracking';
const MILESTONES = '/functions/v1/milestone-validation-api';

interface Course {
  tenantId: string;
  author: Caller;
  courseId: string;
  lessons: string[];
  hiddenLesson?: string;
}

function instructor(tenantId: string): Caller {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles: ['instructor'] }) };
}

async function publish(author: Caller, courseId: string) {
  const response = await catalogApi({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
  if (response.status !== 200) throw new Error(`publish: ${response.status} ${response.rawBody}`);
}

/** A published course enforcing order: video → quiz (needs the video) → reading; plus an unpublished section's lesson. */
async function orderedCourse(tenantId = uniqueTenant()): Promise<Course> {
  const author = instructor(tenantId);
  const courseId = await createCourse(author, { enforce_sequence: true, price: 0 });
  const section = await createSection(author, courseId, { title: 'Basics' });
  const video = await createLesson(author, courseId, section, { title: 'Intro video', type: 'video', duration_minutes: 10 });
  const quiz = await createLesson(author, courseId, section, { title: 'Check', type: 'quiz', duration_minutes: 5, max_score: 10, pass_score: 7, prerequisites: [video] });
  const reading = await createLesson(author, courseId, section, { title: 'Notes', type: 'reading', duration_minutes: 8 });
  const hidden = await createSection(author, courseId, { title: 'Later', is_published: false });
  const hiddenLesson = await createLesson(author, courseId, hidden, { title: 'Hidden' });
  await publish(author, courseId);
  return { tenantId, author, courseId, lessons: [video, quiz, reading], hiddenLesson };
}

/** A published course without order, with `n` lessons in one section. */
async function flatCourse(n: number, tenantId = uniqueTenant()): Promise<Course> {
  const author = instructor(tenantId);
  const courseId = await createCourse(author, { price: 0 });
  const section = await createSection(author, courseId);
  const lessons: string[] = [];
  for (let i = 0; i < n; i++) lessons.push(await createLesson(author, courseId, section, { title: `Lesson ${i + 1}` }));
  await publish(author, courseId);
  return { tenantId, author, courseId, lessons };
}

const block = (course: Course, lessonId: string) => `${course.courseId}.${lessonId}`;

function complete(who: Learner, course: Course, lessonId: string, data: Record<string, unknown> = {}, headers: Record<string, string> = {}, api = unlimitedProgressApi) {
  return api({ method: 'POST', path: TRACKING, token: who.token, headers, body: { action: 'record_completion', block_id: block(course, lessonId), completion_data: { time_spent_minutes: 12, engagement_score: 80, ...data } } });
}

function lessonWrite(who: Learner, course: Course, lessonId: string, body: Record<string, unknown>, api = unlimitedProgressApi) {
  return api({ method: 'POST', path: `/api/v1/student/courses/${course.courseId}/lessons/${lessonId}/progress/`, token: who.token, body });
}

function studentProgress(who: Learner, course: Course, api = unlimitedProgressApi) {
  return api({ method: 'GET', path: `/api/v1/student/courses/${course.courseId}/progress/`, token: who.token });
}

function blockProgress(who: Learner, course: Course, extra: Record<string, unknown> = {}) {
  return unlimitedProgressApi({ method: 'POST', path: TRACKING, token: who.token, body: { action: 'get_progress', content_type: 'course', content_id: course.courseId, include_analytics: true, ...extra } });
}

describe('record_completion (seed 000)', () => {
  it('records a block, reports the seed\'s fields and an empty achievements_triggered', async () => {
    const course = await flatCourse(2);
    const learner = member(course.tenantId);
    const completionTime = new Date(Date.now() - 2 * 86_400_000);
    completionTime.setUTCMilliseconds(0);
    const response = await complete(learner, course, course.lessons[0] as string, { completion_time: completionTime.toISOString().replace('.000Z', 'Z'), engagement_score: 85 });
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    expect(response.body.data).toMatchObject({ block_id: block(course, course.lessons[0] as string), completed_at: completionTime.toISOString(), engagement_score: 85, achievements_triggered: [] });
    expect(response.body.data.completion_id).toMatch(/^cmp_/);
    expect(response.body.data.course_progress_percentage).toBe(50);
  });

  it('refuses a block whose prerequisite is incomplete in a course that requires order (409 naming it), then accepts it', async () => {
    const course = await orderedCourse();
    const learner = member(course.tenantId);
    const [video, quiz] = course.lessons as [string, string, string];
    const refused = await complete(learner, course, quiz);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect(refused.body.error.details.field).toBe('body.block_id');
    expect(refused.body.error.details.issues[0].code).toBe('prerequisite_incomplete');
    expect(JSON.stringify(refused.body.error)).toContain(video);
    expect((await ledgerOf(course.tenantId, learner.userId))).toHaveLength(0);
    expect((await complete(learner, course, video)).status).toBe(200);
    expect((await complete(learner, course, quiz)).status).toBe(200);
  });

  it('does not enforce prerequisites when the course does not require order', async () => {
    const tenantId = uniqueTenant();
    const author = instructor(tenantId);
    const courseId = await createCourse(author, { enforce_sequence: false, price: 0 });
    const section = await createSection(author, courseId);
    const first = await createLesson(author, courseId, section);
    const second = await createLesson(author, courseId, section, { prerequisites: [first] });
    await publish(author, courseId);
    const course = { tenantId, author, courseId, lessons: [first, second] };
    expect((await complete(member(tenantId), course, second)).status).toBe(200);
  });

  it('answers a malformed user_id with VALIDATION_ERROR (seed 000 test) and a bad block id on its field', async () => {
    const course = await flatCourse(1);
    const learner = member(course.tenantId);
    const invalid = await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: learner.token, body: { action: 'record_completion', user_id: 'invalid-id', block_id: 'test-block-456' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.success).toBe(false);
    expect(invalid.body.error.code).toBe('VALIDATION_ERROR');
    const unknown = await complete(learner, course, randomUUID());
    expect(unknown.status).toBe(404);
    const future = await complete(learner, course, course.lessons[0] as string, { completion_time: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.error.details.field).toBe('body.completion_data.completion_time');
    const score = await complete(learner, course, course.lessons[0] as string, { engagement_score: 101 });
    expect(score.status).toBe(400);
    expect(await ledgerOf(course.tenantId, learner.userId)).toHaveLength(0);
  });

  it('refuses blocks of unpublished sections and of draft courses (404)', async () => {
    const course = await orderedCourse();
    const learner = member(course.tenantId);
    expect((await complete(learner, course, course.hiddenLesson as string)).status).toBe(404);
    const author = instructor(course.tenantId);
    const draftId = await createCourse(author);
    const draftSection = await createSection(author, draftId);
    const draftLesson = await createLesson(author, draftId, draftSection);
    expect((await complete(learner, { ...course, courseId: draftId }, draftLesson)).status).toBe(404);
  });

  it('costs 1 BatchGetItem + 1 TransactWriteItems per completion (limiter aside) once the outline is built; the course-completing one also issues the certificate', async () => {
    const course = await flatCourse(3);
    const learner = member(course.tenantId);
    const first = await complete(learner, course, course.lessons[0] as string, {}, {}, progressApi);
    expect(first.status).toBe(200);
    const responses = [];
    for (const lessonId of course.lessons.slice(1)) responses.push(await complete(learner, course, lessonId, {}, {}, progressApi));
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(responses[0]?.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    // Issue 23: the write that completes the course issues its certificate after the commit
    // (+1 BatchGetItem: profile, membership, organization; +1 TransactWriteItems); the PDF waits for certificate_url.
    expect(responses[1]?.body.data.course_completed).toBe(true);
    expect(responses[1]?.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 2, TransactWriteItemsCommand: 2 });
  });

  it('counts a completion replayed 1–10 times with one event id once', async () => {
    const course = await flatCourse(2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.boolean(), async (times, concurrent) => {
        const learner = member(course.tenantId);
        const headers = { 'idempotency-key': `cmp-${randomUUID()}` };
        const send = () => complete(learner, course, course.lessons[0] as string, { time_spent_minutes: 7 }, headers);
        const responses = concurrent ? await Promise.all(Array.from({ length: times }, send)) : [];
        if (!concurrent) for (let i = 0; i < times; i++) responses.push(await send());
        expect(responses.every((r) => r.status === 200)).toBe(true);
        expect(new Set(responses.map((r) => r.body.data.completion_id)).size).toBe(1);
        const ledger = await ledgerOf(course.tenantId, learner.userId);
        expect(ledger).toHaveLength(1);
        const progress = await blockProgress(learner, course);
        expect(progress.body.data.completed_blocks).toBe(1);
        expect(progress.body.data.time_spent_total_minutes).toBe(7);
      }),
      { numRuns: 10 },
    );
  });

  it('completes the course exactly once when its lessons are completed concurrently', async () => {
    const course = await flatCourse(10);
    const learner = member(course.tenantId);
    const responses = await Promise.all(course.lessons.map((lessonId) => complete(learner, course, lessonId)));
    expect(responses.map((r) => r.status)).toEqual(course.lessons.map(() => 200));
    const ledger = await ledgerOf(course.tenantId, learner.userId);
    expect(ledger.filter((r) => r.itemCompleted)).toHaveLength(10);
    expect(ledger.filter((r) => r.contentCompleted)).toHaveLength(1);
    const completions = await listCourseCompletions(course.tenantId, learner.userId);
    expect(completions.map((c) => c.courseId)).toEqual([course.courseId]);
    const progress = await blockProgress(learner, course);
    expect(progress.body.data).toMatchObject({ completed_blocks: 10, total_blocks: 10, progress_percentage: 100 });
  });
});

describe('get_progress and check_progress (seed 000)', () => {
  it('reports blocks, minutes, engagement and per-block detail computed against the course structure', async () => {
    const course = await flatCourse(3);
    const learner = member(course.tenantId);
    await complete(learner, course, course.lessons[0] as string, { time_spent_minutes: 10, engagement_score: 90 });
    await complete(learner, course, course.lessons[1] as string, { time_spent_minutes: 20, engagement_score: 70 });
    const response = await blockProgress(learner, course);
    expect(response.status).toBe(200);
    const data = response.body.data;
    expect(data).toMatchObject({ content_id: course.courseId, completed_blocks: 2, total_blocks: 3, progress_percentage: 66.7, time_spent_total_minutes: 30, average_engagement_score: 80 });
    expect(data.learning_velocity).toEqual({ blocks_per_day: 2, minutes_per_block: 15 });
    expect(data.detailed_blocks.map((b: { block_id: string; completed: boolean }) => [b.block_id, b.completed])).toEqual([
      [block(course, course.lessons[0] as string), true],
      [block(course, course.lessons[1] as string), true],
      [block(course, course.lessons[2] as string), false],
    ]);
    const plain = await blockProgress(learner, course, { include_analytics: false });
    expect(plain.body.data.detailed_blocks).toBeUndefined();
  });

  it('follows the catalog when the course changes (a new lesson lowers the percentage)', async () => {
    const course = await flatCourse(1);
    const learner = member(course.tenantId);
    await complete(learner, course, course.lessons[0] as string);
    expect((await blockProgress(learner, course)).body.data.progress_percentage).toBe(100);
    const tree = await catalogApi({ method: 'GET', path: `/api/v1/content/courses/${course.courseId}/sections/`, token: course.author.token });
    const sectionId = (tree.body.results ?? tree.body)[0].id as string;
    await createLesson(course.author, course.courseId, sectionId, { title: 'Added later' });
    const after = await blockProgress(learner, course);
    expect(after.body.data).toMatchObject({ completed_blocks: 1, total_blocks: 2, progress_percentage: 50 });
  });

  it('estimates completion from the learner\'s own pace and names the next course with its unlock state', async () => {
    const course = await flatCourse(4);
    const next = await createCourse(course.author, { prerequisites: [course.courseId], title: 'Advanced follow-up' });
    const nextSection = await createSection(course.author, next);
    await createLesson(course.author, next, nextSection);
    await publish(course.author, next);
    const learner = member(course.tenantId);
    await complete(learner, course, course.lessons[0] as string);
    await complete(learner, course, course.lessons[1] as string);
    const check = await unlimitedProgressApi({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'check_progress', milestone_type: 'course', milestone_id: course.courseId } });
    expect(check.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    // 2 blocks today → pace 2 per day → 2 remaining take 1 day.
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(check.body.data).toMatchObject({ milestone_id: course.courseId, progress_percentage: 50, completed_blocks: 2, total_blocks: 4, estimated_completion: `${tomorrow}T12:00:00Z` });
    expect(check.body.data.next_milestone).toEqual({ id: next, title: 'Advanced follow-up', unlock_criteria_met: false });
    await complete(learner, course, course.lessons[2] as string);
    await complete(learner, course, course.lessons[3] as string);
    const done = await unlimitedProgressApi({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'check_progress', milestone_type: 'course', milestone_id: course.courseId } });
    expect(done.body.data.next_milestone.unlock_criteria_met).toBe(true);
    expect(done.body.data.estimated_completion).toBe(`${today}T12:00:00Z`);
  });

  it('has no estimate before the first completion', async () => {
    const course = await flatCourse(2);
    const check = await unlimitedProgressApi({ method: 'POST', path: MILESTONES, token: member(course.tenantId).token, body: { action: 'check_progress', milestone_type: 'course', milestone_id: course.courseId } });
    expect(check.body.data).toMatchObject({ completed_blocks: 0, estimated_completion: null, next_milestone: null });
  });
});

describe('student course progress (seed 002)', () => {
  it('shows sections, lessons, quizzes, last accessed and time spent after lesson writes', async () => {
    const course = await orderedCourse();
    const learner = member(course.tenantId);
    const [video, quiz, reading] = course.lessons as [string, string, string];
    let write = await lessonWrite(learner, course, video, { watch_time_seconds: 300, position_seconds: 300 });
    expect(write.status).toBe(200);
    expect(write.body).toMatchObject({ lesson_id: video, is_completed: false, watch_time_seconds: 300, course_progress: 0 });
    write = await lessonWrite(learner, course, video, { watch_time_seconds: 120, position_seconds: 100, completed: true });
    expect(write.body).toMatchObject({ is_completed: true, watch_time_seconds: 300, position_seconds: 100, completed_lessons: 1, total_lessons: 3, course_progress: 33 });
    write = await lessonWrite(learner, course, quiz, { score: 5 });
    expect(write.body).toMatchObject({ is_completed: false, score: 5, attempts: 1, passed: false });
    write = await lessonWrite(learner, course, quiz, { score: 8 });
    expect(write.body).toMatchObject({ is_completed: true, score: 8, attempts: 2, passed: true });
    write = await lessonWrite(learner, course, quiz, { score: 3 });
    expect(write.body).toMatchObject({ is_completed: true, score: 8, attempts: 3, passed: true });
    write = await lessonWrite(learner, course, reading, { time_spent_seconds: 600 });

    const response = await studentProgress(learner, course);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.overall_progress).toBe(66);
    expect(body.sections).toHaveLength(1);
    expect(body.sections[0]).toMatchObject({ title: 'Basics', progress: 66, completed_lessons: 2, total_lessons: 3 });
    expect(body.sections[0].lessons.map((l: { lesson_id: string; is_completed: boolean }) => [l.lesson_id, l.is_completed])).toEqual([[video, true], [quiz, true], [reading, false]]);
    expect(body.quizzes).toEqual({ total: 1, completed: 1, average_score: 80 });
    expect(body.last_accessed).toMatchObject({ lesson_id: reading, lesson_title: 'Notes' });
    // 300 s of video + 600 s of reading = 15 minutes, all today.
    expect(body.time_spent).toEqual({ total_minutes: 15, this_week_minutes: 15, today_minutes: 15 });
  });

  it('refuses a quiz score above the lesson\'s max and a score on a lesson without one', async () => {
    const course = await orderedCourse();
    const learner = member(course.tenantId);
    const [video, quiz] = course.lessons as [string, string, string];
    await lessonWrite(learner, course, video, { completed: true });
    const above = await lessonWrite(learner, course, quiz, { score: 11 });
    expect(above.status).toBe(400);
    expect(above.body.error.code).toBe('VALIDATION_ERROR');
    expect((await lessonWrite(learner, course, video, { score: 1 })).status).toBe(400);
    expect((await lessonWrite(learner, course, video, {})).status).toBe(400);
    expect((await lessonWrite(learner, course, video, { status: 'completed' })).status).toBe(400);
  });

  it('uses the learner\'s time zone for "today"', async () => {
    const course = await flatCourse(1);
    const learner = member(course.tenantId, ['learner'], 'Pacific/Kiritimati');
    await lessonWrite(learner, course, course.lessons[0] as string, { time_spent_seconds: 120 });
    const [record] = await ledgerOf(course.tenantId, learner.userId);
    const expected = new Date(Date.parse(record?.occurredAt as string) + 14 * 3_600_000).toISOString().slice(0, 10);
    expect(record?.localDate).toBe(expected);
    expect((await studentProgress(learner, course)).body.time_spent.today_minutes).toBe(2);
  });

  it('costs BatchGet + Query to read and BatchGet + TransactWrite to write (limiter aside)', async () => {
    const course = await flatCourse(2);
    const learner = member(course.tenantId);
    await studentProgress(learner, course);
    const read = await studentProgress(learner, course, progressApi);
    expect(read.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 1 });
    const write = await lessonWrite(learner, course, course.lessons[0] as string, { watch_time_seconds: 30 }, progressApi);
    expect(write.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });
});

describe('ownership and tenancy of course progress', () => {
  it('lets a learner name only themselves; trainers of the tenant may name members', async () => {
    const course = await flatCourse(1);
    const learner = member(course.tenantId);
    await storeMember(course.tenantId, learner.userId);
    await complete(learner, course, course.lessons[0] as string);
    const other = member(course.tenantId);
    const body = { action: 'get_progress', user_id: learner.userId, content_type: 'course', content_id: course.courseId };
    expect((await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: other.token, body })).status).toBe(403);
    const write = await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: other.token, body: { action: 'record_completion', user_id: learner.userId, block_id: block(course, course.lessons[0] as string) } });
    expect(write.status).toBe(403);
    const trainer = member(course.tenantId, ['trainer']);
    const read = await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: trainer.token, body });
    expect(read.status).toBe(200);
    expect(read.body.data.completed_blocks).toBe(1);
    // The other learner's own progress in the same course is their own.
    expect((await studentProgress(other, course)).body.overall_progress).toBe(0);
  });

  it('makes another tenant\'s course and learners unreachable', async () => {
    const course = await flatCourse(1);
    const learner = member(course.tenantId);
    await storeMember(course.tenantId, learner.userId);
    const foreign = member(uniqueTenant(), ['trainer']);
    expect((await complete(foreign, course, course.lessons[0] as string)).status).toBe(404);
    expect((await studentProgress(foreign, course)).status).toBe(404);
    const named = await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: foreign.token, body: { action: 'get_progress', user_id: learner.userId, content_type: 'course', content_id: course.courseId } });
    expect(named.status).toBe(404);
  });

  it('requires a token (401)', async () => {
    const course = await flatCourse(1);
    expect((await unlimitedProgressApi({ method: 'POST', path: TRACKING, body: { action: 'get_progress', content_type: 'course', content_id: course.courseId } })).status).toBe(401);
    expect((await unlimitedProgressApi({ method: 'POST', path: MILESTONES, body: { action: 'check_progress', milestone_type: 'course', milestone_id: course.courseId } })).status).toBe(401);
    expect((await unlimitedProgressApi({ method: 'GET', path: `/api/v1/student/courses/${course.courseId}/progress/` })).status).toBe(401);
    expect((await unlimitedProgressApi({ method: 'POST', path: `/api/v1/student/courses/${course.courseId}/lessons/${course.lessons[0]}/progress/`, body: { completed: true } })).status).toBe(401);
  });
});

describe('paid courses need an active enrollment', () => {
  async function paidCourse(): Promise<Course> {
    const tenantId = uniqueTenant();
    const author = instructor(tenantId);
    const courseId = await createCourse(author, { price: 49.99 });
    const section = await createSection(author, courseId);
    const lessons = [await createLesson(author, courseId, section, { title: 'Paid lesson' })];
    await publish(author, courseId);
    return { tenantId, author, courseId, lessons };
  }

  it('refuses both write routes with 403 ENROLLMENT_REQUIRED before enrolling, and writes nothing', async () => {
    const course = await paidCourse();
    const learner = member(course.tenantId);
    const completion = await complete(learner, course, course.lessons[0] as string);
    expect(completion.status).toBe(403);
    expect(completion.body.error).toMatchObject({ code: 'ENROLLMENT_REQUIRED', details: { field: 'body.block_id', issues: [{ field: 'body.block_id', code: 'enrollment_required' }] } });
    const lesson = await lessonWrite(learner, course, course.lessons[0] as string, { completed: true });
    expect(lesson.status).toBe(403);
    expect(lesson.body.error.details[0].field).toBe('params.course_id');
    expect(await ledgerOf(course.tenantId, learner.userId)).toEqual([]);
    expect((await studentProgress(learner, course)).body.overall_progress).toBe(0);
  });

  it('accepts an enrolled learner at the same cost (the enrollment rides in the course BatchGet), and refuses again once a refund revoked it', async () => {
    const course = await paidCourse();
    const learner = member(course.tenantId);
    await ensureEnrollment({ tenantId: course.tenantId, userId: learner.userId, courseId: course.courseId, source: 'paid', paymentId: `pay_${'1'.repeat(32)}`, amountPaidCents: 4999, currency: 'USD', now: new Date() });
    expect((await lessonWrite(learner, course, course.lessons[0] as string, { watch_time_seconds: 30 })).status).toBe(200); // builds the outline once
    const write = await complete(learner, course, course.lessons[0] as string, {}, {}, progressApi);
    expect(write.status).toBe(200);
    expect(write.body.data.course_completed).toBe(true);
    // The completion's write, then the certificate's issue (+1 BatchGetItem, +1 TransactWriteItems, issue 23).
    expect(write.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, BatchGetItemCommand: 2, TransactWriteItemsCommand: 2 });

    await revokeEnrollment({ tenantId: course.tenantId, userId: learner.userId, courseId: course.courseId, refundId: 're_test', now: new Date() });
    expect((await lessonWrite(learner, course, course.lessons[0] as string, { watch_time_seconds: 30 })).body.error.code).toBe('ENROLLMENT_REQUIRED');
  });

  it('lets the course\'s instructor preview it, and a free course needs no enrollment', async () => {
    const course = await paidCourse();
    expect((await complete({ ...course.author, tenantId: course.tenantId }, course, course.lessons[0] as string)).status).toBe(200);
    const free = await flatCourse(1);
    expect((await complete(member(free.tenantId), free, free.lessons[0] as string)).status).toBe(200);
  });
});

describe('engine safeguards (review findings)', () => {
  it('refuses a completion_time more than 30 days back (400 on the field, nothing written)', async () => {
    const course = await flatCourse(1);
    const learner = member(course.tenantId);
    const old = await complete(learner, course, course.lessons[0] as string, { completion_time: '0999-06-01T00:00:00Z' });
    expect(old.status).toBe(400);
    expect(old.body.error.details.field).toBe('body.completion_data.completion_time');
    expect(await ledgerOf(course.tenantId, learner.userId)).toHaveLength(0);
  });

  it('counts a block\'s minutes once when its completion is sent again without a key', async () => {
    const course = await flatCourse(2);
    const learner = member(course.tenantId);
    await complete(learner, course, course.lessons[0] as string, { time_spent_minutes: 12, engagement_score: 90 });
    const again = await complete(learner, course, course.lessons[0] as string, { time_spent_minutes: 12, engagement_score: 10 });
    expect(again.status).toBe(200);
    const progress = await blockProgress(learner, course);
    expect(progress.body.data).toMatchObject({ completed_blocks: 1, time_spent_total_minutes: 12, average_engagement_score: 90 });
  });

  it('dates a supervisor\'s write in the learner\'s time zone, not the supervisor\'s', async () => {
    const course = await flatCourse(1);
    const learner = member(course.tenantId);
    await storeMember(course.tenantId, learner.userId);
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...profileKey(learner.userId), userId: learner.userId, timezone: 'America/New_York' } }));
    const trainer = member(course.tenantId, ['trainer'], 'Pacific/Kiritimati');
    const write = await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: trainer.token, body: { action: 'record_completion', user_id: learner.userId, block_id: block(course, course.lessons[0] as string) } });
    expect(write.status).toBe(200);
    const [record] = await ledgerOf(course.tenantId, learner.userId);
    expect(record).toMatchObject({ timeZone: 'America/New_York', actorId: trainer.userId });
  });
});

describe('program progress (seed 000, content_type / milestone_type program)', () => {
  it('aggregates the program\'s courses, names the current course and the next milestone', async () => {
    const first = await flatCourse(2);
    const second = await flatCourse(3, first.tenantId);
    const trainer = member(first.tenantId, ['trainer']);
    const created = await programsApi({
      method: 'POST', path: '/functions/v1/programs-api', token: trainer.token,
      body: { action: 'create', title: 'Track', duration_weeks: 4, difficulty_level: 'beginner', course_assignments: [{ course_id: first.courseId, sequence_order: 1 }, { course_id: second.courseId, sequence_order: 2, prerequisites: [first.courseId] }] },
    });
    expect(created.status).toBe(200);
    const programId = created.body.data.id as string;
    const learner = member(first.tenantId);
    for (const lessonId of first.lessons) await complete(learner, first, lessonId);
    await complete(learner, second, second.lessons[0] as string);
    const progress = await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: learner.token, body: { action: 'get_progress', content_type: 'program', content_id: programId } });
    expect(progress.status).toBe(200);
    expect(progress.body.data).toMatchObject({ content_id: programId, completed_blocks: 3, total_blocks: 5, progress_percentage: 60, current_course_id: second.courseId });
    expect(progress.body.data.courses.map((c: { course_id: string; completed_blocks: number }) => [c.course_id, c.completed_blocks])).toEqual([[first.courseId, 2], [second.courseId, 1]]);
    const check = await unlimitedProgressApi({ method: 'POST', path: MILESTONES, token: learner.token, body: { action: 'check_progress', milestone_type: 'program', milestone_id: programId } });
    expect(check.body.data).toMatchObject({ milestone_id: programId, completed_blocks: 3, total_blocks: 5 });
    expect(check.body.data.next_milestone).toEqual({ id: second.courseId, title: expect.any(String), unlock_criteria_met: true });
    const missing = await unlimitedProgressApi({ method: 'POST', path: TRACKING, token: learner.token, body: { action: 'get_progress', content_type: 'program', content_id: 'no-such-program' } });
    expect(missing.status).toBe(404);
  });
});
