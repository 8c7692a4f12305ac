import { randomUUID } from 'node:crypto';
import { PutCommand } from '../../shared/db/commands.js';
import { handler } from '../../lambdas/programs/handler.js';
import { listCourseCompletions, recordCourseCompletion } from '../../shared/catalog/courseCompletionRepository.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { memberKey, profileKey } from '../../shared/db/keys.js';
import { DEFAULT_PREFERENCES, type Preferences } from '../../shared/identity/profileSchemas.js';
import type { Role } from '../../shared/routes/types.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

const call = httpClient(ROUTES, { programs: handler });
const VALIDATOR = '/functions/v1/learning-path-validator';

const seedCourse = storeCourseRecord;

interface Member { userId: string; token: string }

/** A member of the tenant (member item, and a profile with these preferences unless `profile: false`). */
async function seedMember(tenantId: string, roles: Role[], preferences: Partial<Preferences> | false = {}): Promise<Member> {
  const userId = randomUUID();
  const now = new Date().toISOString();
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, userId), type: 'member', tenantId, userId, email: `${userId}@example.com`, fullName: 'Member', roles, joinedAt: now } }));
  if (preferences !== false) {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...profileKey(userId), type: 'profile', userId, email: `${userId}@example.com`, fullName: 'Member', timezone: 'UTC',
          preferences: { ...DEFAULT_PREFERENCES, ...preferences }, memberships: { [tenantId]: { roles, joinedAt: now } }, homeTenantId: tenantId, plan: 'free', createdAt: now, updatedAt: now,
        },
      }),
    );
  }
  return { userId, token: tokenFor({ userId, tenantId, roles }) };
}

// Pace of the main learner: 45-minute sessions on three chosen days = 135 minutes a week.
const THREE_DAYS: Partial<Preferences> = { defaultSessionLength: 45, reminderSettings: { enabled: true, days: ['mon', 'wed', 'fri'] } };
const round1 = (value: number) => Math.round(value * 10) / 10;
/** The documented success formula, computed independently of the implementation. */
const expectedSuccess = (gaps: number, missing: number, weeks: number) => round1(95 * 0.8 ** gaps * 0.7 ** missing / (1 + Math.max(0, weeks - 12) / 52));

/** A tenant with a chain of courses intro → core → deep → expert, a draft course, and its cast. */
async function tenant() {
  const tenantId = uniqueTenant('path');
  const courses = {
    intro: await seedCourse(tenantId, 'intro', { durationMinutes: 270 }),
    core: await seedCourse(tenantId, 'core', { durationMinutes: 405, prerequisites: ['intro'] }),
    deep: await seedCourse(tenantId, 'deep', { difficulty: 'intermediate', durationMinutes: 540, prerequisites: ['core'] }),
    expert: await seedCourse(tenantId, 'expert', { difficulty: 'advanced', durationMinutes: 270, prerequisites: ['deep'] }),
    unpublished: await seedCourse(tenantId, 'unpublished', { status: 'draft' }),
  };
  return {
    tenantId,
    courses,
    learner: await seedMember(tenantId, ['learner'], THREE_DAYS),
    trainer: await seedMember(tenantId, ['trainer']),
    admin: await seedMember(tenantId, ['org_admin']),
    instructor: await seedMember(tenantId, ['instructor']),
  };
}

const step = (sequence: number, content_id: string, content_type = 'course') => ({ content_type, content_id, sequence });
const validate = (token: string, proposed_path: unknown[], extra: Record<string, unknown> = {}) =>
  call({ method: 'POST', path: VALIDATOR, token, body: { action: 'validate_path', proposed_path, ...extra } });

