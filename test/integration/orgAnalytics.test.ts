import { PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createComparisonHandler } from '../../lambdas/comparison/handler.js';
import { handler as organizationsHandler } from '../../lambdas/organizations/handler.js';
import { createOrgAnalyticsHandler } from '../../lambdas/orgAnalytics/handler.js';
import { createSkillsHandler } from '../../lambdas/skills/handler.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import { putOrgLearnerEntries, readOrgLearnerTable } from '../../shared/analytics/orgLearnerTable.js';
import { updatePeerTable } from '../../shared/analytics/peerTable.js';
import { batchGetItems, itemId } from '../../shared/db/batchGet.js';
import type { CourseRecord } from '../../shared/catalog/course.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { aggregationStateKey, catalogIndexKey, courseKey, courseLearnersIndexKey, courseOutlineKey, enrollmentKey, profileKey, tenantDayAggregateKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { cultureBenchKey, departmentsKey, goalsKey, orgRollupKey, skillMasteryKey } from '../../shared/db/skillKeys.js';
import type { CourseOutline } from '../../shared/domain/courseProgress.js';
import type { OrgLearnerEntry } from '../../shared/domain/orgFigures.js';
import { masteryOf, type SkillEvidence } from '../../shared/domain/skillMastery.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { appendRecords, ledgerRecord } from '../support/ledger.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Departments and goals (issue 16 item 5), seed 003 §4 organization analytics (item 7) and §5
// skill-demand (item 8). Every expected figure is worked out by hand in the comments
// (docs/analytics.md §12, §13).

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const AS_OF = '2026-11-01';
const unlimited = Object.fromEntries(['standard'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, {
  organizations: organizationsHandler,
  orgAnalytics: createOrgAnalyticsHandler({ now: () => NOW, rateClasses: unlimited }),
  comparison: createComparisonHandler({ now: () => NOW, rateClasses: unlimited }),
  skills: createSkillsHandler({ now: () => NOW, rateClasses: unlimited }),
});
const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));

interface Person {
  userId: string;
  token: string;
}
type Role = 'learner' | 'trainer' | 'org_admin' | 'instructor';
function person(tenantId: string, roles: Role[], userId: string = randomUUID()): Person {
  return { userId, token: tokenFor({ userId, tenantId, roles, timeZone: 'UTC' }) };
}

async function storeCourse(tenantId: string, courseId: string, fields: Partial<CourseRecord>) {
  const now = new Date(NOW).toISOString();
  const course: CourseRecord = {
    tenantId, courseId, slug: `${courseId}-slug`, title: `Course ${courseId}`, description: 'A course', instructor: { id: 'author', name: 'Author' }, instructorIds: ['author'],
    difficulty: 'beginner', priceCents: 0, currency: 'USD', tags: [], skills: [], prerequisites: [], enforceSequence: false, status: 'published',
    sectionsCount: 1, lessonsCount: 1, durationMinutes: 60, studentsCount: 0, ratingSum: 0, reviewsCount: 0, version: 1, createdAt: now, updatedAt: now, ...fields,
  };
  await put({ ...courseKey(tenantId, courseId), ...catalogIndexKey(tenantId, courseId), entity: 'course', ...course });
}

const TAXONOMY = {
  domains: [{ id: 'cloud', name: 'Cloud', skills: [{ id: 'aws', name: 'AWS' }, { id: 'docker', name: 'Docker' }, { id: 'k8s', name: 'Kubernetes' }] }],
};

/** One js score on day `d` of October → mastery (single score) = the score: 90 advanced (3), 75 intermediate (2), 50 beginner (1). */
const at = (day: number) => new Date(Date.UTC(2026, 9, 1 + day, 10)).toISOString();
const summary = (userId: string, skills: Record<string, number>) => ({
  userId,
  courses: ['c1'],
  skills: Object.fromEntries(Object.entries(skills).map(([skill, percent]) => [skill, masteryOf([{ at: at(30), percent } as SkillEvidence])])),
});

const entry = (d: Record<string, number>, more: Partial<OrgLearnerEntry> = {}): OrgLearnerEntry => ({ at: AS_OF, d, st: 0, co: 0, ce: 0, sm: 0, sk: [], ...more });

interface Org {
  tenantId: string;
  admin: Person;
  trainer: Person;
  learner: Person;
  u: Person[];
}

