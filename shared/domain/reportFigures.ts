import type { LearnerDay } from './dailyAggregates.js';
import { engagementFigures, type DashboardDay } from './dashboardFigures.js';
import { averageScore, engagementScore, previousWindow, scoreTrend, type DateWindow } from './learnerFigures.js';
import { addDays, daysBetween } from './localDate.js';
import { round1 } from './tenantOverview.js';

/**
 * The figures of seed 000 §9 reports (docs/analytics-reports.section.md), as pure functions of the
 * nightly learner-day aggregates of the analysed learners and their gamification STATS rollups. The
 * rules the dashboard and learner analytics already define are reused, never re-implemented:
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

/** What one learner's days in a window add up to, within the scope. */
interface ScopedTotals {
  events: number;
  seconds: number;
  topics: number;
  courseCompletions: number;
  assessments: number;
  scoreSum: number;
  activeDays: number;
  sessions: number;
  sessionSeconds: number;
  bounces: number;
  awards: number;
  points: number;
  completedCourses: string[];
}

function inScope(scope: ReportScope, contentType: string, contentId: string): boolean {
  return scope.kind === 'tenant' || (contentType === 'course' && scope.courseIds.has(contentId));
}

function scopedTotals(days: readonly LearnerDay[], scope: ReportScope): ScopedTotals {
  const t: ScopedTotals = { events: 0, seconds: 0, topics: 0, courseCompletions: 0, assessments: 0, scoreSum: 0, activeDays: 0, sessions: 0, sessionSeconds: 0, bounces: 0, awards: 0, points: 0, completedCourses: [] };
  for (const d of days) {
    let events = 0;
    for (const c of Object.values(d.content ?? {})) {
      if (!inScope(scope, c.contentType, c.contentId)) continue;
      events += c.events;
      t.seconds += c.seconds;
      t.topics += c.topics;
      t.assessments += c.assessments;
      t.scoreSum += c.scoreSum;
      if (c.completed && c.contentType === 'course') {
        t.courseCompletions += 1;
        t.completedCourses.push(c.contentId);
      }
    }
    t.events += events;
    if (events > 0) t.activeDays += 1;
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
 * One learner's row: activity in `window` (covered dates only), the trend against the equal window
 * before it, and progress from the STATS rollup. `previousCovered` is how many dates of the previous
 * window the aggregates cover (the engagement score is a rate over covered dates).
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
  const previous = previousWindow(window);
  const previousCovered = coveredDatesOf(previous, through);
  const mine = days.filter((d) => d.userId === learner.userId);
  const inCovered = (dates: readonly string[]) => {
    const set = new Set(dates);
    return mine.filter((d) => set.has(d.date));
  };
  const current = scopedTotals(inCovered(covered), scope);
  const before = scopedTotals(inCovered(previousCovered), scope);
  const tenantScope = scope.kind === 'tenant';
  const engagement = tenantScope ? engagementScore(current, covered.length) : null;
  const engagementBefore = tenantScope ? engagementScore(before, previousCovered.length) : null;
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
    average_score: averageScore(current.scoreSum, current.assessments),
    engagement_score: engagement,
    performance_trend: scoreTrend(engagement, engagementBefore, 'improving', 'declining'),
  };
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

/**
 * Per course in the report's course list: analysed learners with activity on it in the period, those
 * who completed it in the period, completion_rate = 100 × completions ÷ learners_active (1 decimal,
 * null without an active learner), average_score over its scored attempts, time spent. Sorted by
 * completions (most first), then title.
 */
export function courseFigures(days: readonly LearnerDay[], covered: readonly string[], learnerIds: ReadonlySet<string>, courses: readonly ReportCourse[]): CourseFigures[] {
  const dates = new Set(covered);
  const acc = new Map(courses.map((c) => [c.courseId, { active: new Set<string>(), completed: new Set<string>(), seconds: 0, assessments: 0, scoreSum: 0 }]));
  for (const d of days) {
    if (!dates.has(d.date) || !learnerIds.has(d.userId)) continue;
    for (const c of Object.values(d.content ?? {})) {
      const into = c.contentType === 'course' ? acc.get(c.contentId) : undefined;
      if (!into) continue;
      into.active.add(d.userId);
      if (c.completed) into.completed.add(d.userId);
      into.seconds += c.seconds;
      into.assessments += c.assessments;
      into.scoreSum += c.scoreSum;
    }
  }
  return courses
    .map((course) => {
      const a = acc.get(course.courseId)!;
      return {
        course_id: course.courseId,
        title: course.title,
        learners_active: a.active.size,
        completions: a.completed.size,
        completion_rate: a.active.size > 0 ? round1((100 * a.completed.size) / a.active.size) : null,
        average_score: averageScore(a.scoreSum, a.assessments),
        time_spent_hours: hours(a.seconds),
      };
    })
    .sort((x, y) => y.completions - x.completions || (x.title < y.title ? -1 : x.title > y.title ? 1 : 0));
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
 * Every figure of one report from its inputs: the analysed learners, their learner-days over the
 * period and the equal period before it, their progress rollups, the courses in scope.
 */
export function reportFigures(input: {
  window: DateWindow;
  through: string | null;
  scope: ReportScope;
  learners: readonly ReportLearner[];
  days: readonly LearnerDay[];
  courseProgressOf: CourseProgressOf;
  courses: readonly ReportCourse[];
}): ReportFigures {
  const { window, through, scope } = input;
  const covered = coveredDatesOf(window, through);
  const ids = new Set(input.learners.map((l) => l.userId));
  const byLearner = new Map<string, LearnerDay[]>();
  for (const d of input.days) if (ids.has(d.userId)) byLearner.set(d.userId, [...(byLearner.get(d.userId) ?? []), d]);
  const learners = input.learners.map((l) => learnerFigures(l, byLearner.get(l.userId) ?? [], window, through, scope, input.courseProgressOf(l.userId)));
  const popDays = populationDays(input.days, covered, ids, scope);
  const engagement = engagementFigures(popDays, covered.length > 0 ? { start: window.from, end: window.to } : null, through);
  const courses = courseFigures(input.days, covered, ids, input.courses);
  const tenantScope = scope.kind === 'tenant';
  const coveredSet = new Set(covered);
  const all = scopedTotals(input.days.filter((d) => ids.has(d.userId) && coveredSet.has(d.date)), scope);
  return {
    period: { start_date: window.from, end_date: window.to, covered_days: covered.length },
    learners,
    courses,
    dailyActiveLearners: [...engagement.dailyActiveUsers].reverse().map((d) => ({ date: d.date, learners: d.users })),
    sessionDurationAvgMinutes: tenantScope ? engagement.sessionDurationAvgMinutes : null,
    bounceRate: tenantScope ? engagement.bounceRate : null,
    progressDistribution: progressDistribution(learners),
    totals: {
      usersAnalyzed: learners.length,
      activeLearners: learners.filter((l) => l.active_days > 0).length,
      activeLearnerDays: popDays.reduce((a, d) => a + d.activeLearners, 0),
      totalProgressPoints: tenantScope ? sumOrNull(learners.map((l) => l.points_earned)) : null,
      averageCompletionRate: mean(learners.map((l) => l.progress_percentage)),
      achievementsEarned: tenantScope ? sumOrNull(learners.map((l) => l.achievements_earned)) : null,
      learnersWithAchievements: tenantScope ? learners.filter((l) => (l.achievements_earned ?? 0) > 0).length : null,
      topicsCompleted: learners.reduce((a, l) => a + l.topics_completed, 0),
      coursesCompleted: learners.reduce((a, l) => a + l.courses_completed, 0),
      totalTimeSpentHours: hours(all.seconds),
      sessions: tenantScope ? learners.reduce((a, l) => a + (l.sessions ?? 0), 0) : null,
      averageEngagementScore: mean(learners.map((l) => l.engagement_score)),
      averageScore: averageScore(all.scoreSum, all.assessments),
      courseAverageCompletionRate: mean(courses.map((c) => c.completion_rate)),
    },
  };
}

// ---- Recommendations: written rules, each naming the figure that triggered it. ----

/** The thresholds of the recommendation rules (docs/analytics-reports.section.md "Recommendations"). */
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
