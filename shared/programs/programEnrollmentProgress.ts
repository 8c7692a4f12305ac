import { decimalPercent } from '../domain/courseProgress.js';
import type { CourseProgressFigures } from '../enrollment/enrollmentProgress.js';

/**
 * Seed 000 §2 program progress: the aggregate over the program's courses, with the program's sequence
 * rules. Pure; the service feeds it the figures it read.
 *
 * - Only published courses count (a draft course of a program has nothing a learner can do).
 * - progress_percentage = completed lessons / lessons over those courses, one decimal (the same
 *   block-level rule as the progress engine's program `get_progress`), so a long course weighs more
 *   than a short one; 100 once every course is completed.
 * - A course is unlocked when every in-program prerequisite of it is completed; the current course is
 *   the first incomplete published course in sequence order.
 */
export interface ProgramCourseInput {
  courseId: string;
  title: string;
  sequenceOrder: number;
  prerequisites: readonly string[];
  published: boolean;
  /** Undefined when the course no longer exists. */
  figures: Pick<CourseProgressFigures, 'completedLessons' | 'totalLessons' | 'completedAt'> | undefined;
  enrolled: boolean;
}

export interface ProgramCourseProgress {
  courseId: string;
  title: string;
  sequenceOrder: number;
  progressPercentage: number;
  completed: boolean;
  unlocked: boolean;
  enrolled: boolean;
}

export interface ProgramProgress {
  progressPercentage: number;
  completedCourses: number;
  totalCourses: number;
  currentCourse: ProgramCourseProgress | undefined;
  courses: ProgramCourseProgress[];
  completed: boolean;
}

/** A course counts as completed when the progress engine recorded its completion. */
function courseDone(input: ProgramCourseInput): boolean {
  return input.figures?.completedAt != null;
}

/** The program's progress from its courses' figures (see the module comment for the rules). */
export function programProgress(inputs: readonly ProgramCourseInput[]): ProgramProgress {
  const ordered = [...inputs].sort((a, b) => a.sequenceOrder - b.sequenceOrder);
  const done = new Set(ordered.filter(courseDone).map((c) => c.courseId));
  const counted = ordered.filter((c) => c.published && c.figures !== undefined);
  const completedLessons = counted.reduce((sum, c) => sum + (courseDone(c) ? (c.figures?.totalLessons ?? 0) : (c.figures?.completedLessons ?? 0)), 0);
  const totalLessons = counted.reduce((sum, c) => sum + (c.figures?.totalLessons ?? 0), 0);
  const courses = counted.map((c): ProgramCourseProgress => ({
    courseId: c.courseId,
    title: c.title,
    sequenceOrder: c.sequenceOrder,
    progressPercentage: courseDone(c) ? 100 : decimalPercent(c.figures?.completedLessons ?? 0, c.figures?.totalLessons ?? 0),
    completed: courseDone(c),
    unlocked: c.prerequisites.every((id) => done.has(id)),
    enrolled: c.enrolled,
  }));
  const completedCourses = courses.filter((c) => c.completed).length;
  const completed = courses.length > 0 && completedCourses === courses.length;
  return {
    progressPercentage: completed ? 100 : decimalPercent(completedLessons, totalLessons),
    completedCourses,
    totalCourses: courses.length,
    currentCourse: courses.find((c) => !c.completed),
    courses,
    completed,
  };
}
