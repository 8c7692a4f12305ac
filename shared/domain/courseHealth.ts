/**
 * Seed 003 §3 course-health, student-distribution and teaching-effectiveness rules (issue 16;
 * docs/analytics.md §11.1). Pure: the nightly step keeps one small item per (course, learner)
 * with activity and folds them into a course's learner histograms (`CourseLearnerBuckets`, on the course
 * rollup); a read turns the histograms into figures as of the tenant's aggregated-through date.
 */
import { analyticsDateOf } from './analyticsDate.js';
import { assessmentPercent, type FoldRecord, type LessonLookup } from './dailyAggregates.js';
import { addDays } from './localDate.js';
import { levelOf, type SkillMastery } from './skillMastery.js';

/** No activity in the course for this many days (and not completed): the learner dropped off. */
export const DROP_OFF_INACTIVE_DAYS = 14;
/** Active within this many days (the through date included): engaged. */
export const ENGAGED_WITHIN_DAYS = 7;
/** Average course score below this: struggling; at or above EXCELLING_SCORE: excelling. */
export const STRUGGLING_SCORE = 60;
export const EXCELLING_SCORE = 85;
/** A course whose health score is at least this is healthy, below it at risk. */
export const HEALTHY_SCORE = 70;
/** An alert needs at least this many learners behind its figure. */
export const ALERT_MIN_LEARNERS = 5;
/** Alert thresholds (%). */
export const HIGH_DROP_OFF_RATE = 30;
export const LOW_COMPLETION_RATE = 50;
export const LOW_ENGAGEMENT = 50;
/** Teaching-effectiveness: a component scored at least STRENGTH_SCORE is a strength, below IMPROVE_SCORE an area for improvement. */
export const STRENGTH_SCORE = 80;
export const IMPROVE_SCORE = 60;
/** The same for satisfaction on the 1–5 scale. */
export const STRENGTH_SATISFACTION = 4.5;
export const IMPROVE_SATISFACTION = 3.5;

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((100 * part) / whole));

/** One local date of one learner in one course: furthest section touched (1-based; 0 unknown), completed, assessments and their percentage sum. */
export interface LearnerCourseDay {
  s: number;
  c: 0 | 1;
  a: number;
  p: number;
}

/** One learner's day in one course, as the nightly step stores it (`e`: the learner's records on the course that date). */
export interface LearnerCourseDayItem extends LearnerCourseDay {
  courseId: string;
  userId: string;
  date: string;
  e: number;
  level: string | null;
}

/**
 * The (course, learner) days of one tenant-date from its ledger records: per learner and catalog course,
 * the furthest section of the lessons touched (the lesson's section position in the outline, 0 when no
 * record names a known lesson), whether a record completed the course, and the assessments. Records of
 * another analytics date are ignored, as in foldDay. `levelOf(course, learner)` gives the learner's level
 * on the course's skills when the run recomputed their mastery.
 */
export function learnerCourseDaysOf(
  date: string,
  records: readonly FoldRecord[],
  lessons: LessonLookup,
  levelFor: (courseId: string, userId: string) => string | null = () => null,
): LearnerCourseDayItem[] {
  const out = new Map<string, LearnerCourseDayItem>();
  for (const r of records) {
    if (r.contentType !== 'course' || analyticsDateOf(r) !== date) continue;
    const key = `${r.contentId}|${r.userId}`;
    const d = out.get(key) ?? { courseId: r.contentId, userId: r.userId, date, s: 0, c: 0, a: 0, p: 0, e: 0, level: null };
    d.e += 1;
    d.s = Math.max(d.s, (r.itemId ? lessons(r.contentId, r.itemId)?.section : undefined) ?? 0);
    if (r.contentCompleted) d.c = 1;
    const percent = assessmentPercent(r);
    if (percent !== undefined) {
      d.a += 1;
      d.p = Math.round((d.p + percent) * 100) / 100;
    }
    out.set(key, d);
  }
  const days = [...out.values()].sort((a, b) => (a.courseId + a.userId < b.courseId + b.userId ? -1 : 1));
  for (const d of days) d.level = levelFor(d.courseId, d.userId);
  return days;
}

/**
 * A learner's level on a course's skills: the mastery levels' rule (levelOf) applied to the mean mastery
 * over the course's skills the learner has a mastery of, expert only when all of them are mastered;
 * null when the course has no skills or the learner no mastery of them.
 */
