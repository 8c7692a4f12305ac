import { addDays } from './localDate.js';

/** Days in the overview's window (seed 000 `active_users_30d`). */
export const OVERVIEW_WINDOW_DAYS = 30;

/**
 * Who was active on one date (one shard of it): learner ids, and learner–course pairs (`<user>|<course>`)
 * worked on and completed that day. Written by the nightly fold (shared/analytics/aggregateStore.ts).
 */
export interface ActiveSet {
  date: string;
  learners: string[];
  coursePairs: string[];
  completedPairs: string[];
}

/** Learners per active-set item: ~80 bytes each with their pairs keeps an item far below DynamoDB's 400 KB. */
export const ACTIVE_SET_CHUNK = 2000;

/**
 * Splits a shard's active set into items of at most `size` learners (with their pairs), in learner
 * order, so any number of daily active learners fits. Deterministic: the same set gives the same items.
 */
export function chunkActiveSet(set: ActiveSet, size = ACTIVE_SET_CHUNK): ActiveSet[] {
  if (set.learners.length <= size) return [set];
  const chunks: ActiveSet[] = [];
  for (let i = 0; i < set.learners.length; i += size) {
    const learners = set.learners.slice(i, i + size);
    const own = new Set(learners);
    const mine = (pair: string) => own.has(pair.slice(0, pair.indexOf('|')));
    chunks.push({ date: set.date, learners, coursePairs: set.coursePairs.filter(mine), completedPairs: set.completedPairs.filter(mine) });
  }
  return chunks;
}

/** The active sets of a fold's learner-days, grouped by `shardOf(userId)`; learners sorted. */
export function activeSetsOf(date: string, learners: readonly { userId: string; content: Record<string, { contentType: string; contentId: string; completed: boolean }> }[], shardOf: (userId: string) => number): Map<number, ActiveSet> {
  const sets = new Map<number, ActiveSet>();
  for (const day of [...learners].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))) {
    const shard = shardOf(day.userId);
    const set = sets.get(shard) ?? { date, learners: [], coursePairs: [], completedPairs: [] };
    set.learners.push(day.userId);
    for (const c of Object.values(day.content)) {
      if (c.contentType !== 'course') continue;
      set.coursePairs.push(`${day.userId}|${c.contentId}`);
      if (c.completed) set.completedPairs.push(`${day.userId}|${c.contentId}`);
    }
    sets.set(shard, set);
  }
  return sets;
}

export interface TenantOverview {
  /** Last date of the window (the tenant's aggregated-through date). */
  asOf: string;
  windowStart: string;
  /** Distinct learners with activity in the window. */
  activeLearners30d: number;
  /** Learner-days in the window (Σ daily active learners). */
  activeLearnerDays: number;
  /** 100 × activeLearnerDays / (30 × activeLearners30d), 1 decimal; null without active learners. */
  averageEngagement: number | null;
  /** Learner–course pairs with activity in the window, and those completed in it. */
  coursePairsActive: number;
  coursePairsCompleted: number;
  /** 100 × completed / active pairs, 1 decimal; null without active pairs. */
  completionRate: number | null;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The dashboard overview as of date `asOf` (docs/analytics.md "Overview"), from the active sets of the
 * 30 local dates ending there; sets outside the window are ignored.
 */
export function overviewOf(asOf: string, sets: readonly ActiveSet[]): TenantOverview {
  const windowStart = addDays(asOf, -(OVERVIEW_WINDOW_DAYS - 1));
  const inWindow = sets.filter((d) => d.date >= windowStart && d.date <= asOf);
  const learners = new Set(inWindow.flatMap((d) => d.learners));
  const learnerDays = new Set(inWindow.flatMap((d) => d.learners.map((u) => `${d.date}|${u}`)));
  const active = new Set(inWindow.flatMap((d) => d.coursePairs));
  const completed = new Set(inWindow.flatMap((d) => d.completedPairs));
  return {
    asOf,
    windowStart,
    activeLearners30d: learners.size,
    activeLearnerDays: learnerDays.size,
    averageEngagement: learners.size > 0 ? round1((100 * learnerDays.size) / (OVERVIEW_WINDOW_DAYS * learners.size)) : null,
    coursePairsActive: active.size,
    coursePairsCompleted: completed.size,
    completionRate: active.size > 0 ? round1((100 * completed.size) / active.size) : null,
  };
}
