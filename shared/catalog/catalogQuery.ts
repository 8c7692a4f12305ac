import type { CourseRecord } from './course.js';
import { compareAverages } from '../domain/courseReview.js';
import { averageRating } from './course.js';

/**
 * The public catalog's filter, search, sort and page rules (seed 002 `GET /api/v1/courses/`), pure so
 * they can be tested against a reference. The repository reads the tenant's published courses (one
 * index partition); everything below runs in memory over that list.
 */
export interface CatalogQuery {
  page: number;
  pageSize: number;
  category?: string;
  search?: string;
  difficulty?: string;
  sort?: 'title' | 'created_at' | 'price' | 'rating';
  order?: 'asc' | 'desc';
}

export interface CatalogPage {
  count: number;
  totalPages: number;
  results: CourseRecord[];
}

/** Lowercase, accents folded, split into words of letters and digits. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Whether a course matches a search: every word of the query occurs (as a prefix or inside a word)
 * in the title or the description, case- and accent-insensitively.
 */
export function matchesSearch(course: Pick<CourseRecord, 'title' | 'description'>, search: string): boolean {
  const haystack = searchWords(`${course.title} ${course.description}`).join(' ');
  return searchWords(search).every((word) => haystack.includes(word));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders courses. Default (no `sort`): newest first. With `sort` and no `order`: ascending. Titles
 * compare lowercased; a course without ratings sorts after every rated one in both directions. Ties
 * break on the course id so pages are stable.
 */
export function compareCourses(sort: CatalogQuery['sort'], order: CatalogQuery['order']) {
  const field = sort ?? 'created_at';
  const direction = (order ?? (sort ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
  return (a: CourseRecord, b: CourseRecord): number => {
    let diff = 0;
    switch (field) {
      case 'title':
        diff = compareText(a.title.toLowerCase(), b.title.toLowerCase());
        break;
      case 'created_at':
        diff = compareText(a.createdAt, b.createdAt);
        break;
      case 'price':
        diff = a.priceCents - b.priceCents;
        break;
      case 'rating': {
        const ra = averageRating(a);
        const rb = averageRating(b);
        if (ra === null || rb === null) {
          if (ra !== rb) return ra === null ? 1 : -1; // unrated last, whatever the direction
        } else diff = compareAverages(a, b); // exact averages, not the rounded ones shown
        break;
      }
    }
    return diff * direction || compareText(a.courseId, b.courseId);
  };
}

/** Filters, sorts and cuts one page. `count` is the number of matches; `totalPages` is at least 1. */
export function queryCatalog(courses: readonly CourseRecord[], query: CatalogQuery): CatalogPage {
  const matches = courses.filter(
    (course) =>
      course.status === 'published' &&
      (!query.category || course.category?.slug === query.category) &&
      (!query.difficulty || course.difficulty === query.difficulty) &&
      (!query.search || matchesSearch(course, query.search)),
  );
  matches.sort(compareCourses(query.sort, query.order));
  const start = (query.page - 1) * query.pageSize;
  return {
    count: matches.length,
    totalPages: Math.max(1, Math.ceil(matches.length / query.pageSize)),
    results: matches.slice(start, start + query.pageSize),
  };
}
