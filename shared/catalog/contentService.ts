import { randomUUID } from 'node:crypto';
import { assertKnownSkills } from '../skills/taxonomyService.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import type { CreateLessonInput, UpdateLessonInput } from '../schemas/catalog.js';
import { changeStructure, type Actor } from './authoringService.js';
import type { CourseTree, LessonRecord, SectionRecord } from './course.js';
import { insertAt, renumber } from './courseStructure.js';

/**
 * Sections and lessons of a course (seed 002 content management). Each operation describes the new
 * structure; changeStructure validates it, recomputes the catalog counts and writes the difference in
 * one version-checked transaction, so counts and ordering stay exact under concurrent edits.
 */

const sectionOf = (tree: CourseTree, sectionId: string): SectionRecord => {
  const section = tree.sections.find((s) => s.sectionId === sectionId);
  if (!section) throw new NotFoundError('Section not found in this course');
  return section;
};

const lessonsIn = (lessons: readonly LessonRecord[], sectionId: string) => lessons.filter((l) => l.sectionId === sectionId).sort((a, b) => a.order - b.order);

/** Replaces one section's lessons (already ordered) inside the course's lesson list. */
const withSectionLessons = (lessons: readonly LessonRecord[], sectionId: string, inSection: readonly LessonRecord[]) => [
  ...lessons.filter((l) => l.sectionId !== sectionId),
  ...inSection,
];

/** Adds a section at `order` (default: last); later sections move down one. */
export function createSection(tenantId: string, courseId: string, actor: Actor, input: { title: string; description?: string; order?: number; is_published: boolean }, now: Date) {
  const at = now.toISOString();
  const section: SectionRecord = {
    sectionId: randomUUID(),
    title: input.title,
    ...(input.description ? { description: input.description } : {}),
    order: 0,
    isPublished: input.is_published,
    createdAt: at,
    updatedAt: at,
  };
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    const sections = insertAt(tree.sections, section, input.order);
    return { sections, lessons: tree.lessons, field: 'body', result: (next) => ({ tree: next, section: next.sections.find((s) => s.sectionId === section.sectionId) as SectionRecord }) };
  });
}

/** Changes a section's title, description or published flag. */
export function updateSection(tenantId: string, courseId: string, sectionId: string, actor: Actor, input: { title?: string; description?: string | null; is_published?: boolean }, now: Date) {
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    const current = sectionOf(tree, sectionId);
    const updated: SectionRecord = {
      ...current,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.is_published !== undefined ? { isPublished: input.is_published } : {}),
      updatedAt: now.toISOString(),
    };
    if (input.description === null) delete updated.description;
    else if (input.description !== undefined) updated.description = input.description;
    return {
      sections: tree.sections.map((s) => (s.sectionId === sectionId ? updated : s)),
      lessons: tree.lessons,
      result: (next) => ({ tree: next, section: updated }),
    };
  });
}

/** Puts the sections in the given order; the list must name every section of the course exactly once. */
export function reorderSections(tenantId: string, courseId: string, actor: Actor, sectionIds: readonly string[], now: Date) {
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    const byId = new Map(tree.sections.map((s) => [s.sectionId, s]));
    if (sectionIds.length !== tree.sections.length || sectionIds.some((id) => !byId.has(id))) {
      throw new ValidationError([{ field: 'body.section_ids', message: 'Must list every section of the course exactly once', code: 'not_a_permutation' }]);
    }
    const sections = renumber(sectionIds.map((id) => byId.get(id) as SectionRecord));
    return { sections, lessons: tree.lessons, result: (next) => ({ tree: next }) };
  });
}

/**
 * Deletes a section and its lessons. Refused (409) while a lesson elsewhere in the course requires one
 * of them: removing it would silently change what that lesson needs.
 */
export function deleteSection(tenantId: string, courseId: string, sectionId: string, actor: Actor, now: Date) {
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    sectionOf(tree, sectionId);
    const doomed = new Set(tree.lessons.filter((l) => l.sectionId === sectionId).map((l) => l.lessonId));
    const kept = tree.lessons.filter((l) => !doomed.has(l.lessonId));
    const blocking = kept.filter((l) => l.prerequisites.some((p) => doomed.has(p)));
    if (blocking.length > 0) {
      throw new ConflictError('Lessons in other sections require lessons of this section', blocking.map((l) => ({ field: 'section_id', message: `Required by lesson ${l.lessonId}`, code: 'has_dependents' })));
    }
    return { sections: renumber(tree.sections.filter((s) => s.sectionId !== sectionId)), lessons: kept, result: (next) => ({ tree: next }) };
  });
}

/** Quiz scoring fields: quizzes default to 100 max / 70 to pass; other types carry none. */
function scoring(type: LessonRecord['type'], maxScore: number | null | undefined, passScore: number | null | undefined, field: string): Pick<LessonRecord, 'maxScore' | 'passScore'> {
  if (type !== 'quiz') {
    if ((maxScore ?? null) !== null || (passScore ?? null) !== null) {
      throw new ValidationError([{ field: `${field}.${maxScore != null ? 'max_score' : 'pass_score'}`, message: 'Only quizzes have scores', code: 'not_a_quiz' }]);
    }
    return {};
  }
  const max = maxScore ?? 100;
  const pass = passScore ?? Math.min(70, max);
  if (pass > max) throw new ValidationError([{ field: `${field}.pass_score`, message: 'Must not exceed max_score', code: 'too_big' }]);
  return { maxScore: max, passScore: pass };
}

