import { randomUUID } from 'node:crypto';
import { createComparisonHandler } from '../../lambdas/comparison/handler.js';
import { readPeerTable, updatePeerTable } from '../../shared/analytics/peerTable.js';
import { masteryOf, type SkillEvidence } from '../../shared/domain/skillMastery.js';
import { ensureTable } from '../../bin/local/dynamoDbLocal.js';
import { resetRuntimeConfig } from '../../shared/config/runtimeConfig.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Seed 003 §5 peer comparison (issue 16): peer tables written by the nightly step's updatePeerTable from
// hand-made mastery summaries; every expected figure is worked out in the comments.

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const unlimited = Object.fromEntries(['standard'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { comparison: createComparisonHandler({ now: () => NOW, rateClasses: unlimited }) });

const at = (day: number) => new Date(Date.UTC(2026, 9, 1 + day, 10)).toISOString();
/** A summary of one skill from scores on the given days. */
const summary = (userId: string, skills: Record<string, [number, number][]>, courses: string[] = ['c1']) => ({
  userId,
  courses,
  skills: Object.fromEntries(Object.entries(skills).map(([skill, list]) => [skill, masteryOf(list.map(([d, percent]): SkillEvidence => ({ at: at(d), percent })))])),
});

interface Tenant {
  tenantId: string;
  subject: { userId: string; token: string };
  admin: { userId: string; token: string };
  trainer: { userId: string; token: string };
}

/**
 * The subject: js 90 % on 10-01 and 96 % on 10-31 → mastered, mastery (45 + 96) / 1.5 = 94.0 (advanced),
 * velocity 2 records / 4.286 weeks = 0.47 → shown 0.5. `peers` advanced learners with one js score each
 * (90, 91, …: velocity 1 record / 1 week = 1), plus one intermediate learner (75).
 */
async function tenantWith(peers: number, extra: { userId: string; skills: Record<string, [number, number][]> }[] = []): Promise<Tenant> {
  const tenantId = uniqueTenant('cmp');
  const mk = (roles: ('learner' | 'trainer' | 'org_admin')[]) => {
    const userId = randomUUID();
    return { userId, token: tokenFor({ userId, tenantId, roles }) };
  };
  const t = { tenantId, subject: mk(['learner']), admin: mk(['org_admin']), trainer: mk(['trainer']) };
  for (const p of [t.subject, t.admin, t.trainer]) await storeMember(tenantId, p.userId);
  await updatePeerTable(tenantId, [
    summary(t.subject.userId, { js: [[0, 90], [30, 96]] }),
    ...Array.from({ length: peers }, (_, i) => summary(`peer-${String(i).padStart(2, '0')}`, { js: [[30, 90 + i]] })),
    summary('intermediate-1', { js: [[30, 75]] }),
    ...extra.map((e) => summary(e.userId, e.skills)),
  ]);
  return t;
}

const peerPath = (userId: string, query = '') => `/api/v1/analytics/comparison/peer/${userId}${query}`;

// The platform bins (`SYS#PEERS`) are platform-wide: every tenant of the run that the nightly step folds
// (other test files too) adds its bins. The platform test therefore runs against a table of its own, so
// the three tenants below are the whole platform and its figures stay exact whatever else runs.
describe('peer comparison over the platform', () => {
  const sharedTable = process.env.TABLE_NAME;
  beforeAll(async () => {
    const table = `cairn-test-platform-${randomUUID()}`;
    await ensureTable(process.env.DYNAMODB_ENDPOINT!, table);
    process.env.TABLE_NAME = table;
    resetRuntimeConfig();
  });
  afterAll(() => {
    process.env.TABLE_NAME = sharedTable;
    resetRuntimeConfig();
  });

  /** A tenant whose learners are all beginners scoring `score` once (velocity 1). */
  async function beginners(count: number, score: number) {
    const tenantId = uniqueTenant('cmp-pl');
    const ids = Array.from({ length: count }, () => randomUUID());
    await updatePeerTable(tenantId, ids.map((id) => summary(id, { js: [[30, score]] })));
    return { tenantId, ids };
  }

  it('uses only tenants with at least 10 matching learners, and needs two besides the caller\'s', async () => {
    const own = await beginners(10, 50);
    await beginners(10, 60);
    const small = await beginners(9, 40);
    const subject = own.ids[0]!;
    await storeMember(own.tenantId, subject);
    const token = tokenFor({ userId: subject, tenantId: own.tenantId, roles: ['learner'] });
    // Contributing: own (10) and the 60s (10); the 9 are never used → one other tenant: refused.
    const refused = await api({ method: 'GET', path: peerPath(subject, '?scope=overall_platform'), token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INSUFFICIENT_SAMPLE');
    // A tenth learner in the small tenant: three tenants of 10 contribute.
    await updatePeerTable(small.tenantId, [summary(randomUUID(), { js: [[30, 40]] })]);
    const res = await api({ method: 'GET', path: peerPath(subject, '?scope=overall_platform'), token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      userMetrics: { learningVelocity: 1, avgScore: 50, skillsMastered: 0 },
      // (10 × 50 + 10 × 60 + 10 × 40) / 30 = 50.0
      peerAverages: { learningVelocity: 1, avgScore: 50, skillsMastered: 0 },
      // below bucket 50: the 40s (10); bucket 50: 10 → (10 + 5) / 30 = 50
      percentileRank: 50,
      comparisonGroup: { scope: 'overall_platform', competencyLevel: 'beginner', sampleSize: 30, tenants: 3 },
    });
    expect(JSON.stringify(res.body)).not.toContain(small.tenantId);
    expect(res.dynamoDbRequests).toBe(2);
  });
});

describe('peer comparison within the organization', () => {
  it('refuses 9 peers with 400 INSUFFICIENT_SAMPLE and answers 10 with the documented figures', async () => {
    const nine = await tenantWith(9);
    const refused = await api({ method: 'GET', path: peerPath(nine.subject.userId), token: nine.subject.token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INSUFFICIENT_SAMPLE');
    expect(JSON.stringify(refused.body)).not.toContain('"9"');

    const ten = await tenantWith(10);
    const res = await api({ method: 'GET', path: peerPath(ten.subject.userId), token: ten.subject.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      userId: ten.subject.userId,
      userMetrics: { learningVelocity: 0.5, avgScore: 94, skillsMastered: 1 },
      // peers 90 … 99: mean 94.5; velocity 1 each; none mastered
      peerAverages: { learningVelocity: 1, avgScore: 94.5, skillsMastered: 0 },
      // below 94: 90–93 = 4, equal: 1 → (4 + 0.5) / 10 = 45
      percentileRank: 45,
      comparisonGroup: { scope: 'within_org', competencyLevel: 'advanced', sampleSize: 10, filters: { organizationId: ten.tenantId, competencyLevel: 'advanced' } },
      insights: [
        // 100 × (0.5 − 1) / 1 = −50; 100 × (94 − 94.5) / 94.5 = −0.53 → −1; mastered vs 0: no ratio, no insight
        "You're learning 50% slower than your peers (learningVelocity 0.5 vs 1)",
        'Your assessment scores are 1% below average (avgScore 94 vs 94.5)',
      ],
    });
    expect(res.body.meta).toEqual({ calculatedAt: '2026-11-02T09:00:00.000Z', dataSource: 'nightly', privacy: 'k_anonymity_enforced', minSampleSize: 10 });
    const intermediate = await api({ method: 'GET', path: peerPath(ten.subject.userId, '?competencyLevel=intermediate'), token: ten.subject.token });
    expect(intermediate.status).toBe(400);
  });

  it('refuses a second query whose group differs from an answered one by fewer than 10 learners', async () => {
    // 11 advanced peers: peer-00 … peer-09 (js) and one with css only.
    const t = await tenantWith(10, [{ userId: 'css-only', skills: { css: [[30, 95]] } }]);
    const all = await api({ method: 'GET', path: peerPath(t.subject.userId), token: t.admin.token });
    expect(all.status).toBe(200);
    expect(all.body.data.comparisonGroup.sampleSize).toBe(11);
    // js only: 10 learners (k holds) but {css-only} = all − js: refused
    const js = await api({ method: 'GET', path: peerPath(t.subject.userId, '?skillId=js'), token: t.admin.token });
    expect(js.status).toBe(400);
    expect(js.body.error.code).toBe('INSUFFICIENT_SAMPLE');
    expect(js.body.error.message).toContain('differs from one you already made');
    // Asking the same group again is allowed; another caller with no history gets the js group.
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId), token: t.admin.token })).status).toBe(200);
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId, '?skillId=js'), token: t.trainer.token })).status).toBe(200);
    // …and that trainer is then refused the complementary group, and the same group about another subject (differs by 2).
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId), token: t.trainer.token })).status).toBe(400);
  });

  it('applies the access rules: own, a member for trainers and admins, 403 for another learner, 404 across tenants, 401 without a token', async () => {
    const t = await tenantWith(10);
    const other = await tenantWith(10);
    expect((await api({ method: 'GET', path: peerPath(t.admin.userId), token: t.subject.token })).status).toBe(403);
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId), token: other.admin.token })).status).toBe(404);
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId) })).status).toBe(401);
    const instructor = tokenFor({ userId: randomUUID(), tenantId: t.tenantId, roles: ['instructor'] });
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId), token: instructor })).status).toBe(403);
  });

  it('validates the query strictly', async () => {
    const t = await tenantWith(10);
    const bad = await api({ method: 'GET', path: peerPath(t.subject.userId, '?cohort=2026'), token: t.subject.token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('cohort');
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId, '?competencyLevel=expert'), token: t.subject.token })).status).toBe(400);
    const platformSkill = await api({ method: 'GET', path: peerPath(t.subject.userId, '?scope=overall_platform&skillId=js'), token: t.subject.token });
    expect(platformSkill.status).toBe(400);
    expect(JSON.stringify(platformSkill.body)).toContain('skillId');
    expect((await api({ method: 'GET', path: peerPath(t.subject.userId, '?learningPathId=nope'), token: t.subject.token })).status).toBe(404);
  });

  it('costs 3 requests (peer table Query, BatchGet, query-log Put) for 50 and for 5,000 learners', async () => {
    const small = await tenantWith(48);
    const large = await tenantWith(48, Array.from({ length: 4_950 }, (_, i) => ({ userId: `bulk-${i}`, skills: { js: [[30, 90 + (i % 10)]] } })));
    expect((await readPeerTable(large.tenantId)).size).toBe(5_000);
    for (const t of [small, large]) {
      const res = await api({ method: 'GET', path: peerPath(t.subject.userId), token: t.subject.token });
      expect(res.status).toBe(200);
      expect(res.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1, PutItemCommand: 1 });
    }
  }, 120_000);
});

