import { compareCourses } from '../../shared/catalog/catalogQuery.js';
import type { CourseRecord } from '../../shared/catalog/course.js';
import { compareAverages, counterDelta } from '../../shared/domain/courseReview.js';

describe('course review counters', () => {
  it('adds a new review\'s rating and one review; an update only the difference', () => {
    expect(counterDelta(null, 4)).toEqual({ ratingSum: 4, reviewsCount: 1 });
    expect(counterDelta(4, 2)).toEqual({ ratingSum: -2, reviewsCount: 0 });
  });

  it('compares exact averages, not the rounded ones shown', () => {
    // 109 / 25 = 4.36 and 111 / 25 = 4.44 both show 4.4
    expect(compareAverages({ ratingSum: 111, reviewsCount: 25 }, { ratingSum: 109, reviewsCount: 25 })).toBeGreaterThan(0);
    expect(compareAverages({ ratingSum: 9, reviewsCount: 2 }, { ratingSum: 18, reviewsCount: 4 })).toBe(0);
  });

  it('sorts the catalog by exact rating, unrated last in both directions', () => {
    const c = (courseId: string, ratingSum: number, reviewsCount: number) => ({ courseId, ratingSum, reviewsCount, createdAt: '2026-01-01' }) as CourseRecord;
    const courses = [c('a', 109, 25), c('b', 111, 25), c('u', 0, 0), c('z', 5, 1)];
    expect([...courses].sort(compareCourses('rating', 'desc')).map((x) => x.courseId)).toEqual(['z', 'b', 'a', 'u']);
    expect([...courses].sort(compareCourses('rating', 'asc')).map((x) => x.courseId)).toEqual(['a', 'b', 'z', 'u']);
  });
});
