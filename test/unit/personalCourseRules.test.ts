import fc from 'fast-check';
import { statusesAllowingEditTo } from '../../shared/personalCourses/courseStatus.js';
import { listCoursePage, type CourseListQuery } from '../../shared/personalCourses/courseListing.js';
import { parseFrequencyText } from '../../shared/personalCourses/frequency.js';
import { COURSE_STATUSES, type PersonalCourseRecord } from '../../shared/personalCourses/personalCourse.js';
import { isTargetReachable, levelsAtOrAbove, levelsAtOrBelow, SKILL_LEVELS } from '../../shared/personalCourses/skillLevels.js';
import { parseTimelineWeeks } from '../../shared/personalCourses/timeline.js';

describe('timeline parsing', () => {
  it.each([
    // days ÷ 7, rounded to the nearest week, at least 1; a month is 30.4375 days, a year 365.25.
    ['6 weeks', 6],
    ['3 months', 13], // 91.31 days = 13.04 weeks
    ['1 month', 4], // 30.44 days = 4.35 weeks
    ['10 days', 1], // 1.43 weeks
    ['11 days', 2], // 1.57 weeks
    ['4 days', 1], // 0.57 weeks, raised to the minimum of 1
    ['1 year', 52], // 52.18 weeks
    ['2 years', 104], // 104.36 weeks
    ['9 years', 470], // 469.61 weeks
    ['12 Weeks', 12],
    ['  8wks ', 8],
    ['2mo', 9], // 60.875 days = 8.70 weeks
    ['1y', 52],
  ])('reads %j as %i weeks', (text, weeks) => {
    expect(parseTimelineWeeks(text, 520)).toEqual({ ok: true, weeks });
  });

  it.each(['', 'soon', '0 weeks', 'three months', '1.5 months', '-2 weeks', '3 fortnights', 'weeks 3'])('refuses %j', (text) => {
    expect(parseTimelineWeeks(text, 520).ok).toBe(false);
  });

  it('refuses a timeline over the maximum (10 years = 521.8 → 522 weeks)', () => {
    expect(parseTimelineWeeks('10 years', 520)).toEqual({ ok: false, message: 'A timeline may be at most 520 weeks' });
    expect(parseTimelineWeeks('520 weeks', 520)).toEqual({ ok: true, weeks: 520 });
  });

  it('reads n weeks as exactly n and never shrinks as n grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 520 }), fc.constantFrom('days', 'weeks', 'months', 'years'), (n, unit) => {
        expect(parseTimelineWeeks(`${n} weeks`, 10_000)).toEqual({ ok: true, weeks: n });
        const a = parseTimelineWeeks(`${n} ${unit}`, 100_000);
        const b = parseTimelineWeeks(`${n + 1} ${unit}`, 100_000);
        if (a.ok && b.ok) expect(b.weeks).toBeGreaterThanOrEqual(a.weeks);
      }),
    );
  });
});

describe('frequency text', () => {
  it.each([
    ['daily', { type: 'daily' }],
    ['Every day', { type: 'daily' }],
    ['weekly', { type: 'weekly', count: 1 }],
    ['once a week', { type: 'weekly', count: 1 }],
    ['twice per week', { type: 'weekly', count: 2 }],
    ['3x per week', { type: 'weekly', count: 3 }],
    ['3X  a week', { type: 'weekly', count: 3 }],
    ['4 times a week', { type: 'weekly', count: 4 }],
    ['5x/week', { type: 'weekly', count: 5 }],
    ['2x weekly', { type: 'weekly', count: 2 }],
    ['7 times per week', { type: 'weekly', count: 7 }],
  ])('reads %j', (text, pattern) => {
    expect(parseFrequencyText(text)).toEqual(pattern);
  });

  it.each(['0x per week', '8x per week', 'sometimes', '3x per month', 'x per week'])('refuses %j', (text) => {
    expect(parseFrequencyText(text)).toBeUndefined();
  });
});

describe('course status edits', () => {
  it('allows active from draft or paused, paused only from active, each also from itself', () => {
    expect(new Set(statusesAllowingEditTo('active'))).toEqual(new Set(['draft', 'paused', 'active']));
    expect(new Set(statusesAllowingEditTo('paused'))).toEqual(new Set(['active', 'paused']));
  });

  it('never lets an edit leave completed', () => {
    expect(statusesAllowingEditTo('active')).not.toContain('completed');
    expect(statusesAllowingEditTo('paused')).not.toContain('completed');
  });
});

