import { canAuthor, type Actor } from '../catalog/authoringService.js';
import type { CourseTree, LessonRecord } from '../catalog/course.js';
import { getCourseTree } from '../catalog/courseRepository.js';
import { NotFoundError } from '../http/errors.js';
import { getCurriculum } from '../personalCourses/curriculumRepository.js';
import type { CurriculumNode } from '../personalCourses/curriculumTree.js';
import type { PersonalCourseRecord } from '../personalCourses/personalCourse.js';
import type { ContextDocument } from './modelPort.js';
import type { RetrievedMemory } from './memoryService.js';

/**
 * What a model may see (issue 19, context isolation). Every read here is keyed by the caller's
 * verified tenant and, for personal data, the caller's own user id; nothing takes a user or tenant id
 * from the request body. So the context holds only:
 * - the course's content: a catalog course the caller could read in the catalog (published, or
 *   authored by the caller; unpublished sections only for its authors), or the caller's own personal
 *   course and its curriculum;
 * - the caller's own memories, progress and conversation.
 * Another user's memories or another tenant's courses cannot enter a prompt because no code path
 * here can address them.
 */
export interface Caller extends Actor {
  tenantId: string;
}

export interface CatalogContext {
  tree: CourseTree;
  /** Lessons the caller may see, in course order. */
  lessons: LessonRecord[];
  documents: ContextDocument[];
  asAuthor: boolean;
}

/** The catalog course as the caller may see it (404 otherwise), with `lessonId` checked to be one of its visible lessons. */
export async function catalogCourseContext(caller: Caller, courseId: string, lessonId?: string): Promise<CatalogContext> {
  const tree = await getCourseTree(caller.tenantId, courseId, true);
  const asAuthor = !!tree && canAuthor(tree.course, caller);
  if (!tree || (tree.course.status !== 'published' && !asAuthor)) throw new NotFoundError('Course not found');
  const visibleSections = new Set(tree.sections.filter((s) => asAuthor || s.isPublished).map((s) => s.sectionId));
  const lessons = tree.lessons.filter((l) => visibleSections.has(l.sectionId));
  if (lessonId !== undefined && !lessons.some((l) => l.lessonId === lessonId)) throw new NotFoundError('Lesson not found');
  // The named lesson first, then the others in course order.
  const ordered = lessonId ? [...lessons.filter((l) => l.lessonId === lessonId), ...lessons.filter((l) => l.lessonId !== lessonId)] : lessons;
  const documents: ContextDocument[] = [
    { id: `course:${courseId}`, kind: 'course', title: tree.course.title, text: [tree.course.description, ...tree.detail.objectives].filter(Boolean).join(' '), courseId },
    ...ordered.map((l) => ({ id: `lesson:${l.lessonId}`, kind: 'lesson' as const, title: l.title, text: [l.title + '.', l.description ?? ''].join(' ').trim(), courseId, lessonId: l.lessonId })),
  ];
  return { tree, lessons, documents, asAuthor };
}

function flatten(nodes: readonly CurriculumNode[]): CurriculumNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** The caller's personal course and its curriculum as documents (404 when the course is not the caller's). */
export async function personalCourseContext(caller: Caller, course: PersonalCourseRecord): Promise<{ documents: ContextDocument[]; nodes: CurriculumNode[] }> {
  const curriculum = await getCurriculum(caller, course.courseId);
  const nodes = flatten(curriculum.structure);
  const documents: ContextDocument[] = [
    {
      id: `pcourse:${course.courseId}`,
      kind: 'course',
      title: course.title,
      text: [`Topic: ${course.topic}.`, course.description ?? '', course.currentLevel ? `Level: ${course.currentLevel}.` : '', course.goals.length ? `Goals: ${course.goals.join(', ')}.` : ''].filter(Boolean).join(' '),
      courseId: course.courseId,
    },
    ...nodes.map((node) => ({ id: `node:${node.id}`, kind: 'curriculum' as const, title: node.title, text: [node.title + '.', ...node.learningObjectives].join(' '), courseId: course.courseId })),
  ];
  return { documents, nodes };
}

/** The caller's own retrieved memories as documents. */
export function memoryDocuments(memories: readonly RetrievedMemory[]): ContextDocument[] {
  return memories.map((m) => ({ id: `memory:${m.id}`, kind: 'memory', title: `${m.memoryType}: ${m.key}`, text: typeof m.value === 'string' ? m.value : JSON.stringify(m.value) }));
}