/**
 * The organization of the figure tests (as of 2026-11-01; current window 10-05 … 11-01, previous 09-07 … 10-04):
 * - u1 (Engineering, public "Ada Lovelace"): topics 10-14: 0, 10-20: 4, 10-27: 4, 10-30: 0; 4 courses started, 3 completed,
 *   1 certificate, 2 skills mastered, skills aws, docker → pace 8 / 4 = 2.0 (previous 0), 4 active days → engagement 20, rate 75;
 * - u2 (Engineering, anonymous): 09-10: 2, 10-10: 6; 2 started, 2 completed, 3 mastered, aws → pace 1.5 (previous 0.5), engagement 5, rate 100;
 * - u3 (Engineering): no activity → pace 0, engagement 0, no rate;
 * - u4 (Sales, private): 09-20: 8; 1 started, 0 completed → pace 0 (previous 2), engagement 0, rate 0;
 * - u5 (no department, in goal scope by name): 10-31: 2; k8s → pace 0.5, engagement 5.
 * Population u1 … u5 (5).
 */
async function buildOrg(): Promise<Org> {
  const tenantId = uniqueTenant('org');
  const admin = person(tenantId, ['org_admin']);
  const trainer = person(tenantId, ['trainer']);
  const learner = person(tenantId, ['learner']);
  const u = Array.from({ length: 5 }, (_, i) => person(tenantId, ['learner'], `u${i + 1}-${randomUUID().slice(0, 8)}`));
  for (const p of [admin, trainer, learner, ...u]) await storeMember(tenantId, p.userId);
  expect((await api({ method: 'PUT', path: '/api/v1/skills/taxonomy/', token: admin.token, body: TAXONOMY })).status).toBe(200);
  const [u1, u2, u3, u4, u5] = u.map((p) => p.userId) as [string, string, string, string, string];
  await putOrgLearnerEntries(
    tenantId,
    new Map([
      [u1, entry({ '2026-10-14': 0, '2026-10-20': 4, '2026-10-27': 4, '2026-10-30': 0 }, { st: 4, co: 3, ce: 1, sm: 2, sk: ['aws', 'docker'] })],
      [u2, entry({ '2026-09-10': 2, '2026-10-10': 6 }, { st: 2, co: 2, sm: 3, sk: ['aws'] })],
      [u4, entry({ '2026-09-20': 8 }, { st: 1, co: 0 })],
      [u5, entry({ '2026-10-31': 2 }, { sk: ['k8s'] })],
    ]),
  );
  await put({ ...profileKey(u1), fullName: 'Ada Lovelace', preferences: { privacySettings: { leaderboardPrivacy: 'public' } } });
  await put({ ...profileKey(u2), fullName: 'Grace Hopper', preferences: { privacySettings: { leaderboardPrivacy: 'anonymous' } } });
  await put({ ...profileKey(u4), fullName: 'Alan Turing', preferences: { privacySettings: { leaderboardPrivacy: 'private' } } });
  await put({ ...aggregationStateKey(tenantId), entity: 'aggregationState', throughDate: AS_OF });
  // tenant-days: topics and course completions per date (the monthly trend and the ROI completions)
  for (const [date, topics, courseCompletions] of [['2026-09-10', 2, 1], ['2026-09-20', 8, 0], ['2026-10-10', 6, 0], ['2026-10-20', 4, 1], ['2026-10-27', 4, 2], ['2026-10-30', 0, 0], ['2026-10-31', 2, 0]] as const) {
    await put({ ...tenantDayAggregateKey(tenantId, date), entity: 'tenantDayAggregate', tenantId, date, topics, courseCompletions, events: 1 });
  }
  // levels: u1 aws 3 docker 2; u2 aws 1; u5 docker 3
  await updatePeerTable(tenantId, [summary(u1, { aws: 90, docker: 75 }), summary(u2, { aws: 50 }), summary(u5, { docker: 90 })]);
  await storeCourse(tenantId, 'aws-101', { title: 'AWS Basics', skills: ['aws'] });
  const deps = await api({
    method: 'PUT',
    path: `/api/v1/organizations/${tenantId}/departments`,
    token: admin.token,
    body: { departments: [{ departmentId: 'eng', name: 'Engineering', memberIds: [u1, u2, u3] }, { departmentId: 'sales', name: 'Sales', memberIds: [u4] }] },
  });
  expect(deps.status).toBe(200);
  const goals = await api({
    method: 'PUT',
    path: `/api/v1/organizations/${tenantId}/goals`,
    token: admin.token,
    body: { goals: [{ goalId: 'cloud', name: 'Cloud Migration', targetSkills: [{ skillId: 'aws', requiredLevel: 3 }, { skillId: 'docker', requiredLevel: 2 }], targetDate: '2026-12-31', scope: { departmentIds: ['eng'], userIds: [u5] } }] },
  });
  expect(goals.status).toBe(200);
  return { tenantId, admin, trainer, learner, u };
}

let org: Org;
beforeAll(async () => {
  org = await buildOrg();
}, 60_000);

const orgPath = (segment: string, orgId: string) => `/api/v1/analytics/organization/${segment}/${orgId}`;
const SEGMENTS = ['learning-velocity', 'strategic-alignment', 'department-analytics', 'learning-culture'];

