/**
 * Parses a course timeline written as text (seed 004's `"timeline": "3 months"`) into whole weeks,
 * the unit the course stores (`timeline_weeks`, as in the seed's Courses table).
 *
 * Rule: `<n> <unit>` with a whole number n ≥ 1 and a unit of days (`day`, `days`, `d`), weeks (`week`,
 * `weeks`, `wk`, `wks`, `w`), months (`month`, `months`, `mo`, `mos`) or years (`year`, `years`, `yr`,
 * `yrs`, `y`), case-insensitive, the space optional. A month is 365.25 / 12 = 30.4375 days and a year
 * 365.25 days; the length in days divided by 7 is rounded to the nearest whole week (halves up), at
 * least 1 week. So "3 months" = 13 weeks, "6 weeks" = 6, "10 days" = 1, "11 days" = 2, "1 year" = 52.
 */
export const DAYS_PER_UNIT = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 } as const;
export type TimelineUnit = keyof typeof DAYS_PER_UNIT;

const UNIT_WORDS: Record<string, TimelineUnit> = {
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
  mo: 'month', mos: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', year: 'year', years: 'year',
};

const PATTERN = /^(\d{1,4})\s*([a-z]+)$/;

export type TimelineParse = { ok: true; weeks: number } | { ok: false; message: string };

/** Timeline text → whole weeks (rule above), or why the text is not a timeline or exceeds `maxWeeks`. */
export function parseTimelineWeeks(text: string, maxWeeks: number): TimelineParse {
  const match = PATTERN.exec(text.trim().toLowerCase());
  const unit = match ? UNIT_WORDS[match[2] as string] : undefined;
  const count = match ? Number(match[1]) : 0;
  if (!match || !unit || count < 1) {
    return { ok: false, message: 'Expected a duration such as "10 days", "6 weeks", "3 months" or "1 year"' };
  }
  const weeks = Math.max(1, Math.round((count * DAYS_PER_UNIT[unit]) / 7));
  if (weeks > maxWeeks) return { ok: false, message: `A timeline may be at most ${maxWeeks} weeks` };
  return { ok: true, weeks };
}