describe('learning path validator', () => {
  it('validates the caller\'s own path: prerequisites in order, rising level, weeks at their pace, in three reads', async () => {
    const { learner } = await tenant();
    const response = await validate(learner.token, [step(1, 'intro'), step(2, 'core'), step(3, 'deep')]);

    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    const data = response.body.data;
    expect(data).toMatchObject({ user_id: learner.userId, path_valid: true, learner_level: 'beginner', weekly_study_minutes: 135 });
    expect(data.validation_results.map((r: Record<string, unknown>) => [r.content_id, r.prerequisites_met, r.difficulty_appropriate, r.learner_level, r.estimated_duration_weeks])).toEqual([
      ['intro', true, true, 'beginner', 2], // 270 / 135
      ['core', true, true, 'beginner', 3], // 405 / 135
      ['deep', true, true, 'intermediate', 4], // 540 / 135, after two beginner courses
    ]);
    expect(data.total_estimated_duration_weeks).toBe(9); // 1215 / 135
    expect(data.success_probability).toBe(expectedSuccess(0, 0, 9));
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, GetItemCommand: 1, BatchGetItemCommand: 1 });
  });

  it('counts recorded completions, reports a prerequisite placed later and a difficulty jump, and scores them', async () => {
    const { tenantId, learner, courses } = await tenant();
    await recordCourseCompletion(tenantId, learner.userId, courses.intro, new Date());
    await recordCourseCompletion(tenantId, learner.userId, courses.core, new Date());

    const response = await validate(learner.token, [step(2, 'deep'), step(1, 'expert')]);
    expect(response.status).toBe(200);
    const [expert, deep] = response.body.data.validation_results;
    expect(response.body.data.learner_level).toBe('intermediate'); // two beginner completions
    expect(expert).toMatchObject({ sequence: 1, prerequisites_met: false, missing_prerequisites: ['deep'], difficulty_appropriate: false, difficulty_gap: 1, estimated_duration_weeks: 2 });
    expect(expert.recommendations).toEqual([
      'Move "Course deep" (deep) (sequence 2) before sequence 1: this step requires it.',
      '"Course expert" is advanced but your level at this point of the path is intermediate: add an intermediate course before sequence 1 as an intermediate step.',
    ]);
    expect(deep).toMatchObject({ sequence: 2, prerequisites_met: true, estimated_duration_weeks: 4 });
    expect(response.body.data.path_valid).toBe(false);
    expect(response.body.data.total_estimated_duration_weeks).toBe(6); // 810 / 135
    expect(response.body.data.success_probability).toBe(expectedSuccess(1, 1, 6)); // 53.2
  });

  it('asks to add a prerequisite that is nowhere in the path', async () => {
    const { learner } = await tenant();
    const response = await validate(learner.token, [step(1, 'core')]);
    expect(response.body.data.validation_results[0]).toMatchObject({ prerequisites_met: false, missing_prerequisites: ['intro'] });
    expect(response.body.data.validation_results[0].recommendations).toEqual(['Add the prerequisite course intro before sequence 1.']);
    expect(response.body.data.success_probability).toBe(expectedSuccess(0, 1, 3));
  });

  it('assumes three 30-minute sessions a week for a member without a profile', async () => {
    const { tenantId } = await tenant();
    const noProfile = await seedMember(tenantId, ['learner'], false);
    const response = await validate(noProfile.token, [step(1, 'intro')]);
    expect(response.body.data.weekly_study_minutes).toBe(90);
    expect(response.body.data.validation_results[0].estimated_duration_weeks).toBe(3); // 270 / 90
  });

  it('suggests splitting a step longer than six weeks at the learner\'s pace', async () => {
    const { tenantId } = await tenant();
    await seedCourse(tenantId, 'marathon', { durationMinutes: 1000 });
    const slow = await seedMember(tenantId, ['learner'], { defaultSessionLength: 30, reminderSettings: { enabled: true, days: ['sat'] } });
    const response = await validate(slow.token, [step(1, 'marathon')]);
    const weeks = round1(1000 / 30);
    expect(response.body.data.validation_results[0].estimated_duration_weeks).toBe(weeks);
    expect(response.body.data.validation_results[0].recommendations).toEqual([
      `This step takes about ${weeks} weeks at your pace (30 minutes a week): split it into smaller milestones and add a practice project between them.`,
    ]);
    expect(response.body.data.success_probability).toBe(expectedSuccess(0, 0, weeks));
  });

  it('treats a program as its courses in order, with its own prerequisites, in one more BatchGet', async () => {
    const { learner, instructor } = await tenant();
    const created = await call({
      method: 'POST', path: '/functions/v1/programs-api', token: instructor.token,
      body: { action: 'create', title: 'Foundations', duration_weeks: 6, difficulty_level: 'beginner', course_assignments: [{ course_id: 'intro', sequence_order: 1 }, { course_id: 'core', sequence_order: 2, prerequisites: ['intro'] }] },
    });
    expect(created.status).toBe(200);
    const advancedProgram = await call({
      method: 'POST', path: '/functions/v1/programs-api', token: instructor.token,
      body: { action: 'create', title: 'Deep dive', duration_weeks: 4, difficulty_level: 'intermediate', prerequisites: ['core-slug'], course_assignments: [{ course_id: 'deep', sequence_order: 1 }] },
    });

    const ordered = await validate(learner.token, [step(1, created.body.data.id, 'program'), step(2, 'deep')]);
    expect(ordered.status).toBe(200);
    expect(ordered.body.data.validation_results.map((r: Record<string, unknown>) => [r.content_type, r.prerequisites_met, r.difficulty_appropriate, r.estimated_duration_weeks])).toEqual([
      ['program', true, true, 5], // (270 + 405) / 135
      ['course', true, true, 4], // the program's two beginner courses make the learner intermediate
    ]);
    expect(ordered.body.data.success_probability).toBe(expectedSuccess(0, 0, 9));
    expect(ordered.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, GetItemCommand: 1, BatchGetItemCommand: 2 });

    const tooEarly = await validate(learner.token, [step(1, advancedProgram.body.data.id, 'program')]);
    expect(tooEarly.body.data.validation_results[0]).toMatchObject({ title: 'Deep dive', missing_prerequisites: ['core'], difficulty_gap: 1, difficulty_appropriate: false });
    expect(tooEarly.body.data.path_valid).toBe(false);
  });

  it('lets a trainer validate a member\'s path with that member\'s completions and pace, still in four reads', async () => {
    const { tenantId, learner, trainer, courses } = await tenant();
    await recordCourseCompletion(tenantId, learner.userId, courses.intro, new Date());
    const response = await validate(trainer.token, [step(1, 'core')], { user_id: learner.userId });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ user_id: learner.userId, weekly_study_minutes: 135, path_valid: true });
    expect(response.body.data.validation_results[0]).toMatchObject({ prerequisites_met: true, estimated_duration_weeks: 3 });
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, GetItemCommand: 1, BatchGetItemCommand: 1 });
  });

  it('forbids a learner or an instructor to validate another member\'s path (403)', async () => {
    const { learner, instructor, trainer } = await tenant();
    expect((await validate(learner.token, [step(1, 'intro')], { user_id: trainer.userId })).status).toBe(403);
    expect((await validate(instructor.token, [step(1, 'intro')], { user_id: learner.userId })).status).toBe(403);
  });

  it('answers 404 for a user who is not a member of the tenant, even one of another tenant', async () => {
    const { trainer } = await tenant();
    const outsider = await seedMember(uniqueTenant('elsewhere'), ['learner']);
    expect((await validate(trainer.token, [step(1, 'intro')], { user_id: randomUUID() })).status).toBe(404);
    const foreign = await validate(trainer.token, [step(1, 'intro')], { user_id: outsider.userId });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
  });

  it('respects a member who does not share progress with trainers; an org admin still sees it', async () => {
    const { tenantId, trainer, admin } = await tenant();
    const privateMember = await seedMember(tenantId, ['learner'], { privacySettings: { ...DEFAULT_PREFERENCES.privacySettings, shareProgressWithTrainers: false } });
    expect((await validate(trainer.token, [step(1, 'intro')], { user_id: privateMember.userId })).status).toBe(403);
    expect((await validate(admin.token, [step(1, 'intro')], { user_id: privateMember.userId })).status).toBe(200);
  });

  it('handles an invalid user_id gracefully: 400 VALIDATION_ERROR on body.user_id (seed test contract)', async () => {
    const { learner } = await tenant();
    const response = await validate(learner.token, [step(1, 'intro')], { user_id: 'invalid-id' });
    expect(response.status).toBe(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'body.user_id' }, request_id: expect.any(String), timestamp: expect.any(String) });
  });

  it('names unknown content, and content the caller cannot see, on the step\'s field', async () => {
    const { learner, instructor } = await tenant();
    const response = await validate(learner.token, [step(1, 'intro'), step(2, 'missing'), step(3, 'unpublished'), step(4, randomUUID(), 'program')]);
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues.map((i: { field: string }) => i.field)).toEqual([
      'body.proposed_path.1.content_id',
      'body.proposed_path.2.content_id',
      'body.proposed_path.3.content_id',
    ]);
    // An author may plan with a course that is not published yet.
    expect((await validate(instructor.token, [step(1, 'unpublished')])).status).toBe(200);
  });

  it('never reads another tenant\'s content', async () => {
    await tenant();
    const stranger = await seedMember(uniqueTenant('stranger'), ['org_admin']);
    const response = await validate(stranger.token, [step(1, 'intro')]);
    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe('body.proposed_path.0.content_id');
  });

  it.each([
    ['a repeated sequence', { action: 'validate_path', proposed_path: [step(1, 'intro'), step(1, 'core')] }, 'body.proposed_path.1.sequence'],
    ['the same content twice', { action: 'validate_path', proposed_path: [step(1, 'intro'), step(2, 'intro')] }, 'body.proposed_path.1.content_id'],
    ['an empty path', { action: 'validate_path', proposed_path: [] }, 'body.proposed_path'],
    ['21 steps', { action: 'validate_path', proposed_path: Array.from({ length: 21 }, (_, i) => step(i + 1, `c${i}`)) }, 'body.proposed_path'],
    ['an unknown content type', { action: 'validate_path', proposed_path: [step(1, 'intro', 'video')] }, 'body.proposed_path.0.content_type'],
    ['no action', { proposed_path: [step(1, 'intro')] }, 'body.action'],
    ['an unknown field', { action: 'validate_path', proposed_path: [step(1, 'intro')], strict: false }, 'body.strict'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const { learner } = await tenant();
    const response = await call({ method: 'POST', path: VALIDATOR, token: learner.token, body });
    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe(field);
  });

  it('refuses a call without a token with 401', async () => {
    const response = await call({ method: 'POST', path: VALIDATOR, body: { action: 'validate_path', proposed_path: [step(1, 'intro')] } });
    expect(response.status).toBe(401);
  });
});

