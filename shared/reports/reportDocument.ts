import type { StoredTenantDay } from '../analytics/aggregateStore.js';
import { achievementFigures } from '../domain/dashboardFigures.js';
import type { DateWindow } from '../domain/learnerFigures.js';
import { figuresFromFacts, recommendationsOf, type ReportFacts, type ReportFigures, type ReportRecommendation, type ReportType } from '../domain/reportFigures.js';
import { ACHIEVEMENT_TIERS } from '../schemas/achievements.js';
import type { ReportFormat, ReportOutput } from '../schemas/reports.js';
import type { ReportSubject, TenantContext } from './reportInputs.js';

/**
 * The JSON report: the seed 000 §9 response's `data` (report_id, report_type, generated_at, summary,
 * user_details, recommendations, export_url) plus the period, the charts' series and, for
 * course_performance, the course table. It is stored as `report.json`; the CSV and PDF are rendered
 * from this document only, so every file shows the same figures.
 */
export interface ReportDocument {
  report_id: string;
  report_type: ReportType;
  status: 'ready';
  generated_at: string;
  requested_at: string;
  community_id: string;
  organization_name: string | null;
  scope: { kind: 'tenant' | 'courses'; course_ids: string[] | null };
  format: ReportFormat;
  output: ReportOutput;
  period: { start_date: string; end_date: string; covered_days: number };
  data_through: string | null;
  summary: Record<string, unknown>;
  charts: {
    daily_active_learners: { date: string; learners: number }[];
    completions_per_course: { course_id: string; title: string; completions: number }[];
    progress_distribution: { bucket: string; learners: number }[];
  };
  courses?: ReportFigures['courses'];
  user_details?: ReportFigures['learners'];
  recommendations: string[];
  recommendation_details: ReportRecommendation[];
}

export interface DocumentInput {
  reportId: string;
  reportType: ReportType;
  format: ReportFormat;
  output: ReportOutput;
  requestedAt: string;
  generatedAt: string;
  window: DateWindow;
  ctx: TenantContext;
  subject: ReportSubject;
  /** The analysed learners' totals over the period (reportInputs.ts readReportFacts). */
  facts: ReportFacts;
  courseProgress: ReadonlyMap<string, Record<string, number>>;
  /** The tenant-days of the period: only for achievement_summary of the whole tenant. */
  tenantDays: readonly StoredTenantDay[] | null;
}

/** Completions-per-course chart: the courses with a completion, most first, at most this many. */
export const MAX_CHART_COURSES = 12;

export function buildReportDocument(input: DocumentInput): ReportDocument {
  const { ctx, subject, window } = input;
  const figures = figuresFromFacts(input.facts, {
    window,
    through: ctx.through,
    scope: subject.scope,
    learners: subject.learners,
    courseProgressOf: (userId) => input.courseProgress.get(userId),
    courses: subject.courses,
  });
  const t = figures.totals;
  const summary: Record<string, unknown> = { users_analyzed: t.usersAnalyzed, active_learners: t.activeLearners };
  switch (input.reportType) {
    case 'progress_summary':
      Object.assign(summary, {
        total_progress_points: t.totalProgressPoints,
        average_completion_rate: t.averageCompletionRate,
        achievements_earned: t.achievementsEarned,
        topics_completed: t.topicsCompleted,
        courses_completed: t.coursesCompleted,
        total_time_spent_hours: t.totalTimeSpentHours,
      });
      break;
    case 'engagement_summary':
      Object.assign(summary, {
        active_learner_days: t.activeLearnerDays,
        sessions: t.sessions,
        session_duration_avg_minutes: figures.sessionDurationAvgMinutes,
        bounce_rate: figures.bounceRate,
        average_engagement_score: t.averageEngagementScore,
        total_time_spent_hours: t.totalTimeSpentHours,
      });
      break;
    case 'course_performance':
      Object.assign(summary, {
        courses_analyzed: figures.courses.length,
        courses_completed: t.coursesCompleted,
        average_completion_rate: t.courseAverageCompletionRate,
        average_score: t.averageScore,
        total_time_spent_hours: t.totalTimeSpentHours,
      });
      break;
    case 'achievement_summary': {
      // Per-achievement counts exist only on tenant-days (the whole tenant's awards), so a report on
      // a subset of learners leaves them null rather than showing the tenant's.
      const a = input.tenantDays && ctx.through
        ? achievementFigures(input.tenantDays, { start: window.from, end: window.to }, ctx.through, ctx.achievementDefinitions, ACHIEVEMENT_TIERS)
        : null;
      Object.assign(summary, {
        achievements_earned: t.achievementsEarned,
        learners_with_achievements: t.learnersWithAchievements,
        points_earned: t.totalProgressPoints,
        most_popular_achievement: a?.mostPopularAchievement ? { id: a.mostPopularAchievement.id, title: a.mostPopularAchievement.title, earned_count: a.mostPopularAchievement.earnedCount } : null,
        achievement_distribution: a?.achievementDistribution ?? null,
      });
      break;
    }
  }
  const recommendations = recommendationsOf(figures);
  return {
    report_id: input.reportId,
    report_type: input.reportType,
    status: 'ready',
    generated_at: input.generatedAt,
    requested_at: input.requestedAt,
    community_id: ctx.tenantId,
    organization_name: ctx.organizationName,
    scope: { kind: subject.scope.kind, course_ids: subject.scope.kind === 'courses' ? [...subject.scope.courseIds].sort() : null },
    format: input.format,
    output: input.output,
    period: figures.period,
    data_through: ctx.through,
    summary,
    charts: {
      daily_active_learners: figures.dailyActiveLearners,
      completions_per_course: figures.courses.filter((c) => c.completions > 0).slice(0, MAX_CHART_COURSES).map((c) => ({ course_id: c.course_id, title: c.title, completions: c.completions })),
      progress_distribution: figures.progressDistribution,
    },
    ...(input.reportType === 'course_performance' ? { courses: figures.courses } : {}),
    ...(input.format === 'detailed' ? { user_details: figures.learners } : {}),
    recommendations: recommendations.map((r) => r.message),
    recommendation_details: recommendations,
  };
}
