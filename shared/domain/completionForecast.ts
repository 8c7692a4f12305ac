import { addDays, daysBetween } from './localDate.js';

/**
 * Completion forecasts (seed 003 §6 `forecast`, docs/analytics.md §17.9): a predicted completion date
 * from the learner's measured pace distribution, best / expected / worst scenarios at fixed
 * percentiles of it, a confidence from its variance, and milestones with estimated dates. Pure.
 */

/** Weeks of learner-days the pace distribution is measured over (7-day blocks ending at asOf). */
export const PACE_WEEKS = 8;
/** Scenario percentiles of the weekly pace: a faster pace is an earlier date. */
export const SCENARIO_PERCENTILES = { best: 75, expected: 50, worst: 25 } as const;
/** Weeks of measured pace below which the confidence is scaled down proportionally. */
export const FULL_CONFIDENCE_WEEKS = 4;

/** A learner-day's date and the topics it completed. */
export interface PaceDay {
  date: string;
  topics: number;
}

/**
 * Topics completed per 7-day block ending at `asOf` (block k = asOf − 7k − 6 … asOf − 7k), oldest first,
 * from the block of the learner's first day with a completed topic in the PACE_WEEKS blocks: weeks
 * before they started are not pace. Empty when no topic was completed in the window (no pace yet).
 */
export function weeklyPaces(days: readonly PaceDay[], asOf: string): number[] {
  const blocks = new Array<number>(PACE_WEEKS).fill(0);
  for (const day of days) {
    const back = daysBetween(day.date, asOf);
    if (back < 0 || back >= PACE_WEEKS * 7 || day.topics <= 0) continue;
    blocks[Math.floor(back / 7)]! += day.topics;
  }
  let oldest = -1;
  for (let k = PACE_WEEKS - 1; k >= 0; k -= 1) {
    if (blocks[k]! > 0) {
      oldest = k;
      break;
    }
  }
  if (oldest < 0) return [];
  const out: number[] = [];
  for (let k = oldest; k >= 0; k -= 1) out.push(blocks[k]!);
  return out;
}

/** Percentile with linear interpolation between closest ranks (rank = p/100 · (n − 1) on the sorted values). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/**
 * Confidence from the pace variance: 1 / (1 + CV), CV = population standard deviation / mean of the
 * weekly paces, scaled by min(1, weeks / FULL_CONFIDENCE_WEEKS); 2 decimals; null without pace.
 */
export function paceConfidence(paces: readonly number[]): number | null {
  if (paces.length === 0) return null;
  const mean = paces.reduce((s, v) => s + v, 0) / paces.length;
  if (mean <= 0) return null;
  const sd = Math.sqrt(paces.reduce((s, v) => s + (v - mean) ** 2, 0) / paces.length);
  const value = (1 / (1 + sd / mean)) * Math.min(1, paces.length / FULL_CONFIDENCE_WEEKS);
  return Math.round(value * 100) / 100;
}

/** The date `remaining` topics take at `pace` topics/week: asOf + ⌈remaining / pace × 7⌉ days; null at no pace. */
export function dateAtPace(asOf: string, remaining: number, pace: number | null): string | null {
  if (pace === null || pace <= 0) return null;
  return addDays(asOf, Math.ceil((remaining / pace) * 7 - 1e-9));
}

export interface ForecastUnit {
  /** Section title, course title, …: what a milestone is named. */
  name: string;
  total: number;
  completed: number;
  /** The local date its last item was completed, when completed. */
  completedAt?: string | null;
}

export interface Scenario {
  date: string | null;
  pace: number | null;
  condition: string;
}

export interface Forecast {
  currentProgress: number;
  remainingTopics: number;
  completed: boolean;
  predictedCompletionDate: string | null;
  confidenceScore: number | null;
  scenarios: { best: Scenario; expected: Scenario; worst: Scenario };
  weeklyPaces: number[];
  milestones: { name: string; status: 'completed' | 'in_progress' | 'not_started'; completedTopics: number; totalTopics: number; completedAt: string | null; estimatedCompletionDate: string | null }[];
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The forecast of an item made of ordered units (a course's sections, a path's courses), at the
 * learner's weekly paces measured up to `asOf`. Each scenario's date is asOf + ⌈remaining / pace × 7⌉
 * days at the percentile pace; a percentile pace of 0 gives a null date ("not reached at that pace").
 * Milestone k's estimated date uses the expected pace on the topics remaining in units 1…k.
 * A completed item has no dates to predict (all null, completed = true); asOf null → no pace.
 */
export function forecastOf(units: readonly ForecastUnit[], paces: readonly number[], asOf: string | null): Forecast {
  const total = units.reduce((s, u) => s + u.total, 0);
  const done = units.reduce((s, u) => s + Math.min(u.completed, u.total), 0);
  const remaining = total - done;
  const completed = total > 0 && remaining === 0;
  const measured = asOf === null ? [] : paces;
  const pace = (p: number) => percentile(measured, p);
  const scenario = (key: keyof typeof SCENARIO_PERCENTILES): Scenario => {
    const pct = SCENARIO_PERCENTILES[key];
    const r = pace(pct);
    return {
      date: completed || asOf === null ? null : dateAtPace(asOf, remaining, r),
      pace: r === null ? null : round1(r),
      condition: r === null ? 'No pace measured yet' : `${round1(r)} topics/week (${pct}th percentile of your weekly pace over ${measured.length} week${measured.length === 1 ? '' : 's'})`,
    };
  };
  const scenarios = { best: scenario('best'), expected: scenario('expected'), worst: scenario('worst') };
  const expectedPace = pace(SCENARIO_PERCENTILES.expected);
  let cumulative = 0;
  const milestones = units.map((u) => {
    cumulative += u.total - Math.min(u.completed, u.total);
    const status = u.total > 0 && u.completed >= u.total ? ('completed' as const) : u.completed > 0 ? ('in_progress' as const) : ('not_started' as const);
    return {
      name: u.name,
      status,
      completedTopics: Math.min(u.completed, u.total),
      totalTopics: u.total,
      completedAt: status === 'completed' ? (u.completedAt ?? null) : null,
      estimatedCompletionDate: status === 'completed' || asOf === null ? null : dateAtPace(asOf, cumulative, expectedPace),
    };
  });
  return {
    currentProgress: total === 0 ? 0 : Math.round((done / total) * 100),
    remainingTopics: remaining,
    completed,
    predictedCompletionDate: scenarios.expected.date,
    confidenceScore: completed ? null : paceConfidence(measured),
    scenarios,
    weeklyPaces: [...measured],
    milestones,
  };
}
