import * as z from 'zod';
import { userIdSchema } from './tutorialProgress.js';

/** Seed 003 §3 trainer analytics shapes (issue 16). Strict: unknown parameters are 400s naming them. */
export const trainerParams = z.object({ trainerId: userIdSchema }).strict();
export const noQuery = z.object({}).strict();

export const coursePerformanceData = z.object({
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
});

export const trainerMeta = z.object({ calculatedAt: z.string(), dataSource: z.enum(['nightly', 'none']), nightlyThrough: z.string().nullable() });