describe('skill levels', () => {
  it('orders beginner < intermediate < advanced < expert', () => {
    expect(isTargetReachable('beginner', 'expert')).toBe(true);
    expect(isTargetReachable('advanced', 'advanced')).toBe(true);
    expect(isTargetReachable('advanced', 'intermediate')).toBe(false);
  });

  it('gives condition lists consistent with the order rule', () => {
    for (const current of SKILL_LEVELS) {
      for (const target of SKILL_LEVELS) {
        expect(levelsAtOrAbove(current).includes(target)).toBe(isTargetReachable(current, target));
        expect(levelsAtOrBelow(target).includes(current)).toBe(isTargetReachable(current, target));
      }
    }
  });
});

describe('course listing', () => {
  const courseArbitrary = fc.record({
    courseId: fc.uuid(),
    title: fc.constantFrom('Apple', 'apple', 'Banana', 'cherry', 'Cherry pie'),
    topic: fc.constantFrom('Fitness', 'home fitness', 'Cooking', 'Chess'),
    status: fc.constantFrom(...COURSE_STATUSES),
    createdAt: fc.constantFrom('2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z'),
    updatedAt: fc.constantFrom('2024-02-01T00:00:00.000Z', '2024-02-02T00:00:00.000Z'),
  });
  const coursesArbitrary = fc
    .uniqueArray(courseArbitrary, { selector: (c) => c.courseId, maxLength: 40 })
    .map((courses) => courses.map((c) => ({ ...c, userId: 'u', goals: [], preferences: { focusAreas: [] } }) as PersonalCourseRecord));
  const queryArbitrary = fc.record({
    limit: fc.integer({ min: 1, max: 15 }),
    status: fc.option(fc.constantFrom(...COURSE_STATUSES), { nil: undefined }),
    topic: fc.option(fc.constantFrom('fitness', 'FIT', 'chess', 'zzz'), { nil: undefined }),
    field: fc.constantFrom('created_at', 'updated_at', 'title', 'status') as fc.Arbitrary<CourseListQuery['sort']['field']>,
    direction: fc.constantFrom('asc', 'desc') as fc.Arbitrary<'asc' | 'desc'>,
  });

  it('pages cover exactly the matching courses, each once, in a total order', () => {
    fc.assert(
      fc.property(coursesArbitrary, queryArbitrary, (courses, q) => {
        const base = { limit: q.limit, status: q.status, topic: q.topic, sort: { field: q.field, direction: q.direction } };
        const matching = courses.filter((c) => (q.status === undefined || c.status === q.status) && (q.topic === undefined || c.topic.toLowerCase().includes(q.topic.toLowerCase())));
        const pages = Math.max(1, Math.ceil(matching.length / q.limit));
        const seen: string[] = [];
        for (let page = 1; page <= pages + 1; page++) {
          const result = listCoursePage(courses, { ...base, page });
          expect(result.pagination).toEqual({ page, limit: q.limit, total: matching.length, hasNext: page < pages, hasPrev: page > 1 });
          if (page > pages) expect(result.items).toEqual([]);
          seen.push(...result.items.map((c) => c.courseId));
        }
        expect(seen).toHaveLength(matching.length);
        expect(new Set(seen)).toEqual(new Set(matching.map((c) => c.courseId)));
        // Shuffling the input never changes the order: the order is total (tie-break on id).
        const reversed = listCoursePage([...courses].reverse(), { ...base, page: 1, limit: 100 });
        expect(reversed.items.map((c) => c.courseId)).toEqual(listCoursePage(courses, { ...base, page: 1, limit: 100 }).items.map((c) => c.courseId));
      }),
    );
  });

  it('sorts by the requested field and direction, ties by id ascending', () => {
    const course = (courseId: string, title: string, createdAt: string) =>
      ({ courseId, title, topic: 't', status: 'draft', createdAt, updatedAt: createdAt, userId: 'u', goals: [], preferences: { focusAreas: [] } }) as PersonalCourseRecord;
    const courses = [course('b', 'apple', '2024-01-02'), course('a', 'Apple', '2024-01-02'), course('c', 'Banana', '2024-01-01')];
    const ids = (field: CourseListQuery['sort']['field'], direction: 'asc' | 'desc') => listCoursePage(courses, { page: 1, limit: 10, sort: { field, direction } }).items.map((c) => c.courseId);
    expect(ids('title', 'asc')).toEqual(['a', 'b', 'c']);
    expect(ids('title', 'desc')).toEqual(['c', 'a', 'b']);
    expect(ids('created_at', 'desc')).toEqual(['a', 'b', 'c']);
    expect(ids('created_at', 'asc')).toEqual(['c', 'a', 'b']);
  });
});
