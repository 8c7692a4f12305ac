import type { LearnerDay } from './dailyAggregates.js';
import { addDays, daysBetween } from './localDate.js';
import type { DateWindow } from './learnerFigures.js';
import { previousWindow } from './learnerFigures.js';
import { coveredDatesOf, emptyTotals, toCents, type CoursePeriodTotals, type PeriodTotals, type ReportCourse, type ReportFacts, type ReportLearner, type ReportScope } from './reportFigures.js';

/**
 * The per-learner rollups (docs/analytics.md "Learner rollups"): for every date, each learner's
 * CUMULATIVE totals over every folded date up to it, so any range [s, e] is rollup(e) − rollup(s − 1),
 * plus an activity calendar of the ROLLUP_CALENDAR_DAYS dates ending there (which days, for the daily
 * active learners and a course scope's active days, which are not additive across courses). A report
 * over any range then reads three snapshots (e, s − 1 and the previous period's start − 1) instead of
 * every learner-day of both periods. Pure: the nightly pipeline stores them
 * (shared/analytics/learnerRollups.ts), reports read them (shared/reports/reportInputs.ts).
 *
 * Every counter is an integer (score sums in hundredths), so differences are exact.
 */

/** Dates an activity calendar holds: the longest report period (REPORT_MAX_RANGE_DAYS). */
export const ROLLUP_CALENDAR_DAYS = 366;

/** Tenant-scope counters, in this order (`t`). */
export const TENANT_COUNTERS = ['events', 'seconds', 'topics', 'courseCompletions', 'assessments', 'scoreCents', 'activeDays', 'sessions', 'sessionSeconds', 'bounces', 'awards', 'points'] as const satisfies readonly (keyof PeriodTotals)[];
/** Per catalog course counters, in this order (`c.<courseId>`). `completedDays`: days it was completed on. */
export const COURSE_COUNTERS = ['events', 'seconds', 'topics', 'completedDays', 'assessments', 'scoreCents', 'activeDays'] as const;

const T = Object.fromEntries(TENANT_COUNTERS.map((k, i) => [k, i])) as Record<(typeof TENANT_COUNTERS)[number], number>;
const C = Object.fromEntries(COURSE_COUNTERS.map((k, i) => [k, i])) as Record<(typeof COURSE_COUNTERS)[number], number>;

/** One learner's rollup as of a date. Calendars: hex of a bit set, bit k = active on (date − k); '' = none. */
export interface LearnerRollup {
  u: string;
  t: number[];
  c: Record<string, number[]>;
  a: string;
  ac: Record<string, string>;
}

/** A date's rollups of a tenant, by learner. */
export type RollupSnapshot = ReadonlyMap<string, LearnerRollup>;

/** What one date adds to a learner's rollup. */
interface DayVector {
  t: number[];
  c: Record<string, number[]>;
  active: boolean;
  activeCourses: Set<string>;
}

const CALENDAR_MASK = (1n << BigInt(ROLLUP_CALENDAR_DAYS)) - 1n;
const fromHex = (hex: string): bigint => (hex === '' ? 0n : BigInt(`0x${hex}`));
const toHex = (bits: bigint): string => (bits === 0n ? '' : bits.toString(16));

/** The calendar one day later: every bit one date older, the oldest dropped, today's bit set or not. */
function rollCalendar(hex: string, active: boolean): string {
  return toHex(((fromHex(hex) << 1n) & CALENDAR_MASK) | (active ? 1n : 0n));
}

/** Whether a calendar as of `asOf` marks `date` (false outside its 366 dates). */
export function calendarHas(hex: string, asOf: string, date: string): boolean {
  const k = daysBetween(date, asOf);
  return k >= 0 && k < ROLLUP_CALENDAR_DAYS && ((fromHex(hex) >> BigInt(k)) & 1n) === 1n;
}

