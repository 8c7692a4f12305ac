import * as z from 'zod';
import { tenantIdSchema } from '../auth/principal.js';
import { REPORT_TYPES, RELATIVE_RANGES } from '../domain/reportFigures.js';
import { localDateRangeSchema } from './common.js';
import { isIanaTimeZone } from '../domain/timezone.js';
import { lazySchema } from './lazySchema.js';

/**
 * Contract of seed 000 §9 Automated Reports (style rpc000): `generate_report` as the seed shows, plus
 * `get_report`, `list_reports`, `schedule_report`, `list_schedules` and `delete_schedule`. Strict
 * bodies: an unknown field or action is a 400 naming it.
 */
export const REPORT_MAX_RANGE_DAYS = 366;
export const REPORT_MAX_INCLUDE_USERS = 500;
export const REPORT_OUTPUTS = ['json', 'csv', 'pdf'] as const;
export type ReportOutput = (typeof REPORT_OUTPUTS)[number];
export const REPORT_FORMATS = ['summary', 'detailed'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const userId = lazySchema(() => z.string().regex(/^[A-Za-z0-9_.:@-]{1,128}$/, 'A user id'));
const courseId = lazySchema(() => z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'A course id'));
const reportId = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,96}$/, 'A report id as returned by generate_report'));
const scheduleId = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A schedule id as returned by schedule_report'));

export const customRange = lazySchema(() => localDateRangeSchema(REPORT_MAX_RANGE_DAYS));

const relativeRange = lazySchema(() => z.enum(Object.keys(RELATIVE_RANGES) as [keyof typeof RELATIVE_RANGES, ...(keyof typeof RELATIVE_RANGES)[]]));

/** What a report covers and how it is delivered (shared by one-off and scheduled reports). */
const scopeParameters = lazySchema(() => ({
  include_users: z.array(userId).min(1).max(REPORT_MAX_INCLUDE_USERS).optional().describe('Only these members of the tenant (default: every learner)'),
  course_ids: z.array(courseId).min(1).max(100).optional().describe('Only activity on these courses (trainers: their own courses, the default)'),
  format: z.enum(REPORT_FORMATS).default('summary').describe('detailed adds user_details (one row per learner)'),
  output: z.enum(REPORT_OUTPUTS).default('pdf').describe('The file behind export_url'),
}));

export const generateReportAction = lazySchema(() => z
  .object({
    action: z.literal('generate_report'),
    report_type: z.enum(REPORT_TYPES),
    community_id: tenantIdSchema.optional(),
    parameters: z.object({ date_range: z.union([relativeRange, customRange]).default('last_30_days'), ...scopeParameters }).strict().default({ date_range: 'last_30_days', format: 'summary', output: 'pdf' }),
  })
  .strict());

export const getReportAction = lazySchema(() => z.object({ action: z.literal('get_report'), report_id: reportId }).strict());

export const listReportsAction = lazySchema(() => z
  .object({ action: z.literal('list_reports'), limit: z.number().int().min(1).max(100).default(20), cursor: z.string().max(512).optional() })
  .strict());

export const scheduleReportAction = lazySchema(() => z
  .object({
    action: z.literal('schedule_report'),
    report_type: z.enum(REPORT_TYPES),
    frequency: z.enum(['weekly', 'monthly']),
    day_of_week: z.number().int().min(1).max(7).default(1).describe('Weekly: ISO day (1 = Monday) the report for the previous 7 days is made'),
    day_of_month: z.number().int().min(1).max(28).default(1).describe('Monthly: day the report for the previous calendar month is made'),
    hour: z.number().int().min(0).max(23).default(6).describe('Local hour of the run'),
    time_zone: z.string().refine(isIanaTimeZone, 'An IANA time zone such as Europe/Paris'),
    recipients: z.array(userId).min(1).max(20).describe('Org admins and trainers of the tenant'),
    parameters: z.object(scopeParameters).strict().default({ format: 'summary', output: 'pdf' }),
  })
  .strict());

export const listSchedulesAction = lazySchema(() => z.object({ action: z.literal('list_schedules') }).strict());
export const deleteScheduleAction = lazySchema(() => z.object({ action: z.literal('delete_schedule'), schedule_id: scheduleId }).strict());

