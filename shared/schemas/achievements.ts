import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 000 §3 Achievements API: achievement definitions per tenant. Criteria are data, validated
 * here; each criterion is one measurable condition on the learner, combined with ALL (default) or ANY.
 */
export const ACHIEVEMENT_TIERS = ['bronze', 'silver', 'gold', 'legendary'] as const;
export const ACHIEVEMENT_TYPES = ['completion', 'streak', 'engagement', 'milestone', 'skill', 'points'] as const;
export const ACHIEVEMENT_STATUSES = ['active', 'archived'] as const;
export const ACHIEVEMENT_LIMITS = { perTenant: 200, requiredCourses: 20 } as const;

const ID = /^[A-Za-z0-9_-]{1,128}$/;
const idOf = (what: string) => z.string().regex(ID, `${what}: 1–128 letters, digits, - or _`);

export const criteriaSchema = lazySchema(() => z
  .object({
    /** ALL criteria must hold (default) or ANY one of them. */
    combine: z.enum(['all', 'any']).default('all'),
    /** Each required course (or, without required_courses, any one completed course) at least this % complete. */
    course_completion_threshold: z.number().int().min(1).max(100).optional(),
    required_courses: z.array(idOf('A course id')).min(1).max(ACHIEVEMENT_LIMITS.requiredCourses).optional(),
    /** The other criteria must be met within this many days of the learner's first activity. */
    time_limit_days: z.number().int().min(1).max(3650).optional(),
    courses_completed: z.number().int().min(1).max(10_000).optional(),
    streak_days: z.number().int().min(1).max(3650).optional(),
    points_total: z.number().int().min(1).max(100_000_000).optional(),
    blocks_completed: z.number().int().min(1).max(1_000_000).optional(),
    /** Average engagement score over completed blocks, at least. */
    engagement_score: z.number().min(0).max(100).optional(),
    personal_records: z.number().int().min(1).max(100_000).optional(),
    /** Another achievement of the tenant that must be held. */
    achievement_id: idOf('An achievement id').optional(),
  })
  .strict()
  .superRefine((criteria, ctx) => {
    const measurable = Object.entries(criteria).filter(([key, value]) => key !== 'combine' && key !== 'time_limit_days' && value !== undefined);
    if (measurable.length === 0) ctx.addIssue({ code: 'custom', message: 'Name at least one criterion besides combine and time_limit_days' });
    if (new Set(criteria.required_courses ?? []).size !== (criteria.required_courses ?? []).length) {
      ctx.addIssue({ code: 'custom', path: ['required_courses'], message: 'Each course once' });
    }
  }));

const fields = lazySchema(() => ({
  title: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000),
  badge_image_url: z.url({ protocol: /^https$/, message: 'An https URL' }).max(2048),
  points_value: z.number().int().min(0).max(100_000),
  achievement_type: z.enum(ACHIEVEMENT_TYPES),
  tier: z.enum(ACHIEVEMENT_TIERS),
  criteria: criteriaSchema,
}));

export const createAchievementAction = lazySchema(() => z
  .object({
    action: z.literal('create'),
    title: fields.title,
    description: fields.description.default(''),
    badge_image_url: fields.badge_image_url.optional(),
    points_value: fields.points_value.default(0),
    achievement_type: fields.achievement_type,
    tier: fields.tier.default('bronze'),
    criteria: fields.criteria,
  })
  .strict());

export const listAchievementsAction = lazySchema(() => z
  .object({
    action: z.literal('list'),
    filters: z
      .object({ achievement_type: fields.achievement_type.optional(), status: z.enum(ACHIEVEMENT_STATUSES).optional(), tier: fields.tier.optional() })
      .strict()
      .optional(),
    page: z.number().int().min(1).max(10_000).default(1),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict());

export const updateAchievementAction = lazySchema(() => z
  .object({
    action: z.literal('update'),
    achievement_id: idOf('An achievement id'),
    title: fields.title.optional(),
    description: fields.description.optional(),
    badge_image_url: fields.badge_image_url.nullable().optional(),
    points_value: fields.points_value.optional(),
    achievement_type: fields.achievement_type.optional(),
    tier: fields.tier.optional(),
    criteria: fields.criteria.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 2, 'Send at least one field to change'));

export const archiveAchievementAction = lazySchema(() => z.object({ action: z.literal('archive'), achievement_id: idOf('An achievement id') }).strict());

export const achievementsApiBody = lazySchema(() => z.discriminatedUnion('action', [createAchievementAction, listAchievementsAction, updateAchievementAction, archiveAchievementAction]));

export type AchievementCriteria = z.output<typeof criteriaSchema>;
export type CreateAchievementInput = z.output<typeof createAchievementAction>;
export type ListAchievementsInput = z.output<typeof listAchievementsAction>;
export type UpdateAchievementInput = z.output<typeof updateAchievementAction>;
export type AchievementsApiBody = z.output<typeof achievementsApiBody>;

export const achievementData = lazySchema(() => z.object({}).passthrough().meta({ id: 'Achievement', description: 'An achievement definition (docs/api.md lists the fields)' }));
