import { durationHours } from '../catalog/course.js';
import type { ListEnrollmentsQuery, StudentCoursesQuery } from '../schemas/enrollments.js';
import { hoursOf } from './enrollmentProgress.js';
import { pageOf, sortRows } from './enrollmentListing.js';
import { readEnrolledCourses, type EnrolledCourse } from './enrollmentReads.js';

/**
 * The two seed 002 enrollment lists, both over the caller's own enrollments only (the key is the
 * caller's collection, so another learner's enrollments cannot be named). Pages follow seed 002's
 * pagination format; `links(page, totalPages)` builds the absolute next/previous URLs.
 */
export type PageLinkBuilder = (page: number, totalPages: number) => { next: string | null; previous: string | null };

/** Seed 002's page fields of a list answer: count, next/previous links, page, page_size, total_pages. */
function pageFields(count: number, slice: { page: number; pageSize: number; totalPages: number }, links: PageLinkBuilder) {
  return { count, ...links(slice.page, slice.totalPages), page: slice.page, page_size: slice.pageSize, total_pages: slice.totalPages };
}

const sortable = (row: EnrolledCourse) => ({
  row,
  courseId: row.course.courseId,
  enrolledAt: row.enrollment.enrolledAt,
  lastAccessedAt: row.figures.lastAccessedAt,
  percentage: row.figures.percentage,
});

/**
 * `GET /api/v1/enrollments/`: every enrollment (active, completed, revoked), newest first. `count` is
 * the number matching the status filter; `active_enrollments` and `completed_courses` are over all
 * the learner's enrollments, as the seed's summary figures. Requests: see readEnrolledCourses.
 */
export async function listUserEnrollments(tenantId: string, userId: string, query: ListEnrollmentsQuery, links: PageLinkBuilder) {
  const all = await readEnrolledCourses(tenantId, userId);
  const matching = sortRows(all.filter((row) => query.status === undefined || row.status === query.status).map(sortable), 'enrolled_at', 'desc');
  const slice = pageOf(matching, { page: query.page, pageSize: query.page_size });
  return {
    ...pageFields(matching.length, slice, links),
    active_enrollments: all.filter((row) => row.status === 'active').length,
    completed_courses: all.filter((row) => row.status === 'completed').length,
    results: slice.items.map(({ row }) => ({
      enrollment_id: row.enrollment.enrollmentId,
      course: { id: row.course.courseId, title: row.course.title, thumbnail_url: row.course.thumbnailUrl ?? null, instructor: row.course.instructor.name },
      status: row.status,
      progress_percentage: row.figures.percentage,
      enrolled_at: row.enrollment.enrolledAt,
      last_accessed_at: row.figures.lastAccessedAt,
      completed_at: row.figures.completedAt,
      certificate: null,
      time_spent_minutes: row.figures.timeSpentMinutes,
      source: row.enrollment.source,
      revoked_at: row.enrollment.revokedAt ?? null,
    })),
  };
}

/**
 * `GET /api/v1/student/courses/`: the courses the learner has access to (revoked enrollments are
 * not listed), filtered by progress status and ordered by `sort`/`order`. Requests: see readEnrolledCourses.
 */
export async function listStudentCourses(tenantId: string, userId: string, query: StudentCoursesQuery, links: PageLinkBuilder) {
  const all = await readEnrolledCourses(tenantId, userId);
  const matching = all.filter((row) => row.enrollment.status === 'active' && (query.status === undefined || row.learningStatus === query.status));
  const ordered = sortRows(matching.map(sortable), query.sort, query.order);
  const slice = pageOf(ordered, { page: query.page, pageSize: query.page_size });
  return {
    ...pageFields(ordered.length, slice, links),
    results: slice.items.map(({ row }) => ({
      enrollment_id: row.enrollment.enrollmentId,
      course: {
        id: row.course.courseId,
        title: row.course.title,
        thumbnail_url: row.course.thumbnailUrl ?? null,
        instructor_name: row.course.instructor.name,
        total_duration_hours: durationHours(row.course.durationMinutes),
      },
      progress: {
        percentage: row.figures.percentage,
        completed_lessons: row.figures.completedLessons,
        total_lessons: row.figures.totalLessons,
        last_accessed_at: row.figures.lastAccessedAt,
        estimated_time_remaining_hours: hoursOf(row.figures.remainingMinutes),
      },
      status: row.learningStatus,
      enrolled_at: row.enrollment.enrolledAt,
      completed_at: row.figures.completedAt,
      certificate_url: null,
    })),
  };
}
