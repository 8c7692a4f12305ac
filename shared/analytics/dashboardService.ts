import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { countItems } from '../db/countItems.js';
import { achievementIndexKey, aggregationStateKey, memberKey, tenantAggregatePartition, tenantOverviewKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import {
  achievementFigures,
  courseCompletionFigures,
  defaultRange,
  earliestDayNeeded,
  engagementFigures,
  monthOf,
  programCompletionFigures,
  type DashboardDay,
  type DateRange,
  type MonthComparison,
} from '../domain/dashboardFigures.js';
import { definitionsOf } from '../gamification/learnerStats.js';
import { AuthorizationError } from '../http/errors.js';
import { ACHIEVEMENT_TIERS } from '../schemas/achievements.js';
import { DASHBOARD_METRICS, type DashboardMetric, type GetDashboardInput } from '../schemas/analyticsDashboard.js';

/**
 * Seed 000 §8 `get_dashboard` (docs/analytics.md "Analytics dashboard"): every figure is read from the
 * nightly aggregates and counters, never from the ledger or per-learner items, so the read costs the
 * same for 50 learners as for 50,000. DynamoDB requests (docs/data-model.md "Data model rows"):
 *
 *   1. BatchGetItem: aggregation STATE (data_through), OVERVIEW, achievement INDEX   ┐ in parallel
 *   2. Query COUNT of the member collection (only when `user_activity` is asked)     ┘
 *   3. Query of the tenant aggregate partition, sort keys `D#<lo>` … `PM#<month of data_through>`:
 *      the tenant-days from min(range start, first day of last month) on, then the overview and the
 *      program-completion month items (`PM#…`) up to this month (skipped when no section needs it, or
 *      before the tenant's first nightly run).
 *
 * Each Query is one request per MB read (a tenant-day is well under 1 KB, so a page holds years).
 */

/** Sections as the request names them, mapped to the response field they select. */
const SECTION_OF: Record<DashboardMetric, 'overview' | 'engagement_metrics' | 'completion_metrics' | 'achievement_metrics'> = {
  user_activity: 'overview',
  engagement: 'engagement_metrics',
  completion: 'completion_metrics',
  achievement: 'achievement_metrics',
};

export interface DashboardData {
  data_through: string | null;
  date_range: { start_date: string; end_date: string } | null;
  overview?: { total_users: number; active_users_30d: number | null; completion_rate: number | null; average_engagement: number | null };
  engagement_metrics?: { daily_active_users: { date: string; users: number }[]; session_duration_avg_minutes: number | null; bounce_rate: number | null };
  completion_metrics?: { course_completions: MonthWire; program_completions: MonthWire };
  achievement_metrics?: {
    total_achievements_earned: number | null;
    most_popular_achievement: { id: string; title: string | null; earned_count: number } | null;
    achievement_distribution: { level: string; count: number }[] | null;
  };
}

interface MonthWire {
  this_month: number | null;
  last_month: number | null;
  growth_rate: number | null;
}

const monthWire = (m: MonthComparison): MonthWire => ({ this_month: m.thisMonth, last_month: m.lastMonth, growth_rate: m.growthRate });

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The tenant's member count: one COUNT Query of the member collection per ~1 MB of member items. */
function countMembers(tenantId: string): Promise<number> {
  return countItems(memberKey(tenantId, '').pk);
}

/** Tenant-days, the overview and the program month counters from one Query of the aggregate partition. */
async function readAggregates(tenantId: string, lo: string, through: string): Promise<{ days: DashboardDay[]; programMonths: Map<string, number> }> {
  const items = await queryCollection(tenantAggregatePartition(tenantId), { skBetween: [`D#${lo}`, `PM#${monthOf(through)}`] });
  const days: DashboardDay[] = [];
  const programMonths = new Map<string, number>();
  for (const item of items) {
    const sk = String(item.sk);
    if (sk.startsWith('D#')) days.push(item as unknown as DashboardDay);
    else if (sk.startsWith('PM#')) programMonths.set(sk.slice(3), numberOrNull(item.completions) ?? 0);
  }
  return { days, programMonths };
}

/**
 * The dashboard of the caller's tenant. `community_id`, when given, must be that tenant (a token
 * member of several picks one with `x-community-id`); anything else is 403, never another tenant's data.
 * Roles (org_admin, trainer) are enforced by the route.
 */
export async function getDashboard(principal: Principal, input: GetDashboardInput): Promise<DashboardData> {
  const tenantId = principal.tenantId;
  if (input.community_id !== undefined && input.community_id !== tenantId) {
    throw new AuthorizationError('community_id must be the community of the request (select it with x-community-id)');
  }
  const wanted = new Set(input.metrics ?? DASHBOARD_METRICS);
  const sections = new Set([...wanted].map((m) => SECTION_OF[m]));

  const stateKey = aggregationStateKey(tenantId);
  const overviewKey = tenantOverviewKey(tenantId);
  const indexKey = achievementIndexKey(tenantId);
  const [found, members] = await Promise.all([
    batchGetItems([stateKey, ...(sections.has('overview') ? [overviewKey] : []), ...(sections.has('achievement_metrics') ? [indexKey] : [])]),
    sections.has('overview') ? countMembers(tenantId) : Promise.resolve(0),
  ]);
  const throughValue = found.get(itemId(stateKey))?.throughDate;
  const through = typeof throughValue === 'string' ? throughValue : null;
  const range: DateRange | null = input.date_range ? { start: input.date_range.start_date, end: input.date_range.end_date } : through ? defaultRange(through) : null;

  const needsDays = sections.has('engagement_metrics') || sections.has('completion_metrics') || sections.has('achievement_metrics');
  const { days, programMonths } = through && needsDays ? await readAggregates(tenantId, earliestDayNeeded(range, through), through) : { days: [], programMonths: new Map<string, number>() };

  const data: DashboardData = { data_through: through, date_range: range ? { start_date: range.start, end_date: range.end } : null };
  if (sections.has('overview')) {
    const overview = found.get(itemId(overviewKey));
    data.overview = {
      total_users: members,
      active_users_30d: numberOrNull(overview?.activeLearners30d),
      completion_rate: numberOrNull(overview?.completionRate),
      average_engagement: numberOrNull(overview?.averageEngagement),
    };
  }
  if (sections.has('engagement_metrics')) {
    const e = engagementFigures(days, range, through);
    data.engagement_metrics = { daily_active_users: e.dailyActiveUsers, session_duration_avg_minutes: e.sessionDurationAvgMinutes, bounce_rate: e.bounceRate };
  }
  if (sections.has('completion_metrics')) {
    data.completion_metrics = {
      course_completions: monthWire(courseCompletionFigures(days, through)),
      program_completions: monthWire(programCompletionFigures(programMonths, through)),
    };
  }
  if (sections.has('achievement_metrics')) {
    const definitions = definitionsOf(found.get(itemId(indexKey))).map((d) => ({ id: d.id, title: d.title, tier: d.tier }));
    const a = achievementFigures(days, range, through, definitions, ACHIEVEMENT_TIERS);
    data.achievement_metrics = {
      total_achievements_earned: a.totalAchievementsEarned,
      most_popular_achievement: a.mostPopularAchievement ? { id: a.mostPopularAchievement.id, title: a.mostPopularAchievement.title, earned_count: a.mostPopularAchievement.earnedCount } : null,
      achievement_distribution: a.achievementDistribution,
    };
  }
  return data;
}
