import type { Principal } from '../auth/principal.js';
import { readTenantDays } from '../analytics/aggregateStore.js';
import { readOrgLearnerTable } from '../analytics/orgLearnerTable.js';
import { readPeerTable } from '../analytics/peerTable.js';
import type { CourseRecord } from '../catalog/course.js';
import { record as courseRecordOf } from '../catalog/courseRepository.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { aggregationStateKey, catalogIndexKey, profileKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { cultureBenchKey, departmentsKey, goalsKey, labourMarketKey, orgRollupKey, orgSettingsKey, skillMasteryKey, skillTaxonomyKey } from '../db/skillKeys.js';
import { addDays } from '../domain/localDate.js';
import {
  benchmarksOf,
  CRITICAL_GAP_SHARE,
  daysUntil,
  departmentFigures,
  goalAlignment,
  learningCulture,
  learningVelocity,
  presentPerformer,
  skillDemand,
  teamComparison,
  type PrivacyChoice,
  type SkillDemandRow,
} from '../domain/orgFigures.js';
import type { SkillMastery } from '../domain/skillMastery.js';
import { skillIndex } from '../domain/skillTaxonomy.js';
import { AuthorizationError } from '../http/errors.js';
import { DEFAULT_PREFERENCES } from '../identity/profileSchemas.js';
import { taxonomyOf } from '../skills/taxonomyService.js';
import { departmentsOf, goalsOf, settingsOf } from './orgConfigService.js';

/**
 * Seed 003 §4 organization analytics and §5 skill-demand (issue 16; docs/analytics.md §12, §13). Every
 * read composes precomputed parts — the org learner table and the peer table (one Query each, kept by
 * the nightly fold), the tenant-days, the nightly org rollup, the organization's configuration items —
 * in at most 3 DynamoDB requests, the same for 50 learners as for 5,000.
 */

/** The organization in the path must be the caller's tenant (another tenant's: 403). Roles come from the route. */
function ownOrganization(principal: Principal, orgId: string): string {
  if (principal.tenantId !== orgId) throw new AuthorizationError('Organization analytics are read by the organization\'s own admins');
  return orgId;
}

const throughOf = (found: Map<string, Record<string, unknown>>, tenantId: string): string | null => {
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  return typeof through === 'string' ? through : null;
};

function meta(now: Date, through: string | null) {
  return { calculatedAt: now.toISOString(), dataSource: through === null ? ('none' as const) : ('nightly' as const), nightlyThrough: through };
}

/**
 * `learning-velocity`: 1 BatchGet (settings, departments, aggregation state) ∥ 1 Query (org learner
 * table), then 1 Query of the 365 tenant-days ending at the aggregated-through date.
 */
export async function organizationLearningVelocity(principal: Principal, orgId: string, now: Date) {
  const tenantId = ownOrganization(principal, orgId);
  const [found, entries] = await Promise.all([batchGetItems([orgSettingsKey(tenantId), departmentsKey(tenantId), aggregationStateKey(tenantId)]), readOrgLearnerTable(tenantId)]);
  const through = throughOf(found, tenantId);
  const settings = settingsOf(found.get(itemId(orgSettingsKey(tenantId))));
  const departments = departmentsOf(found.get(itemId(departmentsKey(tenantId))));
  if (through === null) {
    return {
      data: {
        organizationId: tenantId,
        overallPace: null,
        targetPace: settings.targetPace ?? null,
        unit: 'topics/week',
        trend: null,
        roiMetrics: null,
        departmentBreakdown: departments.map((d) => ({ departmentId: d.departmentId, departmentName: d.name, pace: null, employeeCount: d.memberIds.length, onTrackCount: null })),
        monthlyTrend: [],
      },
      meta: meta(now, through),
    };
  }
  const tenantDays = await readTenantDays(tenantId, addDays(through, -364), through);
  return { data: { organizationId: tenantId, ...learningVelocity({ asOf: through, entries, departments, settings, tenantDays }) }, meta: meta(now, through) };
}

/**
 * `strategic-alignment`: 1 BatchGet (goals, departments, taxonomy) ∥ 1 Query (peer table: each member's
 * skill levels), then — only when a goal has a critical gap — 1 Query of the published catalog for the
 * courses teaching those skills.
 */
