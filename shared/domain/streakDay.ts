/**
 * Which ledger records make a streak day, which day each one counts for, and what the day is called.
 * A streak is folded from the activity ledger (shared/progress/activity.ts) on read; this file is the
 * part of the rule that looks at single records, shared/domain/streak.ts the part that looks at days.
 *
 * **Qualifying record** (any one makes its day count):
 *
 * | record | qualifies when |
 * | --- | --- |
 * | any source except the two below | `seconds > 0` (learning time added), or `itemCompleted`, or `contentCompleted`, or a `score` was recorded (a quiz attempt, passed or not) |
 * | `progress.log` (seed 004 log of an exercise, quiz, reading, practice, reflection) | always: logging a done activity is the activity, even without a duration |
 * | `tutorial.reset`, `progress.log.update` | never: deleting progress or editing a log's notes is not learning |
 *
 * So re-sending a watch time that adds nothing, or only opening a session (`session.start`), does not
 * keep a streak; a heartbeat that adds time does. Replays never add records (the ledger is keyed by
 * event id), so a retried write cannot count twice.
 *
 * **Streak day of a record** (the learner's calendar never runs backward): the record's `localDate`
 * (its date in the learner's zone at write time, never recomputed), raised to the latest `localDate` of
 * any earlier record of the learner (ledger order = `occurredAt`, then event id). After a time-zone
 * change to the west the local date can fall back by up to two days; without this rule a learner could
 * fill a missed past day, or earn two days within one hour, by switching zones. With it, a zone change
 * can neither remove a recorded day nor add a day before the latest one.
 */

/** The fields of an activity record the streak reads (shared/progress/activity.ts ActivityRecord fits). */
export interface StreakActivity {
  occurredAt: string;
  eventId?: string;
  localDate: string;
  source: string;
  seconds: number;
  itemCompleted?: boolean;
  contentCompleted?: boolean;
  score?: number;
  /** Seed 004 activity type of a progress log. */
  activityType?: string;
}

/**
 * A day's activity type in `streakHistory`: the highest-ranked kind among the day's qualifying records,
 * in this order (first wins):
 *
 * | activityType | from |
 * | --- | --- |
 * | `course_complete` | a record with `contentCompleted` (course or tutorial finished for the first time) |
 * | `lesson_complete` | `itemCompleted` on a lesson, block or chapter write |
 * | `quiz` | a tutorial quiz attempt, a lesson score, or a seed 004 log of type `quiz` |
 * | `exercise`, `practice`, `reading`, `reflection` | a seed 004 progress log of that type |
 * | `lesson` | watch / study time on a lesson, block or chapter without completing it |
 * | `session` | a learning session's time or completion (seed 004) |
 */
export const STREAK_ACTIVITY_TYPES = ['course_complete', 'lesson_complete', 'quiz', 'exercise', 'practice', 'reading', 'reflection', 'lesson', 'session'] as const;
export type StreakActivityType = (typeof STREAK_ACTIVITY_TYPES)[number];

const NEVER_QUALIFIES = new Set(['tutorial.reset', 'progress.log.update']);
const LOG_TYPES = new Set<string>(['exercise', 'practice', 'reading', 'reflection', 'quiz']);

/** Whether a record keeps the learner's streak for its day (table above): effort, not mere requests. */
export function qualifiesForStreak(record: StreakActivity): boolean {
  if (NEVER_QUALIFIES.has(record.source)) return false;
  if (record.source === 'progress.log') return true;
  return record.seconds > 0 || record.itemCompleted === true || record.contentCompleted === true || record.score !== undefined;
}

/** The kind of a qualifying record (table above), so a history entry says what kept the day. */
export function streakActivityTypeOf(record: StreakActivity): StreakActivityType {
  if (record.contentCompleted === true) return 'course_complete';
  if (record.source === 'progress.log') return record.activityType && LOG_TYPES.has(record.activityType) ? (record.activityType as StreakActivityType) : 'practice';
  if (record.source.startsWith('session.')) return 'session';
  if (record.source === 'tutorial.quiz') return 'quiz';
  if (record.itemCompleted === true) return 'lesson_complete';
  if (record.score !== undefined) return 'quiz';
  return 'lesson';
}

/** The higher-ranked of two activity types (earlier in STREAK_ACTIVITY_TYPES). */
export function higherActivityType(a: StreakActivityType, b: StreakActivityType): StreakActivityType {
  return STREAK_ACTIVITY_TYPES.indexOf(a) <= STREAK_ACTIVITY_TYPES.indexOf(b) ? a : b;
}

/** One qualifying streak day and what kept it. */
export interface StreakDay {
  date: string;
  activityType: StreakActivityType;
}

export interface StreakDays {
  /** Qualifying streak days after `after`, ascending, one entry per date. */
  days: StreakDay[];
  /** The latest streak day of any record read (qualifying or not), or null: the calendar's high-water mark. */
  latest: string | null;
}

/**
 * The qualifying streak days of `records` (in ledger order) that fall after `after` (exclusive; null =
 * all). The caller passes every record whose `localDate` could be after `after` (see
 * streakCheckpoint's window); records folded before are not needed because their local dates are all
 * `<= after`, which can neither raise a later record's streak day above its own date nor reach past
 * `after`. Records out of order are sorted here, so the result never depends on how pages arrived.
 */
export function streakDaysAfter(records: readonly StreakActivity[], after: string | null): StreakDays {
  // The ledger's own order: the timeline index sorts by `<occurredAt>#<eventId>` as plain strings.
  const keyOf = (record: StreakActivity) => `${record.occurredAt}#${record.eventId ?? ''}`;
  const ordered = [...records].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const byDate = new Map<string, StreakActivityType>();
  let latest: string | null = null;
  for (const record of ordered) {
    const day: string = latest !== null && latest > record.localDate ? latest : record.localDate;
    latest = day;
    if ((after !== null && day <= after) || !qualifiesForStreak(record)) continue;
    const type = streakActivityTypeOf(record);
    const known = byDate.get(day);
    byDate.set(day, known ? higherActivityType(known, type) : type);
  }
  const days = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, activityType]) => ({ date, activityType }));
  return { days, latest };
}
