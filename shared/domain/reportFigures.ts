import { toCents, type LearnerDay } from './dailyAggregates.js';
import { engagementFigures, sessionFigures, type DashboardDay } from './dashboardFigures.js';
import { averageScore, engagementScore, previousWindow, scoreTrend, type DateWindow } from './learnerFigures.js';
import { addDays, daysBetween } from './localDate.js';
import { round1 } from './tenantOverview.js';

/**
 * The figures of seed 000 §9 reports (docs/analytics.md §15), as pure functions of the analysed
 * learners' totals over the period (ReportFacts: from the nightly learner rollups, or folded from their
 * learner-days, the reference) and their gamification STATS rollups. The rules the dashboard and learner analytics already define are reused, never re-implemented:
 * engagementFigures (daily active learners, session length, bounce rate), engagementScore and
 * scoreTrend (engagement and its trend), averageScore. A figure without data is null.
 *
 * Scope: an org admin's report covers all the learners' activity (`tenant`); a trainer's covers only
 * the activity on their own courses (`courses`), from the learner-days' per-content entries. Sessions,
 * awards and points are not attributed to a course, so their figures are null in a course scope.
 */

export const REPORT_TYPES = ['progress_summary', 'engagement_summary', 'course_performance', 'achievement_summary'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const RELATIVE_RANGES = { last_7_days: 7, last_30_days: 30, last_90_days: 90 } as const;
export type RelativeRange = keyof typeof RELATIVE_RANGES;
export type ReportRange = RelativeRange | { start_date: string; end_date: string };

/**
 * The report period: a relative range is the N learner-local dates ending at the tenant's
 * aggregated-through date (like the dashboard's default range), or ending yesterday (UTC) before the
 * first nightly run; a custom range is taken as given.
 */
export function reportPeriod(range: ReportRange, through: string | null, todayUtc: string): DateWindow {
  if (typeof range !== 'string') return { from: range.start_date, to: range.end_date };
  const to = through ?? addDays(todayUtc, -1);
  return { from: addDays(to, -(RELATIVE_RANGES[range] - 1)), to };
}

/** The dates of `window` that the nightly aggregates cover (≤ through), ascending. */
export function coveredDatesOf(window: DateWindow, through: string | null): string[] {
  if (through === null) return [];
  const out: string[] = [];
  for (let d = window.from; d <= window.to && d <= through; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Which content a report counts: all of it, or the activity on these courses (content key `course:<id>`). */
export type ReportScope = { kind: 'tenant' } | { kind: 'courses'; courseIds: ReadonlySet<string> };

export interface ReportLearner {
  userId: string;
  name: string | null;
}

export interface ReportCourse {
  courseId: string;
  title: string;
}

/** A learner's per-course progress percentages (0–100) from their STATS rollup, as of generation. */
export type CourseProgressOf = (userId: string) => Record<string, number> | undefined;

export interface LearnerFigures {
  user_id: string;
  name: string | null;
  progress_percentage: number | null;
  courses_completed: number;
  topics_completed: number;
  achievements_earned: number | null;
  points_earned: number | null;
  total_time_spent_hours: number;
  active_days: number;
  sessions: number | null;
  average_score: number | null;
  engagement_score: number | null;
  performance_trend: 'improving' | 'declining' | 'stable' | null;
}

/**
 * What one learner's days in a window add up to, within the scope. Score sums are kept in hundredths
 * (each content-day's scoreSum has 2 decimals), so they add exactly in any order: a sum read as the
 * difference of two cumulative rollups (shared/domain/learnerRollup.ts) equals the day-by-day sum.
 */
export interface PeriodTotals {
  events: number;
  seconds: number;
  topics: number;
  courseCompletions: number;
  assessments: number;
  scoreCents: number;
  activeDays: number;
  sessions: number;
  sessionSeconds: number;
  bounces: number;
  awards: number;
  points: number;
}

export const emptyTotals = (): PeriodTotals => ({ events: 0, seconds: 0, topics: 0, courseCompletions: 0, assessments: 0, scoreCents: 0, activeDays: 0, sessions: 0, sessionSeconds: 0, bounces: 0, awards: 0, points: 0 });


export function inScope(scope: ReportScope, contentType: string, contentId: string): boolean {
  return scope.kind === 'tenant' || (contentType === 'course' && scope.courseIds.has(contentId));
}

function scopedTotals(days: readonly LearnerDay[], scope: ReportScope): PeriodTotals {
  const t = emptyTotals();
  for (const d of days) {
    let events = 0;
    for (const c of Object.values(d.content ?? {})) {
      if (!inScope(scope, c.contentType, c.contentId)) continue;
      events += c.events;
      t.seconds += c.seconds;
      t.topics += c.topics;
      t.assessments += c.assessments;
      t.scoreCents += toCents(c.scoreSum);
      if (c.completed && c.contentType === 'course') t.courseCompletions += 1;
    }
    t.events += events;
    if (events > 0) t.activeDays += 1;
    // Sessions, awards and points belong to no course: a course scope leaves them 0 (its rows show null).
    if (scope.kind !== 'tenant') continue;
    t.sessions += d.sessions;
    t.sessionSeconds += d.sessionSeconds;
    t.bounces += d.bounces;
    t.awards += d.awards;
    t.points += d.points;
  }
  return t;
}

/** Mean of the learner's in-scope course progress percentages, 1 decimal; null without a course. */
export function progressPercentage(courseProgress: Record<string, number> | undefined, scope: ReportScope): number | null {
  const values = Object.entries(courseProgress ?? {})
    .filter(([courseId]) => scope.kind === 'tenant' || scope.courseIds.has(courseId))
    .map(([, percent]) => percent)
    .filter((p) => typeof p === 'number' && Number.isFinite(p));
  return values.length > 0 ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

const hours = (seconds: number) => round1(seconds / 3600);

/**
 * One learner's row from their totals in the period and (tenant scope) in the equal period before it.
 * `coveredDays` / `previousCoveredDays`: how many dates of each the aggregates cover (the engagement
 * score is a rate over covered dates). Sessions, awards and points are not attributed to a course, and
 * engagement needs sessions, so a course scope leaves them (and the trend) null.
 */
export function learnerRow(
  learner: ReportLearner,
  current: PeriodTotals,
  previous: PeriodTotals | null,
  coveredDays: number,
  previousCoveredDays: number,
  scope: ReportScope,
  courseProgress: Record<string, number> | undefined,
): LearnerFigures {
  const tenantScope = scope.kind === 'tenant';
  const engagement = tenantScope ? engagementScore(current, coveredDays) : null;
  const engagementBefore = tenantScope && previous ? engagementScore(previous, previousCoveredDays) : null;
  return {
    user_id: learner.userId,
    name: learner.name,
    progress_percentage: progressPercentage(courseProgress, scope),
    courses_completed: current.courseCompletions,
    topics_completed: current.topics,
    achievements_earned: tenantScope ? current.awards : null,
    points_earned: tenantScope ? current.points : null,
    total_time_spent_hours: hours(current.seconds),
    active_days: current.activeDays,
    sessions: tenantScope ? current.sessions : null,
    average_score: averageScore(current.scoreCents / 100, current.assessments),
    engagement_score: engagement,
    performance_trend: scoreTrend(engagement, engagementBefore, 'improving', 'declining'),
  };
}

/** A learner's days restricted to some dates. */
function daysOn(days: readonly LearnerDay[], dates: readonly string[]): LearnerDay[] {
  const set = new Set(dates);
  return days.filter((d) => set.has(d.date));
}

/**
 * One learner's row: activity in `window` (covered dates only), the trend against the equal window
 * before it, and progress from the STATS rollup.
 */
export function learnerFigures(
  learner: ReportLearner,
  days: readonly LearnerDay[],
  window: DateWindow,
  through: string | null,
  scope: ReportScope,
  courseProgress: Record<string, number> | undefined,
): LearnerFigures {
  const covered = coveredDatesOf(window, through);
  const previousCovered = coveredDatesOf(previousWindow(window), through);
  const mine = days.filter((d) => d.userId === learner.userId);
  return learnerRow(learner, scopedTotals(daysOn(mine, covered), scope), scopedTotals(daysOn(mine, previousCovered), scope), covered.length, previousCovered.length, scope, courseProgress);
}

/**
 * The analysed learners' days summed per covered date into the dashboard's day shape, so the
 * dashboard's own engagementFigures rule gives the daily active learners, session length and bounce
 * rate of exactly this population. A covered date without activity is a day of zeros.
 */
export function populationDays(days: readonly LearnerDay[], covered: readonly string[], learnerIds: ReadonlySet<string>, scope: ReportScope): DashboardDay[] {
  const byDate = new Map<string, DashboardDay>(covered.map((date) => [date, { date, activeLearners: 0, sessions: 0, sessionSeconds: 0, bounces: 0, courseCompletions: 0, awardsByAchievement: {} }]));
  for (const d of days) {
    const into = byDate.get(d.date);
    if (!into || !learnerIds.has(d.userId)) continue;
    const t = scopedTotals([d], scope);
    if (t.events === 0) continue;
    into.activeLearners += 1;
    into.courseCompletions += t.courseCompletions;
    if (scope.kind === 'tenant') {
      into.sessions += d.sessions;
      into.sessionSeconds += d.sessionSeconds;
      into.bounces += d.bounces;
    }
  }
  return [...byDate.values()];
}

export interface CourseFigures {
  course_id: string;
  title: string;
  learners_active: number;
  completions: number;
  completion_rate: number | null;
  average_score: number | null;
  time_spent_hours: number;
}

/** What the analysed learners did on one course in the period. */
export interface CoursePeriodTotals {
  /** Learners with activity on it, and learners who completed it. */
  active: number;
  completed: number;
  seconds: number;
  assessments: number;
  scoreCents: number;
}

/** Per course of `courses`: the analysed learners' course totals over the covered dates. */
function courseTotalsFromDays(days: readonly LearnerDay[], covered: readonly string[], learnerIds: ReadonlySet<string>, courses: readonly ReportCourse[]): Map<string, CoursePeriodTotals> {
  const dates = new Set(covered);
  const acc = new Map(courses.map((c) => [c.courseId, { active: new Set<string>(), completed: new Set<string>(), seconds: 0, assessments: 0, scoreCents: 0 }]));
  for (const d of days) {
    if (!dates.has(d.date) || !learnerIds.has(d.userId)) continue;
    for (const c of Object.values(d.content ?? {})) {
      const into = c.contentType === 'course' ? acc.get(c.contentId) : undefined;
      if (!into) continue;
      into.active.add(d.userId);
      if (c.completed) into.completed.add(d.userId);
      into.seconds += c.seconds;
      into.assessments += c.assessments;
      into.scoreCents += toCents(c.scoreSum);
    }
  }
  return new Map([...acc].map(([id, a]) => [id, { active: a.active.size, completed: a.completed.size, seconds: a.seconds, assessments: a.assessments, scoreCents: a.scoreCents }]));
}

/**
 * Per course in the report's course list: analysed learners with activity on it in the period, those
 * who completed it in the period, completion_rate = 100 × completions ÷ learners_active (1 decimal,
 * null without an active learner), average_score over its scored attempts, time spent. Sorted by
 * completions (most first), then title.
 */
export function courseRows(totals: ReadonlyMap<string, CoursePeriodTotals>, courses: readonly ReportCourse[]): CourseFigures[] {
  return courses
    .map((course) => {
      const a = totals.get(course.courseId) ?? { active: 0, completed: 0, seconds: 0, assessments: 0, scoreCents: 0 };
      return {
        course_id: course.courseId,
        title: course.title,
        learners_active: a.active,
        completions: a.completed,
        completion_rate: a.active > 0 ? round1((100 * a.completed) / a.active) : null,
        average_score: averageScore(a.scoreCents / 100, a.assessments),
        time_spent_hours: hours(a.seconds),
      };
    })
    .sort((x, y) => y.completions - x.completions || (x.title < y.title ? -1 : x.title > y.title ? 1 : 0));
}

/** courseRows of the learner-days of the covered dates. */
export function courseFigures(days: readonly LearnerDay[], covered: readonly string[], learnerIds: ReadonlySet<string>, courses: readonly ReportCourse[]): CourseFigures[] {
  return courseRows(courseTotalsFromDays(days, covered, learnerIds, courses), courses);
}

/** Buckets of the progress distribution chart: [0, 20), [20, 40), [40, 60), [60, 80), [80, 100]. */
export const PROGRESS_BUCKETS = [
  { bucket: '0-19%', min: 0, max: 20 },
  { bucket: '20-39%', min: 20, max: 40 },
  { bucket: '40-59%', min: 40, max: 60 },
  { bucket: '60-79%', min: 60, max: 80 },
  { bucket: '80-100%', min: 80, max: Infinity },
] as const;

/** Learners per progress bucket (learners without a course are not in any bucket). */
export function progressDistribution(learners: readonly Pick<LearnerFigures, 'progress_percentage'>[]): { bucket: string; learners: number }[] {
  return PROGRESS_BUCKETS.map((b) => ({
    bucket: b.bucket,
    learners: learners.filter((l) => l.progress_percentage !== null && l.progress_percentage >= b.min && l.progress_percentage < b.max).length,
  }));
}

const mean = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? round1(known.reduce((a, b) => a + b, 0) / known.length) : null;
};
const sumOrNull = (values: readonly (number | null)[]): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0));

export interface ReportFigures {
  period: { start_date: string; end_date: string; covered_days: number };
  learners: LearnerFigures[];
  courses: CourseFigures[];
  dailyActiveLearners: { date: string; learners: number }[];
  sessionDurationAvgMinutes: number | null;
  bounceRate: number | null;
  progressDistribution: { bucket: string; learners: number }[];
  totals: {
    usersAnalyzed: number;
    activeLearners: number;
    activeLearnerDays: number;
    totalProgressPoints: number | null;
    averageCompletionRate: number | null;
    achievementsEarned: number | null;
    learnersWithAchievements: number | null;
    topicsCompleted: number;
    coursesCompleted: number;
    totalTimeSpentHours: number;
    sessions: number | null;
    averageEngagementScore: number | null;
    averageScore: number | null;
    courseAverageCompletionRate: number | null;
  };
}

/**
 * Everything a report's figures are computed from, however it was read: per analysed learner their
 * in-scope totals over the covered dates of the period and (tenant scope only; null in a course scope,
 * whose rows have no trend) of the period before; the analysed learners active on each covered date;
 * the population's sessions; per listed course its totals. From learner-days (reportFactsFromDays, the
 * reference) or from the cumulative rollups (shared/domain/learnerRollup.ts factsFromRollups).
 */
export interface ReportFacts {
  current: ReadonlyMap<string, PeriodTotals>;
  previous: ReadonlyMap<string, PeriodTotals> | null;
  /** Covered date → analysed learners with in-scope activity that day. */
  activeByDate: ReadonlyMap<string, number>;
  /** The analysed learners' sessions over the covered dates (tenant scope; zeros in a course scope). */
  population: { sessions: number; sessionSeconds: number; bounces: number };
  courses: ReadonlyMap<string, CoursePeriodTotals>;
}

export interface ReportFigureInput {
  window: DateWindow;
  through: string | null;
  scope: ReportScope;
  learners: readonly ReportLearner[];
  courseProgressOf: CourseProgressOf;
  courses: readonly ReportCourse[];
}

/** The facts of a report from the analysed learners' learner-days (the day-by-day fold). */
export function reportFactsFromDays(input: ReportFigureInput & { days: readonly LearnerDay[] }): ReportFacts {
  const { window, through, scope } = input;
  const covered = coveredDatesOf(window, through);
  const previousCovered = coveredDatesOf(previousWindow(window), through);
  const ids = new Set(input.learners.map((l) => l.userId));
  const byLearner = new Map<string, LearnerDay[]>();
  for (const d of input.days) if (ids.has(d.userId)) byLearner.set(d.userId, [...(byLearner.get(d.userId) ?? []), d]);
  const popDays = populationDays(input.days, covered, ids, scope);
  return {
    current: new Map(input.learners.map((l) => [l.userId, scopedTotals(daysOn(byLearner.get(l.userId) ?? [], covered), scope)])),
    previous: scope.kind === 'tenant' ? new Map(input.learners.map((l) => [l.userId, scopedTotals(daysOn(byLearner.get(l.userId) ?? [], previousCovered), scope)])) : null,
    activeByDate: new Map(popDays.map((d) => [d.date, d.activeLearners])),
    population: {
      sessions: popDays.reduce((a, d) => a + d.sessions, 0),
      sessionSeconds: popDays.reduce((a, d) => a + d.sessionSeconds, 0),
      bounces: popDays.reduce((a, d) => a + d.bounces, 0),
    },
    courses: courseTotalsFromDays(input.days, covered, ids, input.courses),
  };
}

/**
 * Every figure of one report from its facts: per-learner rows, per-course rows, the daily active
 * learners (the dashboard's day rule over the covered dates), session length and bounce rate (the
 * dashboard's session rule), the progress distribution and the totals.
 */
export function figuresFromFacts(facts: ReportFacts, input: ReportFigureInput): ReportFigures {
  const { window, through, scope } = input;
  const covered = coveredDatesOf(window, through);
  const previousCovered = coveredDatesOf(previousWindow(window), through);
  const learners = input.learners.map((l) =>
    learnerRow(l, facts.current.get(l.userId) ?? emptyTotals(), facts.previous?.get(l.userId) ?? (facts.previous ? emptyTotals() : null), covered.length, previousCovered.length, scope, input.courseProgressOf(l.userId)),
  );
  const days: DashboardDay[] = covered.map((date) => ({ date, activeLearners: facts.activeByDate.get(date) ?? 0, sessions: 0, sessionSeconds: 0, bounces: 0, courseCompletions: 0, awardsByAchievement: {} }));
  const engagement = engagementFigures(days, covered.length > 0 ? { start: window.from, end: window.to } : null, through);
  const sessionsOf = covered.length > 0 ? sessionFigures(facts.population.sessions, facts.population.sessionSeconds, facts.population.bounces) : { sessionDurationAvgMinutes: null, bounceRate: null };
  const courses = courseRows(facts.courses, input.courses);
  const tenantScope = scope.kind === 'tenant';
  let seconds = 0;
  let assessments = 0;
  let scoreCents = 0;
  for (const l of input.learners) {
    const t = facts.current.get(l.userId);
    if (!t) continue;
    seconds += t.seconds;
    assessments += t.assessments;
    scoreCents += t.scoreCents;
  }
  return {
    period: { start_date: window.from, end_date: window.to, covered_days: covered.length },
    learners,
    courses,
    dailyActiveLearners: [...engagement.dailyActiveUsers].reverse().map((d) => ({ date: d.date, learners: d.users })),
    sessionDurationAvgMinutes: tenantScope ? sessionsOf.sessionDurationAvgMinutes : null,
    bounceRate: tenantScope ? sessionsOf.bounceRate : null,
    progressDistribution: progressDistribution(learners),
    totals: {
      usersAnalyzed: learners.length,
      activeLearners: learners.filter((l) => l.active_days > 0).length,
      activeLearnerDays: days.reduce((a, d) => a + d.activeLearners, 0),
      totalProgressPoints: tenantScope ? sumOrNull(learners.map((l) => l.points_earned)) : null,
      averageCompletionRate: mean(learners.map((l) => l.progress_percentage)),
      achievementsEarned: tenantScope ? sumOrNull(learners.map((l) => l.achievements_earned)) : null,
      learnersWithAchievements: tenantScope ? learners.filter((l) => (l.achievements_earned ?? 0) > 0).length : null,
      topicsCompleted: learners.reduce((a, l) => a + l.topics_completed, 0),
      coursesCompleted: learners.reduce((a, l) => a + l.courses_completed, 0),
      totalTimeSpentHours: hours(seconds),
      sessions: tenantScope ? learners.reduce((a, l) => a + (l.sessions ?? 0), 0) : null,
      averageEngagementScore: mean(learners.map((l) => l.engagement_score)),
      averageScore: averageScore(scoreCents / 100, assessments),
      courseAverageCompletionRate: mean(courses.map((c) => c.completion_rate)),
    },
  };
}

/**
 * Every figure of one report from the analysed learners' learner-days over the period and the equal
 * period before it, their progress rollups, the courses in scope (the day-by-day reference).
 */
export function reportFigures(input: ReportFigureInput & { days: readonly LearnerDay[] }): ReportFigures {
  return figuresFromFacts(reportFactsFromDays(input), input);
}

// ---- Recommendations: written rules, each naming the figure that triggered it. ----

/** The thresholds of the recommendation rules (docs/analytics.md §15 "Recommendations"). */
export const RECOMMENDATION_RULES = {
  inactive_learner: { figure: 'active_days', threshold: 0, advice: 'no activity in the period: reach out' },
  low_engagement: { figure: 'engagement_score', threshold: 40, advice: 'below the threshold: offer support and a study plan' },
  declining_trend: { figure: 'performance_trend', threshold: null, advice: 'engagement fell against the previous period: check in' },
  low_average_score: { figure: 'average_score', threshold: 60, advice: 'below the threshold: review the core concepts' },
  ready_for_advanced: { figure: 'progress_percentage', threshold: 80, advice: 'with engagement_score at least 70: suggest advanced content' },
  low_course_completion: { figure: 'completion_rate', threshold: 50, advice: 'below the threshold with at least 5 active learners: review the course' },
  high_bounce_rate: { figure: 'bounce_rate', threshold: 40, advice: 'above the threshold: many single-activity sessions' },
} as const;
export type RecommendationRule = keyof typeof RECOMMENDATION_RULES;

export interface ReportRecommendation {
  rule: RecommendationRule;
  figure: string;
  value: number | string;
  threshold: number | null;
  subject: { type: 'user' | 'course' | 'organization'; id: string | null; name: string | null };
  message: string;
}

/** At most this many recommendations per report (the first by rule order, then subject). */
export const MAX_RECOMMENDATIONS = 50;

function recommendation(rule: RecommendationRule, value: number | string, subject: ReportRecommendation['subject']): ReportRecommendation {
  const r = RECOMMENDATION_RULES[rule];
  const who = subject.type === 'organization' ? 'Organization' : `${subject.type === 'user' ? 'Learner' : 'Course'} ${subject.name ?? subject.id}`;
  const comparison = r.threshold === null ? `is ${value}` : `${value} (threshold ${r.threshold})`;
  return { rule, figure: r.figure, value, threshold: r.threshold, subject, message: `${who}: ${r.figure} ${comparison}, ${r.advice}` };
}

/**
 * The rules, in this order: per learner (only when the period has a covered date) inactive_learner
 * (active_days = 0), low_engagement (engagement_score < 40, active learners), declining_trend,
 * low_average_score (< 60), ready_for_advanced (progress ≥ 80 and engagement ≥ 70); per course
 * low_course_completion (completion_rate < 50 with ≥ 5 active learners); organization high_bounce_rate (> 40).
 */
export function recommendationsOf(figures: ReportFigures): ReportRecommendation[] {
  const out: ReportRecommendation[] = [];
  if (figures.period.covered_days > 0) {
    const user = (l: LearnerFigures) => ({ type: 'user' as const, id: l.user_id, name: l.name });
    for (const l of figures.learners) if (l.active_days === 0) out.push(recommendation('inactive_learner', 0, user(l)));
    for (const l of figures.learners) if (l.active_days > 0 && l.engagement_score !== null && l.engagement_score < 40) out.push(recommendation('low_engagement', l.engagement_score, user(l)));
    for (const l of figures.learners) if (l.performance_trend === 'declining') out.push(recommendation('declining_trend', 'declining', user(l)));
    for (const l of figures.learners) if (l.average_score !== null && l.average_score < 60) out.push(recommendation('low_average_score', l.average_score, user(l)));
    for (const l of figures.learners) {
      if (l.progress_percentage !== null && l.progress_percentage >= 80 && l.engagement_score !== null && l.engagement_score >= 70) out.push(recommendation('ready_for_advanced', l.progress_percentage, user(l)));
    }
  }
  for (const c of figures.courses) {
    if (c.completion_rate !== null && c.completion_rate < 50 && c.learners_active >= 5) out.push(recommendation('low_course_completion', c.completion_rate, { type: 'course', id: c.course_id, name: c.title }));
  }
  if (figures.bounceRate !== null && figures.bounceRate > 40) out.push(recommendation('high_bounce_rate', figures.bounceRate, { type: 'organization', id: null, name: null }));
  return out.slice(0, MAX_RECOMMENDATIONS);
}

/** Days between two dates inclusive (a report period's length). */
export function periodLength(window: DateWindow): number {
  return daysBetween(window.from, window.to) + 1;
}
