import * as z from 'zod';
import * as s from '../schemas/analyticsProcessing.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 000 §10 Background Analytics Cron: `process_analytics` (reprocess a date of the caller's tenant,
 * asynchronously: 202 with the queued process) and `get_status`. Org admins only — learners and
 * trainers get 403. Rate class `analytics` (seed 000 "Analytics APIs: 100 requests/hour per user").
 */
export const ANALYTICS_PROCESSING_ROUTES: RouteDefinition[] = [
  {
    id: 'analyticsProcessing.backgroundAnalyticsCron',
    method: 'POST',
    path: '/functions/v1/background-analytics-cron',
    group: 'analyticsProcessing',
    auth: { kind: 'authenticated', roles: ['org_admin'] },
    rateClass: 'analytics',
    style: 'rpc000',
    tags: ['analytics'],
    summary: 'Background analytics: action process_analytics (daily_aggregation of one date in the last 30 days, asynchronous) or get_status of a process',
    request: { body: s.analyticsCronBody },
    response: { status: 202, description: 'process_analytics: the queued process (202); get_status: the process (200)', schema: z.object({ success: z.literal(true), data: s.processData }) },
  },
];
