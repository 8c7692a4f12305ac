import type * as z from 'zod';
import * as authoring from '../../shared/catalog/authoringService.js';
import { listAuthoredCourses } from '../../shared/catalog/catalogService.js';
import { createCategory } from '../../shared/catalog/categoryRepository.js';
import * as content from '../../shared/catalog/contentService.js';
import { getCourseTree } from '../../shared/catalog/courseRepository.js';
import { pageLinks } from '../../shared/catalog/pageLinks.js';
import { courseSummaryOf, lessonOf, sectionOf } from '../../shared/catalog/presenters.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { AuthorizationError, NotFoundError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { AUTHORING_ROUTES } from '../../shared/routes/catalogRoutes.js';
import type * as s from '../../shared/schemas/catalog.js';
import type { CourseTree } from '../../shared/catalog/course.js';

/** Lambda entry of the authoring group (seed 002 instructor and content routes). */
const input = <T extends z.ZodType>(value: unknown) => value as z.infer<T>;
const actorOf = (ctx: RouteContext): authoring.Actor => ({ userId: ctx.principal?.userId ?? '', roles: ctx.principal?.roles ?? [] });
const courseIdOf = (ctx: RouteContext) => input<typeof s.courseParams>(ctx.params).course_id;
const sectionsOf = (tree: CourseTree) => {
  const results = tree.sections.map((section) => sectionOf(tree.course.courseId, section, tree.lessons));
  return { count: results.length, results };
};
const lessonsOf = (tree: CourseTree, sectionId: string) => {
  const results = tree.lessons.filter((l) => l.sectionId === sectionId).map((l) => lessonOf(l));
  return { count: results.length, results };
};
const statusOf = (course: { courseId: string; status: string; publishedAt?: string; updatedAt: string }) => ({
  id: course.courseId,
  status: course.status,
  published_at: course.publishedAt ?? null,
  updated_at: course.updatedAt,
});

/** Reads a course for one of its authors (the read routes of the content API). */
async function readableTree(ctx: RouteContext): Promise<CourseTree> {
  const tree = await getCourseTree(ctx.tenantId, courseIdOf(ctx), true); // authors read their own writes
  if (!tree) throw new NotFoundError('Course not found');
  if (!authoring.canAuthor(tree.course, actorOf(ctx))) throw new AuthorizationError('Only the course\'s instructors and org admins may see its content');
  return tree;
}

