import type { StoredEnrollmentStatus } from './enrollmentRecord.js';
import type { CourseProgressFigures, LearningStatus } from './enrollmentProgress.js';

/**
 * How the enrollment lists filter, order and page (seed 002 `GET /enrollments/` and
 * `GET /student/courses/`). Pure rules over rows already read, so every ordering is deterministic
 * (ties fall back to the enrollment time, then the course id) and unit-testable.
 */

/** `GET /enrollments/` status: revoked (refunded) is stored; completed is derived from progress; else active. */
export type EnrollmentStatus = 'active' | 'completed' | 'revoked';

export function enrollmentStatusOf(stored: StoredEnrollmentStatus, figures: Pick<CourseProgressFigures, 'completedAt'>): EnrollmentStatus {
  if (stored === 'revoked') return 'revoked';
  return figures.completedAt !== null ? 'completed' : 'active';
}

export const ENROLLMENT_SORTS = ['enrolled_at', 'last_accessed', 'progress'] as const;
export type EnrollmentSort = (typeof ENROLLMENT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** What ordering needs of a row. */
export interface SortableRow {
  courseId: string;
  enrolledAt: string;
  lastAccessedAt: string | null;
  percentage: number;
  learningStatus?: LearningStatus;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders rows by `sort` in `order` (default desc: newest enrollment, most recently accessed, most
 * progress first). Rows never accessed always come last under `last_accessed`, in either order, since
 * "no date" is not a point in time. Ties: enrollment time in the same direction, then course id ascending.
 */
export function sortRows<T extends SortableRow>(rows: readonly T[], sort: EnrollmentSort, order: SortOrder = 'desc'): T[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    let primary = 0;
    if (sort === 'progress') primary = sign * (a.percentage - b.percentage);
    else if (sort === 'last_accessed') {
      if (a.lastAccessedAt === null || b.lastAccessedAt === null) primary = a.lastAccessedAt === b.lastAccessedAt ? 0 : a.lastAccessedAt === null ? 1 : -1;
      else primary = sign * compareText(a.lastAccessedAt, b.lastAccessedAt);
    }
    return primary || sign * compareText(a.enrolledAt, b.enrolledAt) || compareText(a.courseId, b.courseId);
  });
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface PageSlice<T> {
  items: T[];
  page: number;
  pageSize: number;
  totalPages: number;
}

/** 1-based page of `rows`; total pages is at least 1 so an empty list is "page 1 of 1". A page past the end is empty. */
export function pageOf<T>(rows: readonly T[], request: PageRequest): PageSlice<T> {
  const totalPages = Math.max(1, Math.ceil(rows.length / request.pageSize));
  const start = (request.page - 1) * request.pageSize;
  return { items: rows.slice(start, start + request.pageSize), page: request.page, pageSize: request.pageSize, totalPages };
}
