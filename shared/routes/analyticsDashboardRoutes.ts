import * as z from 'zod';
import * as s from '../schemas/analyticsDashboard.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 000 §8 Analytics Dashboard: an action-style RPC route for org admins and trainers (learners and
 * instructors get 403). Rate class: seed 000 "Analytics APIs: 100 requests/hour per user" (`analytics`).
 * Every figure comes from the nightly aggregates (docs/analytics.md "Analytics dashboard").
 */
export const ANALYTICS_DASHBOARD_ROUTES: RouteDefinition[] = [
  {
    id: 'analytics.dashboard',
    method: 'POST',
    path: '/functions/v1/analytics-dashboard',
    group: 'analytics',
    auth: { kind: 'authenticated', roles: ['org_admin', 'trainer'] },
    rateClass: 'analytics',
    style: 'rpc000',
    tags: ['analytics'],
    summary: 'Analytics dashboard: action get_dashboard returns the overview, engagement, completion and achievement figures of the tenant for a date range (org_admin, trainer)',
    request: { body: s.analyticsDashboardBody },
    response: { status: 200, description: 'The selected dashboard sections, with the aggregated-through date', schema: z.object({ success: z.literal(true), data: s.dashboardData }) },
  },
];
