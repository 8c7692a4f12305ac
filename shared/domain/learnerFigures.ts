import type { KindCounts, LearnerDay } from './dailyAggregates.js';
import { addDays, daysBetween, weekStartOf } from './localDate.js';

/**
 * The learner figures (docs/analytics.md "Learner analytics"): pure rules over learner-days, whether they
 * come from the nightly aggregates or from the live fold of today's ledger. Every figure is computed
 * only over *covered* dates (a nightly-aggregated date or a live date); a window with no covered date
 * has no data and every figure of it is null. A ratio whose denominator is zero is null, never 0.
 */

/** Dates the live fold covers at most: today and the two days before, in the learner's zone. */
export const LIVE_DAYS = 3;

/** Where each date's figures come from. */
export interface SourcePlan {
  today: string;
  /** Nightly aggregates are used for dates ≤ this (the tenant's aggregated-through date), or none when null. */
  nightlyThrough: string | null;
  /** Dates folded live from the ledger, ascending. */
  live: string[];
  /** Dates neither source covers (the nightly run is behind by more than the live window), or null. */
  unavailable: { from: string | null; to: string } | null;
}

/** The plan for a learner whose local today is `today` in a tenant aggregated through `through`. */
export function sourcePlan(today: string, through: string | null): SourcePlan {
  const earliestLive = addDays(today, -(LIVE_DAYS - 1));
  const liveFrom = through !== null && through >= earliestLive ? addDays(through, 1) : earliestLive;
  const live: string[] = [];
  for (let d = liveFrom; d <= today; d = addDays(d, 1)) live.push(d);
  const gapTo = addDays(earliestLive, -1);
  const unavailable = through === null ? { from: null, to: gapTo } : through < gapTo ? { from: addDays(through, 1), to: gapTo } : null;
  return { today, nightlyThrough: through, live, unavailable };
}

/** Whether a date has a data source under the plan. */
export function isCovered(plan: SourcePlan, date: string): boolean {
  if (plan.nightlyThrough !== null && date <= plan.nightlyThrough) return true;
  return plan.live.includes(date);
}

/** An inclusive window of learner-local dates. */
export interface DateWindow {
  from: string;
  to: string;
}

export function windowDays(window: DateWindow): number {
  return daysBetween(window.from, window.to) + 1;
}

/** The window of equal length ending the day before `window` starts. */
export function previousWindow(window: DateWindow): DateWindow {
  const length = windowDays(window);
  return { from: addDays(window.from, -length), to: addDays(window.from, -1) };
}

/** The covered dates of a window. */
export function coveredDates(plan: SourcePlan, window: DateWindow): string[] {
  const out: string[] = [];
  for (let d = window.from; d <= window.to; d = addDays(d, 1)) if (isCovered(plan, d)) out.push(d);
  return out;
}

/** The days of `days` (one per date, any order) inside `window`, ascending. */
export function daysIn(days: readonly LearnerDay[], window: DateWindow): LearnerDay[] {
  return days.filter((d) => d.date >= window.from && d.date <= window.to).sort((a, b) => (a.date < b.date ? -1 : 1));
}

export interface Totals {
  events: number;
  seconds: number;
  topics: number;
  courseCompletions: number;
  certificates: number;
  assessments: number;
  scoreSum: number;
  graded: number;
  passed: number;
  sessions: number;
  sessionSeconds: number;
  activeDays: number;
}

export function totalsOf(days: readonly LearnerDay[]): Totals {
  const t: Totals = { events: 0, seconds: 0, topics: 0, courseCompletions: 0, certificates: 0, assessments: 0, scoreSum: 0, graded: 0, passed: 0, sessions: 0, sessionSeconds: 0, activeDays: 0 };
  for (const d of days) {
    t.events += d.events;
    t.seconds += d.seconds;
    t.topics += d.topics;
    t.courseCompletions += d.courseCompletions;
    t.certificates += d.certificates;
    t.assessments += d.assessments;
    t.scoreSum += d.scoreSum;
    t.graded += d.graded;
    t.passed += d.passed;
    t.sessions += d.sessions;
    t.sessionSeconds += d.sessionSeconds;
    if (d.events > 0) t.activeDays += 1;
  }
  return t;
}

const round1 = (v: number) => Math.round(Math.round(v * 1e7) / 1e6) / 10;

/** Rounds half up after removing floating-point noise (0.9 / 2.4 × 100 is 37.4999…, meant as 37.5 → 38). */
const whole = (v: number) => Math.round(Math.round(v * 1e6) / 1e6);

