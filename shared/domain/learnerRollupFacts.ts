import { addDays, daysBetween } from './localDate.js';
import { previousWindow, type DateWindow } from './learnerFigures.js';
import { C, COURSE_COUNTERS, fromHex, minus, TENANT_COUNTERS, type LearnerRollup, type RollupSnapshot } from './learnerRollup.js';
import { coveredDatesOf, emptyTotals, type CoursePeriodTotals, type PeriodTotals, type ReportCourse, type ReportFacts, type ReportLearner, type ReportScope } from './reportFigures.js';

/**
 * A report's facts from the learner rollups (docs/analytics.md "Learner rollups"): the additive
 * figures as differences of cumulative snapshots, a course scope's active days and the daily active
 * learners from the calendars. Kept apart from learnerRollup.ts so the nightly job's bundle does not
 * carry the report rules.
 */

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
