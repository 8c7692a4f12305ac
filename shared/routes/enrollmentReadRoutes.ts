import * as z from 'zod';
import * as s from '../schemas/enrollments.js';
import type { RouteDefinition } from './types.js';

/**
 * The enrollments group (issue 7): seed 002's two enrollment lists — always the caller's own, since the
 * key is the caller's collection (no role to check, nothing to name another learner with) — and seed
 * 000 §2 Program Enrollment API, whose actions check their own rules (enrolling or reading another
 * member: trainer or org admin). Rate class: seed 002 "Authenticated requests: 1000 requests per hour",
 * seed 000 "Standard APIs: 1000 requests/hour per user" (`authenticated-hourly`).
 */
const rest = { group: 'enrollments', auth: { kind: 'authenticated' }, rateClass: 'authenticated-hourly', style: 'rest002', envelope: 'bare', tags: ['enrollments'] } as const;
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

export const ENROLLMENT_READ_ROUTES: RouteDefinition[] = [
  {
    ...rest,
    id: 'enrollments.list',
    method: 'GET',
    path: '/api/v1/enrollments/',
    summary: `The caller's enrollments (active, completed — derived from progress — and revoked after a refund), newest first; status filter, page, page_size (≤ ${s.ENROLLMENT_LIMITS.pageSizeMax}). active_enrollments and completed_courses count all of them.`,
    request: { query: s.listEnrollmentsQuery },
    response: { status: 200, description: 'A page of enrollments with summary counts', schema: s.enrollmentsPage },
  },
  {
    ...rest,
    id: 'enrollments.studentCourses',
    method: 'GET',
    path: '/api/v1/student/courses/',
    summary: `The courses the caller is enrolled in with progress: status (not_started, in_progress, completed), sort (enrolled_at, last_accessed, progress), order (desc by default), page, page_size (≤ ${s.ENROLLMENT_LIMITS.pageSizeMax}). Refunded enrollments are not listed.`,
    request: { query: s.studentCoursesQuery },
    response: { status: 200, description: 'A page of enrolled courses', schema: s.studentCoursesPage },
  },
  {
    ...rest,
    style: 'rpc000',
    envelope: 'style',
    tags: ['enrollments', 'programs'],
    id: 'enrollments.programEnrollmentApi',
    method: 'POST',
    path: '/functions/v1/program-enrollment-api',
    summary: 'Program enrollment: action enroll (the caller, or for trainers and org admins another member as `assigned`; enrolls in the program\'s published courses in sequence order, paid courses only when an org admin assigns) and get_progress (own enrollment; trainers and org admins any member\'s)',
    request: { body: s.programEnrollmentApiBody },
    response: { status: 200, description: 'The enrollment (enroll) or its progress (get_progress)', schema: envelope(z.union([s.programEnrollmentData, s.programProgressData])) },
  },
];
