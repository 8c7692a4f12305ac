import type * as z from 'zod';
import type { Principal } from '../../shared/auth/principal.js';
import {
  learnerContentEffectiveness,
  learnerEngagement,
  learnerPerformance,
  learnerVelocity,
  learningAnalytics,
  progressAnalytics,
} from '../../shared/analytics/learnerAnalyticsService.js';
import { dropoffRiskFor } from '../../shared/analytics/dropoffRiskService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandler, RouteHandlers } from '../../shared/http/routeHandler.js';
import { LEARNER_ANALYTICS_ROUTES } from '../../shared/routes/learnerAnalyticsRoutes.js';
import type * as s from '../../shared/schemas/learnerAnalytics.js';
import type * as pr from '../../shared/schemas/predictive.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new Error('learner analytics routes are authenticated');
  return ctx.principal;
}

type WindowRead = (principal: Principal, userId: string, query: z.output<typeof s.windowQuery>, now: Date) => Promise<{ data: unknown; meta: Record<string, unknown> }>;

const windowRoute =
  (read: WindowRead): RouteHandler =>
  async (ctx) =>
    read(principalOf(ctx), input<typeof s.learnerParams>(ctx.params).userId, input<typeof s.windowQuery>(ctx.query), ctx.now);

/** Route id → handler of the learnerAnalytics group. */
export const learnerAnalyticsHandlers: RouteHandlers = {
  'learnerAnalytics.velocity': windowRoute(learnerVelocity),
  'learnerAnalytics.engagement': windowRoute(learnerEngagement),
  'learnerAnalytics.performance': windowRoute(learnerPerformance),
  'learnerAnalytics.contentEffectiveness': windowRoute(learnerContentEffectiveness),
  'learnerAnalytics.learning': async (ctx) => ({ data: await learningAnalytics(principalOf(ctx), input<typeof s.learningQuery>(ctx.query), ctx.now) }),
  'learnerAnalytics.progressAnalytics': async (ctx) => progressAnalytics(principalOf(ctx), ctx.now),
  'learnerAnalytics.dropoffRisk': async (ctx) => dropoffRiskFor(principalOf(ctx), input<typeof s.learnerParams>(ctx.params).userId, ctx.now),
  // The forecast and recommendation services (with the skill-gap figures) load on their route's first call.
  'learnerAnalytics.forecast': async (ctx) => (await import('../../shared/analytics/forecastService.js')).forecastFor(principalOf(ctx), input<typeof s.learnerParams>(ctx.params).userId, input<typeof pr.forecastQuery>(ctx.query), ctx.now),
  'learnerAnalytics.recommendations': async (ctx) => (await import('../../shared/analytics/recommendationService.js')).recommendationsFor(principalOf(ctx), input<typeof s.learnerParams>(ctx.params).userId, input<typeof pr.recommendationsQuery>(ctx.query), ctx.now),
};

/** The learnerAnalytics group's Lambda; tests build it with their own options (an injected clock). */
export function createLearnerAnalyticsHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('learnerAnalytics', LEARNER_ANALYTICS_ROUTES, learnerAnalyticsHandlers, options);
}

/** Lambda entry of the learnerAnalytics group. */
export const handler = createLearnerAnalyticsHandler();