/** A learner-day's contribution, summed exactly as the report's day-by-day fold sums it (reportFigures scopedTotals). */
export function dayVectorOf(day: LearnerDay): DayVector {
  const t = new Array<number>(TENANT_COUNTERS.length).fill(0);
  const c: Record<string, number[]> = {};
  const activeCourses = new Set<string>();
  for (const entry of Object.values(day.content ?? {})) {
    const cents = toCents(entry.scoreSum);
    t[T.events]! += entry.events;
    t[T.seconds]! += entry.seconds;
    t[T.topics]! += entry.topics;
    t[T.assessments]! += entry.assessments;
    t[T.scoreCents]! += cents;
    if (entry.contentType !== 'course') continue;
    if (entry.completed) t[T.courseCompletions]! += 1;
    const v = (c[entry.contentId] ??= new Array<number>(COURSE_COUNTERS.length).fill(0));
    v[C.events]! += entry.events;
    v[C.seconds]! += entry.seconds;
    v[C.topics]! += entry.topics;
    v[C.assessments]! += entry.assessments;
    v[C.scoreCents]! += cents;
    if (entry.completed) v[C.completedDays]! += 1;
  }
  for (const [courseId, v] of Object.entries(c)) {
    if (v[C.events]! > 0) {
      v[C.activeDays] = 1;
      activeCourses.add(courseId);
    }
  }
  const active = t[T.events]! > 0;
  if (active) t[T.activeDays] = 1;
  t[T.sessions] = day.sessions;
  t[T.sessionSeconds] = day.sessionSeconds;
  t[T.bounces] = day.bounces;
  t[T.awards] = day.awards;
  t[T.points] = day.points;
  return { t, c, active, activeCourses };
}

const minus = (a: readonly number[] | undefined, b: readonly number[] | undefined, n: number): number[] => Array.from({ length: n }, (_, i) => (a?.[i] ?? 0) - (b?.[i] ?? 0));

/**
 * What date d added to a learner, recovered from the stored rollups of d and d − 1: counters are the
 * difference, activity is bit 0 of d's calendars. Lets a re-fold of an earlier date be carried through
 * the later snapshots without reading their learner-days.
 */
export function dayVectorBetween(at: LearnerRollup | undefined, before: LearnerRollup | undefined): DayVector {
  const c: Record<string, number[]> = {};
  for (const courseId of new Set([...Object.keys(at?.c ?? {}), ...Object.keys(before?.c ?? {})])) {
    const v = minus(at?.c[courseId], before?.c[courseId], COURSE_COUNTERS.length);
    if (v.some((x) => x !== 0)) c[courseId] = v;
  }
  const activeCourses = new Set(Object.entries(at?.ac ?? {}).filter(([, hex]) => (fromHex(hex) & 1n) === 1n).map(([id]) => id));
  return { t: minus(at?.t, before?.t, TENANT_COUNTERS.length), c, active: at !== undefined && (fromHex(at.a) & 1n) === 1n, activeCourses };
}

const sortedRecord = <V>(entries: [string, V][]): Record<string, V> => Object.fromEntries(entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));

/** A learner's rollup one date later, with that date's contribution (or none). */
export function rollLearner(userId: string, prev: LearnerRollup | undefined, day: DayVector | undefined): LearnerRollup {
  const t = Array.from({ length: TENANT_COUNTERS.length }, (_, i) => (prev?.t[i] ?? 0) + (day?.t[i] ?? 0));
  const courseIds = new Set([...Object.keys(prev?.c ?? {}), ...Object.keys(day?.c ?? {})]);
  const c = sortedRecord([...courseIds].map((id) => [id, Array.from({ length: COURSE_COUNTERS.length }, (_, i) => (prev?.c[id]?.[i] ?? 0) + (day?.c[id]?.[i] ?? 0))]));
  const calendarIds = new Set([...Object.keys(prev?.ac ?? {}), ...(day?.activeCourses ?? [])]);
  const ac = sortedRecord([...calendarIds].map((id) => [id, rollCalendar(prev?.ac[id] ?? '', day?.activeCourses.has(id) ?? false)] as [string, string]).filter(([, hex]) => hex !== ''));
  return { u: userId, t, c, a: rollCalendar(prev?.a ?? '', day?.active ?? false), ac };
}

/**
 * The snapshot of a date from the one of the date before and that date's contributions. Learners
 * absent from both stay absent; everyone else is carried (their calendars age by a day).
 */
export function rollSnapshot(prev: RollupSnapshot, days: ReadonlyMap<string, DayVector>): Map<string, LearnerRollup> {
  const out = new Map<string, LearnerRollup>();
  for (const userId of [...new Set([...prev.keys(), ...days.keys()])].sort()) out.set(userId, rollLearner(userId, prev.get(userId), days.get(userId)));
  return out;
}

