/**
 * Seed 003 §3 trainer figures (issue 16; docs/analytics.md §11). Pure: the service reads
 * the trainer's courses and their rollups, these compose.
 */

/** One date's figures of a course (from its content-day): events, assessments, score sum, first-time completions, learners. */
export interface CourseDayFigures {
  events: number;
  assessments: number;
  scoreSum: number;
  completions: number;
  learners: number;
}

/** The course-day figures of a content-day, as stored in the rollup. */
export function rollupDayOf(day: CourseDayFigures): CourseDayFigures {
  return { events: day.events, assessments: day.assessments, scoreSum: day.scoreSum, completions: day.completions, learners: day.learners };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Σ over a course's rolled-up dates. */
export function courseTotals(days: Readonly<Record<string, CourseDayFigures>>): CourseDayFigures {
  const t: CourseDayFigures = { events: 0, assessments: 0, scoreSum: 0, completions: 0, learners: 0 };
  for (const d of Object.values(days)) {
    t.events += d.events;
    t.assessments += d.assessments;
    t.scoreSum = Math.round((t.scoreSum + d.scoreSum) * 100) / 100;
    t.completions += d.completions;
    t.learners += d.learners;
  }
  return t;
}

export interface CourseFacts {
  courseId: string;
  title: string;
  studentsCount: number;
  ratingSum: number;
  reviewsCount: number;
}

/** One course of `course-performance`. */
export function coursePerformance(course: CourseFacts, totals: CourseDayFigures) {
  return {
    courseId: course.courseId,
    courseName: course.title,
    enrollments: course.studentsCount,
    completions: totals.completions,
    completionRate: course.studentsCount === 0 ? null : Math.round((100 * Math.min(totals.completions, course.studentsCount)) / course.studentsCount),
    avgScore: totals.assessments === 0 ? null : Math.round(totals.scoreSum / totals.assessments),
    avgRating: course.reviewsCount === 0 ? null : round1(course.ratingSum / course.reviewsCount),
    reviewsCount: course.reviewsCount,
  };
}

/** The trainer-level summary over their courses. */
export function trainerSummary(courses: readonly ReturnType<typeof coursePerformance>[], facts: readonly CourseFacts[]) {
  const rates = courses.flatMap((c) => (c.completionRate === null ? [] : [c.completionRate]));
  const reviews = facts.reduce((a, c) => a + c.reviewsCount, 0);
  return {
    totalCourses: courses.length,
    avgCompletionRate: rates.length === 0 ? null : Math.round(rates.reduce((a, b) => a + b, 0) / rates.length),
    // every review counts once: Σ ratings / Σ reviews over the trainer's courses
    avgRating: reviews === 0 ? null : round1(facts.reduce((a, c) => a + c.ratingSum, 0) / reviews),
    totalStudents: courses.reduce((a, c) => a + c.enrollments, 0),
  };
}