describe('departments and goals', () => {
  it('stores departments and goals an org admin saves, versioned', async () => {
    const res = await api({ method: 'GET', path: `/api/v1/organizations/${org.tenantId}/departments`, token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ version: 1, departments: [{ departmentId: 'eng', name: 'Engineering', memberIds: org.u.slice(0, 3).map((p) => p.userId) }, { departmentId: 'sales', name: 'Sales' }] });
    const goals = await api({ method: 'GET', path: `/api/v1/organizations/${org.tenantId}/goals`, token: org.admin.token });
    expect(goals.body.data.goals[0]).toMatchObject({ goalId: 'cloud', targetDate: '2026-12-31', targetSkills: [{ skillId: 'aws', requiredLevel: 3 }, { skillId: 'docker', requiredLevel: 2 }] });
  });

  it('refuses non-members, a member in two departments, unknown skills and departments, with the field named', async () => {
    const path = `/api/v1/organizations/${org.tenantId}`;
    const [u1] = org.u;
    const cases: [string, unknown, string, string][] = [
      ['departments', { departments: [{ departmentId: 'x', name: 'X', memberIds: ['stranger'] }] }, 'body.departments.0.memberIds.0', 'not_member'],
      ['departments', { departments: [{ departmentId: 'x', name: 'X', memberIds: [u1!.userId] }, { departmentId: 'y', name: 'Y', memberIds: [u1!.userId] }] }, 'body.departments.1.memberIds.0', 'duplicate'],
      ['goals', { goals: [{ goalId: 'g', name: 'G', targetSkills: [{ skillId: 'cobol', requiredLevel: 2 }], targetDate: '2027-01-01', scope: { departmentIds: ['eng'] } }] }, 'body.goals.0.targetSkills.0.skillId', 'unknown_skill'],
      ['goals', { goals: [{ goalId: 'g', name: 'G', targetSkills: [{ skillId: 'aws', requiredLevel: 2 }], targetDate: '2027-01-01', scope: { departmentIds: ['nope'] } }] }, 'body.goals.0.scope.departmentIds.0', 'unknown_department'],
      ['goals', { goals: [{ goalId: 'g', name: 'G', targetSkills: [{ skillId: 'aws', requiredLevel: 5 }], targetDate: '2027-01-01', scope: { departmentIds: ['eng'] } }] }, 'body.goals.0.targetSkills.0.requiredLevel', ''],
      ['goals', { goals: [{ goalId: 'g', name: 'G', targetSkills: [{ skillId: 'aws', requiredLevel: 2 }], targetDate: '2027-01-01', scope: {} }] }, 'body.goals.0.scope', ''],
      ['analytics-settings', { annualTrainingBudget: 1000, currency: 'EUR' }, 'body.valuePerCompletion', ''],
      ['analytics-settings', { targetPace: 2, role: 'x' }, 'body', ''],
      ['labour-market', { source: 'Survey', asOf: '2099-01-01', skills: [{ skillId: 'aws', jobPostings: 1 }] }, 'body.asOf', 'future_date'],
      ['labour-market', { source: 'Survey', asOf: '2026-10-01', skills: [{ skillId: 'aws', jobPostings: -1 }] }, 'body.skills.0.jobPostings', ''],
      ['labour-market', { source: 'Survey', asOf: '2026-10-01', skills: [{ skillId: 'aws', jobPostings: 1 }, { skillId: 'aws', jobPostings: 2 }] }, 'body.skills.1.skillId', 'duplicate'],
      ['labour-market', { source: 'Survey', asOf: '2026-10-01', skills: [{ skillId: 'cobol', jobPostings: 1 }] }, 'body.skills.0.skillId', 'unknown_skill'],
    ];
    for (const [segment, body, field, code] of cases) {
      const res = await api({ method: 'PUT', path: `${path}/${segment}`, token: org.admin.token, body });
      expect([segment, res.status]).toEqual([segment, 400]);
      const details = JSON.stringify(res.body.error);
      expect(details).toContain(field);
      if (code) expect(details).toContain(code);
    }
    // nothing was written by the refused calls
    const deps = await api({ method: 'GET', path: `${path}/departments`, token: org.admin.token });
    expect(deps.body.data.version).toBe(1);
  });

  it('never loses an admin\'s replacement to a concurrent one: the loser gets 409', async () => {
    const tenantId = uniqueTenant('org-c');
    const admin = person(tenantId, ['org_admin']);
    const a = person(tenantId, ['learner']);
    for (const p of [admin, a]) await storeMember(tenantId, p.userId);
    const path = `/api/v1/organizations/${tenantId}/departments`;
    const body = (name: string) => ({ departments: [{ departmentId: 'd', name, memberIds: [a.userId] }] });
    const results = await Promise.all(['One', 'Two', 'Three'].map((name) => api({ method: 'PUT', path, token: admin.token, body: body(name) })));
    const ok = results.filter((r) => r.status === 200);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    // every accepted replacement got its own version: 1 … ok.length, none overwritten unseen
    expect(ok.map((r) => r.body.data.version).sort()).toEqual(Array.from({ length: ok.length }, (_, i) => i + 1));
    const stored = await api({ method: 'GET', path, token: admin.token });
    expect(stored.body.data.version).toBe(ok.length);
  });

  it('is for the organization\'s own org admins: trainer and learner 403, another organization 403, no token 401', async () => {
    const other = uniqueTenant('org-o');
    const otherAdmin = person(other, ['org_admin']);
    for (const segment of ['departments', 'goals', 'analytics-settings', 'labour-market']) {
      const path = `/api/v1/organizations/${org.tenantId}/${segment}`;
      expect((await api({ method: 'GET', path, token: org.trainer.token })).status).toBe(403);
      expect((await api({ method: 'GET', path, token: org.learner.token })).status).toBe(403);
      expect((await api({ method: 'GET', path, token: otherAdmin.token })).status).toBe(403);
      expect((await api({ method: 'GET', path })).status).toBe(401);
      expect((await api({ method: 'PUT', path, token: org.learner.token, body: {} })).status).toBe(403);
    }
  });
});

