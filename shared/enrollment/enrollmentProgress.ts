import { visibleLessons, wholePercent, type CourseOutline } from '../domain/courseProgress.js';

/**
 * The progress figures the enrollment reads show (seed 002 `GET /enrollments/`, `GET /student/courses/`),
 * computed from the same items the progress engine writes, with the engine's own rules (only lessons
 * of published sections count; floor percentage; `courseProgress.ts`). Pure, so the rules are tested
 * without a database.
 */

/** The course fields the figures need (the catalog record). */
export interface CourseFacts {
  version: number;
  lessonsCount: number;
  durationMinutes: number;
}

/** The learner's course summary fields the figures need (the engine's `SUMMARY` item). */
export interface SummaryFacts {
  completions?: Record<string, string>;
  lastAccessedAt?: string;
  completedAt?: string;
  totalSeconds?: number;
}

export interface CourseProgressFigures {
  percentage: number;
  completedLessons: number;
  totalLessons: number;
  lastAccessedAt: string | null;
  completedAt: string | null;
  timeSpentMinutes: number;
  /** Minutes of the lessons not yet completed. */
  remainingMinutes: number;
}

/**
 * The figures of one enrolled course. With an outline of the course's current version the count is
 * exact: completed visible lessons over visible lessons, remaining time the sum of the incomplete
 * lessons' durations. Without one (the engine builds the outline on the learner's first progress
 * call, so a course never touched has none, and an authoring change leaves a stale one until the next
 * progress call) the catalog's own counts are used: completions capped at the course's lesson count,
 * and remaining time pro rata of the course duration. A completed course (the engine's `completedAt`)
 * is always 100 % and nothing remaining.
 */
export function courseProgressFigures(course: CourseFacts, outline: CourseOutline | undefined, summary: SummaryFacts | undefined): CourseProgressFigures {
  const completions = summary?.completions ?? {};
  const completedAt = summary?.completedAt ?? null;
  let completedLessons: number;
  let totalLessons: number;
  let remainingMinutes: number;
  if (outline && outline.version === course.version) {
    const lessons = visibleLessons(outline);
    totalLessons = lessons.length;
    completedLessons = lessons.filter((lesson) => completions[lesson.lessonId] !== undefined).length;
    remainingMinutes = lessons.filter((lesson) => completions[lesson.lessonId] === undefined).reduce((sum, lesson) => sum + lesson.durationMinutes, 0);
  } else {
    totalLessons = course.lessonsCount;
    completedLessons = Math.min(Object.keys(completions).length, totalLessons);
    remainingMinutes = totalLessons > 0 ? (course.durationMinutes * (totalLessons - completedLessons)) / totalLessons : course.durationMinutes;
  }
  if (completedAt !== null) {
    completedLessons = totalLessons;
    remainingMinutes = 0;
  }
  return {
    percentage: completedAt !== null ? 100 : wholePercent(completedLessons, totalLessons),
    completedLessons,
    totalLessons,
    lastAccessedAt: summary?.lastAccessedAt ?? null,
    completedAt,
    timeSpentMinutes: Math.round((summary?.totalSeconds ?? 0) / 60),
    remainingMinutes,
  };
}

/** Seed 002 `/student/courses/` progress status: nothing done and never opened, some activity, or completed. */
export type LearningStatus = 'not_started' | 'in_progress' | 'completed';

/**
 * not_started: no lesson completed and no progress recorded at all (no `lastAccessedAt`);
 * completed: the engine recorded the course's completion; in_progress: everything else.
 */
export function learningStatusOf(figures: Pick<CourseProgressFigures, 'completedAt' | 'completedLessons' | 'lastAccessedAt'>): LearningStatus {
  if (figures.completedAt !== null) return 'completed';
  if (figures.completedLessons === 0 && figures.lastAccessedAt === null) return 'not_started';
  return 'in_progress';
}

/** Hours with one decimal (seed 002 shows `6.8`). */
export function hoursOf(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}
