import type * as z from 'zod';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { ValidationError } from '../../shared/http/errors.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { readLeaderboard } from '../../shared/leaderboards/leaderboardRead.js';
import { LEADERBOARD_ROUTES } from '../../shared/routes/leaderboardRoutes.js';
import type { leaderboardQuery } from '../../shared/schemas/leaderboards.js';

/** Route id → handler of the leaderboards group. */
export const leaderboardHandlers: RouteHandlers = {
  'leaderboards.get': async (ctx) => {
    if (!ctx.principal) throw new Error('leaderboard routes are authenticated');
    const query = ctx.query as z.output<typeof leaderboardQuery>;
    if (query.type === 'friends') {
      throw new ValidationError([{ field: 'query.type', message: 'Friends leaderboards are not available: Cairn has no friend graph. Use overall, learner, trainer or org.', code: 'friends_not_supported' }]);
    }
    const view = await readLeaderboard({ tenantId: ctx.principal.tenantId, userId: ctx.principal.userId, period: query.period, type: query.type, page: query.page, limit: query.limit, now: ctx.now });
    return { data: view.data, meta: view.meta };
  },
};

/** The leaderboards group's Lambda; tests build it with their own options (an injected clock). */
export function createLeaderboardHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('leaderboards', LEADERBOARD_ROUTES, leaderboardHandlers, options);
}

/** Lambda entry of the leaderboards group. */
export const handler = createLeaderboardHandler();
