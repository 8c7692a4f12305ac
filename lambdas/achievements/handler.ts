import type { Principal } from '../../shared/auth/principal.js';
import * as achievements from '../../shared/achievements/achievementService.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { ACHIEVEMENT_ROUTES } from '../../shared/routes/achievementRoutes.js';
import type { AchievementsApiBody } from '../../shared/schemas/achievements.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new Error('achievements routes are authenticated');
  return ctx.principal;
}

/** Route id → handler of the achievements group. */
export const achievementsHandlers: RouteHandlers = {
  'achievements.achievementsApi': async (ctx) => {
    const principal = principalOf(ctx);
    const body = ctx.body as AchievementsApiBody;
    switch (body.action) {
      case 'create':
        return { data: achievements.presentAchievement(await achievements.createAchievement(principal, body, ctx.now)) };
      case 'list': {
        const page = await achievements.listAchievements(principal, body);
        return { data: { achievements: page.achievements.map(achievements.presentAchievement), pagination: { total: page.total, page: page.page, pages: page.pages, limit: page.limit }, members: page.members } };
      }
      case 'update':
        return { data: achievements.presentAchievement(await achievements.updateAchievement(principal, body, ctx.now)) };
      case 'archive':
        return { data: achievements.presentAchievement(await achievements.archiveAchievement(principal, body.achievement_id, ctx.now)) };
    }
  },
};

/** Lambda entry of the achievements group. */
export const handler = createGroupHandler('achievements', ACHIEVEMENT_ROUTES, achievementsHandlers);