const handlers: RouteHandlers = {
  'authoring.createCategory': async (ctx) => ({ data: await createCategory(ctx.tenantId, input<typeof s.createCategoryBody>(ctx.body), actorOf(ctx).userId, ctx.now) }),
  'authoring.createCourse': async (ctx) => {
    const course = await authoring.createCourse(ctx.tenantId, actorOf(ctx), input<typeof s.createCourseBody>(ctx.body), ctx.now);
    return { data: { id: course.courseId, title: course.title, slug: course.slug, status: course.status, created_at: course.createdAt, message: 'Course created successfully' } };
  },
  'authoring.listCourses': async (ctx) => {
    const query = input<typeof s.listInstructorCoursesQuery>(ctx.query);
    const courses = await listAuthoredCourses(ctx.tenantId, actorOf(ctx), query.status);
    const totalPages = Math.max(1, Math.ceil(courses.length / query.page_size));
    if (query.page > totalPages) throw new NotFoundError('Invalid page.');
    const start = (query.page - 1) * query.page_size;
    return {
      data: {
        count: courses.length,
        ...pageLinks(ctx.event, query.page, totalPages),
        page: query.page,
        page_size: query.page_size,
        total_pages: totalPages,
        results: courses.slice(start, start + query.page_size).map(courseSummaryOf),
      },
    };
  },
  'authoring.updateCourse': async (ctx) =>
    ({ data: courseSummaryOf(await authoring.updateCourse(ctx.tenantId, courseIdOf(ctx), actorOf(ctx), input<typeof s.updateCourseBody>(ctx.body), ctx.now)) }),
  'authoring.deleteCourse': async (ctx) => {
    await authoring.deleteCourse(ctx.tenantId, courseIdOf(ctx), actorOf(ctx));
    return { statusCode: 204 };
  },
  'authoring.publishCourse': async (ctx) => ({ data: statusOf(await authoring.publishCourse(ctx.tenantId, courseIdOf(ctx), actorOf(ctx), ctx.now)) }),
  'authoring.unpublishCourse': async (ctx) => ({ data: statusOf(await authoring.unpublishCourse(ctx.tenantId, courseIdOf(ctx), actorOf(ctx), ctx.now)) }),
  'authoring.listSections': async (ctx) => ({ data: sectionsOf(await readableTree(ctx)) }),
  'authoring.createSection': async (ctx) => {
    const { tree, section } = await content.createSection(ctx.tenantId, courseIdOf(ctx), actorOf(ctx), input<typeof s.createSectionBody>(ctx.body), ctx.now);
    return { data: sectionOf(tree.course.courseId, section, tree.lessons) };
  },
  'authoring.reorderSections': async (ctx) => {
    const { tree } = await content.reorderSections(ctx.tenantId, courseIdOf(ctx), actorOf(ctx), input<typeof s.reorderSectionsBody>(ctx.body).section_ids, ctx.now);
    return { data: sectionsOf(tree) };
  },
  'authoring.updateSection': async (ctx) => {
    const { section_id } = input<typeof s.sectionParams>(ctx.params);
    const { tree, section } = await content.updateSection(ctx.tenantId, courseIdOf(ctx), section_id, actorOf(ctx), input<typeof s.updateSectionBody>(ctx.body), ctx.now);
    return { data: sectionOf(tree.course.courseId, section, tree.lessons) };
  },
  'authoring.deleteSection': async (ctx) => {
    await content.deleteSection(ctx.tenantId, courseIdOf(ctx), input<typeof s.sectionParams>(ctx.params).section_id, actorOf(ctx), ctx.now);
    return { statusCode: 204 };
  },
  'authoring.listLessons': async (ctx) => {
    const { section_id } = input<typeof s.sectionParams>(ctx.params);
    const tree = await readableTree(ctx);
    if (!tree.sections.some((section) => section.sectionId === section_id)) throw new NotFoundError('Section not found in this course');
    return { data: lessonsOf(tree, section_id) };
  },
  'authoring.createLesson': async (ctx) => {
    const { section_id } = input<typeof s.sectionParams>(ctx.params);
    const { lesson } = await content.createLesson(ctx.tenantId, courseIdOf(ctx), section_id, actorOf(ctx), input<typeof s.createLessonBody>(ctx.body), ctx.now);
    return { data: lessonOf(lesson) };
  },
  'authoring.reorderLessons': async (ctx) => {
    const { section_id } = input<typeof s.sectionParams>(ctx.params);
    const { tree } = await content.reorderLessons(ctx.tenantId, courseIdOf(ctx), section_id, actorOf(ctx), input<typeof s.reorderLessonsBody>(ctx.body).lesson_ids, ctx.now);
    return { data: lessonsOf(tree, section_id) };
  },
  'authoring.updateLesson': async (ctx) => {
    const { lesson_id } = input<typeof s.lessonParams>(ctx.params);
    const { lesson } = await content.updateLesson(ctx.tenantId, courseIdOf(ctx), lesson_id, actorOf(ctx), input<typeof s.updateLessonBody>(ctx.body), ctx.now);
    return { data: lessonOf(lesson) };
  },
  'authoring.deleteLesson': async (ctx) => {
    await content.deleteLesson(ctx.tenantId, courseIdOf(ctx), input<typeof s.lessonParams>(ctx.params).lesson_id, actorOf(ctx), ctx.now);
    return { statusCode: 204 };
  },
};

export const handler = createGroupHandler('authoring', AUTHORING_ROUTES, handlers);