describe('seed 003 §4 learning-velocity', () => {
  it('gives pace, trend, department breakdown and monthly trend; roiMetrics null until configured', async () => {
    const res = await api({ method: 'GET', path: orgPath('learning-velocity', org.tenantId), token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      organizationId: org.tenantId,
      // (2.0 + 1.5 + 0 + 0 + 0.5) / 5 = 0.8; previous (0 + 0.5 + 0 + 2 + 0) / 5 = 0.5 → +60 %
      overallPace: 0.8,
      targetPace: null,
      unit: 'topics/week',
      trend: 'increasing',
      roiMetrics: null,
      departmentBreakdown: [
        // (2.0 + 1.5 + 0) / 3 = 1.17; no target → onTrackCount null
        { departmentId: 'eng', departmentName: 'Engineering', pace: 1.2, employeeCount: 3, onTrackCount: null },
        { departmentId: 'sales', departmentName: 'Sales', pace: 0, employeeCount: 1, onTrackCount: null },
      ],
      // Jun–Aug: before the first tenant-day (09-10) → null; Sep: 10 topics over 09-10 … 09-30 (3 weeks) / 5 = 0.67;
      // Oct: 16 topics / (31 / 7) / 5 = 0.72; Nov: 0 topics on 11-01
      monthlyTrend: [null, null, null, 0.7, 0.7, 0],
    });
    expect(res.body.meta).toEqual({ calculatedAt: '2026-11-02T09:00:00.000Z', dataSource: 'nightly', nightlyThrough: AS_OF });

    const settings = await api({ method: 'PUT', path: `/api/v1/organizations/${org.tenantId}/analytics-settings`, token: org.admin.token, body: { targetPace: 1.5, currency: 'EUR', annualTrainingBudget: 1000, valuePerCompletion: 800 } });
    expect(settings.status).toBe(200);
    const configured = await api({ method: 'GET', path: orgPath('learning-velocity', org.tenantId), token: org.admin.token });
    // completions in the 365 days: 1 + 1 + 2 = 4 → 1000 / 4 = 250; (4 × 800 − 1000) / 1000 = 220 %
    expect(configured.body.data.roiMetrics).toEqual({ currency: 'EUR', completions: 4, avgCompletionTime: null, costPerCompletion: 250, roiPercentage: 220 });
    expect(configured.body.data.targetPace).toBe(1.5);
    // on track (pace ≥ 1.5): u1 2.0 and u2 1.5; Sales: u4 0
    expect(configured.body.data.departmentBreakdown.map((d: { onTrackCount: number }) => d.onTrackCount)).toEqual([2, 0]);
  });
});

describe('seed 003 §4 strategic-alignment', () => {
  it('scores each goal from the members\' skill levels and names real courses for critical gaps', async () => {
    const res = await api({ method: 'GET', path: orgPath('strategic-alignment', org.tenantId), token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      organizationId: org.tenantId,
      overallAlignment: 42,
      strategicGoals: [
        {
          goalId: 'cloud',
          goalName: 'Cloud Migration',
          targetSkills: ['AWS', 'Docker'],
          // aws ≥ 3: u1 → 1 / 4; docker ≥ 2: u1, u5 → 2 / 4
          targetSkillLevels: [
            { skillId: 'aws', skillName: 'AWS', requiredLevel: 3, shareReached: 25 },
            { skillId: 'docker', skillName: 'Docker', requiredLevel: 2, shareReached: 50 },
          ],
          targetDate: '2026-12-31',
          daysRemaining: 59,
          // members u1, u2, u3 (eng) and u5: credit u1 1 + 1, u2 1/3 + 0, u3 0, u5 0 + 1 → 3.33 / 8 = 42 %
          alignmentScore: 42,
          employeesAligned: 1,
          employeesTotal: 4,
          progress: 25,
        },
      ],
      gapAnalysis: {
        criticalSkillGaps: ['AWS', 'Docker'],
        estimatedTimeToClose: null,
        recommendedActions: ['Enroll 3 employees below the required AWS level in "AWS Basics"', 'No published course teaches Docker: 2 employees are below the required level'],
      },
    });
  });
});

