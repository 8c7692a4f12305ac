import * as z from 'zod';
import * as s from '../schemas/trainerAnalytics.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 003 §3 trainer analytics (issue 16), group `trainerAnalytics`: roles `trainer` (own data) and
 * `org_admin` (any trainer of the tenant); learners and instructors 403. Rate class `standard`.
 * All four routes read the same precomputed course rollups (3 DynamoDB requests).
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
  {
    id: 'trainerAnalytics.courseHealth',
    method: 'GET',
    path: '/api/v1/analytics/trainer/course-health/{trainerId}',
    group: 'trainerAnalytics',
    auth: { kind: 'authenticated', roles: ['trainer', 'org_admin'] },
    rateClass: 'standard',
    style: 'rest003',
    tags: ['analytics'],
    summary: 'Per course the trainer teaches: health score and status, completion rate, engagement, drop-off rate, drop-off by section and by week, alerts naming the figure',
    request: { params: s.trainerParams, query: s.noQuery },
    response: { status: 200, description: 'Course health', schema: z.object({ success: z.literal(true), data: s.courseHealthData, meta: s.trainerMeta }) },
  },
  {
    id: 'trainerAnalytics.studentDistribution',
    method: 'GET',
    path: '/api/v1/analytics/trainer/student-distribution/{trainerId}',
    group: 'trainerAnalytics',
    auth: { kind: 'authenticated', roles: ['trainer', 'org_admin'] },
    rateClass: 'standard',
    style: 'rest003',
    tags: ['analytics'],
    summary: "The trainer's students by level on the courses' skills, by progress and by performance",
    request: { params: s.trainerParams, query: s.noQuery },
    response: { status: 200, description: 'Student distribution', schema: z.object({ success: z.literal(true), data: s.studentDistributionData, meta: s.trainerMeta }) },
  },
  {
    id: 'trainerAnalytics.teachingEffectiveness',
    method: 'GET',
    path: '/api/v1/analytics/trainer/teaching-effectiveness/{trainerId}',
    group: 'trainerAnalytics',
    auth: { kind: 'authenticated', roles: ['trainer', 'org_admin'] },
    rateClass: 'standard',
    style: 'rest003',
    tags: ['analytics'],
    summary: "Student success, satisfaction from reviews, assessment results and engagement over the trainer's courses, with strengths and areas for improvement from written thresholds",
    request: { params: s.trainerParams, query: s.noQuery },
    response: { status: 200, description: 'Teaching effectiveness', schema: z.object({ success: z.literal(true), data: s.teachingEffectivenessData, meta: s.trainerMeta }) },
  },
];
