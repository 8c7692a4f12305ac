/**
 * Course progress rules (issue 5), computed against the catalog's structure. Only lessons of
 * published sections count (what the learner sees; the catalog's `lessonsCount` counts the same).
 * A lesson, once completed, stays completed; a quiz lesson completes when its best score reaches the
 * pass score. With `enforce_sequence`, a lesson completes only after its prerequisite lessons.
 */
import type { Difficulty, LessonType } from '../catalog/course.js';

export interface OutlineLesson {
  lessonId: string;
  sectionId: string;
  title: string;
  type: LessonType;
  order: number;
  durationMinutes: number;
  prerequisites: string[];
  maxScore?: number;
  passScore?: number;
  /** The lesson's skills (analytics: performance by skill); absent in outlines built before issue 14. */
  skills?: string[];
}

export interface OutlineSection {
  sectionId: string;
  title: string;
  order: number;
  isPublished: boolean;
}

/** The engine's copy of a course's structure, built from one version of the course. */
export interface CourseOutline {
  courseId: string;
  version: number;
  title: string;
  status: 'draft' | 'published';
  enforceSequence: boolean;
  difficulty: Difficulty;
  durationMinutes: number;
  /** Sections by order. */
  sections: OutlineSection[];
  /** Lessons by section order, then order. */
  lessons: OutlineLesson[];
}

/** A learner's state of one lesson. */
export interface LessonProgress {
  lessonId: string;
  watchSeconds: number;
  positionSeconds: number;
  completed: boolean;
  completedAt?: string;
  completionId?: string;
  engagementScore?: number;
  secondsSpent: number;
  score?: number;
  passed?: boolean;
  attempts: number;
  updatedAt?: string;
}

/** The lessons a learner can see and complete: those of published sections. */
export function visibleLessons(outline: CourseOutline): OutlineLesson[] {
  const published = new Set(outline.sections.filter((s) => s.isPublished).map((s) => s.sectionId));
  return outline.lessons.filter((l) => published.has(l.sectionId));
}

/** floor(completed × 100 / total); 0 for an empty course. */
export function wholePercent(completed: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((completed * 100) / total)) : 0;
}

/** completed × 100 / total with one decimal (seed 000's `67.2`); 0 for an empty course. */
export function decimalPercent(completed: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((completed * 1000) / total) / 10) : 0;
}

/** Prerequisite lessons of `lesson` not yet completed (empty when the course does not enforce order). */
export function missingPrerequisites(outline: CourseOutline, lesson: OutlineLesson, completed: ReadonlySet<string>): OutlineLesson[] {
  if (!outline.enforceSequence) return [];
  const byId = new Map(outline.lessons.map((l) => [l.lessonId, l]));
  return lesson.prerequisites.filter((id) => !completed.has(id)).map((id) => byId.get(id)).filter((l): l is OutlineLesson => l !== undefined);
}

/** True when every visible lesson is in `completed` (and there is at least one). */
export function courseComplete(outline: CourseOutline, completed: ReadonlySet<string>): boolean {
  const lessons = visibleLessons(outline);
  return lessons.length > 0 && lessons.every((l) => completed.has(l.lessonId));
}

/** A quiz lesson is passed when the score reaches its pass score (the max score when no pass score is set). */
export function quizPassed(lesson: Pick<OutlineLesson, 'maxScore' | 'passScore'>, score: number): boolean {
  const threshold = lesson.passScore ?? lesson.maxScore;
  return threshold !== undefined && score >= threshold;
}

/**
 * The learner's pace and the completion date it predicts: completed lessons per active calendar
 * day (first completion's day through today, inclusive), and the remaining lessons at that pace.
 * No completions → no pace, no estimate.
 */
export function learningPace(completionDates: readonly string[], today: string, remaining: number): { blocksPerDay: number | null; daysToFinish: number | null } {
  if (completionDates.length === 0) return { blocksPerDay: null, daysToFinish: remaining === 0 ? 0 : null };
  const first = [...completionDates].sort()[0] as string;
  const days = Math.max(1, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1);
  const blocksPerDay = completionDates.length / days;
  return { blocksPerDay, daysToFinish: remaining === 0 ? 0 : Math.ceil(remaining / blocksPerDay) };
}