describe('seed 003 §4 department-analytics', () => {
  it('gives per-department figures and top performers under each learner\'s privacy choice', async () => {
    const res = await api({ method: 'GET', path: orgPath('department-analytics', org.tenantId), token: org.admin.token });
    expect(res.status).toBe(200);
    const [u1] = org.u;
    expect(res.body.data).toEqual({
      organizationId: org.tenantId,
      departments: [
        {
          departmentId: 'eng',
          departmentName: 'Engineering',
          employeeCount: 3,
          // rates 75, 100 → 87.5 → 88; engagement (20 + 5 + 0) / 3 = 8.3 → 8; skills aws, docker; 1 certificate
          metrics: { avgCompletionRate: 88, avgEngagementScore: 8, skillsCovered: 2, certificationsEarned: 1 },
          // u2 (100 %, anonymous) before u1 (75 %, public); u3 has no rate
          topPerformers: [
            { userId: null, fullName: null, anonymous: true, completionRate: 100, skillsMastered: 3 },
            { userId: u1!.userId, fullName: 'Ada Lovelace', anonymous: false, completionRate: 75, skillsMastered: 2 },
          ],
          // pace 3.5 / 3 vs 0.5 / 3
          trend: 'improving',
        },
        // u4 is private: not listed; pace 0 vs 2 → declining
        { departmentId: 'sales', departmentName: 'Sales', employeeCount: 1, metrics: { avgCompletionRate: 0, avgEngagementScore: 0, skillsCovered: 0, certificationsEarned: 0 }, topPerformers: [], trend: 'declining' },
      ],
      teamComparison: { highestEngagement: 'Engineering', lowestEngagement: 'Sales', mostImproved: 'Engineering' },
    });
    expect(JSON.stringify(res.body)).not.toContain('Grace Hopper');
    expect(JSON.stringify(res.body)).not.toContain('Alan Turing');
  });
});

describe('seed 003 §4 learning-culture', () => {
  it('gives the written signals, null where none exists', async () => {
    const res = await api({ method: 'GET', path: orgPath('learning-culture', org.tenantId), token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      organizationId: org.tenantId,
      // active in 10-05 … 11-01: u1, u2, u5 → 60; active in ≥ 3 of the 4 weeks: u1 (weeks of 10-14, 10-20, 10-27/30) → 20
      overallScore: 40,
      metrics: { learningEngagement: 60, knowledgeSharing: null, innovationIndex: null, continuousLearning: 20 },
      culturalIndicators: [
        // previous 28 days: active u2, u4 → 40; habitual nobody → 0
        { indicator: 'Active learners (28 days)', score: 60, trend: 'increasing' },
        { indicator: 'Weekly learning habit', score: 20, trend: 'increasing' },
        { indicator: 'Peer-to-peer learning', score: null, trend: null },
        { indicator: 'Leadership support', score: null, trend: null },
      ],
    });
  });

  it('shows benchmarks only when at least 10 organizations contribute, never naming one', async () => {
    // The platform partition is shared by the run: count what is there, then add tenants up to 9 and to 10+.
    const existing = (await queryCollection(cultureBenchKey('').pk)).map((item) => ({ tenantId: item.tenantId as string, score: item.score as number }));
    const mine = org.tenantId;
    const added: { tenantId: string; score: number }[] = [];
    const add = async (tenantId: string, score: number) => {
      await put({ ...cultureBenchKey(tenantId), entity: 'cultureBench', tenantId, asOf: AS_OF, score });
      added.push({ tenantId, score });
    };
    if (existing.length < 9) {
      await add(mine, 40);
      while (existing.length + added.length < 9) await add(uniqueTenant('bench'), 50);
      const few = await api({ method: 'GET', path: orgPath('learning-culture', org.tenantId), token: org.admin.token });
      expect(few.body.data.benchmarks).toBeNull();
    }
    if (!added.some((a) => a.tenantId === mine)) await add(mine, 40);
    while (existing.length + added.length < 10) await add(uniqueTenant('bench'), 50);
    await add(uniqueTenant('bench'), 90);
    const all = [...existing.filter((e) => !added.some((a) => a.tenantId === e.tenantId)), ...added];
    // reference: mean, nearest-rank 75th percentile, "Top p%" with p = ⌈100 × (above + 1) / n⌉
    const sorted = all.map((a) => a.score).sort((a, b) => a - b);
    const expected = {
      industryAverage: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
      topQuartile: sorted[Math.ceil(0.75 * sorted.length) - 1],
      yourPosition: `Top ${Math.ceil((100 * (all.filter((a) => a.score > 40).length + 1)) / all.length)}%`,
      tenants: all.length,
    };
    const res = await api({ method: 'GET', path: orgPath('learning-culture', org.tenantId), token: org.admin.token });
    expect(res.body.data.benchmarks).toEqual(expected);
    expect(JSON.stringify(res.body)).not.toContain('bench-');
  });
});

