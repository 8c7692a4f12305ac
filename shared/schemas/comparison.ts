import * as z from 'zod';
import { skillIdSchema } from './skills.js';
import { userIdSchema } from './tutorialProgress.js';
import { lazySchema } from './lazySchema.js';

/** Seed 003 §5 comparison (issue 16). Strict: an unknown parameter is a 400 naming it. */

export const peerParams = lazySchema(() => z.object({ userId: userIdSchema }).strict());

export const peerQuery = lazySchema(() => z
  .object({
    scope: z.enum(['within_org', 'overall_platform']).default('within_org'),
    competencyLevel: z.enum(['beginner', 'intermediate', 'advanced']).optional(),
    skillId: skillIdSchema.optional(),
    learningPathId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'A learning path (program) id').optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.scope === 'overall_platform') {
      for (const field of ['skillId', 'learningPathId'] as const) {
        if (q[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'Skills and learning paths belong to one organization: use scope=within_org' });
      }
    }
  }));
export type PeerQuery = z.output<typeof peerQuery>;

const metrics = lazySchema(() => z.object({ learningVelocity: z.number().nullable(), avgScore: z.number().nullable(), skillsMastered: z.number().nullable() }));

export const peerData = lazySchema(() => z.object({
  userId: z.string(),
  userMetrics: metrics,
  peerAverages: metrics,
  percentileRank: z.number().nullable(),
  comparisonGroup: z.object({
    scope: z.enum(['within_org', 'overall_platform']),
    competencyLevel: z.string().nullable(),
    sampleSize: z.number().int(),
    filters: z.record(z.string(), z.string()),
    tenants: z.number().int().optional(),
  }),
  insights: z.array(z.string()),
}));

export const peerMeta = lazySchema(() => z.object({ calculatedAt: z.string(), dataSource: z.literal('nightly'), privacy: z.literal('k_anonymity_enforced'), minSampleSize: z.number().int() }));