export async function organizationStrategicAlignment(principal: Principal, orgId: string, now: Date) {
  const tenantId = ownOrganization(principal, orgId);
  const [found, peers] = await Promise.all([batchGetItems([goalsKey(tenantId), departmentsKey(tenantId), skillTaxonomyKey(tenantId), aggregationStateKey(tenantId)]), readPeerTable(tenantId)]);
  const goals = goalsOf(found.get(itemId(goalsKey(tenantId))));
  const departments = departmentsOf(found.get(itemId(departmentsKey(tenantId))));
  const taxonomy = taxonomyOf(found.get(itemId(skillTaxonomyKey(tenantId))));
  const names = taxonomy ? skillIndex(taxonomy) : new Map<string, { name: string }>();
  const name = (s: string) => names.get(s)?.name ?? s;
  const through = throughOf(found, tenantId);
  const today = now.toISOString().slice(0, 10);
  const rows = goals.map((goal) => ({ goal, a: goalAlignment(goal, departments, (u) => peers.get(u)?.skills ?? {}) }));
  // critical gaps: (skill, required level) cells of any goal reached by at most half its members
  const critical = new Map<string, { share: number; below: Set<string> }>();
  for (const { a } of rows) {
    for (const s of a.skills) {
      if (s.share === null || s.share > CRITICAL_GAP_SHARE) continue;
      const c = critical.get(s.skillId) ?? { share: 1, below: new Set<string>() };
      c.share = Math.min(c.share, s.share);
      for (const u of s.below) c.below.add(u);
      critical.set(s.skillId, c);
    }
  }
  const criticalSkills = [...critical].sort(([a, x], [b, y]) => x.share - y.share || (a < b ? -1 : 1));
  const catalog = criticalSkills.length > 0 ? (await queryCollection(catalogIndexKey(tenantId, '').gsi1pk, { indexName: 'gsi1' })).map((item) => courseRecordOf<CourseRecord>(item)) : [];
  const scores = rows.flatMap(({ a }) => (a.alignmentScore === null ? [] : [a.alignmentScore]));
  return {
    data: {
      organizationId: tenantId,
      overallAlignment: scores.length === 0 ? null : Math.round(scores.reduce((x, y) => x + y, 0) / scores.length),
      strategicGoals: rows.map(({ goal, a }) => ({
        goalId: goal.goalId,
        goalName: goal.name,
        targetSkills: goal.targetSkills.map((s) => name(s.skillId)),
        targetSkillLevels: a.skills.map((s) => ({ skillId: s.skillId, skillName: name(s.skillId), requiredLevel: s.requiredLevel, shareReached: s.share === null ? null : Math.round(100 * s.share) })),
        targetDate: goal.targetDate,
        daysRemaining: daysUntil(today, goal.targetDate),
        alignmentScore: a.alignmentScore,
        employeesAligned: a.employeesAligned,
        employeesTotal: a.employeesTotal,
        progress: a.progress,
      })),
      gapAnalysis: {
        criticalSkillGaps: criticalSkills.map(([s]) => name(s)),
        estimatedTimeToClose: null,
        recommendedActions: criticalSkills.map(([s, c]) => {
          const course = catalog.filter((x) => (x.skills ?? []).includes(s)).sort((x, y) => (x.courseId < y.courseId ? -1 : 1))[0];
          return course
            ? `Enroll ${c.below.size} employee${c.below.size === 1 ? '' : 's'} below the required ${name(s)} level in "${course.title}"`
            : `No published course teaches ${name(s)}: ${c.below.size} employee${c.below.size === 1 ? ' is' : 's are'} below the required level`;
        }),
      },
    },
    meta: meta(now, through),
  };
}

/**
 * `department-analytics`: 1 BatchGet (departments, aggregation state) ∥ 1 Query (org learner table), then
 * 1 BatchGet of the top performer candidates' profiles (≤ 3 per department, ≤ 30 departments: ≤ 90
 * keys, one request) for their names and privacy choice, read at request time.
 */