describe('seed 003 §4 access', () => {
  it('org admins of the organization only: learner and trainer 403, another organization 403, no token 401', async () => {
    const other = uniqueTenant('org-x');
    const otherAdmin = person(other, ['org_admin']);
    for (const segment of SEGMENTS) {
      expect((await api({ method: 'GET', path: orgPath(segment, org.tenantId), token: org.learner.token })).status).toBe(403);
      expect((await api({ method: 'GET', path: orgPath(segment, org.tenantId), token: org.trainer.token })).status).toBe(403);
      expect((await api({ method: 'GET', path: orgPath(segment, org.tenantId), token: otherAdmin.token })).status).toBe(403);
      expect((await api({ method: 'GET', path: orgPath(segment, org.tenantId) })).status).toBe(401);
      expect((await api({ method: 'GET', path: `${orgPath(segment, org.tenantId)}?x=1`, token: org.admin.token })).status).toBe(400);
    }
  });

  it('answers nulls, not plausible constants, before the first nightly run', async () => {
    const tenantId = uniqueTenant('org-n');
    const admin = person(tenantId, ['org_admin']);
    const v = await api({ method: 'GET', path: orgPath('learning-velocity', tenantId), token: admin.token });
    expect(v.body.data).toMatchObject({ overallPace: null, trend: null, roiMetrics: null, monthlyTrend: [] });
    expect(v.body.meta.dataSource).toBe('none');
    const c = await api({ method: 'GET', path: orgPath('learning-culture', tenantId), token: admin.token });
    expect(c.body.data).toMatchObject({ overallScore: null, benchmarks: null });
    const s = await api({ method: 'GET', path: '/api/v1/analytics/comparison/skill-demand', token: admin.token });
    expect(s.body.data).toEqual({ topDemandSkills: [], emergingSkills: [], userSkillGaps: [] });
    expect(s.body.meta).toMatchObject({ dataSource: 'none', lastRefreshed: null, labourMarket: null });
  });
});

describe('seed 003 §5 skill-demand', () => {
  it('scores demand from the goals and enrollment growth, with the caller\'s gaps; jobPostings only once imported', async () => {
    const [u1] = org.u;
    // nightly rollup: enrollments in the 28 days ending 11-01 (e1) and the 28 before (e0); learners with evidence
    await put({ ...orgRollupKey(org.tenantId), entity: 'orgRollup', asOf: AS_OF, skills: { aws: { e1: 4, e0: 2, learners: 2 }, docker: { e1: 2, e0: 0, learners: 2 }, k8s: { e1: 0, e0: 3, learners: 0 } } });
    await put({ ...skillMasteryKey(org.tenantId, u1!.userId), entity: 'skillMastery', skills: { aws: { mastery: 90 }, docker: { mastery: 75 } } });
    const res = await api({ method: 'GET', path: '/api/v1/analytics/comparison/skill-demand', token: u1!.token });
    expect(res.status).toBe(200);
    // goal members: aws 4, docker 4 (max 4); e1 max 4. aws 50 + 50 = 100; docker 50 + 25 = 75; k8s 0 + 0 = 0
    expect(res.body.data).toEqual({
      topDemandSkills: [
        { skillId: 'aws', skillName: 'AWS', demandScore: 100, trendDirection: 'increasing', trendPercentage: 100, goalMembers: 4, enrollments: { last28Days: 4, previous28Days: 2 }, learnerCount: 2, jobPostings: null },
        { skillId: 'docker', skillName: 'Docker', demandScore: 75, trendDirection: 'increasing', trendPercentage: null, goalMembers: 4, enrollments: { last28Days: 2, previous28Days: 0 }, learnerCount: 2, jobPostings: null },
        { skillId: 'k8s', skillName: 'Kubernetes', demandScore: 0, trendDirection: 'decreasing', trendPercentage: -100, goalMembers: 0, enrollments: { last28Days: 0, previous28Days: 3 }, learnerCount: 0, jobPostings: null },
      ],
      // growth is defined only from a previous window with enrollments: aws +100 %
      emergingSkills: [{ skillId: 'aws', skillName: 'AWS', growthRate: 100, currentDemand: 100 }],
      // aws 100 − 90 = 10 (low); docker 75 − 75 = 0 and k8s 0 − 0: no gap
      userSkillGaps: [{ skillId: 'aws', skillName: 'AWS', demandScore: 100, userMastery: 90, gap: 10, priority: 'low' }],
    });
    expect(res.body.meta).toMatchObject({ dataSource: 'nightly', lastRefreshed: AS_OF, labourMarket: null });

    const imported = await api({ method: 'PUT', path: `/api/v1/organizations/${org.tenantId}/labour-market`, token: org.admin.token, body: { source: 'National job board survey', asOf: '2026-10-15', skills: [{ skillId: 'aws', jobPostings: 3500 }] } });
    expect(imported.status).toBe(200);
    const after = await api({ method: 'GET', path: '/api/v1/analytics/comparison/skill-demand', token: org.learner.token });
    expect(after.body.data.topDemandSkills.map((s: { jobPostings: number | null }) => s.jobPostings)).toEqual([3500, null, null]);
    expect(after.body.meta.labourMarket).toEqual({ source: 'National job board survey', asOf: '2026-10-15', region: null });
    // a learner without evidence: every positive demand is a gap against no evidence
    expect(after.body.data.userSkillGaps.map((g: { skillId: string; gap: number; priority: string }) => [g.skillId, g.gap, g.priority])).toEqual([['aws', 100, 'high'], ['docker', 75, 'high']]);
    expect((await api({ method: 'GET', path: '/api/v1/analytics/comparison/skill-demand' })).status).toBe(401);
  });
});

