import type * as z from 'zod';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { NotFoundError, ValidationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { listCoursePage } from '../../shared/personalCourses/courseListing.js';
import { buildCurriculum } from '../../shared/personalCourses/curriculumTree.js';
import { getCurriculum, saveCurriculum } from '../../shared/personalCourses/curriculumRepository.js';
import * as repository from '../../shared/personalCourses/personalCourseRepository.js';
import { courseListQueryOf, coursePatchOf, newPersonalCourse } from '../../shared/personalCourses/personalCourseService.js';
import { PERSONAL_COURSE_ROUTES } from '../../shared/routes/personalCourseRoutes.js';
import type * as s from '../../shared/schemas/personalCourses.js';
import { course004 } from './presenters.js';

/** Lambda entry of the personalCourses group (seed 004 courses and curriculum builder). */
const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

/** The caller's collection: tenant and user only from the verified token (the routes require one). */
function owner(ctx: RouteContext): repository.CourseOwner {
  if (!ctx.principal) throw new Error('personalCourses routes are authenticated');
  return { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId };
}

const courseId = (ctx: RouteContext) => input<typeof s.courseParams>(ctx.params).id;

const handlers: RouteHandlers = {
  'personalCourses.create': async (ctx) => {
    const caller = owner(ctx);
    const course = newPersonalCourse(caller.userId, input<typeof s.createCourseBody>(ctx.body), ctx.now);
    await repository.insertPersonalCourse(caller, course);
    return { data: course004(course), headers: { Location: `/api/courses/${course.courseId}` } };
  },
  'personalCourses.list': async (ctx) => {
    const query = courseListQueryOf(input<typeof s.listCoursesQuery>(ctx.query));
    const page = listCoursePage(await repository.listPersonalCourses(owner(ctx)), query);
    return {
      data: page.items.map(course004),
      meta: {
        pagination: page.pagination,
        filters: { ...(query.status !== undefined ? { status: query.status } : {}), ...(query.topic !== undefined ? { topic: query.topic } : {}) },
        sort: `${query.sort.field}:${query.sort.direction}`,
      },
    };
  },
  'personalCourses.get': async (ctx) => {
    const course = await repository.getPersonalCourse(owner(ctx), courseId(ctx));
    if (!course) throw new NotFoundError('Course not found');
    return { data: course004(course) };
  },
  'personalCourses.update': async (ctx) => {
    const patch = coursePatchOf(input<typeof s.updateCourseBody>(ctx.body));
    return { data: course004(await repository.updatePersonalCourse(owner(ctx), courseId(ctx), patch, ctx.now)) };
  },
  'personalCourses.delete': async (ctx) => {
    const id = courseId(ctx);
    await repository.deletePersonalCourse(owner(ctx), id);
    return { data: { id, deleted: true } };
  },
  'personalCourses.complete': async (ctx) => ({
    data: course004(await repository.completePersonalCourse(owner(ctx), courseId(ctx), ctx.now)),
  }),
  'personalCourses.getCurriculum': async (ctx) => ({
    data: await getCurriculum(owner(ctx), input<typeof s.curriculumParams>(ctx.params).course_id),
  }),
  'personalCourses.putCurriculum': async (ctx) => {
    const body = input<typeof s.putCurriculumBody>(ctx.body);
    const built = buildCurriculum(body.structure);
    if (!built.ok) {
      throw new ValidationError(built.issues.map((issue) => ({ field: ['body', 'structure', ...issue.path].join('.'), message: issue.message, code: issue.code })));
    }
    const saved = await saveCurriculum(owner(ctx), input<typeof s.curriculumParams>(ctx.params).course_id, body.version, built.structure, built.summary, ctx.now);
    return { data: saved };
  },
};

export const handler = createGroupHandler('personalCourses', PERSONAL_COURSE_ROUTES, handlers);