export const automatedReportsBody = lazySchema(() => z.discriminatedUnion('action', [generateReportAction, getReportAction, listReportsAction, scheduleReportAction, listSchedulesAction, deleteScheduleAction]));
export type AutomatedReportsBody = z.infer<typeof automatedReportsBody>;
export type GenerateReportInput = z.infer<typeof generateReportAction>;
export type ScheduleReportInput = z.infer<typeof scheduleReportAction>;

// ---- Responses (documentation and OpenAPI; the report service builds exactly these shapes). ----

const nullableNumber = lazySchema(() => z.number().nullable());

export const userDetail = lazySchema(() => z.object({
  user_id: z.string(),
  name: z.string().nullable(),
  progress_percentage: nullableNumber,
  courses_completed: z.number(),
  topics_completed: z.number(),
  achievements_earned: nullableNumber,
  points_earned: nullableNumber,
  total_time_spent_hours: z.number(),
  active_days: z.number(),
  sessions: nullableNumber,
  average_score: nullableNumber,
  engagement_score: nullableNumber,
  performance_trend: z.enum(['improving', 'declining', 'stable']).nullable(),
}));

export const reportData = lazySchema(() => z
  .object({
    report_id: z.string(),
    report_type: z.enum(REPORT_TYPES),
    status: z.enum(['processing', 'ready', 'failed']),
    generated_at: z.string().nullable(),
    requested_at: z.string(),
    community_id: z.string(),
    organization_name: z.string().nullable().optional(),
    learners: z.number().nullable().optional().describe('Learners the report covers (while processing)'),
    scope: z.object({ kind: z.enum(['tenant', 'courses']), course_ids: z.array(z.string()).nullable() }),
    format: z.enum(REPORT_FORMATS),
    output: z.enum(REPORT_OUTPUTS),
    period: z.object({ start_date: z.string(), end_date: z.string(), covered_days: z.number() }).optional(),
    data_through: z.string().nullable().optional(),
    summary: z.record(z.string(), z.unknown()).optional().describe('Figures of the report type (docs/analytics.md "Reports")'),
    charts: z
      .object({
        daily_active_learners: z.array(z.object({ date: z.string(), learners: z.number() })),
        completions_per_course: z.array(z.object({ course_id: z.string(), title: z.string(), completions: z.number() })),
        progress_distribution: z.array(z.object({ bucket: z.string(), learners: z.number() })),
      })
      .optional(),
    courses: z.array(z.object({ course_id: z.string(), title: z.string(), learners_active: z.number(), completions: z.number(), completion_rate: nullableNumber, average_score: nullableNumber, time_spent_hours: z.number() })).optional(),
    user_details: z.array(userDetail).optional(),
    recommendations: z.array(z.string()).optional(),
    recommendation_details: z
      .array(z.object({ rule: z.string(), figure: z.string(), value: z.union([z.number(), z.string()]), threshold: nullableNumber, subject: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }), message: z.string() }))
      .optional(),
    export_url: z.string().nullable().describe('Presigned GET of the file (short expiry); null until ready'),
    export_url_expires_at: z.string().nullable(),
    error: z.object({ message: z.string() }).nullable().optional(),
  })
  .meta({ id: 'Report' }));

export const reportListData = lazySchema(() => z
  .object({
    reports: z.array(z.object({ report_id: z.string(), report_type: z.string(), status: z.string(), requested_at: z.string(), generated_at: z.string().nullable(), requested_by: z.string(), output: z.string(), schedule_id: z.string().nullable() })),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: 'ReportList' }));

export const scheduleData = lazySchema(() => z
  .object({
    schedule_id: z.string(),
    report_type: z.string(),
    frequency: z.enum(['weekly', 'monthly']),
    day_of_week: z.number().nullable(),
    day_of_month: z.number().nullable(),
    hour: z.number(),
    time_zone: z.string(),
    recipients: z.array(z.string()),
    parameters: z.record(z.string(), z.unknown()),
    created_by: z.string(),
    created_at: z.string(),
    next_run_at: z.string(),
    last_period: z.string().nullable(),
  })
  .meta({ id: 'ReportSchedule' }));

export const automatedReportsData = lazySchema(() => z.union([reportData, reportListData, scheduleData, z.object({ schedules: z.array(scheduleData) }), z.object({ schedule_id: z.string(), deleted: z.literal(true) })]));
