import * as z from 'zod';
import { userIdSchema } from './tutorialProgress.js';
import { lazySchema } from './lazySchema.js';

/**
 * Skills feature shapes (issue 16): the tenant's taxonomy (seed 002 style, snake_case), seed 000 §7
 * `assess_mastery` and seed 003 §2 `skill-gap` / `mastery`. Bodies and queries are strict: an unknown
 * field is a 400 naming it.
 */

export const TAXONOMY_LIMITS = { domains: 50, skillsPerDomain: 100 } as const;

/** Skill and domain ids: lower case letters, digits, `_`, `-`, `.` (seed 000: `async_programming`). */
export const skillIdSchema = lazySchema(() => z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,49}$/, '1–50 lower-case letters, digits, _ . - (starting with a letter or digit)'));

const skill = lazySchema(() => z.object({ id: skillIdSchema, name: z.string().trim().min(1).max(100) }).strict());
const domain = lazySchema(() => z.object({ id: skillIdSchema, name: z.string().trim().min(1).max(100), skills: z.array(skill).min(1).max(TAXONOMY_LIMITS.skillsPerDomain) }).strict());

export const putTaxonomyBody = lazySchema(() => z.object({ domains: z.array(domain).max(TAXONOMY_LIMITS.domains) }).strict());
export type PutTaxonomyBody = z.output<typeof putTaxonomyBody>;

export const taxonomyData = lazySchema(() => z.object({
  domains: z.array(z.object({ id: z.string(), name: z.string(), skills: z.array(z.object({ id: z.string(), name: z.string() })) })),
  version: z.number().int(),
  updated_at: z.string().nullable(),
}));

export const assessMasteryBody = lazySchema(() => z
  .object({
    action: z.literal('assess_mastery'),
    user_id: userIdSchema.optional(),
    skill_domain: skillIdSchema,
    assessment_type: z.enum(['comprehensive']).default('comprehensive'),
    include_recommendations: z.boolean().default(true),
  })
  .strict());
export type AssessMasteryBody = z.output<typeof assessMasteryBody>;

const level = lazySchema(() => z.enum(['beginner', 'intermediate', 'advanced', 'expert']).nullable());
const band = lazySchema(() => z.enum(['attempted', 'familiar', 'proficient', 'mastered']).nullable());

export const assessMasteryData = lazySchema(() => z.object({
  user_id: z.string(),
  skill_domain: z.string(),
  mastery_score: z.number().nullable(),
  mastery_level: level,
  assessment_date: z.string(),
  skill_breakdown: z.record(
    z.string(),
    z.object({ score: z.number().nullable(), level, status: band, evidence_count: z.number().int(), confidence: z.number() }),
  ),
  evidence_count: z.number().int(),
  confidence: z.number(),
  recommendations: z.array(z.object({ priority: z.enum(['high', 'medium']), skill: z.string(), suggested_content: z.array(z.string()), estimated_improvement: z.number().nullable(), reason: z.string() })),
  next_assessment_recommended: z.string().nullable(),
  data_through: z.string().nullable(),
}));

export const skillParams = lazySchema(() => z.object({ userId: userIdSchema }).strict());
export const noQuery = lazySchema(() => z.object({}).strict());

export const skillMeta = lazySchema(() => z.object({ calculatedAt: z.string(), dataSource: z.enum(['nightly', 'none']), nightlyThrough: z.string().nullable() }));

export const masteryData = lazySchema(() => z.object({
  userId: z.string(),
  masteredSkills: z.number().int(),
  inProgressSkills: z.number().int(),
  skills: z.array(
    z.object({
      skillId: z.string(),
      skillName: z.string(),
      domainId: z.string().nullable(),
      masteryLevel: z.number().nullable(),
      level,
      status: z.enum(['mastered', 'in_progress']),
      band,
      masteredAt: z.string().nullable(),
      timeToMaster: z.string().nullable(),
      evidenceCount: z.number().int(),
      confidence: z.number(),
    }),
  ),
  masteryDistribution: z.object({ beginner: z.number().int(), intermediate: z.number().int(), advanced: z.number().int(), expert: z.number().int() }),
}));

export const skillGapData = lazySchema(() => z.object({
  userId: z.string(),
  totalGaps: z.number().int(),
  criticalGaps: z.number().int(),
  gaps: z.array(
    z.object({
      skillId: z.string(),
      skillName: z.string(),
      currentLevel: z.number().int(),
      requiredLevel: z.number().int(),
      gap: z.number().int(),
      priority: z.enum(['critical', 'high', 'medium']),
      estimatedTimeToClose: z.string().nullable(),
      requiredBy: z.array(z.object({ kind: z.enum(['course', 'goal']), id: z.string(), title: z.string() })),
      evidenceCount: z.number().int(),
      confidence: z.number(),
    }),
  ),
  topPriority: z.object({ skillName: z.string(), reason: z.string() }).nullable(),
}));