export async function organizationDepartmentAnalytics(principal: Principal, orgId: string, now: Date) {
  const tenantId = ownOrganization(principal, orgId);
  const [found, entries] = await Promise.all([batchGetItems([departmentsKey(tenantId), aggregationStateKey(tenantId)]), readOrgLearnerTable(tenantId)]);
  const through = throughOf(found, tenantId);
  const departments = departmentsOf(found.get(itemId(departmentsKey(tenantId))));
  if (through === null) {
    return {
      data: {
        organizationId: tenantId,
        departments: departments.map((d) => ({ departmentId: d.departmentId, departmentName: d.name, employeeCount: d.memberIds.length, metrics: { avgCompletionRate: null, avgEngagementScore: null, skillsCovered: null, certificationsEarned: null }, topPerformers: [], trend: null })),
        teamComparison: { highestEngagement: null, lowestEngagement: null, mostImproved: null },
      },
      meta: meta(now, through),
    };
  }
  const rows = departments.map((d) => departmentFigures(d, entries, through));
  const candidates = [...new Set(rows.flatMap((r) => r.candidates.map((c) => c.userId)))];
  const profiles = candidates.length > 0 ? await batchGetItems(candidates.map(profileKey)) : new Map<string, Record<string, unknown>>();
  const listing = (userId: string) => {
    const p = profiles.get(itemId(profileKey(userId))) as { fullName?: string; preferences?: { privacySettings?: { leaderboardPrivacy?: PrivacyChoice } } } | undefined;
    // No profile: shown anonymised (nothing to name them by). No stored choice: the product default (public).
    const privacy = p ? (p.preferences?.privacySettings?.leaderboardPrivacy ?? DEFAULT_PREFERENCES.privacySettings.leaderboardPrivacy) : 'anonymous';
    return { privacy, fullName: p?.fullName || 'Learner' };
  };
  return {
    data: {
      organizationId: tenantId,
      departments: rows.map(({ candidates: list, paceChange: _paceChange, ...r }) => ({
        ...r,
        topPerformers: list.flatMap((c) => {
          const l = listing(c.userId);
          const shown = presentPerformer(c, l.privacy, l.fullName);
          return shown ? [shown] : [];
        }),
      })),
      teamComparison: teamComparison(rows),
    },
    meta: meta(now, through),
  };
}

/**
 * `learning-culture`: 1 BatchGet (departments, aggregation state) ∥ 1 Query (org learner table) ∥ 1 Query
 * of the platform's culture scores (`SYS#CULTURE`, one small item per contributing tenant).
 */
export async function organizationLearningCulture(principal: Principal, orgId: string, now: Date) {
  const tenantId = ownOrganization(principal, orgId);
  const [found, entries, bench] = await Promise.all([batchGetItems([departmentsKey(tenantId), aggregationStateKey(tenantId)]), readOrgLearnerTable(tenantId), queryCollection(cultureBenchKey('').pk)]);
  const through = throughOf(found, tenantId);
  const departments = departmentsOf(found.get(itemId(departmentsKey(tenantId))));
  const scores = bench.map((item) => ({ tenantId: item.tenantId as string, score: item.score as number }));
  if (through === null) {
    return {
      data: {
        organizationId: tenantId,
        overallScore: null,
        metrics: { learningEngagement: null, knowledgeSharing: null, innovationIndex: null, continuousLearning: null },
        culturalIndicators: [],
        benchmarks: null,
      },
      meta: meta(now, through),
    };
  }
  const { population: _population, ...culture } = learningCulture(entries, departments, through);
  return { data: { organizationId: tenantId, ...culture, benchmarks: benchmarksOf(scores, tenantId) }, meta: meta(now, through) };
}

/**
 * Seed 003 §5 `skill-demand` for any member: 1 BatchGet (the nightly org rollup, goals, departments,
 * taxonomy, labour-market figures, the caller's mastery summary).
 */
export async function skillDemandFor(principal: Principal, now: Date) {
  const tenantId = principal.tenantId;
  const keys = [orgRollupKey(tenantId), goalsKey(tenantId), departmentsKey(tenantId), skillTaxonomyKey(tenantId), labourMarketKey(tenantId), skillMasteryKey(tenantId, principal.userId)];
  const found = await batchGetItems(keys);
  const rollup = found.get(itemId(orgRollupKey(tenantId)));
  const taxonomy = taxonomyOf(found.get(itemId(skillTaxonomyKey(tenantId))));
  const names = taxonomy ? skillIndex(taxonomy) : new Map<string, { name: string }>();
  const labour = found.get(itemId(labourMarketKey(tenantId)));
  const masteries = (found.get(itemId(skillMasteryKey(tenantId, principal.userId)))?.skills as Record<string, SkillMastery> | undefined) ?? {};
  const figures = skillDemand({
    rows: (rollup?.skills as Record<string, SkillDemandRow> | undefined) ?? {},
    goals: goalsOf(found.get(itemId(goalsKey(tenantId)))),
    departments: departmentsOf(found.get(itemId(departmentsKey(tenantId)))),
    names: (s) => names.get(s)?.name ?? s,
    jobPostings: labour ? Object.fromEntries((labour.skills as { skillId: string; jobPostings: number }[]).map((s) => [s.skillId, s.jobPostings])) : null,
    mastery: (s) => masteries[s]?.mastery ?? null,
  });
  const asOf = typeof rollup?.asOf === 'string' ? rollup.asOf : null;
  return {
    data: figures,
    meta: {
      calculatedAt: now.toISOString(),
      dataSource: asOf === null ? ('none' as const) : ('nightly' as const),
      lastRefreshed: asOf,
      labourMarket: labour ? { source: labour.source as string, asOf: labour.asOf as string, region: (labour.region as string | null) ?? null } : null,
    },
  };
}
