import * as z from 'zod';
import * as s from '../schemas/reports.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 000 §9 Automated Reports: one action-style RPC route for org admins and trainers (trainers
 * report on their own courses only; learners and instructors get 403). Rate class: seed 000 "Report
 * Generation: 10 requests/hour per user" (`reports`). `generate_report` answers 200 with the report
 * when it covers at most 500 learners, otherwise 202 with the report id while it runs in the background.
 */
export const REPORT_ROUTES: RouteDefinition[] = [
  {
    id: 'reports.automatedReports',
    method: 'POST',
    path: '/functions/v1/automated-reports',
    group: 'reports',
    auth: { kind: 'authenticated', roles: ['org_admin', 'trainer'] },
    rateClass: 'reports',
    style: 'rpc000',
    tags: ['reports'],
    summary: 'Automated reports: generate_report (progress, engagement, course performance, achievements as JSON, CSV or PDF in S3), get_report (fresh export_url), list_reports, schedule_report, list_schedules, delete_schedule (org_admin, trainer)',
    request: { body: s.automatedReportsBody },
    response: { status: 200, description: 'The report (200 when generated at once, 202 while it runs), a page of reports, or schedules', schema: z.object({ success: z.literal(true), data: s.automatedReportsData }) },
  },
];
