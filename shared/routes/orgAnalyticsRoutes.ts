import * as z from 'zod';
import * as s from '../schemas/orgAnalytics.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 003 §4 organization analytics (issue 16), group `orgAnalytics`:
 * `GET /api/v1/analytics/organization/{learning-velocity|strategic-alignment|department-analytics|learning-culture}/{orgId}`
 * for the organization's own org admins (learners and trainers 403, another organization 403).
 * Rate class `standard`.
 */
const route = (id: string, segment: string, summary: string, data: z.ZodType): RouteDefinition => ({
  id: `orgAnalytics.${id}`,
  method: 'GET',
  path: `/api/v1/analytics/organization/${segment}/{orgId}`,
  group: 'orgAnalytics',
  auth: { kind: 'authenticated', roles: ['org_admin'] },
  rateClass: 'standard',
  style: 'rest003',
  tags: ['analytics'],
  summary,
  request: { params: s.orgParams, query: s.noQuery },
  response: { status: 200, description: summary, schema: z.object({ success: z.literal(true), data, meta: s.orgMeta }) },
});

export const ORG_ANALYTICS_ROUTES: RouteDefinition[] = [
  route('learningVelocity', 'learning-velocity', 'Learning velocity: overall pace (topics/week), target, trend, ROI from configured figures (else null), department breakdown, monthly trend', s.learningVelocityData),
  route('strategicAlignment', 'strategic-alignment', 'Alignment of members\' skill levels with each strategic goal, critical skill gaps and actions naming real courses', s.strategicAlignmentData),
  route('departmentAnalytics', 'department-analytics', 'Per department: completion, engagement, skills covered, certificates, top performers under their privacy choice, trend; team comparison', s.departmentAnalyticsData),
  route('learningCulture', 'learning-culture', 'Learning culture from written signals (null where none exists), indicators, benchmarks across ≥ 10 organizations (else null)', s.learningCultureData),
];
