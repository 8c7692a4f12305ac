import * as z from 'zod';
import { learnerParams } from './learnerAnalytics.js';
import { lazySchema } from './lazySchema.js';

/** Seed 003 §6 predictive analytics (issue 21): response shapes (docs/analytics.md §17.7–17.8). */
export const dropoffParams = learnerParams;
export const noQuery = lazySchema(() => z.object({}).strict());

export const dropoffData = lazySchema(() => z.object({
  userId: z.string(),
  asOf: z.string().nullable().describe('The aggregated-through date the features are computed at; null before the first nightly run'),
  riskLevel: z.enum(['high', 'medium', 'low']).nullable(),
  riskScore: z.number().nullable().describe('Calibrated probability of no activity in the 14 days after asOf; null without activity in the 28 days ending at asOf'),
  confidenceScore: z.number().nullable(),
  factors: z.array(
    z.object({
      factor: z.string(),
      feature: z.string(),
      value: z.number(),
      contribution: z.number().describe('Logit units; modelScale.intercept + Σ contributions = modelScale.logit'),
      weight: z.number(),
      impact: z.enum(['high', 'medium', 'low']),
      direction: z.enum(['raises_risk', 'lowers_risk']),
    }),
  ),
  modelScale: z.object({ intercept: z.number(), logit: z.number() }).nullable(),
  recommendations: z.array(z.string()),
  predictedOutcome: z.object({ ifNoAction: z.string(), ifActionTaken: z.string() }).nullable(),
}));

export const dropoffMeta = lazySchema(() => z.object({
  calculatedAt: z.string(),
  dataSource: z.literal('nightly'),
  model: z.object({ name: z.string(), version: z.number(), source: z.enum(['tenant', 'global_prior']), trainedAt: z.string(), auc: z.number().nullable() }),
  cacheExpiry: z.string(),
}));
