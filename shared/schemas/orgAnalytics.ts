import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/** Seed 003 §4 organization analytics and §5 skill-demand (issue 16). Strict: no query parameters. */

export const orgParams = lazySchema(() => z.object({ orgId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'An organization id') }).strict());
export const noQuery = lazySchema(() => z.object({}).strict());

export const orgMeta = lazySchema(() => z.object({ calculatedAt: z.string(), dataSource: z.enum(['nightly', 'none']), nightlyThrough: z.string().nullable() }));

const n = lazySchema(() => z.number().nullable());

export const learningVelocityData = lazySchema(() => z.object({
  organizationId: z.string(),
  overallPace: n,
  targetPace: n,
  unit: z.literal('topics/week'),
  trend: z.enum(['increasing', 'decreasing', 'stable']).nullable(),
  roiMetrics: z
    .object({ currency: z.string().nullable(), completions: z.number().int(), avgCompletionTime: z.null(), costPerCompletion: n, roiPercentage: n })
    .nullable(),
  departmentBreakdown: z.array(z.object({ departmentId: z.string(), departmentName: z.string(), pace: n, employeeCount: z.number().int(), onTrackCount: n })),
  monthlyTrend: z.array(n),
}));

export const strategicAlignmentData = lazySchema(() => z.object({
  organizationId: z.string(),
  overallAlignment: n,
  strategicGoals: z.array(
    z.object({
      goalId: z.string(),
      goalName: z.string(),
      targetSkills: z.array(z.string()),
      targetSkillLevels: z.array(z.object({ skillId: z.string(), skillName: z.string(), requiredLevel: z.number().int(), shareReached: n })),
      targetDate: z.string(),
      daysRemaining: z.number().int(),
      alignmentScore: n,
      employeesAligned: z.number().int(),
      employeesTotal: z.number().int(),
      progress: n,
    }),
  ),
  gapAnalysis: z.object({ criticalSkillGaps: z.array(z.string()), estimatedTimeToClose: z.null(), recommendedActions: z.array(z.string()) }),
}));

const performer = lazySchema(() => z.object({ userId: z.string().nullable(), fullName: z.string().nullable(), anonymous: z.boolean(), completionRate: z.number(), skillsMastered: z.number().int() }));

export const departmentAnalyticsData = lazySchema(() => z.object({
  organizationId: z.string(),
  departments: z.array(
    z.object({
      departmentId: z.string(),
      departmentName: z.string(),
      employeeCount: z.number().int(),
      metrics: z.object({ avgCompletionRate: n, avgEngagementScore: n, skillsCovered: n, certificationsEarned: n }),
      topPerformers: z.array(performer),
      trend: z.enum(['improving', 'declining', 'stable']).nullable(),
    }),
  ),
  teamComparison: z.object({ highestEngagement: z.string().nullable(), lowestEngagement: z.string().nullable(), mostImproved: z.string().nullable() }),
}));

export const learningCultureData = lazySchema(() => z.object({
  organizationId: z.string(),
  overallScore: n,
  metrics: z.object({ learningEngagement: n, knowledgeSharing: z.null(), innovationIndex: z.null(), continuousLearning: n }),
  culturalIndicators: z.array(z.object({ indicator: z.string(), score: n, trend: z.enum(['increasing', 'decreasing', 'stable']).nullable() })),
  benchmarks: z.object({ industryAverage: z.number(), topQuartile: z.number(), yourPosition: z.string().nullable(), tenants: z.number().int() }).nullable(),
}));

export const skillDemandData = lazySchema(() => z.object({
  topDemandSkills: z.array(
    z.object({
      skillId: z.string(),
      skillName: z.string(),
      demandScore: z.number(),
      trendDirection: z.enum(['increasing', 'decreasing', 'stable']),
      trendPercentage: n,
      goalMembers: z.number().int(),
      enrollments: z.object({ last28Days: z.number().int(), previous28Days: z.number().int() }),
      learnerCount: z.number().int(),
      jobPostings: n,
    }),
  ),
  emergingSkills: z.array(z.object({ skillId: z.string(), skillName: z.string(), growthRate: z.number(), currentDemand: z.number() })),
  userSkillGaps: z.array(z.object({ skillId: z.string(), skillName: z.string(), demandScore: z.number(), userMastery: n, gap: z.number(), priority: z.enum(['high', 'medium', 'low']) })),
}));

export const skillDemandMeta = lazySchema(() => z.object({
  calculatedAt: z.string(),
  dataSource: z.enum(['nightly', 'none']),
  lastRefreshed: z.string().nullable(),
  labourMarket: z.object({ source: z.string(), asOf: z.string(), region: z.string().nullable() }).nullable(),
}));
