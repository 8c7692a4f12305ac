import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import type { Principal } from '../../shared/auth/principal.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import { validateLearningPath } from '../../shared/programs/learningPathService.js';
import { presentProgram } from '../../shared/programs/programPresenter.js';
import * as programs from '../../shared/programs/programService.js';
import { PROGRAM_ROUTES } from '../../shared/routes/programRoutes.js';
import type { ProgramsApiBody, ValidatePathInput } from '../../shared/schemas/programs.js';

/** Lambda entry of the programs group: seed 000 programs-api and learning-path-validator. */
function principalOf(ctx: RouteContext): Principal {
  // Both routes are `authenticated`; the framework has already refused anonymous calls.
  if (!ctx.principal) throw new AuthenticationError();
  return ctx.principal;
}

const handlers: RouteHandlers = {
  'programs.programsApi': async (ctx) => {
    const principal = principalOf(ctx);
    const body = ctx.body as ProgramsApiBody;
    switch (body.action) {
      case 'create':
        return { data: presentProgram(await programs.createProgram(principal, body, ctx.now)) };
      case 'list': {
        const page = await programs.listPrograms(principal, body);
        return { data: { programs: page.programs.map(presentProgram), pagination: { total: page.total, page: page.page, pages: page.pages, limit: page.limit } } };
      }
      case 'get':
        return { data: presentProgram(await programs.getVisibleProgram(principal, body.program_id)) };
      case 'update':
        return { data: presentProgram(await programs.updateProgram(principal, body, ctx.now)) };
    }
  },
  'programs.learningPathValidator': async (ctx) => ({ data: await validateLearningPath(principalOf(ctx), ctx.body as ValidatePathInput) }),
};

export const handler = createGroupHandler('programs', PROGRAM_ROUTES, handlers);
