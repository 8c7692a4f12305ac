import type { Preferences } from '../identity/profileSchemas.js';

/**
 * How much a learner studies per week, from their profile preferences, and how many weeks content
 * takes at that pace. The validator's per-step and total estimates both come from here.
 *
 * Weekly minutes = `defaultSessionLength` × the number of `reminderSettings.days` (the days the
 * learner chose to study); `DEFAULT_SESSIONS_PER_WEEK` sessions when no days are set. Weeks are
 * minutes ÷ weekly minutes, rounded half up to one decimal.
 */
export const DEFAULT_SESSIONS_PER_WEEK = 3;

/** The preference fields the pace depends on (a missing profile uses the account defaults). */
export type PacePreferences = Pick<Preferences, 'defaultSessionLength'> & { reminderSettings?: { days?: readonly string[] | undefined } | undefined };

/** Minutes of study per week for these preferences (always positive: session length is at least 5). */
export function weeklyStudyMinutes(preferences: PacePreferences): number {
  const days = new Set(preferences.reminderSettings?.days ?? []).size;
  return preferences.defaultSessionLength * (days > 0 ? days : DEFAULT_SESSIONS_PER_WEEK);
}

/** Rounds half up to one decimal, the precision every figure of the programs API is shown in. */
export function roundToOneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Weeks (one decimal) that `minutes` of content take at `weeklyMinutes` per week. */
export function estimatedWeeks(minutes: number, weeklyMinutes: number): number {
  return roundToOneDecimal(minutes / weeklyMinutes);
}
