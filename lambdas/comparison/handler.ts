import type { z } from 'zod';
import { peerComparison } from '../../shared/comparison/peerService.js';
import { skillDemandFor } from '../../shared/orgAnalytics/orgAnalyticsService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { COMPARISON_ROUTES } from '../../shared/routes/comparisonRoutes.js';
import type * as s from '../../shared/schemas/comparison.js';

/** Route id → handler of the comparison group. */
export const comparisonHandlers: RouteHandlers = {
  'comparison.peer': async (ctx) => {
    if (!ctx.principal) throw new Error('comparison routes are authenticated');
    return peerComparison(ctx.principal, (ctx.params as z.output<typeof s.peerParams>).userId, ctx.query as z.output<typeof s.peerQuery>, ctx.now);
  },
  'comparison.skillDemand': async (ctx) => {
    if (!ctx.principal) throw new Error('comparison routes are authenticated');
    return skillDemandFor(ctx.principal, ctx.now);
  },
};

/** The comparison group's Lambda; tests build it with their own options. */
export function createComparisonHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('comparison', COMPARISON_ROUTES, comparisonHandlers, options);
}

/** Lambda entry of the comparison group. */
export const handler = createComparisonHandler();
