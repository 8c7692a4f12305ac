import type { Principal } from '../../shared/auth/principal.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import {
  organizationDepartmentAnalytics,
  organizationLearningCulture,
  organizationLearningVelocity,
  organizationStrategicAlignment,
} from '../../shared/orgAnalytics/orgAnalyticsService.js';
import { ORG_ANALYTICS_ROUTES } from '../../shared/routes/orgAnalyticsRoutes.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new Error('organization analytics routes are authenticated');
  return ctx.principal;
}

const orgIdOf = (ctx: RouteContext) => (ctx.params as { orgId: string }).orgId;

/** Route id → handler of the orgAnalytics group. */
export const orgAnalyticsHandlers: RouteHandlers = {
  'orgAnalytics.learningVelocity': async (ctx) => organizationLearningVelocity(principalOf(ctx), orgIdOf(ctx), ctx.now),
  'orgAnalytics.strategicAlignment': async (ctx) => organizationStrategicAlignment(principalOf(ctx), orgIdOf(ctx), ctx.now),
  'orgAnalytics.departmentAnalytics': async (ctx) => organizationDepartmentAnalytics(principalOf(ctx), orgIdOf(ctx), ctx.now),
  'orgAnalytics.learningCulture': async (ctx) => organizationLearningCulture(principalOf(ctx), orgIdOf(ctx), ctx.now),
};

/** The orgAnalytics group's Lambda; tests build it with their own options (an injected clock). */
export function createOrgAnalyticsHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('orgAnalytics', ORG_ANALYTICS_ROUTES, orgAnalyticsHandlers, options);
}

/** Lambda entry of the orgAnalytics group. */
export const handler = createOrgAnalyticsHandler();