/** Whole percent of part/total; null when total is 0. */
export function percentOf(part: number, total: number): number | null {
  return total > 0 ? whole((part * 100) / total) : null;
}

/** A per-week rate over `coveredDays` days (one decimal); null without a covered day. */
export function perWeek(count: number, coveredDays: number): number | null {
  return coveredDays > 0 ? round1((count * 7) / coveredDays) : null;
}

// ---- Velocity ----

/** Trend of a pace against the previous window: ±10 % is steady. */
export function paceTrend(current: number | null, previous: number | null): { trendDirection: 'accelerating' | 'steady' | 'decelerating' | null; trendPercentage: number | null } {
  if (current === null || previous === null) return { trendDirection: null, trendPercentage: null };
  const trendPercentage = previous > 0 ? whole(((current - previous) * 100) / previous) : null;
  const trendDirection = current > previous * 1.1 ? 'accelerating' : current < previous * 0.9 ? 'decelerating' : 'steady';
  return { trendDirection, trendPercentage };
}

/** Status against the target pace: ≥ 80 % on_track/green, ≥ 50 % at_risk/yellow, else behind/red; null without a target. */
export function paceStatus(current: number | null, target: number | null): { status: 'on_track' | 'at_risk' | 'behind' | null; statusColor: 'green' | 'yellow' | 'red' | null } {
  if (current === null || target === null || target <= 0) return { status: null, statusColor: null };
  const ratio = current / target;
  if (ratio >= 0.8) return { status: 'on_track', statusColor: 'green' };
  if (ratio >= 0.5) return { status: 'at_risk', statusColor: 'yellow' };
  return { status: 'behind', statusColor: 'red' };
}

/** today + ceil(remaining / pace × 7) days; null when the pace is null/0 or nothing remains. */
export function estimatedCompletion(today: string, remainingTopics: number, pacePerWeek: number | null): string | null {
  if (pacePerWeek === null || pacePerWeek <= 0 || remainingTopics <= 0) return null;
  // Rounded to 1e-6 first so 1 / 0.7 × 7 (10.000000000000002 in floating point) is 10 days, not 11.
  return addDays(today, Math.ceil(Math.round((remainingTopics / pacePerWeek) * 7 * 1e6) / 1e6));
}

/**
 * The learner's goal in topics/week: their weekly study minutes (session length × chosen study days)
 * over the mean duration of the lessons they have left; null without chosen days or without a
 * remaining lesson of known duration.
 */
export function goalPace(weeklyGoalMinutes: number | null, remainingLessonMinutes: readonly number[]): number | null {
  const known = remainingLessonMinutes.filter((m) => m > 0);
  if (weeklyGoalMinutes === null || weeklyGoalMinutes <= 0 || known.length === 0) return null;
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  return round1(weeklyGoalMinutes / mean);
}

/** Whole calendar days a milestone took: first to last completion's local date, inclusive. */
export function daysToComplete(firstDate: string, lastDate: string): number {
  return daysBetween(firstDate, lastDate) + 1;
}

// ---- Engagement ----

/** The engagement score's targets: 5 active days, 5 sessions and 30-minute sessions a week score 100. */
export const ENGAGEMENT_TARGETS = { activeDaysPerWeek: 5, sessionsPerWeek: 5, sessionMinutes: 30 } as const;

/**
 * overallScore = round(40·min(1, activeDays/week ÷ 5) + 30·min(1, sessions/week ÷ 5) + 30·min(1, avg session minutes ÷ 30)),
 * per-week rates over the covered days; null without a covered day.
 */
export function engagementScore(totals: Pick<Totals, 'activeDays' | 'sessions' | 'sessionSeconds'>, coveredDays: number): number | null {
  if (coveredDays <= 0) return null;
  const activePerWeek = (totals.activeDays * 7) / coveredDays;
  const sessionsPerWeek = (totals.sessions * 7) / coveredDays;
  const sessionMinutes = totals.sessions > 0 ? totals.sessionSeconds / 60 / totals.sessions : 0;
  return Math.round(
    40 * Math.min(1, activePerWeek / ENGAGEMENT_TARGETS.activeDaysPerWeek) +
      30 * Math.min(1, sessionsPerWeek / ENGAGEMENT_TARGETS.sessionsPerWeek) +
      30 * Math.min(1, sessionMinutes / ENGAGEMENT_TARGETS.sessionMinutes),
  );
}

