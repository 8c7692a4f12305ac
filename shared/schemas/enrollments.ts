import * as z from 'zod';
import { ENROLLMENT_SORTS } from '../enrollment/enrollmentListing.js';
import { programIdSchema } from './programs.js';
import { lazySchema } from './lazySchema.js';

/**
 * Contracts of seed 002 `GET /enrollments/` and `GET /student/courses/` (bare bodies, page links) and
 * seed 000 §2 Program Enrollment API (action-style RPC). Every object is strict: an unknown query
 * parameter or body field (a `status`, `price`, `amount` or `user_id` a client should not set) is a 400
 * naming it. Fields beyond the seeds' are additive.
 */
export const ENROLLMENT_LIMITS = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  /** How far ahead a program's target completion date may be. */
  targetCompletionMaxDays: 5 * 366,
} as const;

const page = lazySchema(() => z.coerce.number().int().min(1).max(100_000).default(1));
const pageSize = lazySchema(() => z.coerce.number().int().min(1).max(ENROLLMENT_LIMITS.pageSizeMax).default(ENROLLMENT_LIMITS.pageSizeDefault));

export const listEnrollmentsQuery = lazySchema(() => z
  .object({ status: z.enum(['active', 'completed', 'revoked']).optional(), page, page_size: pageSize })
  .strict()
  .meta({ id: 'ListEnrollmentsQuery' }));
export type ListEnrollmentsQuery = z.infer<typeof listEnrollmentsQuery>;

export const studentCoursesQuery = lazySchema(() => z
  .object({
    status: z.enum(['not_started', 'in_progress', 'completed']).optional(),
    sort: z.enum(ENROLLMENT_SORTS).default('enrolled_at'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page,
    page_size: pageSize,
  })
  .strict()
  .meta({ id: 'StudentCoursesQuery' }));
export type StudentCoursesQuery = z.infer<typeof studentCoursesQuery>;

const pageFields = lazySchema(() => ({ count: z.number(), next: z.string().nullable(), previous: z.string().nullable(), page: z.number(), page_size: z.number(), total_pages: z.number() }));

export const enrollmentView = lazySchema(() => z.object({
  enrollment_id: z.string(),
  course: z.object({ id: z.string(), title: z.string(), thumbnail_url: z.string().nullable(), instructor: z.string() }),
  status: z.enum(['active', 'completed', 'revoked']),
  progress_percentage: z.number(),
  enrolled_at: z.string(),
  last_accessed_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  certificate: z
    .object({ certificate_id: z.string(), status: z.enum(['issued', 'revoked']), issued_on: z.string(), verification_url: z.string(), certificate_url: z.string().nullable() })
    .nullable(),
  time_spent_minutes: z.number(),
  source: z.enum(['free', 'paid', 'program']),
  revoked_at: z.string().nullable(),
}));

export const enrollmentsPage = lazySchema(() => z
  .object({ ...pageFields, active_enrollments: z.number(), completed_courses: z.number(), results: z.array(enrollmentView) })
  .meta({ id: 'EnrollmentsPage' }));

export const studentCourseView = lazySchema(() => z.object({
  enrollment_id: z.string(),
  course: z.object({ id: z.string(), title: z.string(), thumbnail_url: z.string().nullable(), instructor_name: z.string(), total_duration_hours: z.number() }),
  progress: z.object({
    percentage: z.number(),
    completed_lessons: z.number(),
    total_lessons: z.number(),
    last_accessed_at: z.string().nullable(),
    estimated_time_remaining_hours: z.number(),
  }),
  status: z.enum(['not_started', 'in_progress', 'completed']),
  enrolled_at: z.string(),
  completed_at: z.string().nullable(),
  certificate_url: z.string().nullable(),
}));

export const studentCoursesPage = lazySchema(() => z.object({ ...pageFields, results: z.array(studentCourseView) }).meta({ id: 'StudentCoursesPage' }));

// ---- Seed 000 §2 Program Enrollment API ----

const isoDate = lazySchema(() => z.iso.date('A date YYYY-MM-DD'));

export const enrollProgramAction = lazySchema(() => z
  .object({
    action: z.literal('enroll'),
    program_id: programIdSchema,
    /** The learner to enroll: the caller by default; another member only for trainers and org admins. */
    user_id: z.uuid('Valid UUID format expected').optional(),
    enrollment_type: z.enum(['self_enrolled', 'assigned']).optional(),
    target_completion_date: isoDate.optional(),
  })
  .strict());

export const programEnrollmentIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'An enrollment id: 1–128 letters, digits, - or _'));

export const getProgramProgressAction = lazySchema(() => z.object({ action: z.literal('get_progress'), enrollment_id: programEnrollmentIdSchema }).strict());

export const programEnrollmentApiBody = lazySchema(() => z.discriminatedUnion('action', [enrollProgramAction, getProgramProgressAction]).meta({ id: 'ProgramEnrollmentApiBody' }));
export type ProgramEnrollmentApiBody = z.infer<typeof programEnrollmentApiBody>;
export type EnrollProgramInput = z.infer<typeof enrollProgramAction>;

const programCourseView = lazySchema(() => z.object({
  course_id: z.string(),
  title: z.string(),
  sequence_order: z.number(),
  enrollment: z.enum(['enrolled', 'already_enrolled', 'requires_purchase', 'unavailable']),
}));

export const programEnrollmentData = lazySchema(() => z.object({
  enrollment_id: z.string(),
  program_id: z.string(),
  user_id: z.string(),
  enrolled_at: z.string(),
  status: z.enum(['active', 'completed']),
  progress_percentage: z.number(),
  estimated_completion: z.string(),
  enrollment_type: z.enum(['self_enrolled', 'assigned']),
  courses: z.array(programCourseView),
}));

export const programProgressData = lazySchema(() => z.object({
  enrollment_id: z.string(),
  program_id: z.string(),
  user_id: z.string(),
  status: z.enum(['active', 'completed']),
  progress_percentage: z.number(),
  completed_courses: z.number(),
  total_courses: z.number(),
  current_course: z.object({ id: z.string(), title: z.string(), progress_percentage: z.number() }).nullable(),
  courses: z.array(
    z.object({
      course_id: z.string(),
      title: z.string(),
      sequence_order: z.number(),
      progress_percentage: z.number(),
      completed: z.boolean(),
      unlocked: z.boolean(),
      enrolled: z.boolean(),
    }),
  ),
  achievements_earned: z.array(z.object({ id: z.string(), title: z.string(), earned_at: z.string() })),
  enrolled_at: z.string(),
  completed_at: z.string().nullable(),
  estimated_completion: z.string(),
}));
