import { toCents, type LearnerDay } from './dailyAggregates.js';
import { daysBetween } from './localDate.js';
import type { PeriodTotals } from './reportFigures.js';

/**
 * The per-learner rollups (docs/analytics.md "Learner rollups"): for every date, each learner's
 * CUMULATIVE totals over every folded date up to it, so any range [s, e] is rollup(e) − rollup(s − 1),
 * plus an activity calendar of the ROLLUP_CALENDAR_DAYS dates ending there (which days, for the daily
 * active learners and a course scope's active days, which are not additive across courses). A report
 * over any range then reads three snapshots (e, s − 1 and the previous period's start − 1) instead of
 * every learner-day of both periods (learnerRollupFacts.ts). Pure: the nightly pipeline stores them
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

export const T = Object.fromEntries(TENANT_COUNTERS.map((k, i) => [k, i])) as Record<(typeof TENANT_COUNTERS)[number], number>;
export const C = Object.fromEntries(COURSE_COUNTERS.map((k, i) => [k, i])) as Record<(typeof COURSE_COUNTERS)[number], number>;

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
export const fromHex = (hex: string): bigint => (hex === '' ? 0n : BigInt(`0x${hex}`));
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

export const minus = (a: readonly number[] | undefined, b: readonly number[] | undefined, n: number): number[] => Array.from({ length: n }, (_, i) => (a?.[i] ?? 0) - (b?.[i] ?? 0));

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
