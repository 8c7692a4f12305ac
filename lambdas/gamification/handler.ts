import type * as z from 'zod';
import type { Principal } from '../../shared/auth/principal.js';
import { readAchievementsView, readStatsView } from '../../shared/gamification/gamificationViews.js';
import { readStreak } from '../../shared/gamification/streakService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { resolveSubject } from '../../shared/progress/progressSubject.js';
import { STREAK_ROUTES } from '../../shared/routes/gamificationRoutes.js';
import type * as g from '../../shared/schemas/gamification.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new Error('gamification routes are authenticated');
  return ctx.principal;
}

/** Route id → handler of the gamification group. */
export const gamificationHandlers: RouteHandlers = {
  'gamification.stats': async (ctx) => {
    const principal = principalOf(ctx);
    const subject = await resolveSubject(principal, input<typeof g.streakUserParams>(ctx.params).userId);
    return { data: await readStatsView(principal.tenantId, subject, ctx.now), meta: { calculatedAt: ctx.now.toISOString(), dataSource: 'realtime' } };
  },
  'gamification.achievements': async (ctx) => {
    const principal = principalOf(ctx);
    const subject = await resolveSubject(principal, input<typeof g.streakUserParams>(ctx.params).userId);
    return { data: await readAchievementsView(principal.tenantId, subject, ctx.now), meta: { calculatedAt: ctx.now.toISOString(), dataSource: 'realtime' } };
  },
  'gamification.analyticsAchievements': async (ctx) => {
    const principal = principalOf(ctx);
    return { data: await readAchievementsView(principal.tenantId, { userId: principal.userId, timeZone: principal.timeZone }, ctx.now) };
  },
  'gamification.streak': async (ctx) => {
    const principal = principalOf(ctx);
    const subject = await resolveSubject(principal, input<typeof g.streakUserParams>(ctx.params).userId);
    const data = await readStreak(principal.tenantId, subject, ctx.now, input<typeof g.streakQuery>(ctx.query).days);
    return { data, meta: { calculatedAt: ctx.now.toISOString(), dataSource: 'realtime' } };
  },
  'gamification.analyticsStreaks': async (ctx) => {
    const principal = principalOf(ctx);
    const data = await readStreak(principal.tenantId, { userId: principal.userId, timeZone: principal.timeZone }, ctx.now, input<typeof g.streakQuery>(ctx.query).days);
    return { data };
  },
};

/** The gamification group's Lambda; tests build it with their own options (an injected clock). */
export function createGamificationHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('gamification', STREAK_ROUTES, gamificationHandlers, options);
}

/** Lambda entry of the gamification group. */
export const handler = createGamificationHandler();
