import type { Principal } from '../../shared/auth/principal.js';
import { pageLinks } from '../../shared/catalog/pageLinks.js';
import { publicBaseUrl } from '../../shared/certificates/certificateLinks.js';
import { listStudentCourses, listUserEnrollments } from '../../shared/enrollment/enrollmentViews.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { enrollInProgram, programEnrollmentProgress } from '../../shared/programs/programEnrollmentService.js';
import { ENROLLMENT_READ_ROUTES } from '../../shared/routes/enrollmentReadRoutes.js';
import type { ListEnrollmentsQuery, ProgramEnrollmentApiBody, StudentCoursesQuery } from '../../shared/schemas/enrollments.js';

/** Lambda entry of the enrollments group: seed 002 enrollment lists and seed 000 program enrollment. */
function principalOf(ctx: RouteContext): Principal {
  // Every route is `authenticated`; the framework has already refused anonymous calls.
  if (!ctx.principal) throw new AuthenticationError();
  return ctx.principal;
}

/** Issue 23: where the lists' certificate links point. */
const certificateLinksOf = (ctx: RouteContext, principal: Principal) => ({ baseUrl: publicBaseUrl(ctx.event), now: ctx.now, timeZone: principal.timeZone });

const handlers: RouteHandlers = {
  'enrollments.list': async (ctx) => {
    const principal = principalOf(ctx);
    return { data: await listUserEnrollments(principal.tenantId, principal.userId, ctx.query as ListEnrollmentsQuery, (page, total) => pageLinks(ctx.event, page, total), certificateLinksOf(ctx, principal)) };
  },
  'enrollments.studentCourses': async (ctx) => {
    const principal = principalOf(ctx);
    return { data: await listStudentCourses(principal.tenantId, principal.userId, ctx.query as StudentCoursesQuery, (page, total) => pageLinks(ctx.event, page, total), certificateLinksOf(ctx, principal)) };
  },
  'enrollments.programEnrollmentApi': async (ctx) => {
    const principal = principalOf(ctx);
    const body = ctx.body as ProgramEnrollmentApiBody;
    switch (body.action) {
      case 'enroll':
        return { data: await enrollInProgram(principal, body, ctx.now) };
      case 'get_progress':
        return { data: await programEnrollmentProgress(principal, body.enrollment_id, ctx.now) };
    }
  },
};

export const handler = createGroupHandler('enrollments', ENROLLMENT_READ_ROUTES, handlers);
