import fc from 'fast-check';
import { courseComplete, decimalPercent, learningPace, missingPrerequisites, quizPassed, visibleLessons, wholePercent, type CourseOutline } from '../../shared/domain/courseProgress.js';
import { addDays, localDateOf, weekStartOf } from '../../shared/domain/localDate.js';
import { certificateEligible, completionPercentage, tutorialView } from '../../shared/domain/tutorialProgress.js';

describe('tutorial completion percentage', () => {
  it('is the largest whole percent not above completed / total (integer reference), capped at 100, 0 for no total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 500 }), (completed, total) => {
        const value = completionPercentage(completed, total);
        if (total === 0) return value === 0;
        let reference = 0;
        while (reference < 100 && (reference + 1) * total <= completed * 100) reference++;
        return value === reference;
      }),
      { numRuns: 1000 },
    );
  });

  it('makes 29 of 100 exactly 29 (no float truncation)', () => {
    expect(completionPercentage(29, 100)).toBe(29);
  });
});

describe('certificate eligibility', () => {
  it('requires 95% and every recorded quiz passed', () => {
    expect(certificateEligible(95, [])).toBe(true);
    expect(certificateEligible(94, [])).toBe(false);
    expect(certificateEligible(100, [{ passed: true }, { passed: false }])).toBe(false);
  });
});

describe('tutorial view', () => {
  it('takes the total from the largest reported total and sums watch time', () => {
    const view = tutorialView('t', 'u', {
      chapters: [
        { chapterId: 'b', watchTime: 10, completed: true, lastPosition: 10, totalChapters: 4, updatedAt: '2026-01-01T00:00:01Z' },
        { chapterId: 'a', watchTime: 5, completed: false, lastPosition: 2, totalChapters: 2, updatedAt: '2026-01-01T00:00:02Z' },
      ],
      quizzes: [],
    });
    expect(view).toMatchObject({ totalChapters: 4, chaptersCompleted: 1, completionPercentage: 25, totalWatchTime: 15, lastWatchedAt: '2026-01-01T00:00:02Z' });
    expect(view.chapterProgress.map((c) => c.chapterId)).toEqual(['a', 'b']);
  });
});

const outline: CourseOutline = {
  courseId: 'c',
  version: 1,
  title: 'C',
  status: 'published',
  enforceSequence: true,
  difficulty: 'beginner',
  durationMinutes: 30,
  sections: [
    { sectionId: 's1', title: 'One', order: 1, isPublished: true },
    { sectionId: 's2', title: 'Two', order: 2, isPublished: false },
  ],
  lessons: [
    { lessonId: 'l1', sectionId: 's1', title: 'L1', type: 'video', order: 1, durationMinutes: 10, prerequisites: [] },
    { lessonId: 'l2', sectionId: 's1', title: 'L2', type: 'quiz', order: 2, durationMinutes: 10, prerequisites: ['l1'], maxScore: 10, passScore: 7 },
    { lessonId: 'l3', sectionId: 's2', title: 'L3', type: 'reading', order: 1, durationMinutes: 10, prerequisites: [] },
  ],
};

describe('course progress rules', () => {
  it('counts only lessons of published sections', () => {
    expect(visibleLessons(outline).map((l) => l.lessonId)).toEqual(['l1', 'l2']);
    expect(courseComplete(outline, new Set(['l1', 'l2']))).toBe(true);
    expect(courseComplete(outline, new Set(['l1', 'l3']))).toBe(false);
  });

  it('names missing prerequisites only when the course enforces order', () => {
    const quiz = outline.lessons[1]!;
    expect(missingPrerequisites(outline, quiz, new Set()).map((l) => l.lessonId)).toEqual(['l1']);
    expect(missingPrerequisites(outline, quiz, new Set(['l1']))).toEqual([]);
    expect(missingPrerequisites({ ...outline, enforceSequence: false }, quiz, new Set())).toEqual([]);
  });

  it('passes a quiz at the pass score (the max score when none is set)', () => {
    expect(quizPassed({ maxScore: 10, passScore: 7 }, 7)).toBe(true);
    expect(quizPassed({ maxScore: 10, passScore: 7 }, 6)).toBe(false);
    expect(quizPassed({ maxScore: 10 }, 9)).toBe(false);
    expect(quizPassed({ maxScore: 10 }, 10)).toBe(true);
  });

  it('rounds percentages as the contracts show them', () => {
    expect(wholePercent(2, 3)).toBe(66);
    expect(decimalPercent(2, 3)).toBe(66.7);
    expect(decimalPercent(15, 23)).toBe(65.2);
    expect(wholePercent(0, 0)).toBe(0);
  });

  it('estimates days to finish from completions per active day', () => {
    expect(learningPace([], '2026-01-10', 3)).toEqual({ blocksPerDay: null, daysToFinish: null });
    // 4 completions over 2026-01-07..2026-01-10 (4 days) = 1 per day; 3 left → 3 days.
    expect(learningPace(['2026-01-07', '2026-01-08', '2026-01-10', '2026-01-10'], '2026-01-10', 3)).toEqual({ blocksPerDay: 1, daysToFinish: 3 });
    expect(learningPace(['2026-01-10'], '2026-01-10', 0).daysToFinish).toBe(0);
  });
});

describe('local dates', () => {
  it('puts an instant on the learner\'s calendar day, across DST changes', () => {
    // 2026-03-29 01:30 UTC is 03:30 CEST (after the spring change) in Berlin; 2026-03-28 23:30 UTC is 00:30 CET, the 29th.
    expect(localDateOf(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDateOf(new Date('2026-03-28T22:30:00Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDateOf(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDateOf(new Date('2026-11-01T03:30:00Z'), 'America/New_York')).toBe('2026-10-31');
  });

  it('starts weeks on Monday and moves dates by calendar days', () => {
    expect(weekStartOf('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(weekStartOf('2026-11-29')).toBe('2026-11-23'); // Sunday
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    fc.assert(fc.property(fc.integer({ min: 0, max: 3650 }), (offset) => {
      const date = addDays('2020-01-01', offset);
      const start = weekStartOf(date);
      return new Date(`${start}T00:00:00Z`).getUTCDay() === 1 && start <= date && addDays(start, 7) > date;
    }));
  });
});

describe('token claims', () => {
  it('carry the profile\'s time zone as zoneinfo, which the principal reads back', async () => {
    const { tenantClaims } = await import('../../shared/identity/tokenClaims.js');
    const { principalFromClaims } = await import('../../shared/auth/principal.js');
    const override = tenantClaims({ homeTenantId: 'acme', memberships: { acme: { roles: ['learner'] } } as never, timezone: 'Asia/Tokyo' });
    expect(override.claimsToAddOrOverride.zoneinfo).toBe('Asia/Tokyo');
    expect(principalFromClaims({ sub: 'u', ...override.claimsToAddOrOverride }, undefined).timeZone).toBe('Asia/Tokyo');
  });
});