/** Score trend: a change of 5 points or more either way; null when either score is null. */
export function scoreTrend<Up extends string, Down extends string>(current: number | null, previous: number | null, up: Up, down: Down): Up | Down | 'stable' | null {
  if (current === null || previous === null) return null;
  if (current - previous >= 5) return up;
  if (previous - current >= 5) return down;
  return 'stable';
}

/** Content kinds behind each seed 003 engagement type. */
export const ENGAGEMENT_TYPES = { videoWatch: ['video'], reading: ['reading'], practice: ['practice', 'exercise'], assessment: ['quiz'] } as const;

/** Sums the kinds of `days`. */
export function kindsOf(days: readonly LearnerDay[]): Record<string, KindCounts> {
  const out: Record<string, KindCounts> = {};
  for (const d of days) {
    for (const [kind, k] of Object.entries(d.kinds ?? {})) {
      const into = (out[kind] ??= { events: 0, seconds: 0, topics: 0, itemsStarted: 0, itemsCompleted: 0, assessments: 0, scoreSum: 0 });
      into.events += k.events;
      into.seconds += k.seconds;
      into.topics += k.topics;
      into.itemsStarted += k.itemsStarted;
      into.itemsCompleted += k.itemsCompleted;
      into.assessments += k.assessments;
      into.scoreSum += k.scoreSum;
    }
  }
  return out;
}

/** Each engagement type's share (whole %) of the events of the four types; all null when there are none. */
export function engagementByType(kinds: Record<string, KindCounts>): Record<keyof typeof ENGAGEMENT_TYPES, number | null> {
  const events = Object.fromEntries(Object.entries(ENGAGEMENT_TYPES).map(([type, names]) => [type, names.reduce((sum, n) => sum + (kinds[n]?.events ?? 0), 0)])) as Record<keyof typeof ENGAGEMENT_TYPES, number>;
  const all = Object.values(events).reduce((a, b) => a + b, 0);
  return {
    videoWatch: percentOf(events.videoWatch, all),
    reading: percentOf(events.reading, all),
    practice: percentOf(events.practice, all),
    assessment: percentOf(events.assessment, all),
  };
}

/** The 5 ISO weeks (Monday–Sunday) ending with the week of `endDate`, oldest first, each cut at `endDate`. */
export function lastIsoWeeks(endDate: string, count = 5): DateWindow[] {
  const monday = weekStartOf(endDate);
  return Array.from({ length: count }, (_, i) => {
    const from = addDays(monday, -7 * (count - 1 - i));
    const sunday = addDays(from, 6);
    return { from, to: sunday < endDate ? sunday : endDate };
  });
}

// ---- Performance ----

/** Average of a percentage sum over a count, whole; null when the count is 0. */
export function averageScore(scoreSum: number, count: number): number | null {
  return count > 0 ? whole(scoreSum / count) : null;
}

export interface SkillFigure {
  skillName: string;
  avgScore: number;
  assessmentCount: number;
  trend: 'improving' | 'declining' | 'stable' | null;
}

/** Per lesson skill: average and count in the window, trend against the previous window; sorted by name. */
export function skillFigures(current: readonly LearnerDay[], previous: readonly LearnerDay[]): SkillFigure[] {
  const sum = (days: readonly LearnerDay[]) => {
    const out = new Map<string, { assessments: number; scoreSum: number }>();
    for (const d of days) for (const [skill, s] of Object.entries(d.skills ?? {})) {
      const into = out.get(skill) ?? { assessments: 0, scoreSum: 0 };
      into.assessments += s.assessments;
      into.scoreSum += s.scoreSum;
      out.set(skill, into);
    }
    return out;
  };
  const now = sum(current);
  const before = sum(previous);
  return [...now.entries()]
    .filter(([, s]) => s.assessments > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([skillName, s]) => {
      const avg = averageScore(s.scoreSum, s.assessments)!;
      const prev = before.get(skillName);
      return { skillName, avgScore: avg, assessmentCount: s.assessments, trend: scoreTrend(avg, prev ? averageScore(prev.scoreSum, prev.assessments) : null, 'improving', 'declining') };
    });
}

