import * as z from 'zod';
import { tenantIdSchema } from '../auth/principal.js';
import { daysBetween } from '../domain/localDate.js';

/**
 * Contract of seed 000 §8 Analytics Dashboard (style rpc000): one strict action body, so an unknown
 * field is a 400 naming it. A `date_range` is at most DASHBOARD_MAX_RANGE_DAYS local dates (both ends
 * included) and never inverted; both are reported on `body.date_range`.
 */
export const DASHBOARD_MAX_RANGE_DAYS = 366;

export const DASHBOARD_METRICS = ['engagement', 'completion', 'achievement', 'user_activity'] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

const localDate = z.iso.date('A local date YYYY-MM-DD');

export const dashboardDateRange = z
  .object({ start_date: localDate, end_date: localDate })
  .strict()
  .superRefine((range, ctx) => {
    // zod still runs this when a date failed its own check; that date's issue is the one to report.
    if (!localDate.safeParse(range.start_date).success || !localDate.safeParse(range.end_date).success) return;
    const days = daysBetween(range.start_date, range.end_date) + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', message: 'end_date must not be before start_date' });
    else if (days > DASHBOARD_MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', message: `At most ${DASHBOARD_MAX_RANGE_DAYS} days (got ${days})` });
  });

export const getDashboardAction = z
  .object({
    action: z.literal('get_dashboard'),
    community_id: tenantIdSchema.optional(),
    date_range: dashboardDateRange.optional(),
    metrics: z.array(z.enum(DASHBOARD_METRICS)).min(1).max(DASHBOARD_METRICS.length * 2).optional(),
  })
  .strict();

export const analyticsDashboardBody = z.discriminatedUnion('action', [getDashboardAction]);
export type GetDashboardInput = z.infer<typeof getDashboardAction>;

// ---- Response (documentation and OpenAPI; dashboardService builds exactly this shape). ----

const monthComparison = z.object({ this_month: z.number().nullable(), last_month: z.number().nullable(), growth_rate: z.number().nullable() });

export const dashboardData = z
  .object({
    data_through: z.string().nullable().describe('The tenant\'s aggregated-through local date; every aggregate figure stops there'),
    date_range: z.object({ start_date: z.string(), end_date: z.string() }).nullable().describe('The range used (default: the 30 days ending at data_through)'),
    overview: z
      .object({
        total_users: z.number(),
        active_users_30d: z.number().nullable(),
        completion_rate: z.number().nullable(),
        average_engagement: z.number().nullable(),
      })
      .optional(),
    engagement_metrics: z
      .object({
        daily_active_users: z.array(z.object({ date: z.string(), users: z.number() })),
        session_duration_avg_minutes: z.number().nullable(),
        bounce_rate: z.number().nullable(),
      })
      .optional(),
    completion_metrics: z.object({ course_completions: monthComparison, program_completions: monthComparison }).optional(),
    achievement_metrics: z
      .object({
        total_achievements_earned: z.number().nullable(),
        most_popular_achievement: z.object({ id: z.string(), title: z.string().nullable(), earned_count: z.number() }).nullable(),
        achievement_distribution: z.array(z.object({ level: z.string(), count: z.number() })).nullable(),
      })
      .optional(),
  })
  .meta({ id: 'AnalyticsDashboard' });
