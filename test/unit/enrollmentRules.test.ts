import fc from 'fast-check';
import type { CourseOutline } from '../../shared/domain/courseProgress.js';
import { enrollmentStatusOf, pageOf, sortRows, type SortableRow } from '../../shared/enrollment/enrollmentListing.js';
import { courseProgressFigures, hoursOf, learningStatusOf } from '../../shared/enrollment/enrollmentProgress.js';
import { programProgress, type ProgramCourseInput } from '../../shared/programs/programEnrollmentProgress.js';

function outline(version: number, lessons: { id: string; minutes: number; section?: string }[], hiddenSections: string[] = []): CourseOutline {
  const sections = [...new Set(lessons.map((l) => l.section ?? 's1'))];
  return {
    courseId: 'c1',
    version,
    title: 'Course',
    status: 'published',
    enforceSequence: false,
    difficulty: 'beginner',
    durationMinutes: lessons.reduce((sum, l) => sum + l.minutes, 0),
    sections: sections.map((id, index) => ({ sectionId: id, title: id, order: index + 1, isPublished: !hiddenSections.includes(id) })),
    lessons: lessons.map((l, index) => ({ lessonId: l.id, sectionId: l.section ?? 's1', title: l.id, type: 'video', order: index + 1, durationMinutes: l.minutes, prerequisites: [] })),
  };
}

describe('course progress figures of an enrollment', () => {
  it('counts only lessons of published sections when the outline matches the course version', () => {
    const course = { version: 3, lessonsCount: 3, durationMinutes: 60 };
    const current = outline(3, [{ id: 'l1', minutes: 10 }, { id: 'l2', minutes: 20 }, { id: 'l3', minutes: 30 }, { id: 'h1', minutes: 99, section: 'hidden' }], ['hidden']);

    const figures = courseProgressFigures(course, current, { completions: { l1: '2026-01-01T00:00:00Z', h1: '2026-01-01T00:00:00Z' } });

    expect(figures).toMatchObject({ completedLessons: 1, totalLessons: 3, percentage: 33, remainingMinutes: 50 });
  });

  it('falls back to the catalog counts when the outline is missing or stale, never above the lesson count', () => {
    const course = { version: 4, lessonsCount: 4, durationMinutes: 80 };
    const stale = outline(3, [{ id: 'l1', minutes: 10 }]);
    const completions = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((id) => [id, '2026-01-01T00:00:00Z']));

    const figures = courseProgressFigures(course, stale, { completions: { a: 'x' } });
    const capped = courseProgressFigures(course, undefined, { completions });

    expect(figures).toMatchObject({ completedLessons: 1, totalLessons: 4, percentage: 25, remainingMinutes: 60 });
    expect(capped).toMatchObject({ completedLessons: 4, percentage: 100, remainingMinutes: 0 });
  });

  it('is 100 % with nothing remaining once the engine recorded the completion', () => {
    const figures = courseProgressFigures({ version: 1, lessonsCount: 2, durationMinutes: 20 }, undefined, { completedAt: '2026-01-05T00:00:00Z' });

    expect(figures).toMatchObject({ percentage: 100, completedLessons: 2, remainingMinutes: 0, completedAt: '2026-01-05T00:00:00Z' });
  });

  it('reports time spent in whole minutes and remaining time in hours with one decimal', () => {
    const figures = courseProgressFigures({ version: 1, lessonsCount: 0, durationMinutes: 0 }, undefined, { totalSeconds: 150 });

    expect(figures.timeSpentMinutes).toBe(3);
    expect(hoursOf(45)).toBe(0.8);
    expect(hoursOf(408)).toBe(6.8);
  });

  it('keeps the percentage within 0–100 and the remaining time non-negative for any completions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 500 }), fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 80 }), (lessons, minutes, done) => {
        const figures = courseProgressFigures({ version: 1, lessonsCount: lessons, durationMinutes: minutes }, undefined, { completions: Object.fromEntries(done.map((id) => [id, 't'])) });
        return figures.percentage >= 0 && figures.percentage <= 100 && figures.remainingMinutes >= 0 && figures.completedLessons <= figures.totalLessons;
      }),
    );
  });
});

describe('enrollment statuses', () => {
  it('derives not_started, in_progress and completed from progress', () => {
    expect(learningStatusOf({ completedAt: null, completedLessons: 0, lastAccessedAt: null })).toBe('not_started');
    expect(learningStatusOf({ completedAt: null, completedLessons: 0, lastAccessedAt: '2026-01-01T00:00:00Z' })).toBe('in_progress');
    expect(learningStatusOf({ completedAt: '2026-01-02T00:00:00Z', completedLessons: 3, lastAccessedAt: '2026-01-01T00:00:00Z' })).toBe('completed');
  });

  it('reports a refund as revoked whatever the progress, else completed or active', () => {
    expect(enrollmentStatusOf('revoked', { completedAt: '2026-01-02T00:00:00Z' })).toBe('revoked');
    expect(enrollmentStatusOf('active', { completedAt: '2026-01-02T00:00:00Z' })).toBe('completed');
    expect(enrollmentStatusOf('active', { completedAt: null })).toBe('active');
  });
});

