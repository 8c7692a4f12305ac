import * as z from 'zod';
import { userIdSchema } from './tutorialProgress.js';
import { lazySchema } from './lazySchema.js';

/**
 * Learner analytics request and response shapes (issue 14): seed 003 §2 (`{success, data, meta}`,
 * camelCase), seed 002 learning analytics (bare, snake_case) and seed 004 progress analytics. Fields
 * beyond a seed's are additions, never renames. Queries are strict: an unknown parameter is a 400 naming it.
 */

/** Longest window a learner read may span (inclusive days). */
export const MAX_WINDOW_DAYS = 366;

const isoDate = lazySchema(() => z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'An ISO date (yyyy-mm-dd)')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'A real calendar date'));

const daySpan = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export const learnerParams = lazySchema(() => z.object({ userId: userIdSchema }).strict());

/** `startDate`/`endDate` (learner-local ISO dates); defaults: the 30 days ending today. */
export const windowQuery = lazySchema(() => z
  .object({ startDate: isoDate.optional(), endDate: isoDate.optional() })
  .strict()
  .superRefine((q, ctx) => {
    if (q.startDate && q.endDate) {
      if (q.startDate > q.endDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endDate must be on or after startDate' });
      else if (daySpan(q.startDate, q.endDate) > MAX_WINDOW_DAYS) ctx.addIssue({ code: 'custom', path: ['endDate'], message: `At most ${MAX_WINDOW_DAYS} days from startDate` });
    }
  }));

export const learningQuery = lazySchema(() => z
  .object({
    period: z.enum(['week', 'month', 'year', 'all_time']).default('month'),
    course_id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'A course id').optional(),
  })
  .strict());

export const noQuery = lazySchema(() => z.object({}).strict());

const num = lazySchema(() => z.number().nullable());

export const sourceMeta = lazySchema(() => z.object({
  calculatedAt: z.string(),
  dataSource: z.enum(['nightly', 'live', 'nightly+live', 'none']).meta({ description: 'Which source the window\'s figures come from' }),
  nightlyThrough: z.string().nullable().meta({ description: 'Dates up to this one come from the nightly aggregates' }),
  liveDates: z.array(z.string()).meta({ description: 'Dates of the window folded live from the ledger' }),
  unavailable: z.object({ from: z.string(), to: z.string() }).nullable().meta({ description: 'Dates of the window no source covers (nightly run behind)' }),
  timeZone: z.string(),
  window: z.object({ startDate: z.string(), endDate: z.string() }),
}));

export const velocityData = lazySchema(() => z
  .object({
    userId: z.string(),
    currentPace: num,
    targetPace: num,
    unit: z.literal('topics/week'),
    trendDirection: z.enum(['accelerating', 'steady', 'decelerating']).nullable(),
    trendPercentage: num,
    status: z.enum(['on_track', 'at_risk', 'behind']).nullable(),
    statusColor: z.enum(['green', 'yellow', 'red']).nullable(),
    estimatedCompletion: z.string().nullable(),
    milestones: z.array(z.object({ name: z.string(), completedAt: z.string(), daysToComplete: z.number(), type: z.enum(['section', 'course']), courseId: z.string() })),
    topicsCompleted: z.number(),
    previousPace: num,
    remainingTopics: z.number(),
  })
  .meta({ id: 'LearnerVelocity' }));

export const engagementData = lazySchema(() => z
  .object({
    userId: z.string(),
    overallScore: num,
    trend: z.enum(['increasing', 'decreasing', 'stable']).nullable(),
    sessionsPerWeek: num,
    avgSessionDuration: num,
    lastActive: z.string().nullable(),
    engagementByType: z.object({ videoWatch: num, reading: num, practice: num, assessment: num }),
    weeklyTrend: z.array(num),
    activeDays: z.number(),
    sessions: z.number(),
  })
  .meta({ id: 'LearnerEngagement' }));

export const performanceData = lazySchema(() => z
  .object({
    userId: z.string(),
    avgScore: num,
    trend: z.enum(['improving', 'declining', 'stable']).nullable(),
    assessmentsTaken: z.number(),
    passRate: num,
    performanceBySkill: z.array(z.object({ skillName: z.string(), avgScore: z.number(), assessmentCount: z.number(), trend: z.enum(['improving', 'declining', 'stable']).nullable() })),
    recentScores: z.array(z.number()),
  })
  .meta({ id: 'LearnerPerformance' }));

const contentFigure = lazySchema(() => z.object({ contentType: z.string(), effectiveness: num, completionRate: num, avgRetention: num, itemDays: z.number(), itemsCompleted: z.number(), assessments: z.number() }));

export const contentEffectivenessData = lazySchema(() => z
  .object({
    userId: z.string(),
    mostEffective: z.array(contentFigure),
    leastEffective: z.array(contentFigure),
    recommendations: z.array(z.string()),
    byContentType: z.array(contentFigure),
    recommendationDetails: z.array(z.object({ rule: z.string(), contentType: z.string(), figure: z.string(), value: z.number(), message: z.string() })),
  })
  .meta({ id: 'LearnerContentEffectiveness' }));

export const learningAnalyticsData = lazySchema(() => z
  .object({
    period: z.enum(['week', 'month', 'year', 'all_time']),
    summary: z.object({
      total_learning_time_minutes: num,
      courses_in_progress: num,
      courses_completed: num,
      lessons_completed: num,
      quizzes_taken: num,
      average_quiz_score: num,
      certificates_earned: num,
    }),
    daily_activity: z.array(z.object({ date: z.string(), minutes_learned: z.number(), lessons_completed: z.number(), quizzes_taken: z.number() })),
    course_progress: z.array(z.object({ course_id: z.string(), course_title: z.string(), progress_percentage: z.number(), time_spent_minutes: z.number(), last_activity: z.string().nullable() })),
    achievements: z.array(z.object({ type: z.string().nullable(), title: z.string(), description: z.string(), earned_at: z.string(), icon_url: z.string().nullable() })),
    data_source: sourceMeta,
  })
  .meta({ id: 'LearningAnalytics' }));

export const progressAnalyticsData = lazySchema(() => z
  .object({
    streaks: z.object({ currentStreak: z.number(), longestStreak: z.number(), streakLevel: z.string(), streakFreezes: z.number(), lastActiveDate: z.string().nullable(), todayActive: z.boolean(), today: z.string(), timeZone: z.string() }),
    achievements: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), icon: z.string().nullable(), tier: z.string(), earnedAt: z.string().nullable(), progress: z.number() })),
    progressTrends: z.array(z.object({ metricType: z.string(), metricValue: num, period: z.enum(['daily', 'weekly', 'monthly']), periodStart: z.string(), periodEnd: z.string(), courseId: z.string().nullable() })),
    performance: z.object({ periodStart: z.string(), periodEnd: z.string(), avgScore: num, assessmentsTaken: num, passRate: num, recentScores: z.array(z.number()), totalPoints: z.number(), personalRecords: z.number() }),
  })
  .meta({ id: 'ProgressAnalytics' }));
