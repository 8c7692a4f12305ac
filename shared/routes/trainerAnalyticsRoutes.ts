import * as z from 'zod';
import * as s from '../schemas/trainerAnalytics.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 003 §3 trainer analytics (issue 16), group `trainerAnalytics`: roles `trainer` (own data) and
 * `org_admin` (any trainer of the tenant); learners and instructors 403. Rate class `standard`.
 * Only `course-performance` is served so far (course-health, student-distribution and
 * teaching-effectiveness are not built).
 */
export const TRAINER_ANALYTICS_ROUTES: RouteDefinition[] = [
  {
    id: 'trainerAnalytics.coursePerformance',
    method: 'GET',
    path: '/api/v1/analytics/trainer/course-performance/{trainerId}',
    group: 'trainerAnalytics',
    auth: { kind: 'authenticated', roles: ['trainer', 'org_admin'] },
    rateClass: 'standard',
    style: 'rest003',
    tags: ['analytics'],
    summary: 'Per course the trainer teaches: enrollments, completions, completion rate, average score and rating; totals over their courses',
    request: { params: s.trainerParams, query: s.noQuery },
    response: { status: 200, description: 'Course performance', schema: z.object({ success: z.literal(true), data: s.coursePerformanceData, meta: s.trainerMeta }) },
  },
];
