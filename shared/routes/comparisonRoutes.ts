import * as z from 'zod';
import * as s from '../schemas/comparison.js';
import * as o from '../schemas/orgAnalytics.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 003 §5 comparison analytics (issue 16), group `comparison`: `GET /api/v1/analytics/comparison/peer/{userId}`
 * for learners (themselves), trainers and org admins (members of their tenant), with k-anonymity
 * (k = 10: 400 INSUFFICIENT_SAMPLE below it) and the differencing guard. Rate class `standard`.
 */
export const COMPARISON_ROUTES: RouteDefinition[] = [
  {
    id: 'comparison.peer',
    method: 'GET',
    path: '/api/v1/analytics/comparison/peer/{userId}',
    group: 'comparison',
    auth: { kind: 'authenticated', roles: ['learner', 'trainer', 'org_admin'] },
    rateClass: 'standard',
    style: 'rest003',
    tags: ['analytics'],
    summary: 'Compare a learner with peers (within_org or overall_platform; competencyLevel, skillId, learningPathId filters) under k-anonymity (k = 10) and a differencing guard',
    request: { params: s.peerParams, query: s.peerQuery },
    response: { status: 200, description: 'The comparison', schema: z.object({ success: z.literal(true), data: s.peerData, meta: s.peerMeta }) },
  },
  {
    id: 'comparison.skillDemand',
    method: 'GET',
    path: '/api/v1/analytics/comparison/skill-demand',
    group: 'comparison',
    auth: { kind: 'authenticated' },
    rateClass: 'standard',
    style: 'rest003',
    tags: ['analytics'],
    summary: 'Skill demand in the organization: from its goals\' target skills and enrollment growth per skill, emerging skills, the caller\'s gaps; jobPostings only from imported labour-market figures',
    request: { query: o.noQuery },
    response: { status: 200, description: 'Skill demand', schema: z.object({ success: z.literal(true), data: o.skillDemandData, meta: o.skillDemandMeta }) },
  },
];
