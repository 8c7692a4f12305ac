import { getDashboard } from '../../shared/analytics/dashboardService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { ANALYTICS_DASHBOARD_ROUTES } from '../../shared/routes/analyticsDashboardRoutes.js';
import type { GetDashboardInput } from '../../shared/schemas/analyticsDashboard.js';

/** Lambda entry of the analytics group: seed 000 §8 analytics-dashboard. */
const handlers: RouteHandlers = {
  'analytics.dashboard': async (ctx) => {
    // The route is `authenticated`; the framework has already refused anonymous calls.
    if (!ctx.principal) throw new AuthenticationError();
    return { data: await getDashboard(ctx.principal, ctx.body as GetDashboardInput) };
  },
};

/** The group's handler with test overrides (clock, rate classes). */
export function createAnalyticsHandler(options: GroupHandlerOptions = {}) {
  return createGroupHandler('analytics', ANALYTICS_DASHBOARD_ROUTES, handlers, options);
}

export const handler = createAnalyticsHandler();
