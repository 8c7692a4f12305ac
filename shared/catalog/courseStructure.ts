import { ValidationError, type FieldIssue } from '../http/errors.js';
import { COURSE_LIMITS, type LessonRecord, type SectionRecord } from './course.js';
import { findCycle } from './prerequisiteGraph.js';

/**
 * Rules over a course's whole structure, applied to the state an authoring write would produce before
 * it is stored: the counts the catalog shows, contiguous ordering, limits, and lesson prerequisites
 * that exist and form no cycle.
 */

export interface StructureCounts {
  sectionsCount: number;
  lessonsCount: number;
  durationMinutes: number;
}

/** What a learner sees: published sections and the lessons in them. */
export function structureCounts(sections: readonly SectionRecord[], lessons: readonly LessonRecord[]): StructureCounts {
  const published = new Set(sections.filter((s) => s.isPublished).map((s) => s.sectionId));
  const visible = lessons.filter((l) => published.has(l.sectionId));
  return {
    sectionsCount: published.size,
    lessonsCount: visible.length,
    durationMinutes: visible.reduce((sum, l) => sum + l.durationMinutes, 0),
  };
}

/** Sets `order` to 1..n in the given sequence (returns new objects where the order changes). */
export function renumber<T extends { order: number }>(items: readonly T[]): T[] {
  return items.map((item, index) => (item.order === index + 1 ? item : { ...item, order: index + 1 }));
}

/** Inserts at a 1-based position (clamped to the end) and renumbers. */
export function insertAt<T extends { order: number }>(items: readonly T[], item: T, position: number | undefined): T[] {
  const index = position === undefined ? items.length : Math.min(Math.max(position - 1, 0), items.length);
  return renumber([...items.slice(0, index), item, ...items.slice(index)]);
}

/**
 * Validates a would-be structure: limits per course and section, lesson prerequisites naming lessons
 * of this course (not themselves), and no prerequisite cycle. `field` prefixes the offending field.
 */
export function assertValidStructure(sections: readonly SectionRecord[], lessons: readonly LessonRecord[], field = 'body'): void {
  const issues: FieldIssue[] = [];
  if (sections.length > COURSE_LIMITS.sectionsPerCourse) {
    issues.push({ field, message: `A course has at most ${COURSE_LIMITS.sectionsPerCourse} sections`, code: 'too_many_sections' });
  }
  if (lessons.length > COURSE_LIMITS.lessonsPerCourse) {
    issues.push({ field, message: `A course has at most ${COURSE_LIMITS.lessonsPerCourse} lessons`, code: 'too_many_lessons' });
  }
  const perSection = new Map<string, number>();
  for (const lesson of lessons) perSection.set(lesson.sectionId, (perSection.get(lesson.sectionId) ?? 0) + 1);
  if ([...perSection.values()].some((n) => n > COURSE_LIMITS.lessonsPerSection)) {
    issues.push({ field, message: `A section has at most ${COURSE_LIMITS.lessonsPerSection} lessons`, code: 'too_many_lessons' });
  }
  const ids = new Set(lessons.map((l) => l.lessonId));
  for (const lesson of lessons) {
    for (const prerequisite of lesson.prerequisites) {
      if (prerequisite === lesson.lessonId) issues.push({ field: `${field}.prerequisites`, message: 'A lesson cannot require itself', code: 'self_prerequisite' });
      else if (!ids.has(prerequisite)) issues.push({ field: `${field}.prerequisites`, message: `Unknown lesson ${prerequisite} in this course`, code: 'unknown_prerequisite' });
    }
  }
  if (issues.length === 0) {
    const cycle = findCycle(Object.fromEntries(lessons.map((l) => [l.lessonId, l.prerequisites])));
    if (cycle) issues.push({ field: `${field}.prerequisites`, message: `Prerequisites would form a cycle: ${cycle.join(' → ')}`, code: 'cyclic_prerequisites' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
