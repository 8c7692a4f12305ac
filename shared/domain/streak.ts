import { addDays, daysBetween } from './localDate.js';
import type { StreakActivityType, StreakDay } from './streakDay.js';

/**
 * The streak rule (issue 6 part 4), as a fold over the learner's calendar days. Which records make a
 * qualifying day, and which date each counts for, is shared/domain/streakDay.ts; this file turns the
 * sorted qualifying days into current / longest streak, freezes and day-by-day history.
 *
 * Day by day, from the learner's first qualifying day to today:
 * - a **qualifying** day adds 1 to the current streak and to the run of consecutive qualifying days;
 *   every `freezeEvery`-th day of that run (7, 14, 21, … by default) earns one streak freeze, held up to
 *   `freezeCap` (2 by default; an earned freeze beyond the cap is lost);
 * - a **missed** day (no qualifying activity, and not today) spends one held freeze automatically: the
 *   day is `frozen`, the streak survives but does not grow, the run of consecutive days restarts at 0;
 *   with no freeze held the streak ends (current = 0) and the day is `missed`. One freeze covers exactly
 *   one day: two missed days with one freeze end the streak (the freeze is spent on the first);
 * - **today** without qualifying activity yet changes nothing (the streak is not broken before the day
 *   is over); today with activity counts like any qualifying day.
 * The longest streak is the highest current streak ever reached. Frozen days keep a streak but never
 * count towards its length.
 */
export interface StreakRules {
  /** A freeze is earned on every this-many-th consecutive qualifying day. */
  freezeEvery: number;
  /** Most freezes held at once. */
  freezeCap: number;
}

export const STREAK_RULES: StreakRules = { freezeEvery: 7, freezeCap: 2 };

/** Days of history a streak state keeps and a response can show (the `days` query parameter's maximum). */
export const STREAK_HISTORY_MAX_DAYS = 90;

/** A folded day: qualifying (`active`), covered by a freeze (`frozen`) or `missed`. */
export type FoldedDayStatus = 'active' | 'frozen' | 'missed';

export interface FoldedDay {
  date: string;
  status: FoldedDayStatus;
  /** What kept an active day; null for frozen and missed days. */
  activityType: StreakActivityType | null;
}

/** The streak folded through one day: exactly what the day-by-day rule holds at the end of `through`. */
export interface StreakState {
  /** Every day up to and including this one is folded; null when nothing is. */
  through: string | null;
  current: number;
  longest: number;
  freezes: number;
  /** Consecutive qualifying days (a frozen or missed day resets it): every `freezeEvery`-th earns a freeze. */
  run: number;
  lastActive: string | null;
  /** Folded days after `through − STREAK_HISTORY_MAX_DAYS`, from the first qualifying day on, ascending. */
  recent: FoldedDay[];
}

export const EMPTY_STREAK: StreakState = { through: null, current: 0, longest: 0, freezes: 0, run: 0, lastActive: null, recent: [] };

/**
 * Folds the days after `state.through` up to and including `through`: `days` are the qualifying days
 * (ascending, unique; those outside that range are ignored), every other day in the range is missed.
 * Gaps are folded in one step (freezes spent = min(freezes, gap)), so the cost grows with the number
 * of qualifying days, not with the length of a break; only the last STREAK_HISTORY_MAX_DAYS days get
 * history entries. Before the first qualifying day nothing is recorded, so a new learner has no
 * "missed" days.
 */
export function foldStreak(state: StreakState, days: readonly StreakDay[], through: string, rules: StreakRules = STREAK_RULES): StreakState {
  if (state.through !== null && through <= state.through) return state;
  const historyFloor = addDays(through, -STREAK_HISTORY_MAX_DAYS);
  const next: StreakState = { ...state, recent: [...state.recent] };
  let cursor = state.through;

  const miss = (after: string, count: number) => {
    if (count <= 0 || next.longest === 0) return;
    const frozen = Math.min(next.freezes, count);
    next.freezes -= frozen;
    if (count > frozen) next.current = 0;
    next.run = 0;
    // History entries only inside the window the state keeps.
    const first = Math.max(1, daysBetween(after, historyFloor) + 1);
    for (let i = first; i <= count; i += 1) {
      next.recent.push({ date: addDays(after, i), status: i <= frozen ? 'frozen' : 'missed', activityType: null });
    }
  };

  for (const day of days) {
    if ((state.through !== null && day.date <= state.through) || day.date > through) continue;
    if (cursor !== null) miss(cursor, daysBetween(cursor, day.date) - 1);
    next.current += 1;
    next.run += 1;
    next.longest = Math.max(next.longest, next.current);
    if (next.run % rules.freezeEvery === 0) next.freezes = Math.min(rules.freezeCap, next.freezes + 1);
    next.lastActive = day.date;
    if (day.date > historyFloor) next.recent.push({ date: day.date, status: 'active', activityType: day.activityType });
    cursor = day.date;
  }
  if (cursor !== null) miss(cursor, daysBetween(cursor, through));
  next.through = through;
  next.recent = next.recent.filter((entry) => entry.date > historyFloor);
  return next;
}

/** A `streakHistory` entry: a folded day, or today while it has no qualifying activity yet (`pending`). */
export interface StreakHistoryEntry {
  date: string;
  status: FoldedDayStatus | 'pending';
  activityType: StreakActivityType | null;
  /** The day kept the streak: qualifying or covered by a freeze. */
  maintained: boolean;
}

export interface StreakSummary {
  /** The date the streak is judged on (the learner's today; see streakCheckpoint for zone changes). */
  today: string;
  currentStreak: number;
  longestStreak: number;
  streakFreezes: number;
  todayActive: boolean;
  /** Yesterday was covered by a freeze. */
  frozeYesterday: boolean;
  lastActiveDate: string | null;
  /** Qualifying days still needed for the next freeze; null while the cap is held. */
  activeDaysToNextFreeze: number | null;
  /** The last `historyDays` days up to today, newest first, from the first qualifying day on. */
  history: StreakHistoryEntry[];
}

/**
 * The streak as of `today`: folds `days` (qualifying days after `state.through`) through yesterday as
 * final, then today only if it already qualifies. `state.through` must be before today.
 */
export function summarizeStreak(state: StreakState, days: readonly StreakDay[], today: string, historyDays: number, rules: StreakRules = STREAK_RULES): StreakSummary {
  const yesterday = addDays(today, -1);
  const todayDay = days.find((day) => day.date === today);
  const settled = foldStreak(state, days, yesterday, rules);
  const final = todayDay ? foldStreak(settled, [todayDay], today, rules) : settled;
  const floor = addDays(today, -historyDays);
  const folded = final.recent.filter((entry) => entry.date > floor && entry.date <= today);
  const entries: StreakHistoryEntry[] = folded.map((entry) => ({ ...entry, maintained: entry.status !== 'missed' }));
  if (!todayDay && final.longest > 0) entries.push({ date: today, status: 'pending', activityType: null, maintained: false });
  return {
    today,
    currentStreak: final.current,
    longestStreak: final.longest,
    streakFreezes: final.freezes,
    todayActive: todayDay !== undefined,
    frozeYesterday: settled.recent.some((entry) => entry.date === yesterday && entry.status === 'frozen'),
    lastActiveDate: final.lastActive,
    activeDaysToNextFreeze: final.freezes >= rules.freezeCap ? null : rules.freezeEvery - (final.run % rules.freezeEvery),
    history: entries.reverse(),
  };
}
