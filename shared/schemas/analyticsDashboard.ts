import * as z from 'zod';
import { tenantIdSchema } from '../auth/principal.js';
import { localDateRangeSchema } from './common.js';
import { lazySchema } from './lazySchema.js';

/**
 * Contract of seed 000 §8 Analytics Dashboard (style rpc000): one strict action body, so an unknown
 * field is a 400 naming it. A `date_range` is at most DASHBOARD_MAX_RANGE_DAYS local dates (both ends
 * included) and never inverted; both are reported on `body.date_range`.
 */
export const DASHBOARD_MAX_RANGE_DAYS = 366;

export const DASHBOARD_METRICS = ['engagement', 'completion', 'achievement', 'user_activity'] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

export const dashboardDateRange = lazySchema(() => localDateRangeSchema(DASHBOARD_MAX_RANGE_DAYS));

export const getDashboardAction = lazySchema(() => z
  .object({
    action: z.literal('get_dashboard'),
    community_id: tenantIdSchema.optional(),
    date_range: dashboardDateRange.optional(),
    metrics: z.array(z.enum(DASHBOARD_METRICS)).min(1).max(DASHBOARD_METRICS.length * 2).optional(),
  })
  .strict());

export const analyticsDashboardBody = lazySchema(() => z.discriminatedUnion('action', [getDashboardAction]));
export type GetDashboardInput = z.infer<typeof getDashboardAction>;

// ---- Response (documentation and OpenAPI; dashboardService builds exactly this shape). ----

const monthComparison = lazySchema(() => z.object({ this_month: z.number().nullable(), last_month: z.number().nullable(), growth_rate: z.number().nullable() }));

export const dashboardData = lazySchema(() => z
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
  .meta({ id: 'AnalyticsDashboard' }));
