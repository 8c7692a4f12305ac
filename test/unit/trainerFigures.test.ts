import { coursePerformance, courseTotals, trainerSummary } from '../../shared/domain/trainerFigures.js';

describe('trainer figures', () => {
  const day = (assessments: number, scoreSum: number, completions: number) => ({ events: assessments, assessments, scoreSum, completions, learners: assessments });

  it('sums a course\'s rolled-up dates', () => {
    expect(courseTotals({ '2026-11-01': day(2, 140, 1), '2026-11-02': day(1, 90.5, 0) })).toEqual({ events: 3, assessments: 3, scoreSum: 230.5, completions: 1, learners: 3 });
  });

  it('rates completions per enrollment (null without), scores per assessment, ratings per review', () => {
    const facts = { courseId: 'k1', title: 'K1', studentsCount: 4, ratingSum: 9, reviewsCount: 2 };
    expect(coursePerformance(facts, day(2, 140, 1))).toEqual({ courseId: 'k1', courseName: 'K1', enrollments: 4, completions: 1, completionRate: 25, avgScore: 70, avgRating: 4.5, reviewsCount: 2 });
    const empty = { courseId: 'k2', title: 'K2', studentsCount: 0, ratingSum: 0, reviewsCount: 0 };
    expect(coursePerformance(empty, day(0, 0, 0))).toMatchObject({ completionRate: null, avgScore: null, avgRating: null });
  });

  it('averages completion rates over courses with enrollments and ratings over every review', () => {
    const a = { courseId: 'a', title: 'A', studentsCount: 4, ratingSum: 9, reviewsCount: 2 };
    const b = { courseId: 'b', title: 'B', studentsCount: 10, ratingSum: 3, reviewsCount: 1 };
    const rows = [coursePerformance(a, day(0, 0, 1)), coursePerformance(b, day(0, 0, 5))];
    // (25 + 50) / 2 = 37.5 → 38; (9 + 3) / 3 = 4.0
    expect(trainerSummary(rows, [a, b])).toEqual({ totalCourses: 2, avgCompletionRate: 38, avgRating: 4, totalStudents: 14 });
  });
});
