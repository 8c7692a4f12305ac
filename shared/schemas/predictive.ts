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

export const forecastQuery = lazySchema(() => z.object({
  type: z.enum(['course', 'skill', 'learning_path']),
  id: z.string().min(1).max(128),
}).strict());

const scenario = () => z.object({ date: z.string().nullable(), pace: z.number().nullable().describe('Topics per week at the scenario\'s percentile'), condition: z.string() });

export const forecastData = lazySchema(() => z.object({
  userId: z.string(),
  forecastType: z.enum(['course', 'skill', 'learning_path']),
  itemId: z.string(),
  itemName: z.string(),
  asOf: z.string().nullable().describe('The aggregated-through date the pace is measured up to'),
  currentProgress: z.number(),
  remainingTopics: z.number(),
  completed: z.boolean(),
  predictedCompletionDate: z.string().nullable().describe('The expected scenario\'s date; null without a measured pace'),
  targetCompletionDate: z.null(),
  confidenceScore: z.number().nullable(),
  weeklyPaces: z.array(z.number()),
  scenarios: z.object({ best: scenario(), expected: scenario(), worst: scenario() }),
  milestones: z.array(z.object({
    name: z.string(),
    status: z.enum(['completed', 'in_progress', 'not_started']),
    completedTopics: z.number(),
    totalTopics: z.number(),
    completedAt: z.string().nullable(),
    estimatedCompletionDate: z.string().nullable(),
  })),
}));

export const forecastMeta = lazySchema(() => z.object({ calculatedAt: z.string(), dataSource: z.literal('nightly'), model: z.literal('pace_percentiles'), nightlyThrough: z.string().nullable() }));

export const recommendationsQuery = lazySchema(() => z.object({
  context: z.enum(['skill_gap', 'velocity', 'general']).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
}).strict());

export const recommendationsData = lazySchema(() => z.object({
  userId: z.string(),
  context: z.enum(['skill_gap', 'velocity', 'general']),
  recommendations: z.array(z.object({
    id: z.string(),
    type: z.literal('course'),
    courseId: z.string(),
    courseName: z.string(),
    priority: z.number(),
    reasoning: z.string(),
    expectedOutcomes: z.array(z.string()),
    estimatedCompletionTime: z.string(),
    confidenceScore: z.number().nullable().describe('Share of the co-completion group that also completed the course; null without a group of at least 10'),
    figures: z.object({
      prerequisitesMet: z.boolean(),
      missingPrerequisites: z.array(z.string()),
      skillGaps: z.array(z.object({ skillId: z.string(), gap: z.number() })),
      coCompletion: z.object({ afterCourseId: z.string(), learners: z.number(), groupSize: z.number() }).nullable(),
      estimatedWeeks: z.number(),
    }),
    actions: z.object({ enroll: z.string(), details: z.string(), forecast: z.string() }),
  })),
}));

export const recommendationsMeta = lazySchema(() => z.object({
  calculatedAt: z.string(),
  dataSource: z.literal('nightly'),
  model: z.literal('prerequisites_skill_gaps_co_completion'),
  coCompletionThrough: z.string().nullable(),
  cacheExpiry: z.string(),
}));
