import { addDays } from './localDate.js';

/** Days in the overview's window (seed 000 `active_users_30d`). */
export const OVERVIEW_WINDOW_DAYS = 30;

/** What the overview reads of a learner-day aggregate. */
export interface OverviewLearnerDay {
  userId: string;
  date: string;
  content: Record<string, { contentType: string; completed: boolean }>;
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
 * The dashboard overview as of date `asOf` (docs/analytics.md "Overview"), from the learner-day
 * aggregates of the 30 local dates ending there; days outside the window are ignored.
 */
export function overviewOf(asOf: string, days: readonly OverviewLearnerDay[]): TenantOverview {
  const windowStart = addDays(asOf, -(OVERVIEW_WINDOW_DAYS - 1));
  const inWindow = days.filter((d) => d.date >= windowStart && d.date <= asOf);
  const learners = new Set(inWindow.map((d) => d.userId));
  const active = new Set<string>();
  const completed = new Set<string>();
  for (const d of inWindow) {
    for (const [key, c] of Object.entries(d.content)) {
      if (c.contentType !== 'course') continue;
      active.add(`${d.userId}|${key}`);
      if (c.completed) completed.add(`${d.userId}|${key}`);
    }
  }
  return {
    asOf,
    windowStart,
    activeLearners30d: learners.size,
    activeLearnerDays: inWindow.length,
    averageEngagement: learners.size > 0 ? round1((100 * inWindow.length) / (OVERVIEW_WINDOW_DAYS * learners.size)) : null,
    coursePairsActive: active.size,
    coursePairsCompleted: completed.size,
    completionRate: active.size > 0 ? round1((100 * completed.size) / active.size) : null,
  };
}
