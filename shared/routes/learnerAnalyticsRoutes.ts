import * as z from 'zod';
import * as s from '../schemas/learnerAnalytics.js';
import * as pr from '../schemas/predictive.js';
import type { RouteDefinition } from './types.js';

/**
 * Learner analytics (issue 14), one Lambda group, served by shared/analytics/learnerAnalyticsService.ts
 * from the nightly learner-days plus a live fold of the learner's latest ledger records (≤ 3 DynamoDB
 * requests per call).
 * - seed 003 §2 `GET /api/v1/analytics/learner/{velocity|engagement|performance|content-effectiveness}/{userId}`:
 *   the learner themself, or a trainer / org_admin of the same tenant for one of its members (403 for
 *   anyone else, 404 for a non-member).
 * - seed 002 `GET /api/v1/analytics/learning/` and seed 004 `GET /api/progress/analytics`: the caller's own.
 * Rate class `standard` (100/min) for all six: seed 003 documents "100 req/min" for these routes and
 * seed 004 `api: { rpm: 100 }`; seed 002's learning analytics is the learner's own dashboard page, read
 * as often as seed 003's, and costs the same ≤ 3 requests, so seed 000's 100/hour analytics class
 * (meant for tenant-wide dashboards) is not applied to it.
 */
const base = { group: 'learnerAnalytics', auth: { kind: 'authenticated' }, rateClass: 'standard', tags: ['analytics'] } as const;

const seed003 = (id: string, segment: string, summary: string, data: z.ZodType): RouteDefinition => ({
  ...base,
  id: `learnerAnalytics.${id}`,
  method: 'GET',
  path: `/api/v1/analytics/learner/${segment}/{userId}`,
  style: 'rest003',
  summary,
  request: { params: s.learnerParams, query: s.windowQuery },
  response: { status: 200, description: summary, schema: z.object({ success: z.literal(true), data, meta: s.sourceMeta }) },
});

export const LEARNER_ANALYTICS_ROUTES: RouteDefinition[] = [
  seed003('velocity', 'velocity', 'Learning velocity in topics/week against the learner\'s goal, trend, estimated completion and milestones', s.velocityData),
  seed003('engagement', 'engagement', 'Engagement score, sessions per week, session length, engagement by lesson type and 5-week trend', s.engagementData),
  seed003('performance', 'performance', 'Assessment performance: average score, trend, pass rate, by lesson skill, recent scores', s.performanceData),
  seed003('contentEffectiveness', 'content-effectiveness', 'Completion rate, retention and effectiveness per content type, with rule-based recommendations', s.contentEffectivenessData),
  {
    ...base,
    id: 'learnerAnalytics.learning',
    method: 'GET',
    path: '/api/v1/analytics/learning/',
    style: 'rest002',
    envelope: 'bare',
    summary: 'The caller\'s learning analytics for a period (week, month, year, all_time; optionally one course)',
    request: { query: s.learningQuery },
    response: { status: 200, description: 'The learning analytics', schema: s.learningAnalyticsData },
  },
  {
    ...base,
    id: 'learnerAnalytics.progressAnalytics',
    method: 'GET',
    path: '/api/progress/analytics',
    style: 'rest004',
    summary: 'The caller\'s analytics and gamification (seed 004 Analytics: streaks, achievements, progressTrends, performance)',
    request: { query: s.noQuery },
    response: { status: 200, description: 'The analytics', schema: z.object({ success: z.literal(true), data: s.progressAnalyticsData, meta: s.sourceMeta.extend({ requestId: z.string(), timestamp: z.string() }) }) },
  },
  {
    ...base,
    id: 'learnerAnalytics.dropoffRisk',
    method: 'GET',
    path: '/api/v1/analytics/predictive/drop-off-risk/{userId}',
    rateClass: 'reports',
    style: 'rest003',
    summary: 'Drop-off risk (seed 003 §6, issue 21): the tenant\'s logistic model (or the global prior) on the learner\'s last 28 learner-days; factors are its per-feature logit contributions; 10/hour; cached 48 hours; 403 PREDICTIONS_DISABLED when the learner opted out',
    request: { params: pr.dropoffParams, query: pr.noQuery },
    response: { status: 200, description: 'The drop-off risk', schema: z.object({ success: z.literal(true), data: pr.dropoffData, meta: pr.dropoffMeta }) },
  },
  {
    ...base,
    id: 'learnerAnalytics.forecast',
    method: 'GET',
    path: '/api/v1/analytics/predictive/forecast/{userId}',
    rateClass: 'reports',
    style: 'rest003',
    summary: 'Completion forecast (seed 003 §6, issue 21) of a course, skill or learning path: dates at the 75th / 50th / 25th percentile of the learner\'s weekly pace, confidence from its variance, milestones; null dates without a pace; 10/hour; 403 PREDICTIONS_DISABLED when the learner opted out',
    request: { params: pr.dropoffParams, query: pr.forecastQuery },
    response: { status: 200, description: 'The forecast', schema: z.object({ success: z.literal(true), data: pr.forecastData, meta: pr.forecastMeta }) },
  },
  {
    ...base,
    id: 'learnerAnalytics.recommendations',
    method: 'GET',
    path: '/api/v1/analytics/predictive/recommendations/{userId}',
    rateClass: 'reports',
    style: 'rest003',
    summary: 'Next-course recommendations (seed 003 §6, issue 21) ranked from prerequisites met, skill gaps and co-completion counts of groups of at least 10, each with its figures and reasoning; never a completed course; 10/hour; cached 48 hours; 403 PREDICTIONS_DISABLED when the learner opted out',
    request: { params: pr.dropoffParams, query: pr.recommendationsQuery },
    response: { status: 200, description: 'The recommendations', schema: z.object({ success: z.literal(true), data: pr.recommendationsData, meta: pr.recommendationsMeta }) },
  },
];
