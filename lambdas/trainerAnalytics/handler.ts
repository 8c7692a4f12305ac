import type { z } from 'zod';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { TRAINER_ANALYTICS_ROUTES } from '../../shared/routes/trainerAnalyticsRoutes.js';
import type * as s from '../../shared/schemas/trainerAnalytics.js';
import { trainerCourseHealth, trainerCoursePerformance, trainerStudentDistribution, trainerTeachingEffectiveness } from '../../shared/trainer/trainerAnalyticsService.js';

/** Route id → handler of the trainerAnalytics group. */
export const trainerAnalyticsHandlers: RouteHandlers = {
  'trainerAnalytics.coursePerformance': async (ctx) => {
    if (!ctx.principal) throw new Error('trainer analytics routes are authenticated');
    return trainerCoursePerformance(ctx.principal, (ctx.params as z.output<typeof s.trainerParams>).trainerId, ctx.now);
  },
  'trainerAnalytics.courseHealth': async (ctx) => {
    if (!ctx.principal) throw new Error('trainer analytics routes are authenticated');
    return trainerCourseHealth(ctx.principal, (ctx.params as z.output<typeof s.trainerParams>).trainerId, ctx.now);
  },
  'trainerAnalytics.studentDistribution': async (ctx) => {
    if (!ctx.principal) throw new Error('trainer analytics routes are authenticated');
    return trainerStudentDistribution(ctx.principal, (ctx.params as z.output<typeof s.trainerParams>).trainerId, ctx.now);
  },
  'trainerAnalytics.teachingEffectiveness': async (ctx) => {
    if (!ctx.principal) throw new Error('trainer analytics routes are authenticated');
    return trainerTeachingEffectiveness(ctx.principal, (ctx.params as z.output<typeof s.trainerParams>).trainerId, ctx.now);
  },
};

/** The trainerAnalytics group's Lambda; tests build it with their own options. */
export function createTrainerAnalyticsHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('trainerAnalytics', TRAINER_ANALYTICS_ROUTES, trainerAnalyticsHandlers, options);
}

/** Lambda entry of the trainerAnalytics group. */
export const handler = createTrainerAnalyticsHandler();
