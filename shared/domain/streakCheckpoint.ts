import { addDays, localDateOf } from './localDate.js';
import { EMPTY_STREAK, foldStreak, summarizeStreak, STREAK_RULES, type StreakRules, type StreakState, type StreakSummary } from './streak.js';
import { streakDaysAfter, type StreakActivity } from './streakDay.js';

/**
 * How a streak read stays bounded without touching the write path: the streak is folded from the
 * activity ledger on read, and a per-learner checkpoint keeps the fold up to a day that can no longer
 * change, so a read only fetches the records after it.
 *
 * **Which day may be frozen.** Every real zone's offset is within UTC−12 … UTC+14, so any instant's
 * local date is its UTC date −1, ±0 or +1. A checkpoint written at instant t0 folds through
 * `C = UTC date(t0) − 2`. Then:
 * - every record written later has a local date ≥ UTC date(t1) − 1 ≥ UTC date(t0) − 1 > C, so no later
 *   write (in any zone, by the learner or a trainer) can add a day ≤ C;
 * - every record with a local date ≤ C occurred before local midnight after C in UTC−12, i.e. before
 *   (C+1)T12:00Z, at least 12 hours before t0: long past the timeline index's replication lag
 *   (milliseconds), so the fold through C saw all of them;
 * - any reader's today is ≥ UTC date − 1 > C, so every day ≤ C is definitively over.
 * C depends on the clock only, not on the reader's zone, so the learner (token zone) and a trainer
 * (the learner's profile zone) advance the same checkpoint consistently.
 *
 * **Which records a read fetches.** A record with a local date after C occurred at or after local
 * midnight of C+1 in UTC+14 = `C T10:00Z`: the read queries the timeline from there
 * (`gsi1sk >= windowStartAfter(C)`) and ignores the records of days ≤ C it finds (at most the 26 hours up to
 * (C+1)T12:00Z). With a read a day the window is about 3.6 days of activity; after a long absence it is
 * the activity since the last read. Without a checkpoint it reads the whole timeline once.
 *
 * **"Today" and zone changes.** Today is the learner's current local date, raised to the latest streak
 * day already in the ledger (the calendar never runs backward, see streakDay.ts):
 * - zone change to the **west** (the date falls back): today stays on the latest recorded day until the
 *   new zone's date catches up; new activity counts for that day. Nothing recorded is lost, no past day
 *   can be added, and the streak is not judged on a day before its last one;
 * - zone change to the **east** (the date jumps forward by up to two days): the new today applies at
 *   once, and a date the learner's new calendar skipped without activity is an ordinary missed day (a
 *   held freeze covers it). Recorded days never move, so the change itself can neither remove nor add
 *   a day; it only shortens the day in progress, exactly as travelling east does.
 */

/** The largest UTC offset of any zone (Pacific/Kiritimati, UTC+14), in milliseconds. */
const MAX_OFFSET_MS = 14 * 3_600_000;

/** The latest day a checkpoint written at `now` may fold through: UTC date − 2 (see above). */
export function checkpointDateAt(now: Date): string {
  return addDays(now.toISOString().slice(0, 10), -2);
}

/** The earliest instant a record with a local date after `through` can have occurred (UTC+14 midnight). */
export function windowStartAfter(through: string): string {
  return new Date(Date.parse(`${addDays(through, 1)}T00:00:00.000Z`) - MAX_OFFSET_MS).toISOString();
}

export interface StreakReadInput {
  /** The stored checkpoint, or undefined before the learner's first read. */
  checkpoint: StreakState | undefined;
  /** Ledger records from windowStartAfter(checkpoint.through) on (all of them without a checkpoint). */
  records: readonly StreakActivity[];
  now: Date;
  /** The learner's current IANA zone: where "today" is judged. */
  timeZone: string;
  /** Days of history to return (1 … STREAK_HISTORY_MAX_DAYS). */
  historyDays: number;
  rules?: StreakRules;
}

export interface StreakRead {
  summary: StreakSummary;
  /** The checkpoint to store when it can move forward (checkpointDateAt(now) is after the stored one). */
  advance?: StreakState;
}

/**
 * One streak read: folds the fetched records onto the checkpoint, moves the checkpoint to
 * checkpointDateAt(now) when that is later, and summarizes the streak as of the learner's today. The
 * result is the same whatever checkpoint it started from (the property tests check this).
 */
export function computeStreakRead(input: StreakReadInput): StreakRead {
  const rules = input.rules ?? STREAK_RULES;
  const base = input.checkpoint ?? EMPTY_STREAK;
  const { days, latest } = streakDaysAfter(input.records, base.through);
  let today = localDateOf(input.now, input.timeZone);
  if (latest !== null && latest > today) today = latest;
  // Defensive: a checkpoint ahead of the clock (skew between Lambdas) must not be re-judged.
  if (base.through !== null && base.through >= today) today = addDays(base.through, 1);
  const freezeAt = checkpointDateAt(input.now);
  const advance = (base.through === null || freezeAt > base.through) && freezeAt < today ? foldStreak(base, days, freezeAt, rules) : undefined;
  const from = advance ?? base;
  const later = from.through === null ? days : days.filter((day) => day.date > from.through!);
  return { summary: summarizeStreak(from, later, today, input.historyDays, rules), ...(advance ? { advance } : {}) };
}
