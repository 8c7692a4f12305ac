import { BatchWriteCommand, PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createSkillsHandler } from '../../lambdas/skills/handler.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import { readPeerTable } from '../../shared/analytics/peerTable.js';
import type { CourseRecord } from '../../shared/catalog/course.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { catalogIndexKey, courseKey, courseOutlineKey, enrollmentKey, memberKey } from '../../shared/db/keys.js';
import { skillMasteryKey } from '../../shared/db/skillKeys.js';
import type { CourseOutline } from '../../shared/domain/courseProgress.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { caller, catalogApi, courseBody, createCourse, createSection } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { appendRecords, ledgerRecord } from '../support/ledger.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Skills and mastery (issue 16). A tenant with the seed 000 `javascript` domain, one course outline whose
// quizzes and reading are tagged with its skills, and one learner's evidence folded by the nightly
// pipeline. Every expected figure is worked out by hand in the comments (docs/analytics.md §8).

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const unlimited = Object.fromEntries(['standard'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { skills: createSkillsHandler({ now: () => NOW, rateClasses: unlimited }) });
const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));

const TAXONOMY = {
  domains: [
    {
      id: 'javascript',
      name: 'JavaScript',
      skills: [
        { id: 'fundamentals', name: 'Fundamentals' },
        { id: 'async_programming', name: 'Async programming' },
        { id: 'es6_features', name: 'ES6 features' },
      ],
    },
    { id: 'web', name: 'Web', skills: [{ id: 'css', name: 'CSS' }] },
  ],
};

interface Person {
  userId: string;
  token: string;
}
function person(tenantId: string, roles: ('learner' | 'trainer' | 'org_admin' | 'instructor')[]): Person {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles, timeZone: 'UTC' }) };
}

/** A published catalog course (with its catalog index entry), as authoring leaves it. */
async function storeCourse(tenantId: string, courseId: string, fields: Partial<CourseRecord>) {
  const now = new Date(NOW).toISOString();
  const course: CourseRecord = {
    tenantId, courseId, slug: `${courseId}-slug`, title: `Course ${courseId}`, description: 'A course', instructor: { id: 'author', name: 'Author' }, instructorIds: ['author'],
    difficulty: 'beginner', priceCents: 0, currency: 'USD', tags: [], skills: [], prerequisites: [], enforceSequence: false, status: 'published',
    sectionsCount: 1, lessonsCount: 1, durationMinutes: 60, studentsCount: 0, ratingSum: 0, reviewsCount: 0, version: 1, createdAt: now, updatedAt: now, ...fields,
  };
  await put({ ...courseKey(tenantId, courseId), ...catalogIndexKey(tenantId, courseId), entity: 'course', ...course });
}

interface Fixture {
  tenantId: string;
  learner: Person;
  peer: Person;
  trainer: Person;
  admin: Person;
}

/**
 * Evidence (all UTC):
 * - fundamentals (quiz f1): 90 % on 2026-10-02 10:00, 96 % on 2026-11-01 10:00 → proficient on 10-02, confirmed
 *   mastered on 11-01; weights 0.5 (30 days older) and 1 → (45 + 96) / 1.5 = 94.0, expert; confidence 0.5.
 * - es6_features (quiz e1): 60 % on 2026-11-01 11:00 → attempted, 60.0, beginner; confidence 1 / 3 = 0.33.
 * - async_programming (reading a1, completed, no score) on 2026-11-01 12:00 → attempted, no mastery figure.
 * Nightly run for 2026-11-01 (a tenant's first night folds its last 30 days, 10-02 included).
 */