/** The contributions of a date's learner-days. */
export function dayVectorsOf(days: readonly LearnerDay[]): Map<string, DayVector> {
  return new Map(days.map((d) => [d.userId, dayVectorOf(d)]));
}

/** The contributions recovered from two stored snapshots (every learner of either). */
export function dayVectorsBetween(at: RollupSnapshot, before: RollupSnapshot): Map<string, DayVector> {
  return new Map([...new Set([...at.keys(), ...before.keys()])].map((u) => [u, dayVectorBetween(at.get(u), before.get(u))]));
}

// ---- Storage chunks ----

/** Hash buckets of a snapshot: a learner stays in the same bucket on every date, so a re-fold rewrites few items. */
export const ROLLUP_BUCKETS = 64;
/** At most this many learners per stored item, and at most this many characters of JSON (DynamoDB's item limit is 400 KB). */
export const ROLLUP_PART_LEARNERS = 100;
export const ROLLUP_PART_CHARS = 300_000;

/** FNV-1a of the user id, mod ROLLUP_BUCKETS. */
export function rollupBucketOf(userId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % ROLLUP_BUCKETS;
}

export interface RollupChunk {
  bucket: number;
  part: number;
  learners: LearnerRollup[];
}

/**
 * A snapshot split into stored items: by bucket, then in user-id order into parts of at most
 * ROLLUP_PART_LEARNERS learners and ROLLUP_PART_CHARS characters. Deterministic.
 */
export function chunkSnapshot(snapshot: RollupSnapshot): RollupChunk[] {
  const buckets = new Map<number, LearnerRollup[]>();
  for (const r of [...snapshot.values()].sort((x, y) => (x.u < y.u ? -1 : x.u > y.u ? 1 : 0))) {
    const b = rollupBucketOf(r.u);
    buckets.set(b, [...(buckets.get(b) ?? []), r]);
  }
  const chunks: RollupChunk[] = [];
  for (const [bucket, learners] of [...buckets].sort(([x], [y]) => x - y)) {
    let part: LearnerRollup[] = [];
    let chars = 0;
    for (const r of learners) {
      const size = JSON.stringify(r).length;
      if (part.length > 0 && (part.length >= ROLLUP_PART_LEARNERS || chars + size > ROLLUP_PART_CHARS)) {
        chunks.push({ bucket, part: chunks.filter((c) => c.bucket === bucket).length, learners: part });
        part = [];
        chars = 0;
      }
      part.push(r);
      chars += size;
    }
    chunks.push({ bucket, part: chunks.filter((c) => c.bucket === bucket).length, learners: part });
  }
  return chunks;
}

/** A stored learner rollup in canonical form (sorted keys), to compare stored and recomputed items. */
export function canonicalRollup(r: LearnerRollup): LearnerRollup {
  return {
    u: r.u,
    t: [...r.t].map(Number),
    c: sortedRecord(Object.entries(r.c ?? {}).map(([k, v]) => [k, [...v].map(Number)])),
    a: r.a ?? '',
    ac: sortedRecord(Object.entries(r.ac ?? {})),
  };
}

// ---- Report facts from three snapshots ----

function totalsOf(at: LearnerRollup | undefined, before: LearnerRollup | undefined, scope: ReportScope, current: { asOf: string; dates: readonly string[] } | null): PeriodTotals {
  const out = emptyTotals();
  if (scope.kind === 'tenant') {
    const d = minus(at?.t, before?.t, TENANT_COUNTERS.length);
    TENANT_COUNTERS.forEach((key, i) => (out[key] = d[i]!));
    return out;
  }
  for (const courseId of scope.courseIds) {
    const d = minus(at?.c[courseId], before?.c[courseId], COURSE_COUNTERS.length);
    out.events += d[C.events]!;
    out.seconds += d[C.seconds]!;
    out.topics += d[C.topics]!;
    out.courseCompletions += d[C.completedDays]!;
    out.assessments += d[C.assessments]!;
    out.scoreCents += d[C.scoreCents]!;
  }
  // Active days of a course scope: dates with activity on any of its courses (a union, from the calendars).
  if (current && at) {
    const union = [...scope.courseIds].reduce((bits, id) => bits | fromHex(at.ac[id] ?? ''), 0n);
    out.activeDays = current.dates.filter((date) => ((union >> BigInt(daysBetween(date, current.asOf))) & 1n) === 1n).length;
  }
  return out;
}