/** Adds a lesson to a section at `order` (default: last). Prerequisites must be lessons of the course, acyclic. */
export async function createLesson(tenantId: string, courseId: string, sectionId: string, actor: Actor, input: CreateLessonInput, now: Date) {
  await assertKnownSkills(tenantId, input.skills, 'body.skills');
  const at = now.toISOString();
  const lesson: LessonRecord = {
    lessonId: randomUUID(),
    sectionId,
    title: input.title,
    ...(input.description ? { description: input.description } : {}),
    type: input.type,
    order: 0,
    durationMinutes: input.duration_minutes,
    prerequisites: input.prerequisites,
    skills: input.skills,
    isPreview: input.is_preview,
    ...(input.content_url ? { contentUrl: input.content_url } : {}),
    ...scoring(input.type, input.max_score, input.pass_score, 'body'),
    createdAt: at,
    updatedAt: at,
  };
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    sectionOf(tree, sectionId);
    const inSection = insertAt(lessonsIn(tree.lessons, sectionId), lesson, input.order);
    return {
      sections: tree.sections,
      lessons: withSectionLessons(tree.lessons, sectionId, inSection),
      field: 'body',
      result: (next) => ({ tree: next, lesson: next.lessons.find((l) => l.lessonId === lesson.lessonId) as LessonRecord }),
    };
  });
}

/** Changes a lesson; `section_id` moves it to the end of another section (both sections renumbered). */
export async function updateLesson(tenantId: string, courseId: string, lessonId: string, actor: Actor, input: UpdateLessonInput, now: Date) {
  await assertKnownSkills(tenantId, input.skills, 'body.skills');
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    const current = tree.lessons.find((l) => l.lessonId === lessonId);
    if (!current) throw new NotFoundError('Lesson not found in this course');
    const type = input.type ?? current.type;
    const keepScores = type === 'quiz' && current.type === 'quiz';
    const updated: LessonRecord = {
      ...current,
      ...(input.title !== undefined ? { title: input.title } : {}),
      type,
      ...(input.duration_minutes !== undefined ? { durationMinutes: input.duration_minutes } : {}),
      ...(input.prerequisites !== undefined ? { prerequisites: input.prerequisites } : {}),
      ...(input.skills !== undefined ? { skills: input.skills } : {}),
      ...(input.is_preview !== undefined ? { isPreview: input.is_preview } : {}),
      updatedAt: now.toISOString(),
    };
    delete updated.maxScore;
    delete updated.passScore;
    Object.assign(
      updated,
      scoring(
        type,
        input.max_score !== undefined ? input.max_score : keepScores ? current.maxScore : undefined,
        input.pass_score !== undefined ? input.pass_score : keepScores ? current.passScore : undefined,
        'body',
      ),
    );
    if (input.description === null) delete updated.description;
    else if (input.description !== undefined) updated.description = input.description;
    if (input.content_url === null) delete updated.contentUrl;
    else if (input.content_url !== undefined) updated.contentUrl = input.content_url;

    let lessons = tree.lessons.map((l) => (l.lessonId === lessonId ? updated : l));
    if (input.section_id !== undefined && input.section_id !== current.sectionId) {
      if (!tree.sections.some((s) => s.sectionId === input.section_id)) {
        throw new ValidationError([{ field: 'body.section_id', message: 'No such section in this course', code: 'unknown_section' }]);
      }
      const target = input.section_id;
      const source = renumber(lessonsIn(lessons, current.sectionId).filter((l) => l.lessonId !== lessonId));
      const moved = insertAt(lessonsIn(lessons, target), { ...updated, sectionId: target }, undefined);
      lessons = withSectionLessons(withSectionLessons(lessons.filter((l) => l.lessonId !== lessonId), current.sectionId, source), target, moved);
    }
    return { sections: tree.sections, lessons, field: 'body', result: (next) => ({ tree: next, lesson: next.lessons.find((l) => l.lessonId === lessonId) as LessonRecord }) };
  });
}

/** Puts a section's lessons in the given order (every lesson of the section exactly once). */
export function reorderLessons(tenantId: string, courseId: string, sectionId: string, actor: Actor, lessonIds: readonly string[], now: Date) {
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    sectionOf(tree, sectionId);
    const current = lessonsIn(tree.lessons, sectionId);
    const byId = new Map(current.map((l) => [l.lessonId, l]));
    if (lessonIds.length !== current.length || lessonIds.some((id) => !byId.has(id))) {
      throw new ValidationError([{ field: 'body.lesson_ids', message: 'Must list every lesson of the section exactly once', code: 'not_a_permutation' }]);
    }
    const ordered = renumber(lessonIds.map((id) => byId.get(id) as LessonRecord));
    return { sections: tree.sections, lessons: withSectionLessons(tree.lessons, sectionId, ordered), result: (next) => ({ tree: next, sectionId }) };
  });
}

/** Deletes a lesson; refused (409) while another lesson requires it. */
export function deleteLesson(tenantId: string, courseId: string, lessonId: string, actor: Actor, now: Date) {
  return changeStructure(tenantId, courseId, actor, now, (tree) => {
    const current = tree.lessons.find((l) => l.lessonId === lessonId);
    if (!current) throw new NotFoundError('Lesson not found in this course');
    const blocking = tree.lessons.filter((l) => l.prerequisites.includes(lessonId));
    if (blocking.length > 0) {
      throw new ConflictError('Other lessons require this lesson', blocking.map((l) => ({ field: 'lesson_id', message: `Required by lesson ${l.lessonId}`, code: 'has_dependents' })));
    }
    const source = renumber(lessonsIn(tree.lessons, current.sectionId).filter((l) => l.lessonId !== lessonId));
    return { sections: tree.sections, lessons: withSectionLessons(tree.lessons.filter((l) => l.lessonId !== lessonId), current.sectionId, source), result: (next) => ({ tree: next }) };
  });
}
