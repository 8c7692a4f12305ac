import * as z from 'zod';
import * as s from '../schemas/catalog.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 002 catalog (public reads) and authoring (instructor writes) routes. Two groups, two Lambdas:
 * the public catalog scales and is cached independently of authoring, and only authoring may write.
 * Authoring is open to instructors and org admins at the route; whether the caller may change *this*
 * course (one of its instructors, or an org admin) is checked against the course record.
 */
const catalog = { group: 'catalog', rateClass: 'standard', style: 'rest002', envelope: 'bare', tags: ['catalog'] } as const;
const authoring = { group: 'authoring', rateClass: 'standard', style: 'rest002', envelope: 'bare', tags: ['authoring'], auth: { kind: 'authenticated', roles: ['instructor', 'org_admin'] } } as const;

export const CATALOG_ROUTES: RouteDefinition[] = [
  { ...catalog, id: 'catalog.listCourses', method: 'GET', path: '/api/v1/courses/', auth: { kind: 'public' }, summary: 'List published courses: category, search (title and description), difficulty, sort (title, created_at, price, rating), order, page, page_size (≤ 100). Default order: newest first.', request: { query: s.listCoursesQuery }, response: { status: 200, description: 'A page of courses', schema: s.coursePage } },
  { ...catalog, id: 'catalog.getCourse', method: 'GET', path: '/api/v1/courses/{id}/', auth: { kind: 'public' }, summary: 'A course by id or slug with sections, lessons, requirements, objectives and audience; drafts only for their authors', request: { params: s.courseRefParams }, response: { status: 200, description: 'The course', schema: s.courseDetail } },
  { ...catalog, id: 'catalog.listCategories', method: 'GET', path: '/api/v1/categories/', auth: { kind: 'public' }, summary: 'The community\'s course categories', response: { status: 200, description: 'Categories', schema: s.categoryList } },
];

export const AUTHORING_ROUTES: RouteDefinition[] = [
  { ...authoring, id: 'authoring.createCategory', method: 'POST', path: '/api/v1/categories/', auth: { kind: 'authenticated', roles: ['org_admin'] }, summary: 'Create a course category (org admins)', request: { body: s.createCategoryBody }, response: { status: 201, description: 'Created', schema: s.categoryData } },
  { ...authoring, id: 'authoring.createCourse', method: 'POST', path: '/api/v1/instructor/courses/create/', summary: 'Create a draft course (slug unique in the community; derived from the title when omitted)', request: { body: s.createCourseBody }, response: { status: 201, description: 'Created', schema: s.courseCreated } },
  { ...authoring, id: 'authoring.listCourses', method: 'GET', path: '/api/v1/instructor/courses/', summary: 'Courses the caller may author (org admins: all), drafts included, newest first', request: { query: s.listInstructorCoursesQuery }, response: { status: 200, description: 'A page of courses', schema: s.coursePage } },
  { ...authoring, id: 'authoring.updateCourse', method: 'PATCH', path: '/api/v1/instructor/courses/{course_id}/', summary: 'Change a course (partial); null clears an optional field', request: { params: s.courseParams, body: s.updateCourseBody }, response: { status: 200, description: 'The course', schema: s.courseSummary } },
  { ...authoring, id: 'authoring.deleteCourse', method: 'DELETE', path: '/api/v1/instructor/courses/{course_id}/', summary: 'Delete a course without enrollments (409 otherwise)', request: { params: s.courseParams }, response: { status: 204, description: 'Deleted', schema: z.null() } },
  { ...authoring, id: 'authoring.publishCourse', method: 'POST', path: '/api/v1/instructor/courses/{course_id}/publish/', summary: 'Publish (needs a published section with a lesson)', request: { params: s.courseParams }, response: { status: 200, description: 'Published', schema: s.courseStatusData } },
  { ...authoring, id: 'authoring.unpublishCourse', method: 'POST', path: '/api/v1/instructor/courses/{course_id}/unpublish/', summary: 'Unpublish: the course leaves the public catalog', request: { params: s.courseParams }, response: { status: 200, description: 'Draft again', schema: s.courseStatusData } },
  { ...authoring, id: 'authoring.listSections', method: 'GET', path: '/api/v1/content/courses/{course_id}/sections/', summary: 'Sections of a course, in order', request: { params: s.courseParams }, response: { status: 200, description: 'Sections', schema: s.sectionPage } },
  { ...authoring, id: 'authoring.createSection', method: 'POST', path: '/api/v1/content/courses/{course_id}/sections/', summary: 'Add a section at `order` (default last; later sections move down)', request: { params: s.courseParams, body: s.createSectionBody }, response: { status: 201, description: 'Created', schema: s.sectionData } },
  { ...authoring, id: 'authoring.reorderSections', method: 'POST', path: '/api/v1/content/courses/{course_id}/sections/reorder/', summary: 'Reorder sections: every section id exactly once', request: { params: s.courseParams, body: s.reorderSectionsBody }, response: { status: 200, description: 'Sections in their new order', schema: s.sectionPage } },
  { ...authoring, id: 'authoring.updateSection', method: 'PATCH', path: '/api/v1/content/courses/{course_id}/sections/{section_id}/', summary: 'Change a section (title, description, is_published)', request: { params: s.sectionParams, body: s.updateSectionBody }, response: { status: 200, description: 'The section', schema: s.sectionData } },
  { ...authoring, id: 'authoring.deleteSection', method: 'DELETE', path: '/api/v1/content/courses/{course_id}/sections/{section_id}/', summary: 'Delete a section and its lessons (409 while other lessons require them)', request: { params: s.sectionParams }, response: { status: 204, description: 'Deleted', schema: z.null() } },
  { ...authoring, id: 'authoring.listLessons', method: 'GET', path: '/api/v1/content/courses/{course_id}/sections/{section_id}/lessons/', summary: 'Lessons of a section, in order', request: { params: s.sectionParams }, response: { status: 200, description: 'Lessons', schema: s.lessonPage } },
  { ...authoring, id: 'authoring.createLesson', method: 'POST', path: '/api/v1/content/courses/{course_id}/sections/{section_id}/lessons/', summary: 'Add a lesson (video, reading, quiz, practice, milestone) at `order` (default last)', request: { params: s.sectionParams, body: s.createLessonBody }, response: { status: 201, description: 'Created', schema: s.lessonData } },
  { ...authoring, id: 'authoring.reorderLessons', method: 'POST', path: '/api/v1/content/courses/{course_id}/sections/{section_id}/lessons/reorder/', summary: 'Reorder a section\'s lessons: every lesson id exactly once', request: { params: s.sectionParams, body: s.reorderLessonsBody }, response: { status: 200, description: 'Lessons in their new order', schema: s.lessonPage } },
  { ...authoring, id: 'authoring.updateLesson', method: 'PATCH', path: '/api/v1/content/courses/{course_id}/lessons/{lesson_id}/', summary: 'Change a lesson; section_id moves it to the end of another section', request: { params: s.lessonParams, body: s.updateLessonBody }, response: { status: 200, description: 'The lesson', schema: s.lessonData } },
  { ...authoring, id: 'authoring.deleteLesson', method: 'DELETE', path: '/api/v1/content/courses/{course_id}/lessons/{lesson_id}/', summary: 'Delete a lesson (409 while other lessons require it)', request: { params: s.lessonParams }, response: { status: 204, description: 'Deleted', schema: z.null() } },
];