describe('course completions', () => {
  it('records a completion once: a replay changes nothing and keeps the first time', async () => {
    const tenantId = uniqueTenant('done');
    const userId = randomUUID();
    const course = { courseId: 'c1', difficulty: 'intermediate' as const, durationMinutes: 120 };
    expect(await recordCourseCompletion(tenantId, userId, course, '2025-01-01T00:00:00.000Z')).toEqual({ recorded: true });
    expect(await recordCourseCompletion(tenantId, userId, { ...course, difficulty: 'advanced' }, '2025-02-01T00:00:00.000Z')).toEqual({ recorded: false });
    expect(await listCourseCompletions(tenantId, userId)).toEqual([{ ...course, completedAt: '2025-01-01T00:00:00.000Z' }]);
  });

  it('lists only that learner\'s completions in that tenant', async () => {
    const tenantId = uniqueTenant('done');
    const [alice, bob] = [randomUUID(), randomUUID()];
    await recordCourseCompletion(tenantId, alice, { courseId: 'a1', difficulty: 'beginner', durationMinutes: 10 }, new Date());
    await recordCourseCompletion(tenantId, bob, { courseId: 'b1', difficulty: 'beginner', durationMinutes: 10 }, new Date());
    await recordCourseCompletion(uniqueTenant('other'), alice, { courseId: 'x1', difficulty: 'beginner', durationMinutes: 10 }, new Date());
    expect((await listCourseCompletions(tenantId, alice)).map((c) => c.courseId)).toEqual(['a1']);
  });
});
