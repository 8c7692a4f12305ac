import type { Principal } from '../../shared/auth/principal.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { generateReport, getReportView, listReportViews } from '../../shared/reports/reportService.js';
import { createSchedule, deleteSchedule, listSchedules } from '../../shared/reports/reportSchedules.js';
import { REPORT_ROUTES } from '../../shared/routes/reportRoutes.js';
import type { AutomatedReportsBody } from '../../shared/schemas/reports.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new AuthenticationError();
  return ctx.principal;
}

/** Lambda entry of the reports group: seed 000 §9 automated-reports, one action per call. */
const handlers: RouteHandlers = {
  'reports.automatedReports': async (ctx) => {
    const principal = principalOf(ctx);
    const body = ctx.body as AutomatedReportsBody;
    switch (body.action) {
      case 'generate_report':
        return generateReport(principal, body, ctx.now);
      case 'get_report':
        return { data: await getReportView(principal, body.report_id) };
      case 'list_reports':
        return { data: await listReportViews(principal, body.limit, body.cursor) };
      case 'schedule_report':
        return { statusCode: 201, data: await createSchedule(principal, body, ctx.now) };
      case 'list_schedules':
        return { data: await listSchedules(principal, ctx.now) };
      case 'delete_schedule':
        return { data: await deleteSchedule(principal, body.schedule_id) };
    }
  },
};

/** The reports group's handler with test overrides (clock, rate classes). */
export function createReportsHandler(options: GroupHandlerOptions = {}) {
  return createGroupHandler('reports', REPORT_ROUTES, handlers, options);
}

export const handler = createReportsHandler();