async function buildFixture(): Promise<Fixture> {
  const tenantId = uniqueTenant('sk');
  const learner = person(tenantId, ['learner']);
  const peer = person(tenantId, ['learner']);
  const trainer = person(tenantId, ['trainer']);
  const admin = person(tenantId, ['org_admin']);
  for (const p of [learner, peer, trainer, admin]) await storeMember(tenantId, p.userId);
  const put1 = await api({ method: 'PUT', path: '/api/v1/skills/taxonomy/', token: admin.token, body: TAXONOMY });
  expect(put1.status).toBe(200);
  const courseId = 'js-course';
  const outline: CourseOutline = {
    courseId, version: 1, title: 'JS', status: 'published', enforceSequence: false, difficulty: 'beginner', durationMinutes: 30,
    sections: [{ sectionId: 's1', title: 'S', order: 1, isPublished: true }],
    lessons: [
      { lessonId: 'f1', sectionId: 's1', title: 'F', type: 'quiz', order: 1, durationMinutes: 10, prerequisites: [], maxScore: 100, passScore: 70, skills: ['fundamentals'] },
      { lessonId: 'e1', sectionId: 's1', title: 'E', type: 'quiz', order: 2, durationMinutes: 10, prerequisites: [], maxScore: 100, passScore: 70, skills: ['es6_features'] },
      { lessonId: 'a1', sectionId: 's1', title: 'A', type: 'reading', order: 3, durationMinutes: 10, prerequisites: [], skills: ['async_programming'] },
    ],
  };
  await storeCourse(tenantId, courseId, { title: 'JS', skills: ['fundamentals'] });
  await put({ ...courseOutlineKey(tenantId, courseId), entity: 'courseOutline', outline });
  // Courses teaching es6_features: es6-b rated 4.5 (9 / 2), es6-a unrated, es6-c rated 3.0; a draft is never suggested.
  await storeCourse(tenantId, 'es6-a', { skills: ['es6_features'] });
  await storeCourse(tenantId, 'es6-b', { skills: ['es6_features', 'async_programming'], ratingSum: 9, reviewsCount: 2, difficulty: 'intermediate', title: 'Modern JS' });
  await storeCourse(tenantId, 'es6-c', { skills: ['es6_features'], ratingSum: 3, reviewsCount: 1 });
  await put({ ...courseKey(tenantId, 'es6-draft'), entity: 'course', courseId: 'es6-draft', skills: ['es6_features'], status: 'draft' });
  // The learner is enrolled in es6-b (intermediate: its skills are required at level 3).
  await put({ ...enrollmentKey(tenantId, learner.userId, 'es6-b'), entity: 'enrollment', enrollmentId: 'enr_1', tenantId, userId: learner.userId, courseId: 'es6-b', status: 'active', source: 'free', enrolledAt: '2026-10-01T00:00:00.000Z' });

  const base = { tenantId, userId: learner.userId, timeZone: 'UTC', source: 'lesson.progress' as const, contentType: 'course' as const, contentId: courseId };
  await appendRecords([
    ledgerRecord({ ...base, now: new Date('2026-10-02T10:00:00Z'), itemId: 'f1', seconds: 300, score: 90, maxScore: 100, passed: true, itemCompleted: true }),
    ledgerRecord({ ...base, now: new Date('2026-11-01T10:00:00Z'), itemId: 'f1', seconds: 300, score: 96, maxScore: 100, passed: true }),
    ledgerRecord({ ...base, now: new Date('2026-11-01T11:00:00Z'), itemId: 'e1', seconds: 300, score: 60, maxScore: 100, passed: false }),
    ledgerRecord({ ...base, now: new Date('2026-11-01T12:00:00Z'), itemId: 'a1', seconds: 300, itemCompleted: true }),
  ]);
  await aggregateTenant({ tenantId, date: '2026-11-01', trigger: 'nightly' });
  return { tenantId, learner, peer, trainer, admin };
}

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 60_000);

const assess = (token: string | undefined, body: Record<string, unknown>) => api({ method: 'POST', path: '/functions/v1/mastery-assessment-api', ...(token ? { token } : {}), body });

