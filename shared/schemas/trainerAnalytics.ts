import * as z from 'zod';
import { userIdSchema } from './tutorialProgress.js';
import { lazySchema } from './lazySchema.js';

/** Seed 003 §3 trainer analytics shapes (issue 16). Strict: unknown parameters are 400s naming them. */
export const trainerParams = lazySchema(() => z.object({ trainerId: userIdSchema }).strict());
export const noQuery = lazySchema(() => z.object({}).strict());

export const coursePerformanceData = lazySchema(() => z.object({
  trainerId: z.string(),
  totalCourses: z.number().int(),
  avgCompletionRate: z.number().nullable(),
  avgRating: z.number().nullable(),
  totalStudents: z.number().int(),
  courses: z.array(
    z.object({
      courseId: z.string(),
      courseName: z.string(),
      enrollments: z.number().int(),
      completions: z.number().int(),
      completionRate: z.number().nullable(),
      avgScore: z.number().nullable(),
      avgRating: z.number().nullable(),
      reviewsCount: z.number().int(),
    }),
  ),
}));

export const trainerMeta = lazySchema(() => z.object({ calculatedAt: z.string(), dataSource: z.enum(['nightly', 'none']), nightlyThrough: z.string().nullable() }));

const dropOffRow = lazySchema(() => ({ reached: z.number().int(), droppedOff: z.number().int(), dropOffRate: z.number().nullable() }));

export const courseHealthData = lazySchema(() => z.object({
  trainerId: z.string(),
  healthyCourses: z.number().int(),
  atRiskCourses: z.number().int(),
  courses: z.array(
    z.object({
      courseId: z.string(),
      courseName: z.string(),
      healthScore: z.number().nullable(),
      status: z.enum(['healthy', 'at_risk', 'insufficient_data']),
      metrics: z.object({ completionRate: z.number().nullable(), engagementScore: z.number().nullable(), dropOffRate: z.number().nullable() }),
      dropOffBySection: z.array(z.object({ section: z.number().int(), sectionId: z.string().nullable(), title: z.string().nullable(), ...dropOffRow })),
      dropOffByWeek: z.array(z.object({ week: z.number().int(), ...dropOffRow })),
      alerts: z.array(z.string()),
    }),
  ),
}));

export const studentDistributionData = lazySchema(() => z.object({
  trainerId: z.string(),
  totalStudents: z.number().int(),
  byLevel: z.object({ beginner: z.number().int(), intermediate: z.number().int(), advanced: z.number().int(), expert: z.number().int(), unassessed: z.number().int() }).nullable(),
  byProgress: z.object({ notStarted: z.number().int(), inProgress: z.number().int(), completed: z.number().int() }).nullable(),
  byPerformance: z.object({ struggling: z.number().int(), onTrack: z.number().int(), excelling: z.number().int(), notAssessed: z.number().int() }).nullable(),
}));

export const teachingEffectivenessData = lazySchema(() => z.object({
  trainerId: z.string(),
  overallScore: z.number().nullable(),
  studentSuccessRate: z.number().nullable(),
  avgStudentSatisfaction: z.number().nullable(),
  contentQualityScore: z.number().nullable(),
  engagementScore: z.number().nullable(),
  strengths: z.array(z.string()),
  areasForImprovement: z.array(z.string()),
}));