describe('ordering and paging of enrollment lists', () => {
  const row = (courseId: string, enrolledAt: string, lastAccessedAt: string | null, percentage: number): SortableRow => ({ courseId, enrolledAt, lastAccessedAt, percentage });
  const rows = [row('a', '2026-01-01', null, 0), row('b', '2026-01-02', '2026-02-01', 50), row('c', '2026-01-03', '2026-01-15', 100)];
  const ids = (list: SortableRow[]) => list.map((r) => r.courseId);

  it('sorts by each key in both directions, never-accessed rows last', () => {
    expect(ids(sortRows(rows, 'enrolled_at'))).toEqual(['c', 'b', 'a']);
    expect(ids(sortRows(rows, 'enrolled_at', 'asc'))).toEqual(['a', 'b', 'c']);
    expect(ids(sortRows(rows, 'last_accessed'))).toEqual(['b', 'c', 'a']);
    expect(ids(sortRows(rows, 'last_accessed', 'asc'))).toEqual(['c', 'b', 'a']);
    expect(ids(sortRows(rows, 'progress'))).toEqual(['c', 'b', 'a']);
  });

  it('breaks ties by enrollment time, then course id', () => {
    const tied = [row('y', '2026-01-01', null, 10), row('x', '2026-01-01', null, 10), row('z', '2026-01-05', null, 10)];

    expect(ids(sortRows(tied, 'progress'))).toEqual(['z', 'x', 'y']);
  });

  const anyRow = fc.record({
    courseId: fc.uuid(),
    enrolledAt: fc.integer({ min: 0, max: 1e12 }).map((ms) => new Date(ms).toISOString()),
    lastAccessedAt: fc.option(fc.integer({ min: 0, max: 1e12 }).map((ms) => new Date(ms).toISOString()), { nil: null }),
    percentage: fc.integer({ min: 0, max: 100 }),
  });

  it('returns a permutation, ordered by the key', () => {
    fc.assert(
      fc.property(fc.array(anyRow, { maxLength: 30 }), fc.constantFrom('asc' as const, 'desc' as const), (list, order) => {
        const sorted = sortRows(list, 'progress', order);
        const sameMembers = JSON.stringify([...sorted].map((r) => r.courseId).sort()) === JSON.stringify(list.map((r) => r.courseId).sort());
        const ordered = sorted.every((r, i) => i === 0 || (order === 'desc' ? (sorted[i - 1] as SortableRow).percentage >= r.percentage : (sorted[i - 1] as SortableRow).percentage <= r.percentage));
        return sameMembers && ordered;
      }),
    );
  });

  it('pages cover every row exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 25 }), (list, pageSize) => {
        const first = pageOf(list, { page: 1, pageSize });
        const all = Array.from({ length: first.totalPages }, (_, i) => pageOf(list, { page: i + 1, pageSize }).items).flat();
        return JSON.stringify(all) === JSON.stringify(list) && first.totalPages === Math.max(1, Math.ceil(list.length / pageSize));
      }),
    );
  });
});

describe('program progress', () => {
  const course = (courseId: string, sequenceOrder: number, completed: number, total: number, fields: Partial<ProgramCourseInput> = {}): ProgramCourseInput => ({
    courseId,
    title: courseId.toUpperCase(),
    sequenceOrder,
    prerequisites: [],
    published: true,
    figures: { completedLessons: completed, totalLessons: total, completedAt: completed === total && total > 0 ? '2026-01-01T00:00:00Z' : null },
    enrolled: true,
    ...fields,
  });

  it('weighs courses by their lessons and skips unpublished or missing ones', () => {
    const progress = programProgress([course('a', 1, 2, 2), course('b', 2, 1, 8), course('draft', 3, 0, 5, { published: false }), course('gone', 4, 0, 0, { figures: undefined })]);

    expect(progress.progressPercentage).toBe(Math.round((3 / 10) * 1000) / 10);
    expect(progress).toMatchObject({ completedCourses: 1, totalCourses: 2, completed: false });
    expect(progress.currentCourse?.courseId).toBe('b');
    expect(progress.currentCourse?.progressPercentage).toBe(12.5);
  });

  it('unlocks a course once its in-program prerequisites are completed, and picks the current course by sequence', () => {
    const progress = programProgress([course('late', 3, 0, 2, { prerequisites: ['first', 'second'] }), course('second', 2, 0, 1), course('first', 1, 1, 1)]);

    expect(progress.courses.map((c) => c.courseId)).toEqual(['first', 'second', 'late']);
    expect(progress.courses.find((c) => c.courseId === 'late')?.unlocked).toBe(false);
    expect(progress.currentCourse?.courseId).toBe('second');
  });

  it('is completed at 100 % when every counted course is completed, and never for an empty program', () => {
    expect(programProgress([course('a', 1, 3, 3), course('b', 2, 1, 1)])).toMatchObject({ completed: true, progressPercentage: 100, currentCourse: undefined });
    expect(programProgress([])).toMatchObject({ completed: false, progressPercentage: 0, totalCourses: 0 });
  });
});