describe('skills taxonomy', () => {
  it('is read by any member and replaced by org admins and instructors, versioned', async () => {
    const read = await api({ method: 'GET', path: '/api/v1/skills/taxonomy/', token: fx.learner.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 1, domains: TAXONOMY.domains });
    const instructor = person(fx.tenantId, ['instructor']);
    const again = await api({ method: 'PUT', path: '/api/v1/skills/taxonomy/', token: instructor.token, body: TAXONOMY });
    expect(again.body.version).toBe(2);
  });

  it('refuses learners and trainers (403) and callers without a token (401)', async () => {
    expect((await api({ method: 'PUT', path: '/api/v1/skills/taxonomy/', token: fx.learner.token, body: TAXONOMY })).status).toBe(403);
    expect((await api({ method: 'PUT', path: '/api/v1/skills/taxonomy/', token: fx.trainer.token, body: TAXONOMY })).status).toBe(403);
    expect((await api({ method: 'GET', path: '/api/v1/skills/taxonomy/' })).status).toBe(401);
  });

  it('names a duplicate skill id and an unknown field (400)', async () => {
    const tenantId = uniqueTenant('sk-dup');
    const admin = person(tenantId, ['org_admin']);
    const dup = await api({ method: 'PUT', path: '/api/v1/skills/taxonomy/', token: admin.token, body: { domains: [{ id: 'a', name: 'A', skills: [{ id: 'x', name: 'X' }] }, { id: 'b', name: 'B', skills: [{ id: 'x', name: 'X' }] }] } });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(dup.body)).toContain('body.domains.1.skills.0.id');
    const unknown = await api({ method: 'PUT', path: '/api/v1/skills/taxonomy/', token: admin.token, body: { ...TAXONOMY, colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('colour');
  });

  it('keeps each tenant\'s taxonomy apart', async () => {
    const other = person(uniqueTenant('sk-other'), ['learner']);
    const read = await api({ method: 'GET', path: '/api/v1/skills/taxonomy/', token: other.token });
    expect(read.body).toEqual({ domains: [], version: 0, updated_at: null });
  });

  it('rejects a course or lesson skill the taxonomy lacks (400 naming the entry), accepts a known one', async () => {
    const instructor = caller(fx.tenantId, 'instructor');
    const bad = await catalogApi({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: instructor.token, body: courseBody({ skills: ['fundamentals', 'cobol'] }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.skills.1');
    const courseId = await createCourse(instructor, { skills: ['fundamentals'] });
    const sectionId = await createSection(instructor, courseId);
    const lesson = await catalogApi({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/${sectionId}/lessons/`, token: instructor.token, body: { title: 'L', type: 'reading', duration_minutes: 5, skills: ['nope'] } });
    expect(lesson.status).toBe(400);
    expect(JSON.stringify(lesson.body)).toContain('body.skills.0');
    const patch = await catalogApi({ method: 'PATCH', path: `/api/v1/instructor/courses/${courseId}/`, token: instructor.token, body: { skills: ['es6_features', 'async_programming'] } });
    expect(patch.status).toBe(200);
  });
});

describe('assess_mastery (seed 000 §7)', () => {
  it('returns the documented figures for the fixture, with recommendations of real courses for the weakest skills', async () => {
    const res = await assess(fx.learner.token, { action: 'assess_mastery', skill_domain: 'javascript', assessment_type: 'comprehensive', include_recommendations: true });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toEqual({
      user_id: fx.learner.userId,
      skill_domain: 'javascript',
      // mean of the skills with a figure: (94.0 + 60.0) / 2 = 77.0 → intermediate
      mastery_score: 77,
      mastery_level: 'intermediate',
      assessment_date: '2026-11-02T09:00:00.000Z',
      skill_breakdown: {
        fundamentals: { score: 94, level: 'expert', status: 'mastered', evidence_count: 2, confidence: 0.5 },
        async_programming: { score: null, level: null, status: 'attempted', evidence_count: 1, confidence: 0 },
        es6_features: { score: 60, level: 'beginner', status: 'attempted', evidence_count: 1, confidence: 0.33 },
      },
      evidence_count: 4,
      // (0.5 + 0 + 0.33) / 3 = 0.2767 → 0.28
      confidence: 0.28,
      recommendations: [
        // weakest first: no figure (async), then 60 (es6). es6-b (4.5) before es6-c (3.0) before es6-a (unrated).
        { priority: 'high', skill: 'async_programming', suggested_content: ['es6-b'], estimated_improvement: null, reason: 'async_programming: no scored evidence yet (1 completions)' },
        // (60 × 1 + 85) / 2 − 60 = 12.5
        { priority: 'high', skill: 'es6_features', suggested_content: ['es6-b', 'es6-c', 'es6-a'], estimated_improvement: 12.5, reason: 'es6_features: mastery 60 (beginner) from 1 assessments' },
      ],
      // newest evidence 11-01 10:00 (fundamentals) + 30 days = 12-01 10:00 → next 00:00Z
      next_assessment_recommended: '2026-12-02T00:00:00.000Z',
      data_through: '2026-11-01',
    });
  });

  it('lets a trainer assess a member, refuses another learner (403), 404s a non-member and an unknown domain, 401 without a token', async () => {
    const body = { action: 'assess_mastery', skill_domain: 'javascript', user_id: fx.learner.userId };
    expect((await assess(fx.trainer.token, body)).body.data.mastery_score).toBe(77);
    expect((await assess(fx.peer.token, body)).status).toBe(403);
    expect((await assess(fx.admin.token, { ...body, user_id: 'not-a-member' })).status).toBe(404);
    expect((await assess(fx.learner.token, { action: 'assess_mastery', skill_domain: 'rust' })).status).toBe(404);
    expect((await assess(undefined, body)).status).toBe(401);
    const outsider = person(uniqueTenant('sk-out'), ['org_admin']);
    expect((await assess(outsider.token, body)).status).toBe(404);
  });

  it('names unknown fields and values (400)', async () => {
    const extra = await assess(fx.learner.token, { action: 'assess_mastery', skill_domain: 'javascript', depth: 3 });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain('depth');
    expect((await assess(fx.learner.token, { action: 'assess_mastery', skill_domain: 'javascript', assessment_type: 'quick' })).status).toBe(400);
  });

  it('leaves recommendations out when asked, and answers null figures for a learner without evidence', async () => {
    const none = await assess(fx.peer.token, { action: 'assess_mastery', skill_domain: 'javascript', include_recommendations: false });
    expect(none.body.data).toMatchObject({ mastery_score: null, mastery_level: null, evidence_count: 0, confidence: 0, recommendations: [], next_assessment_recommended: null });
    expect(none.body.data.skill_breakdown.fundamentals).toEqual({ score: null, level: null, status: null, evidence_count: 0, confidence: 0 });
  });
});

describe('seed 003 mastery', () => {
  it('lists every skill with evidence, mastered first, with masteredAt, timeToMaster and the distribution', async () => {
    const res = await api({ method: 'GET', path: `/api/v1/analytics/learner/mastery/${fx.learner.userId}`, token: fx.learner.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      userId: fx.learner.userId,
      masteredSkills: 1,
      inProgressSkills: 2,
      skills: [
        // first evidence 10-02 10:00, mastered 11-01 10:00: 30 days → "4 weeks"
        { skillId: 'fundamentals', skillName: 'Fundamentals', domainId: 'javascript', masteryLevel: 94, level: 'expert', status: 'mastered', band: 'mastered', masteredAt: '2026-11-01T10:00:00.000Z', timeToMaster: '4 weeks', evidenceCount: 2, confidence: 0.5 },
        { skillId: 'es6_features', skillName: 'ES6 features', domainId: 'javascript', masteryLevel: 60, level: 'beginner', status: 'in_progress', band: 'attempted', masteredAt: null, timeToMaster: null, evidenceCount: 1, confidence: 0.33 },
        { skillId: 'async_programming', skillName: 'Async programming', domainId: 'javascript', masteryLevel: null, level: null, status: 'in_progress', band: 'attempted', masteredAt: null, timeToMaster: null, evidenceCount: 1, confidence: 0 },
      ],
      masteryDistribution: { beginner: 1, intermediate: 0, advanced: 0, expert: 1 },
    });
    expect(res.body.meta).toEqual({ calculatedAt: '2026-11-02T09:00:00.000Z', dataSource: 'nightly', nightlyThrough: '2026-11-01' });
  });

  it('applies the learner-route access rules', async () => {
    const path = `/api/v1/analytics/learner/mastery/${fx.learner.userId}`;
    expect((await api({ method: 'GET', path, token: fx.admin.token })).status).toBe(200);
    expect((await api({ method: 'GET', path, token: fx.peer.token })).status).toBe(403);
    expect((await api({ method: 'GET', path, token: person(uniqueTenant('sk-o'), ['trainer']).token })).status).toBe(404);
    expect((await api({ method: 'GET', path })).status).toBe(401);
    const q = await api({ method: 'GET', path: `${path}?window=7`, token: fx.learner.token });
    expect(q.status).toBe(400);
    expect(JSON.stringify(q.body)).toContain('window');
  });
});

describe('the nightly mastery step', () => {
  it('enters the learner in the tenant\'s peer table (seed 003 §5)', async () => {
    const table = await readPeerTable(fx.tenantId);
    // mean mastery (94 + 60) / 2 = 77.0 → intermediate; 4 records over 4.298 weeks = 0.93 per week; 1 mastered
    expect(table.get(fx.learner.userId)).toEqual({ level: 'intermediate', velocity: 0.93, score: 77, mastered: 1, skills: { async_programming: 0, es6_features: 1, fundamentals: 4 }, courses: ['js-course'] });
    expect(table.size).toBe(1);
  });
});

describe('seed 003 skill-gap', () => {
  it('measures gaps against the levels the enrolled courses require, with priority and time to close at the learner\'s pace', async () => {
    const res = await api({ method: 'GET', path: `/api/v1/analytics/learner/skill-gap/${fx.learner.userId}`, token: fx.learner.token });
    expect(res.status).toBe(200);
    // es6-b is intermediate → its skills are required at level 3. Pace: 4 evidence records over
    // 10-02 10:00 … 11-01 12:00 = 30.083 days = 4.298 weeks → 0.9307 per week; a level takes 2 records.
    // async: level 0, gap 3 (critical): 6 / 0.9307 = 6.45 weeks = 45 days → "6 weeks".
    // es6: level 1 (beginner), gap 2 (high): 4 / 0.9307 = 4.30 weeks = 30 days → "4 weeks".
    expect(res.body.data).toEqual({
      userId: fx.learner.userId,
      totalGaps: 2,
      criticalGaps: 1,
      gaps: [
        { skillId: 'async_programming', skillName: 'Async programming', currentLevel: 0, requiredLevel: 3, gap: 3, priority: 'critical', estimatedTimeToClose: '6 weeks', requiredBy: [{ kind: 'course', id: 'es6-b', title: 'Modern JS' }], evidenceCount: 1, confidence: 0 },
        { skillId: 'es6_features', skillName: 'ES6 features', currentLevel: 1, requiredLevel: 3, gap: 2, priority: 'high', estimatedTimeToClose: '4 weeks', requiredBy: [{ kind: 'course', id: 'es6-b', title: 'Modern JS' }], evidenceCount: 1, confidence: 0.33 },
      ],
      topPriority: { skillName: 'Async programming', reason: 'Required at level 3 for Modern JS; current level 0' },
    });
  });

  it('has no gaps and no priority for a learner without enrollments', async () => {
    const res = await api({ method: 'GET', path: `/api/v1/analytics/learner/skill-gap/${fx.peer.userId}`, token: fx.trainer.token });
    expect(res.body.data).toEqual({ userId: fx.peer.userId, totalGaps: 0, criticalGaps: 0, gaps: [], topPriority: null });
    expect((await api({ method: 'GET', path: `/api/v1/analytics/learner/skill-gap/${fx.learner.userId}`, token: fx.peer.token })).status).toBe(403);
  });
});

describe('DynamoDB requests per call', () => {
  /** Adds `n` members with mastery summaries to the tenant (BatchWrite, 25 per request). */
  async function addLearners(tenantId: string, n: number) {
    const items = Array.from({ length: n }, () => randomUUID()).flatMap((userId) => [
      { ...memberKey(tenantId, userId), type: 'member', tenantId, userId, roles: ['learner'], joinedAt: '2026-10-01T00:00:00.000Z' },
      { ...skillMasteryKey(tenantId, userId), entity: 'skillMastery', userId, evidenceRecords: 1, throughDate: '2026-11-01', skills: { fundamentals: { mastery: 50 } } },
    ]);
    for (let i = 0; i < items.length; i += 25) {
      await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
  }

  it('is the same for a tenant of 50 learners and one of 5,000: mastery 1, assess_mastery 2, skill-gap 3', async () => {
    const small = await buildFixture();
    await addLearners(small.tenantId, 46);
    const large = await buildFixture();
    await addLearners(large.tenantId, 4_996);
    const counts = async (f: Fixture) => [
      (await api({ method: 'GET', path: `/api/v1/analytics/learner/mastery/${f.learner.userId}`, token: f.learner.token })).dynamoDbRequests,
      (await assess(f.learner.token, { action: 'assess_mastery', skill_domain: 'javascript' })).dynamoDbRequests,
      (await api({ method: 'GET', path: `/api/v1/analytics/learner/skill-gap/${f.learner.userId}`, token: f.learner.token })).dynamoDbRequests,
      (await api({ method: 'GET', path: `/api/v1/analytics/learner/mastery/${f.learner.userId}`, token: f.admin.token })).dynamoDbRequests,
    ];
    expect(await counts(small)).toEqual([1, 2, 3, 1]);
    expect(await counts(large)).toEqual([1, 2, 3, 1]);
  }, 180_000);
});