export function courseLevelOf(skills: Readonly<Record<string, SkillMastery>> | undefined, courseSkills: readonly string[]): string | null {
  const known = courseSkills.map((s) => skills?.[s]).filter((m): m is SkillMastery => m !== undefined && m.mastery !== null);
  if (known.length === 0) return null;
  const mean = known.reduce((a, m) => a + (m.mastery ?? 0), 0) / known.length;
  return levelOf(mean, known.every((m) => m.band === 'mastered'));
}

/** What the course histograms need of one learner. */
export interface LearnerCourseSummary {
  firstDate: string;
  lastDate: string;
  furthestSection: number;
  completed: boolean;
  assessments: number;
  scoreSum: number;
  level: string | null;
}

/** Days between two local dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A learner's summary of their course days (`days` by local date; at least one). */
export function learnerCourseSummary(days: Readonly<Record<string, LearnerCourseDay>>, level: string | null = null): LearnerCourseSummary {
  const dates = Object.keys(days).sort();
  let furthestSection = 0;
  let completed = false;
  let assessments = 0;
  let scoreSum = 0;
  for (const d of Object.values(days)) {
    furthestSection = Math.max(furthestSection, d.s);
    completed ||= d.c === 1;
    assessments += d.a;
    scoreSum = Math.round((scoreSum + d.p) * 100) / 100;
  }
  return { firstDate: dates[0]!, lastDate: dates[dates.length - 1]!, furthestSection, completed, assessments, scoreSum, level };
}

/** The learner's week in the course at their last activity: 1 + ⌊(last − first) / 7⌋. */
export function lastWeekOf(summary: Pick<LearnerCourseSummary, 'firstDate' | 'lastDate'>): number {
  return 1 + Math.floor(daysBetween(summary.firstDate, summary.lastDate) / 7);
}

export type PerformanceBand = 'struggling' | 'onTrack' | 'excelling' | 'notAssessed';

/** A learner's band from their average course score. */
export function performanceBandOf(summary: Pick<LearnerCourseSummary, 'assessments' | 'scoreSum'>): PerformanceBand {
  if (summary.assessments === 0) return 'notAssessed';
  const avg = summary.scoreSum / summary.assessments;
  return avg < STRUGGLING_SCORE ? 'struggling' : avg >= EXCELLING_SCORE ? 'excelling' : 'onTrack';
}

/**
 * A course's learner histograms (stored on its rollup): every learner with activity is `started`.
 * `furthest` and `weeks` count started learners by furthest section and last week; `open` counts the
 * started learners who have not completed by `<lastDate>|<furthest section>|<last week>`, so a read can
 * tell who dropped off (or is engaged) as of any date without the learners' items.
 */
