import type { CourseStatus, PersonalCourseRecord } from './personalCourse.js';

/**
 * Filtering, sorting and paging of a user's personal courses (seed 004 "List Courses with Filters").
 * The user's whole collection (at most 200 courses) comes from one Query, so the page, the total and
 * every sort order are computed here, exactly, rather than approximated by index order.
 *
 * - `status`: exact match. `topic`: case-insensitive substring of the course topic.
 * - sort fields `created_at`, `updated_at` (ISO timestamps, chronological), `title` (case-insensitive:
 *   lower-cased, then JavaScript string order, i.e. UTF-16 code units), `status` (alphabetical, as a SQL `ORDER BY status`);
 *   direction `asc` or `desc`. Ties are broken by course id ascending whatever the direction, so pages
 *   never overlap or skip items.
 * - `page` is 1-based; a page past the end is empty with `hasNext: false`.
 */
export const SORT_FIELDS = ['created_at', 'updated_at', 'title', 'status'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

export interface CourseListQuery {
  page: number;
  limit: number;
  status?: CourseStatus;
  topic?: string;
  sort: { field: SortField; direction: SortDirection };
}

export interface PaginationInfo {
  page: number;
  limit: number;
  total: number;
  hasNext: boolean;
  hasPrev: boolean;
}

const SORT_VALUE: Record<SortField, (course: PersonalCourseRecord) => string> = {
  created_at: (course) => course.createdAt,
  updated_at: (course) => course.updatedAt,
  title: (course) => course.title.toLowerCase(),
  status: (course) => course.status,
};

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One page of `courses` under `query` (rules above), with the seed's pagination block. */
export function listCoursePage(
  courses: readonly PersonalCourseRecord[],
  query: CourseListQuery,
): { items: PersonalCourseRecord[]; pagination: PaginationInfo } {
  const topic = query.topic?.toLowerCase();
  const matching = courses.filter(
    (course) => (query.status === undefined || course.status === query.status) && (topic === undefined || course.topic.toLowerCase().includes(topic)),
  );
  const value = SORT_VALUE[query.sort.field];
  const sign = query.sort.direction === 'asc' ? 1 : -1;
  const sorted = [...matching].sort((a, b) => sign * compareText(value(a), value(b)) || compareText(a.courseId, b.courseId));
  const start = (query.page - 1) * query.limit;
  return {
    items: sorted.slice(start, start + query.limit),
    pagination: {
      page: query.page,
      limit: query.limit,
      total: sorted.length,
      hasNext: start + query.limit < sorted.length,
      hasPrev: query.page > 1,
    },
  };
}
