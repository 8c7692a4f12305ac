/**
 * Leaderboard periods (issue 6 part 5). Leaderboards are tenant-wide, so their periods follow one
 * clock for everyone: UTC. A week is the ISO 8601 week, Monday 00:00 UTC to the next Monday 00:00
 * UTC (`W#2026-W47`); a month is the UTC calendar month (`M#2026-11`); all-time is `ALL`. A point
 * earned at an instant counts in the week, month and all-time period that instant falls in.
 */

export type LeaderboardPeriodKind = 'weekly' | 'monthly' | 'alltime';

/** The ISO week (`2026-W47`) of a UTC instant: the week-numbering year can differ from the calendar year. */
export function isoWeekOf(instant: Date): string {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0
  day.setUTCDate(day.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const year = day.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((day.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The period id of `kind` that `instant` falls in. */
export function periodId(kind: LeaderboardPeriodKind, instant: Date): string {
  if (kind === 'weekly') return `W#${isoWeekOf(instant)}`;
  if (kind === 'monthly') return `M#${instant.toISOString().slice(0, 7)}`;
  return 'ALL';
}

/** The three periods a point earned at `instant` counts in. */
export function periodsOf(instant: Date): string[] {
  return [periodId('weekly', instant), periodId('monthly', instant), periodId('alltime', instant)];
}