export interface CourseLearnerBuckets {
  started: number;
  completed: number;
  furthest: Record<string, number>;
  weeks: Record<string, number>;
  open: Record<string, number>;
  performance: Record<PerformanceBand, number>;
  level: Record<string, number>;
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/** The histograms of a course from its learners' summaries. */
export function courseLearnerBuckets(learners: readonly LearnerCourseSummary[]): CourseLearnerBuckets {
  const b: CourseLearnerBuckets = { started: 0, completed: 0, furthest: {}, weeks: {}, open: {}, performance: { struggling: 0, onTrack: 0, excelling: 0, notAssessed: 0 }, level: {} };
  for (const l of learners) {
    const week = lastWeekOf(l);
    b.started++;
    if (l.completed) b.completed++;
    else bump(b.open, `${l.lastDate}|${l.furthestSection}|${week}`);
    bump(b.furthest, String(l.furthestSection));
    bump(b.weeks, String(week));
    b.performance[performanceBandOf(l)]++;
    bump(b.level, l.level ?? 'unassessed');
  }
  return b;
}

/** A course section as the rollup snapshots it from the outline (by outline order: Section 1, 2, …). */
export interface SectionInfo {
  sectionId: string;
  title: string;
}

export interface DropOffRow {
  reached: number;
  droppedOff: number;
  dropOffRate: number | null;
}

/** The open learners split by the through date: dropped off (inactive ≥ 14 days) or engaged (active within 7). */
function openAsOf(buckets: CourseLearnerBuckets, through: string) {
  const dropCutoff = addDays(through, -DROP_OFF_INACTIVE_DAYS);
  const engagedFrom = addDays(through, -(ENGAGED_WITHIN_DAYS - 1));
  let inProgress = 0;
  let dropped = 0;
  let engaged = 0;
  const droppedBySection: Record<string, number> = {};
  const droppedByWeek: Record<string, number> = {};
  for (const [key, n] of Object.entries(buckets.open)) {
    const [lastDate, section, week] = key.split('|') as [string, string, string];
    inProgress += n;
    if (lastDate <= dropCutoff) {
      dropped += n;
      droppedBySection[section] = (droppedBySection[section] ?? 0) + n;
      droppedByWeek[week] = (droppedByWeek[week] ?? 0) + n;
    }
    if (lastDate >= engagedFrom) engaged += n;
  }
  return { inProgress, dropped, engaged, droppedBySection, droppedByWeek };
}

/** Rows 1..max of a histogram: reached = learners whose value is ≥ n, dropped = dropped learners whose value is n. */
function dropOffRows(histogram: Record<string, number>, dropped: Record<string, number>, atLeast = 0): (DropOffRow & { n: number })[] {
  const max = Math.max(atLeast, ...Object.keys(histogram).map(Number));
  const rows: (DropOffRow & { n: number })[] = [];
  for (let n = 1; n <= max; n++) {
    const reached = Object.entries(histogram).reduce((a, [k, v]) => (Number(k) >= n ? a + v : a), 0);
    const droppedOff = dropped[String(n)] ?? 0;
    rows.push({ n, reached, droppedOff, dropOffRate: pct(droppedOff, reached) });
  }
  return rows;
}

export interface CourseHealthInput {
  courseId: string;
  courseName: string;
  enrollments: number;
  completionRate: number | null;
  buckets: CourseLearnerBuckets | null;
  sections: readonly SectionInfo[];
}

/** Seed 003 §3 course-health of one course as of the aggregated-through date (null: no nightly run yet). */
export function courseHealth(input: CourseHealthInput, through: string | null) {
  const buckets = input.buckets;
  const open = buckets && through ? openAsOf(buckets, through) : null;
  const dropOffRate = open && buckets ? pct(open.dropped, buckets.started) : null;
  const engagementScore = open ? pct(open.engaged, open.inProgress) : null;
  const parts = [input.completionRate, engagementScore, dropOffRate === null ? null : 100 - dropOffRate].filter((x): x is number => x !== null);
  const healthScore = parts.length === 0 ? null : Math.round(parts.reduce((a, b) => a + b, 0) / parts.length);
  const bySection =
    open && buckets
      ? dropOffRows(buckets.furthest, open.droppedBySection, input.sections.length).map(({ n, ...row }) => ({ section: n, sectionId: input.sections[n - 1]?.sectionId ?? null, title: input.sections[n - 1]?.title ?? null, ...row }))
      : [];
  const byWeek = open && buckets ? dropOffRows(buckets.weeks, open.droppedByWeek).map(({ n, ...row }) => ({ week: n, ...row })) : [];
  const alerts: string[] = [];
  for (const row of bySection) if (row.reached >= ALERT_MIN_LEARNERS && row.dropOffRate !== null && row.dropOffRate >= HIGH_DROP_OFF_RATE) alerts.push(`High drop-off rate in Section ${row.section}: ${row.dropOffRate} %`);
  for (const row of byWeek) if (row.reached >= ALERT_MIN_LEARNERS && row.dropOffRate !== null && row.dropOffRate >= HIGH_DROP_OFF_RATE) alerts.push(`High drop-off rate in Week ${row.week}: ${row.dropOffRate} %`);
  if (input.enrollments >= ALERT_MIN_LEARNERS && input.completionRate !== null && input.completionRate < LOW_COMPLETION_RATE) alerts.push(`Low completion rate: ${input.completionRate} %`);
  if (open && open.inProgress >= ALERT_MIN_LEARNERS && engagementScore !== null && engagementScore < LOW_ENGAGEMENT) alerts.push(`Low engagement: ${engagementScore} % of learners in progress active in the last ${ENGAGED_WITHIN_DAYS} days`);
  return {
    courseId: input.courseId,
    courseName: input.courseName,
    healthScore,
    status: healthScore === null ? ('insufficient_data' as const) : healthScore >= HEALTHY_SCORE ? ('healthy' as const) : ('at_risk' as const),
    metrics: { completionRate: input.completionRate, engagementScore, dropOffRate },
    dropOffBySection: bySection,
    dropOffByWeek: byWeek,
    alerts,
  };
}

/** What student-distribution and teaching-effectiveness need of one course. */
export interface CourseStudentFacts {
  enrollments: number;
  ratingSum: number;
  reviewsCount: number;
  assessments: number;
  scoreSum: number;
  buckets: CourseLearnerBuckets | null;
}

/**
 * Seed 003 §3 student-distribution over the trainer's courses: a learner counts once per course they are
 * enrolled in, like course-performance's totalStudents, so each breakdown sums to totalStudents. Enrolled
 * learners without activity are notStarted, and `unassessed` / `notAssessed` in the other two.
 */
export function studentDistribution(courses: readonly CourseStudentFacts[], through: string | null) {
  const totalStudents = courses.reduce((a, c) => a + c.enrollments, 0);
  if (through === null) return { totalStudents, byLevel: null, byProgress: null, byPerformance: null };
  const sum = (f: (b: CourseLearnerBuckets) => number) => courses.reduce((a, c) => a + (c.buckets ? f(c.buckets) : 0), 0);
  const notStarted = courses.reduce((a, c) => a + Math.max(0, c.enrollments - (c.buckets?.started ?? 0)), 0);
  const started = sum((b) => b.started);
  const completed = sum((b) => b.completed);
  return {
    totalStudents,
    byLevel: {
      beginner: sum((b) => b.level.beginner ?? 0),
      intermediate: sum((b) => b.level.intermediate ?? 0),
      advanced: sum((b) => b.level.advanced ?? 0),
      expert: sum((b) => b.level.expert ?? 0),
      unassessed: notStarted + sum((b) => b.level.unassessed ?? 0),
    },
    byProgress: { notStarted, inProgress: started - completed, completed },
    byPerformance: { struggling: sum((b) => b.performance.struggling), onTrack: sum((b) => b.performance.onTrack), excelling: sum((b) => b.performance.excelling), notAssessed: notStarted + sum((b) => b.performance.notAssessed) },
  };
}

/** Seed 003 §3 teaching-effectiveness over the trainer's courses, with its written strengths and areas for improvement. */
export function teachingEffectiveness(courses: readonly CourseStudentFacts[], through: string | null) {
  let completed = 0;
  let dropped = 0;
  let inProgress = 0;
  let engaged = 0;
  for (const c of courses) {
    if (!c.buckets || !through) continue;
    const open = openAsOf(c.buckets, through);
    completed += c.buckets.completed;
    dropped += open.dropped;
    inProgress += open.inProgress;
    engaged += open.engaged;
  }
  const reviews = courses.reduce((a, c) => a + c.reviewsCount, 0);
  const assessments = courses.reduce((a, c) => a + c.assessments, 0);
  const studentSuccessRate = through ? pct(completed, completed + dropped) : null;
  const avgStudentSatisfaction = reviews === 0 ? null : Math.round((10 * courses.reduce((a, c) => a + c.ratingSum, 0)) / reviews) / 10;
  const contentQualityScore = assessments === 0 ? null : Math.round(courses.reduce((a, c) => a + c.scoreSum, 0) / assessments);
  const engagementScore = through ? pct(engaged, inProgress) : null;
  const parts = [studentSuccessRate, avgStudentSatisfaction === null ? null : avgStudentSatisfaction * 20, contentQualityScore, engagementScore].filter((x): x is number => x !== null);
  const overallScore = parts.length === 0 ? null : Math.round(parts.reduce((a, b) => a + b, 0) / parts.length);
  const strengths: string[] = [];
  const areasForImprovement: string[] = [];
  const judge = (value: number | null, high: number, low: number, strong: string, weak: string, unit: string) => {
    if (value === null) return;
    if (value >= high) strengths.push(`${strong}: ${value}${unit}`);
    else if (value < low) areasForImprovement.push(`${weak}: ${value}${unit}`);
  };
  judge(studentSuccessRate, STRENGTH_SCORE, IMPROVE_SCORE, 'High student success rate', 'Low student success rate', ' %');
  judge(avgStudentSatisfaction, STRENGTH_SATISFACTION, IMPROVE_SATISFACTION, 'High student satisfaction', 'Low student satisfaction', ' / 5');
  judge(contentQualityScore, STRENGTH_SCORE, IMPROVE_SCORE, 'Strong assessment results', 'Weak assessment results', ' %');
  judge(engagementScore, STRENGTH_SCORE, IMPROVE_SCORE, 'High engagement', 'Low engagement', ' %');
  return { overallScore, studentSuccessRate, avgStudentSatisfaction, contentQualityScore, engagementScore, strengths, areasForImprovement };
}
