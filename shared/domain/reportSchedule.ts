import { addDays, localDateOf } from './localDate.js';

/**
 * When a scheduled report runs and which period it covers (docs/analytics.md §15
 * "Scheduled reports"), in the schedule's time zone:
 * - weekly on ISO weekday D at hour H: the run on date d (weekday D) covers the 7 local dates d−7 … d−1;
 * - monthly on day M (1–28) at hour H: the run on date d covers the calendar month before d's month.
 * A run is due from its local date and hour on; only the latest due run is made (a schedule that was
 * off for weeks does not back-fill). The period key (`W<first date>` or `M<yyyy-mm>`) names the run:
 * one report per (schedule, period), however often the job fires.
 */
export interface ScheduleTiming {
  frequency: 'weekly' | 'monthly';
  dayOfWeek: number;
  dayOfMonth: number;
  hour: number;
  timeZone: string;
}

export interface ScheduledPeriod {
  key: string;
  /** The local date the run belongs to. */
  runDate: string;
  from: string;
  to: string;
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local hour (0–23) of an instant in `timeZone`. */
export function localHourOf(instant: Date, timeZone: string): number {
  let f = hourFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    hourFormatters.set(timeZone, f);
  }
  return Number(f.formatToParts(instant).find((p) => p.type === 'hour')?.value ?? 0);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function previousMonthStart(date: string): string {
  return monthStart(addDays(monthStart(date), -1));
}

/** The period a run on local date `runDate` covers. */
export function periodOfRun(timing: ScheduleTiming, runDate: string): ScheduledPeriod {
  if (timing.frequency === 'weekly') {
    const from = addDays(runDate, -7);
    return { key: `W${from}`, runDate, from, to: addDays(runDate, -1) };
  }
  const from = previousMonthStart(runDate);
  return { key: `M${from.slice(0, 7)}`, runDate, from, to: addDays(monthStart(runDate), -1) };
}

function isRunDate(timing: ScheduleTiming, date: string): boolean {
  return timing.frequency === 'weekly' ? isoWeekday(date) === timing.dayOfWeek : Number(date.slice(8, 10)) === timing.dayOfMonth;
}

/** The latest run due at `now` (its local date and hour reached), or null if none within the last 31 days. */
export function latestDueRun(timing: ScheduleTiming, now: Date): ScheduledPeriod | null {
  const today = localDateOf(now, timing.timeZone);
  const hourReached = localHourOf(now, timing.timeZone) >= timing.hour;
  for (let back = 0; back <= 31; back++) {
    const date = addDays(today, -back);
    if (!isRunDate(timing, date) || (back === 0 && !hourReached)) continue;
    return periodOfRun(timing, date);
  }
  return null;
}

/** The local date of the next run after `now` (today's when its hour is still ahead). */
export function nextRunDate(timing: ScheduleTiming, now: Date): string {
  const today = localDateOf(now, timing.timeZone);
  const hourAhead = localHourOf(now, timing.timeZone) < timing.hour;
  for (let ahead = 0; ahead <= 62; ahead++) {
    const date = addDays(today, ahead);
    if (isRunDate(timing, date) && (ahead > 0 || hourAhead)) return date;
  }
  return today;
}
