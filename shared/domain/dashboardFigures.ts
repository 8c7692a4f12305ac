import type { TenantDay } from './dailyAggregates.js';
import { addDays } from './localDate.js';
import { round1 } from './tenantOverview.js';

/**
 * The figures of seed 000 §8 `get_dashboard` (docs/analytics.md "Analytics dashboard"), as pure
 * functions of the nightly tenant-day aggregates, the program-completion month counters and the
 * tenant's achievement definitions. Days are learner-local dates (the ledger's analytics date); no
 * figure reads a date after `through`, the tenant's aggregated-through date, so a figure never mixes a
 * half-folded day with finished ones. A figure without data is null, never 0 made up.
 */

/** What the dashboard reads of a tenant-day aggregate. */
export type DashboardDay = Pick<TenantDay, 'date' | 'activeLearners' | 'sessions' | 'sessionSeconds' | 'bounces' | 'courseCompletions' | 'awardsByAchievement'>;

/** An inclusive range of local dates (yyyy-mm-dd). */
export interface DateRange {
  start: string;
  end: string;
}

/** Days of the default range: the 30 local dates ending at the aggregated-through date. */
export const DEFAULT_RANGE_DAYS = 30;

/** The level under which awards of achievements no longer among the active definitions are counted. */
export const UNKNOWN_LEVEL = 'unknown';

/** The range a request without `date_range` gets: the DEFAULT_RANGE_DAYS dates ending at `through`. */
export function defaultRange(through: string): DateRange {
  return { start: addDays(through, -(DEFAULT_RANGE_DAYS - 1)), end: through };
}

/** `yyyy-mm` of a date or instant. */
export function monthOf(dateOrInstant: string): string {
  return dateOrInstant.slice(0, 7);
}

/** The calendar month before `month` (yyyy-mm). */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${String(year - 1).padStart(4, '0')}-12` : `${String(year).padStart(4, '0')}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The two month windows of `completion_metrics`: this month = the calendar month containing `through`,
 * from its first day up to `through`; last month = the whole previous calendar month.
 */
export function monthWindows(through: string): { thisMonth: DateRange & { month: string }; lastMonth: DateRange & { month: string } } {
  const month = monthOf(through);
  const last = previousMonth(month);
  return {
    thisMonth: { month, start: `${month}-01`, end: through },
    lastMonth: { month: last, start: `${last}-01`, end: addDays(`${month}-01`, -1) },
  };
}

/**
 * The lowest tenant-day date one dashboard read needs: the earlier of the range's start and the first
 * day of last month. (The highest is `through`; later dates are never used.)
 */
export function earliestDayNeeded(range: DateRange | null, through: string): string {
  const lastMonthStart = monthWindows(through).lastMonth.start;
  return range && range.start < lastMonthStart ? range.start : lastMonthStart;
}

/** The folded days in [start, min(end, through)]. */
function daysIn(days: readonly DashboardDay[], start: string, end: string, through: string): DashboardDay[] {
  const last = end < through ? end : through;
  return days.filter((d) => d.date >= start && d.date <= last);
}

/** `growth_rate`: 100 × (this − last) / last, 1 decimal; null when either is unknown or last is 0. */
export function growthRate(thisMonth: number | null, lastMonth: number | null): number | null {
  if (thisMonth === null || lastMonth === null || lastMonth === 0) return null;
  return round1((100 * (thisMonth - lastMonth)) / lastMonth);
}

export interface EngagementFigures {
  /** One entry per folded local date in the range, newest first. */
  dailyActiveUsers: { date: string; users: number }[];
  /** Σ sessionSeconds / Σ sessions / 60 over the range, 1 decimal; null without sessions. */
  sessionDurationAvgMinutes: number | null;
  /** 100 × Σ bounces / Σ sessions over the range, 1 decimal; null without sessions. */
  bounceRate: number | null;
}

/** `engagement_metrics` over the folded days of `range` up to `through`. */
export function engagementFigures(days: readonly DashboardDay[], range: DateRange | null, through: string | null): EngagementFigures {
  const inRange = range && through ? daysIn(days, range.start, range.end, through) : [];
  const sessions = inRange.reduce((sum, d) => sum + d.sessions, 0);
  const seconds = inRange.reduce((sum, d) => sum + d.sessionSeconds, 0);
  const bounces = inRange.reduce((sum, d) => sum + d.bounces, 0);
  return {
    dailyActiveUsers: [...inRange].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)).map((d) => ({ date: d.date, users: d.activeLearners })),
    ...sessionFigures(sessions, seconds, bounces),
  };
}

