import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * Request and response shapes of course progress: seed 000 enhanced progress tracking and milestone
 * validation (snake_case action RPC) and seed 002 student course progress.
 */
const uuid = lazySchema(() => z.uuid({ message: 'Must be a UUID' }));
/** Seed 000: "Invalid user_id provided … expected: Valid UUID format". */
const userId = lazySchema(() => z.uuid('Valid UUID format expected'));
const contentId = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'A course or program id: 1–128 letters, digits, - or _'));

/** A seed 000 block id: `<course_id>.<lesson_id>`, as get_progress's detailed_blocks return it. */
export const blockIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,128}\.[A-Za-z0-9_-]{1,128}$/, 'A block id: <course_id>.<lesson_id>'));

const interactions = lazySchema(() => z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Interaction names: lowercase letters, digits and _'), z.number().int().min(0).max(1_000_000))
  .refine((value) => Object.keys(value).length <= 20, 'At most 20 interaction kinds'));

export const recordCompletionAction = lazySchema(() => z
  .object({
    action: z.literal('record_completion'),
    user_id: userId.optional(),
    block_id: blockIdSchema,
    completion_data: z
      .object({
        completion_time: z.iso.datetime({ offset: true, message: 'An ISO 8601 date-time' }).optional(),
        engagement_score: z.number().min(0).max(100).optional(),
        time_spent_minutes: z.number().min(0).max(1440).optional(),
        interactions: interactions.optional(),
      })
      .strict()
      .optional(),
  })
  .strict());

export const getProgressAction = lazySchema(() => z
  .object({
    action: z.literal('get_progress'),
    user_id: userId.optional(),
    content_type: z.enum(['course', 'program']),
    content_id: contentId,
    include_analytics: z.boolean().default(false),
  })
  .strict());

export const enhancedProgressBody = lazySchema(() => z.discriminatedUnion('action', [recordCompletionAction, getProgressAction]));

export const checkProgressAction = lazySchema(() => z
  .object({
    action: z.literal('check_progress'),
    user_id: userId.optional(),
    milestone_type: z.enum(['course', 'program']),
    milestone_id: contentId,
  })
  .strict());

/** Seed 000 §4 validate_achievement: `completion_data` is a claim checked against recorded progress, never trusted. */
export const validateAchievementAction = lazySchema(() => z
  .object({
    action: z.literal('validate_achievement'),
    user_id: userId.optional(),
    achievement_id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'An achievement id: 1–128 letters, digits, - or _'),
    completion_data: z
      .object({
        course_id: contentId,
        completion_score: z.number().min(0).max(100).optional(),
        completion_time: z.iso.datetime({ offset: true }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict());

export const milestoneValidationBody = lazySchema(() => z.discriminatedUnion('action', [checkProgressAction, validateAchievementAction]));

export const completionData = lazySchema(() => z
  .object({
    completion_id: z.string(),
    block_id: z.string(),
    completed_at: z.string(),
    engagement_score: z.number().nullable(),
    time_spent_minutes: z.number(),
    course_progress_percentage: z.number(),
    course_completed: z.boolean(),
    achievements_triggered: z.array(z.object({ id: z.string(), title: z.string(), reason: z.string() })),
  })
  .meta({ id: 'BlockCompletion' }));

export const blockProgressData = lazySchema(() => z.object({}).passthrough().meta({ id: 'BlockProgress', description: 'Course or program progress (docs/api.md lists the fields)' }));
export const achievementValidationData = lazySchema(() => z
  .object({
    achievement_id: z.string(),
    achievement_earned: z.boolean(),
    awarded_now: z.boolean(),
    user_achievement_id: z.string().nullable(),
    earned_at: z.string().nullable(),
    progress: z.number().int(),
    verification_data: z.object({
      validation_method: z.literal('automated'),
      score_verified: z.boolean().nullable(),
      criteria_met: z.array(z.string()),
      criteria: z.array(z.object({ criterion: z.string(), met: z.boolean(), progress: z.number().int() })),
    }),
  })
  .meta({ id: 'AchievementValidation' }));
export const milestoneProgressData = lazySchema(() => z.object({}).passthrough().meta({ id: 'MilestoneProgress', description: 'Milestone progress with estimated_completion and next_milestone' }));

export const studentCourseParams = lazySchema(() => z.object({ course_id: uuid }).strict());
export const studentLessonParams = lazySchema(() => z.object({ course_id: uuid, lesson_id: uuid }).strict());

export const lessonProgressBody = lazySchema(() => z
  .object({
    watch_time_seconds: z.number().int().min(0).max(10_000_000).optional(),
    position_seconds: z.number().int().min(0).max(10_000_000).optional(),
    completed: z.boolean().optional(),
    score: z.number().int().min(0).optional(),
    time_spent_seconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one of watch_time_seconds, position_seconds, completed, score, time_spent_seconds'));

export const lessonProgressData = lazySchema(() => z
  .object({
    lesson_id: z.string(),
    is_completed: z.boolean(),
    completed_at: z.string().nullable(),
    watch_time_seconds: z.number(),
    position_seconds: z.number(),
    score: z.number().nullable(),
    attempts: z.number(),
    passed: z.boolean().nullable(),
    course_progress: z.number(),
    completed_lessons: z.number(),
    total_lessons: z.number(),
    course_completed: z.boolean(),
  })
  .meta({ id: 'LessonProgress' }));

export const studentCourseProgressData = lazySchema(() => z.object({}).passthrough().meta({ id: 'StudentCourseProgress', description: 'Seed 002 course progress (sections, lessons, quizzes, last_accessed, time_spent)' }));