export interface RollupReportInput {
  window: DateWindow;
  through: string | null;
  scope: ReportScope;
  learners: readonly ReportLearner[];
  courses: readonly ReportCourse[];
}

/**
 * The dates whose snapshots a report reads: the end of the covered period, the day before it starts
 * and the day before the previous period starts (at most 3; none when nothing is covered). The end
 * of the previous period is the day before the period starts, or `through` when that is earlier.
 */
export function rollupDatesFor(window: DateWindow, through: string | null): { end: string | null; start: string; previousEnd: string | null; previousStart: string } {
  const covered = coveredDatesOf(window, through);
  const previous = previousWindow(window);
  const previousCovered = coveredDatesOf(previous, through);
  return {
    end: covered.at(-1) ?? null,
    start: addDays(window.from, -1),
    previousEnd: previousCovered.at(-1) ?? null,
    previousStart: addDays(previous.from, -1),
  };
}

/**
 * A report's facts from the snapshots of rollupDatesFor's dates (`snapshot(date)`; an absent date or
 * learner is all zeros, as before the first fold). Equal to reportFactsFromDays over the same
 * learner-days (the property test in test/unit/learnerRollup.test.ts).
 */
export function factsFromRollups(input: RollupReportInput, snapshot: (date: string) => RollupSnapshot): ReportFacts {
  const { window, through, scope } = input;
  const dates = rollupDatesFor(window, through);
  const covered = coveredDatesOf(window, through);
  const empty: RollupSnapshot = new Map();
  const end = dates.end ? snapshot(dates.end) : empty;
  const start = dates.end ? snapshot(dates.start) : empty;
  // The previous period only feeds the trend, which a course scope does not have.
  const withPrevious = scope.kind === 'tenant' && dates.previousEnd !== null;
  const prevEnd = withPrevious ? snapshot(dates.previousEnd!) : empty;
  const prevStart = withPrevious ? snapshot(dates.previousStart) : empty;
  const currentSpan = dates.end ? { asOf: dates.end, dates: covered } : null;
  const current = new Map<string, PeriodTotals>();
  const previous = new Map<string, PeriodTotals>();
  const activeByDate = new Map(covered.map((d) => [d, 0]));
  const population = { sessions: 0, sessionSeconds: 0, bounces: 0 };
  const courses = new Map<string, CoursePeriodTotals>(input.courses.map((c) => [c.courseId, { active: 0, completed: 0, seconds: 0, assessments: 0, scoreCents: 0 }]));
  for (const learner of input.learners) {
    const at = end.get(learner.userId);
    const before = start.get(learner.userId);
    const totals = dates.end ? totalsOf(at, before, scope, currentSpan) : emptyTotals();
    current.set(learner.userId, totals);
    if (scope.kind === 'tenant') {
      previous.set(learner.userId, withPrevious ? totalsOf(prevEnd.get(learner.userId), prevStart.get(learner.userId), scope, null) : emptyTotals());
      population.sessions += totals.sessions;
      population.sessionSeconds += totals.sessionSeconds;
      population.bounces += totals.bounces;
    }
    if (!at || !dates.end) continue;
    const calendar = scope.kind === 'tenant' ? fromHex(at.a) : [...scope.courseIds].reduce((bits, id) => bits | fromHex(at.ac[id] ?? ''), 0n);
    if (calendar !== 0n) {
      for (const date of covered) if (((calendar >> BigInt(daysBetween(date, dates.end))) & 1n) === 1n) activeByDate.set(date, activeByDate.get(date)! + 1);
    }
    for (const [courseId, into] of courses) {
      const d = minus(at.c[courseId], before?.c[courseId], COURSE_COUNTERS.length);
      if (d[C.activeDays]! > 0) into.active += 1;
      if (d[C.completedDays]! > 0) into.completed += 1;
      into.seconds += d[C.seconds]!;
      into.assessments += d[C.assessments]!;
      into.scoreCents += d[C.scoreCents]!;
    }
  }
  return { current, previous: scope.kind === 'tenant' ? previous : null, activeByDate, population, courses };
}