/** The last `count` assessment percentages in time order (oldest first), whole. */
export function recentScores(days: readonly LearnerDay[], count = 5): number[] {
  const all = days.flatMap((d) => d.scores ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return all.slice(-count).map((s) => Math.round(s.percent));
}

// ---- Content effectiveness ----

export interface ContentTypeFigure {
  contentType: string;
  effectiveness: number | null;
  completionRate: number | null;
  avgRetention: number | null;
  itemDays: number;
  itemsCompleted: number;
  assessments: number;
}

/** Thresholds of the content-effectiveness rules. */
export const EFFECTIVENESS_RULES = { effectiveAt: 70, lowCompletion: 50, lowRetention: 70 } as const;

/**
 * Per content kind: completionRate = items completed ÷ item-days started (%), avgRetention = mean score of
 * scored attempts on items of that kind (null without one), effectiveness = completionRate, or the mean of
 * completionRate and avgRetention when both exist. Kinds without an item started are left out.
 */
export function contentTypeFigures(kinds: Record<string, KindCounts>): ContentTypeFigure[] {
  return Object.entries(kinds)
    .filter(([, k]) => k.itemsStarted > 0)
    .map(([contentType, k]) => {
      const completionRate = percentOf(k.itemsCompleted, k.itemsStarted);
      const avgRetention = averageScore(k.scoreSum, k.assessments);
      const effectiveness = completionRate === null ? null : avgRetention === null ? completionRate : Math.round((completionRate + avgRetention) / 2);
      return { contentType, effectiveness, completionRate, avgRetention, itemDays: k.itemsStarted, itemsCompleted: k.itemsCompleted, assessments: k.assessments };
    })
    .sort((a, b) => (b.effectiveness ?? -1) - (a.effectiveness ?? -1) || (a.contentType < b.contentType ? -1 : 1));
}

export interface Recommendation {
  rule: 'low_completion' | 'low_retention' | 'favour_most_effective';
  contentType: string;
  figure: 'completionRate' | 'avgRetention' | 'effectiveness';
  value: number;
  message: string;
}

/**
 * Written rules, each naming the figure that triggered it:
 * - low_completion: a kind's completionRate < 50;
 * - low_retention: a kind's avgRetention < 70;
 * - favour_most_effective: with both lists non-empty, the best kind's effectiveness against the worst's.
 */
export function recommendationsFor(figures: readonly ContentTypeFigure[]): Recommendation[] {
  const out: Recommendation[] = [];
  for (const f of figures) {
    if (f.completionRate !== null && f.completionRate < EFFECTIVENESS_RULES.lowCompletion) {
      out.push({ rule: 'low_completion', contentType: f.contentType, figure: 'completionRate', value: f.completionRate, message: `Finish more ${f.contentType} items: completion rate ${f.completionRate}% (${f.itemsCompleted} of ${f.itemDays} item-days)` });
    }
    if (f.avgRetention !== null && f.avgRetention < EFFECTIVENESS_RULES.lowRetention) {
      out.push({ rule: 'low_retention', contentType: f.contentType, figure: 'avgRetention', value: f.avgRetention, message: `Review ${f.contentType} material before moving on: average score ${f.avgRetention}% over ${f.assessments} attempts` });
    }
  }
  const { most, least } = splitByEffectiveness(figures);
  if (most.length > 0 && least.length > 0) {
    const best = most[0]!;
    const worst = least[0]!;
    out.push({ rule: 'favour_most_effective', contentType: best.contentType, figure: 'effectiveness', value: best.effectiveness!, message: `Focus more on ${best.contentType} content: effectiveness ${best.effectiveness} against ${worst.effectiveness} for ${worst.contentType}` });
  }
  return out;
}

/** mostEffective: effectiveness ≥ 70, best first; leastEffective: below 70, worst first. */
export function splitByEffectiveness(figures: readonly ContentTypeFigure[]): { most: ContentTypeFigure[]; least: ContentTypeFigure[] } {
  const rated = figures.filter((f) => f.effectiveness !== null);
  return {
    most: rated.filter((f) => f.effectiveness! >= EFFECTIVENESS_RULES.effectiveAt).sort((a, b) => b.effectiveness! - a.effectiveness!),
    least: rated.filter((f) => f.effectiveness! < EFFECTIVENESS_RULES.effectiveAt).sort((a, b) => a.effectiveness! - b.effectiveness!),
  };
}

// ---- Seed 002 periods ----

export type LearningPeriod = 'week' | 'month' | 'year' | 'all_time';

/**
 * The period's window in the learner's calendar, to date: week = ISO week (Monday) through today,
 * month = the 1st through today, year = 1 January through today, all_time = `firstDate` (the
 * learner's first recorded day; today when none) through today.
 */
export function periodWindow(period: LearningPeriod, today: string, firstDate: string | null): DateWindow {
  switch (period) {
    case 'week':
      return { from: weekStartOf(today), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'year':
      return { from: `${today.slice(0, 5)}01-01`, to: today };
    case 'all_time':
      return { from: firstDate !== null && firstDate < today ? firstDate : today, to: today };
  }
}