describe('goals feed skill-gap', () => {
  it('adds the required levels of the goals whose scope includes the learner', async () => {
    const u5 = org.u[4]!;
    // the nightly mastery summary: docker 90 once → advanced (level 3)
    await put({ ...skillMasteryKey(org.tenantId, u5.userId), entity: 'skillMastery', skills: summary(u5.userId, { docker: 90 }).skills });
    const res = await api({ method: 'GET', path: `/api/v1/analytics/learner/skill-gap/${u5.userId}`, token: u5.token });
    expect(res.status).toBe(200);
    // u5 has docker 3 (≥ 2: no gap) and no aws (0 < 3: gap 3, critical), both by the goal
    expect(res.body.data.gaps).toEqual([
      expect.objectContaining({ skillId: 'aws', skillName: 'AWS', currentLevel: 0, requiredLevel: 3, gap: 3, priority: 'critical', requiredBy: [{ kind: 'goal', id: 'cloud', title: 'Cloud Migration' }] }),
    ]);
    expect(res.body.data.topPriority).toEqual({ skillName: 'AWS', reason: 'Required at level 3 for Cloud Migration; current level 0' });
  });
});

describe('the nightly steps', () => {
  it('build each active learner\'s entry from their learner-days and the per-skill enrollment windows', async () => {
    const tenantId = uniqueTenant('org-p');
    const learner = person(tenantId, ['learner']);
    const outline: CourseOutline = {
      courseId: 'c1', version: 1, title: 'Cloud', status: 'published', enforceSequence: false, difficulty: 'beginner', durationMinutes: 20,
      sections: [{ sectionId: 's1', title: 'S', order: 1, isPublished: true }],
      lessons: [
        { lessonId: 'l1', sectionId: 's1', title: 'L1', type: 'reading', order: 1, durationMinutes: 10, prerequisites: [] },
        { lessonId: 'l2', sectionId: 's1', title: 'L2', type: 'reading', order: 2, durationMinutes: 10, prerequisites: [] },
      ],
    };
    await storeCourse(tenantId, 'c1', { title: 'Cloud', skills: ['aws'] });
    await put({ ...courseOutlineKey(tenantId, 'c1'), entity: 'courseOutline', outline });
    // enrollments by enrolledAt (UTC): 10-30 → last 28 days (10-05 … 11-01); 10-01 → previous 28 days; 11-02 → neither
    for (const [userId, enrolledAt] of [['e1', '2026-10-30T10:00:00.000Z'], ['e0', '2026-10-01T10:00:00.000Z'], ['late', '2026-11-02T01:00:00.000Z']] as const) {
      await put({ ...enrollmentKey(tenantId, userId, 'c1'), ...courseLearnersIndexKey(tenantId, 'c1', enrolledAt, userId), entity: 'enrollment', tenantId, userId, courseId: 'c1', status: 'active', enrolledAt });
    }
    const base = { tenantId, userId: learner.userId, timeZone: 'UTC', source: 'lesson.progress' as const, contentType: 'course' as const, contentId: 'c1' };
    await appendRecords([
      ledgerRecord({ ...base, now: new Date('2026-10-20T10:00:00Z'), itemId: 'l1', seconds: 300, itemCompleted: true }),
      ledgerRecord({ ...base, now: new Date('2026-11-01T10:00:00Z'), itemId: 'l2', seconds: 300, itemCompleted: true, contentCompleted: true }),
    ]);
    await aggregateTenant({ tenantId, date: AS_OF, trigger: 'nightly' });
    const table = await readOrgLearnerTable(tenantId);
    // one topic on each date; course c1 started and completed; no certificates, no skill evidence (readings without skills)
    expect(table.get(learner.userId)).toEqual({ at: AS_OF, d: { '2026-10-20': 1, '2026-11-01': 1 }, st: 1, co: 1, ce: 0, sm: 0, sk: [] });
    const found = await batchGetItems([orgRollupKey(tenantId), cultureBenchKey(tenantId)]);
    expect(found.get(itemId(orgRollupKey(tenantId)))).toMatchObject({ asOf: AS_OF, skills: { aws: { e1: 1, e0: 1, learners: 0 } } });
    // one learner: under 10, no culture score for the benchmark
    expect(found.get(itemId(cultureBenchKey(tenantId)))).toBeUndefined();
    // a re-run writes the same entry
    await aggregateTenant({ tenantId, date: AS_OF, trigger: 'nightly' });
    expect((await readOrgLearnerTable(tenantId)).get(learner.userId)).toEqual(table.get(learner.userId));
  });
});

