import type { Principal } from '../../shared/auth/principal.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { SKILL_ROUTES } from '../../shared/routes/skillRoutes.js';
import type { AssessMasteryBody, PutTaxonomyBody } from '../../shared/schemas/skills.js';
import { assessMastery, learnerMastery, learnerSkillGap } from '../../shared/skills/masteryService.js';
import { presentTaxonomy, readTaxonomy, replaceTaxonomy } from '../../shared/skills/taxonomyService.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new Error('skills routes are authenticated');
  return ctx.principal;
}

const userIdOf = (ctx: RouteContext) => (ctx.params as { userId: string }).userId;

/** Route id → handler of the skills group. */
export const skillsHandlers: RouteHandlers = {
  'skills.getTaxonomy': async (ctx) => ({ data: presentTaxonomy(await readTaxonomy(principalOf(ctx).tenantId)) }),
  'skills.putTaxonomy': async (ctx) => ({ data: presentTaxonomy(await replaceTaxonomy(principalOf(ctx).tenantId, ctx.body as PutTaxonomyBody, ctx.now)) }),
  'skills.masteryAssessment': async (ctx) => ({ data: await assessMastery(principalOf(ctx), ctx.body as AssessMasteryBody, ctx.now) }),
  'skills.skillGap': async (ctx) => learnerSkillGap(principalOf(ctx), userIdOf(ctx), ctx.now),
  'skills.mastery': async (ctx) => learnerMastery(principalOf(ctx), userIdOf(ctx), ctx.now),
};

/** The skills group's Lambda; tests build it with their own options (an injected clock). */
export function createSkillsHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('skills', SKILL_ROUTES, skillsHandlers, options);
}

/** Lambda entry of the skills group. */
export const handler = createSkillsHandler();