/** Session length and bounce rate of a range's summed sessions (the rule engagementFigures applies). */
export function sessionFigures(sessions: number, sessionSeconds: number, bounces: number): Pick<EngagementFigures, 'sessionDurationAvgMinutes' | 'bounceRate'> {
  return {
    sessionDurationAvgMinutes: sessions > 0 ? round1(sessionSeconds / sessions / 60) : null,
    bounceRate: sessions > 0 ? round1((100 * bounces) / sessions) : null,
  };
}

export interface MonthComparison {
  thisMonth: number | null;
  lastMonth: number | null;
  growthRate: number | null;
}

/**
 * `course_completions`: catalog courses completed (the ledger's first-time course completions) on the
 * local dates of each month window; a window without any folded date is null.
 */
export function courseCompletionFigures(days: readonly DashboardDay[], through: string | null): MonthComparison {
  if (!through) return { thisMonth: null, lastMonth: null, growthRate: null };
  const { thisMonth, lastMonth } = monthWindows(through);
  const sum = (window: DateRange): number | null => {
    const inWindow = daysIn(days, window.start, window.end, through);
    return inWindow.length === 0 ? null : inWindow.reduce((total, d) => total + d.courseCompletions, 0);
  };
  const current = sum(thisMonth);
  const previous = sum(lastMonth);
  return { thisMonth: current, lastMonth: previous, growthRate: growthRate(current, previous) };
}

/**
 * `program_completions`: the program-completion month counters (UTC month of `completedAt`) of the
 * month of `through` and the month before; an absent counter is 0 (it is written by every completion
 * since it exists). Null before the tenant's first nightly run (no `through` to anchor the months).
 */
export function programCompletionFigures(counters: ReadonlyMap<string, number>, through: string | null): MonthComparison {
  if (!through) return { thisMonth: null, lastMonth: null, growthRate: null };
  const { thisMonth, lastMonth } = monthWindows(through);
  const current = counters.get(thisMonth.month) ?? 0;
  const previous = counters.get(lastMonth.month) ?? 0;
  return { thisMonth: current, lastMonth: previous, growthRate: growthRate(current, previous) };
}

/** What the dashboard knows of an achievement definition (the tenant's INDEX of active ones). */
export interface DashboardAchievement {
  id: string;
  title: string;
  tier: string;
}

export interface AchievementFigures {
  /** Awards on the folded days of the range; null without a folded day. */
  totalAchievementsEarned: number | null;
  /** The achievement awarded most in the range (ties: lowest id); null without awards. */
  mostPopularAchievement: { id: string; title: string | null; earnedCount: number } | null;
  /** Awards per tier, every tier in order, plus `unknown` when awards of unlisted achievements exist. */
  achievementDistribution: { level: string; count: number }[] | null;
}

/** `achievement_metrics` over the folded days of `range` up to `through`. */
export function achievementFigures(
  days: readonly DashboardDay[],
  range: DateRange | null,
  through: string | null,
  definitions: readonly DashboardAchievement[],
  tiers: readonly string[],
): AchievementFigures {
  const inRange = range && through ? daysIn(days, range.start, range.end, through) : [];
  if (inRange.length === 0) return { totalAchievementsEarned: null, mostPopularAchievement: null, achievementDistribution: null };
  const perAchievement = new Map<string, number>();
  for (const day of inRange) {
    for (const [id, count] of Object.entries(day.awardsByAchievement ?? {})) perAchievement.set(id, (perAchievement.get(id) ?? 0) + count);
  }
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const total = [...perAchievement.values()].reduce((a, b) => a + b, 0);
  let top: [string, number] | undefined;
  for (const entry of [...perAchievement].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (entry[1] > 0 && (!top || entry[1] > top[1])) top = entry;
  }
  const perLevel = new Map<string, number>(tiers.map((tier) => [tier, 0]));
  for (const [id, count] of perAchievement) {
    const tier = byId.get(id)?.tier;
    const level = tier !== undefined && perLevel.has(tier) ? tier : UNKNOWN_LEVEL;
    perLevel.set(level, (perLevel.get(level) ?? 0) + count);
  }
  return {
    totalAchievementsEarned: total,
    mostPopularAchievement: top ? { id: top[0], title: byId.get(top[0])?.title ?? null, earnedCount: top[1] } : null,
    achievementDistribution: [...perLevel].filter(([level, count]) => level !== UNKNOWN_LEVEL || count > 0).map(([level, count]) => ({ level, count })),
  };
}
