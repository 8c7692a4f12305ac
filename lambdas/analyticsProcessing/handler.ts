import type { Principal } from '../../shared/auth/principal.js';
import { processStatus, startProcessing } from '../../shared/analytics/processingService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { ANALYTICS_PROCESSING_ROUTES } from '../../shared/routes/analyticsProcessingRoutes.js';
import type { AnalyticsCronBody } from '../../shared/schemas/analyticsProcessing.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new AuthenticationError();
  return ctx.principal;
}

const handlers: RouteHandlers = {
  'analyticsProcessing.backgroundAnalyticsCron': async (ctx) => {
    const principal = principalOf(ctx);
    const body = ctx.body as AnalyticsCronBody;
    switch (body.action) {
      case 'process_analytics':
        return { statusCode: 202, data: await startProcessing(principal, body.date, ctx.now) };
      case 'get_status':
        return { statusCode: 200, data: await processStatus(principal, body.process_id) };
    }
  },
};

/** The analyticsProcessing group's Lambda; tests build it with their own options. */
export function createAnalyticsProcessingHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('analyticsProcessing', ANALYTICS_PROCESSING_ROUTES, handlers, options);
}

/** Lambda entry of the analyticsProcessing group (seed 000 §10). */
export const handler = createAnalyticsProcessingHandler();
