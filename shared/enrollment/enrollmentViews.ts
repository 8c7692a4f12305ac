import { durationHours } from '../catalog/course.js';
import type { CertificateRecord } from '../certificates/certificate.js';
import { ensureCertificate } from '../certificates/certificateIssue.js';
import { certificateUrlOf, verificationUrlOf } from '../certificates/certificateLinks.js';
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

/** Where certificate links point (issue 23): the API's public base, the clock, the learner's zone. */
export interface CertificateLinks {
  baseUrl: string;
  now: Date;
  timeZone: string;
}

/**
 * The certificate of a listed row (issue 23). A completed course whose certificate is missing — completed
 * before certificates existed, or its issue died after the completion committed — gets it now, dated at
 * the completion (certificateIssue.ts, exactly once; only while the enrollment is active).
 */
async function certificateOf(row: EnrolledCourse, userId: string, links: CertificateLinks): Promise<CertificateRecord | undefined> {
  if (row.certificate || row.figures.completedAt === null || row.enrollment.status !== 'active') return row.certificate;
  return ensureCertificate({
    tenantId: row.enrollment.tenantId,
    userId,
    kind: 'course',
    subjectId: row.course.courseId,
    title: row.course.title,
    issuedAt: row.figures.completedAt,
    timeZone: links.timeZone,
    requireActiveEnrollment: row.course.priceCents > 0,
  });
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
export async function listUserEnrollments(tenantId: string, userId: string, query: ListEnrollmentsQuery, links: PageLinkBuilder, certificateLinks: CertificateLinks) {
  const all = await readEnrolledCourses(tenantId, userId);
  const matching = sortRows(all.filter((row) => query.status === undefined || row.status === query.status).map(sortable), 'enrolled_at', 'desc');
  const slice = pageOf(matching, { page: query.page, pageSize: query.page_size });
  return {
    ...pageFields(matching.length, slice, links),
    active_enrollments: all.filter((row) => row.status === 'active').length,
    completed_courses: all.filter((row) => row.status === 'completed').length,
    results: await Promise.all(slice.items.map(async ({ row }) => ({
      enrollment_id: row.enrollment.enrollmentId,
      course: { id: row.course.courseId, title: row.course.title, thumbnail_url: row.course.thumbnailUrl ?? null, instructor: row.course.instructor.name },
      status: row.status,
      progress_percentage: row.figures.percentage,
      enrolled_at: row.enrollment.enrolledAt,
      last_accessed_at: row.figures.lastAccessedAt,
      completed_at: row.figures.completedAt,
      certificate: await certificateSummary(await certificateOf(row, userId, certificateLinks), certificateLinks),
      time_spent_minutes: row.figures.timeSpentMinutes,
      source: row.enrollment.source,
      revoked_at: row.enrollment.revokedAt ?? null,
    }))),
  };
}

/**
 * `GET /api/v1/student/courses/`: the courses the learner has access to (revoked enrollments are
 * not listed), filtered by progress status and ordered by `sort`/`order`. Requests: see readEnrolledCourses.
 */
export async function listStudentCourses(tenantId: string, userId: string, query: StudentCoursesQuery, links: PageLinkBuilder, certificateLinks: CertificateLinks) {
  const all = await readEnrolledCourses(tenantId, userId);
  const matching = all.filter((row) => row.enrollment.status === 'active' && (query.status === undefined || row.learningStatus === query.status));
  const ordered = sortRows(matching.map(sortable), query.sort, query.order);
  const slice = pageOf(ordered, { page: query.page, pageSize: query.page_size });
  return {
    ...pageFields(ordered.length, slice, links),
    results: await Promise.all(slice.items.map(async ({ row }) => ({
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
      certificate_url: await certificateUrlOf(await certificateOf(row, userId, certificateLinks), certificateLinks.baseUrl, certificateLinks.now),
    }))),
  };
}

/** Seed 002 `GET /enrollments/` `certificate` (null in the seed's example; an object once one is issued). */
async function certificateSummary(record: CertificateRecord | undefined, links: CertificateLinks) {
  if (!record) return null;
  return {
    certificate_id: record.certificateId,
    status: record.status,
    issued_on: record.issuedOn,
    verification_url: verificationUrlOf(links.baseUrl, record.certificateId),
    certificate_url: await certificateUrlOf(record, links.baseUrl, links.now),
  };
}