describe('DynamoDB requests per read', () => {
  /** A tenant of `n` learners with entries, peer levels, two departments, a goal, tenant-days and a rollup. */
  async function sized(n: number) {
    const tenantId = uniqueTenant('org-b');
    const admin = person(tenantId, ['org_admin']);
    const ids = Array.from({ length: n }, (_, i) => `b${i}`);
    await putOrgLearnerEntries(tenantId, new Map(ids.map((id, i) => [id, entry({ '2026-10-20': i % 5, '2026-10-27': 1 }, { st: 2, co: i % 3, sm: i % 4, sk: ['aws'] })])));
    await updatePeerTable(tenantId, ids.map((id, i) => summary(id, { aws: 50 + (i % 50) })));
    await put({ ...departmentsKey(tenantId), entity: 'org_departments', version: 1, departments: [{ departmentId: 'a', name: 'A', memberIds: ids.filter((_, i) => i % 2 === 0) }, { departmentId: 'b', name: 'B', memberIds: ids.filter((_, i) => i % 2 === 1) }] });
    await put({ ...goalsKey(tenantId), entity: 'org_goals', version: 1, goals: [{ goalId: 'g', name: 'G', targetSkills: [{ skillId: 'aws', requiredLevel: 3 }], targetDate: '2026-12-31', scope: { departmentIds: ['a'] } }] });
    await put({ ...aggregationStateKey(tenantId), entity: 'aggregationState', throughDate: AS_OF });
    await put({ ...tenantDayAggregateKey(tenantId, '2026-10-20'), entity: 'tenantDayAggregate', tenantId, date: '2026-10-20', topics: n, courseCompletions: 1, events: n });
    await put({ ...orgRollupKey(tenantId), entity: 'orgRollup', asOf: AS_OF, skills: { aws: { e1: 3, e0: 1, learners: n } } });
    await storeCourse(tenantId, 'aws-101', { title: 'AWS Basics', skills: ['aws'] });
    return { tenantId, admin, size: (await readOrgLearnerTable(tenantId)).size };
  }

  it('is at most 3 for every organization read and skill-demand, the same at 50 and 5,000 learners', async () => {
    const small = await sized(50);
    const large = await sized(5_000);
    expect([small.size, large.size]).toEqual([50, 5_000]);
    const counts: Record<string, number[]> = {};
    for (const t of [small, large]) {
      for (const segment of SEGMENTS) {
        const res = await api({ method: 'GET', path: orgPath(segment, t.tenantId), token: t.admin.token });
        expect([segment, res.status]).toEqual([segment, 200]);
        (counts[segment] ??= []).push(res.dynamoDbRequests);
      }
      const demand = await api({ method: 'GET', path: '/api/v1/analytics/comparison/skill-demand', token: t.admin.token });
      expect(demand.status).toBe(200);
      (counts['skill-demand'] ??= []).push(demand.dynamoDbRequests);
    }
    // velocity: BatchGet ∥ learner table Query, tenant-days Query; alignment: BatchGet ∥ peer table Query, catalog Query;
    // departments: BatchGet ∥ learner table Query, profiles BatchGet; culture: BatchGet ∥ learner table ∥ benchmark Query; demand: BatchGet
    expect(counts).toEqual({ 'learning-velocity': [3, 3], 'strategic-alignment': [3, 3], 'department-analytics': [3, 3], 'learning-culture': [3, 3], 'skill-demand': [1, 1] });
  }, 180_000);
});
