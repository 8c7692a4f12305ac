import type { Principal } from '../../shared/auth/principal.js';
import { importContent, listContent, uploadContent } from '../../shared/content/contentService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { CONTENT_ROUTES } from '../../shared/routes/contentRoutes.js';
import type { ContentUploadBody, ImportBody } from '../../shared/schemas/content.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new AuthenticationError();
  return ctx.principal;
}

/** Lambda entry of the content group: seed 004 content upload, a course's resources, external imports. */
const handlers: RouteHandlers = {
  'content.upload': async (ctx) => uploadContent(principalOf(ctx), ctx.body as ContentUploadBody, ctx.now),
  'content.list': async (ctx) => ({ data: await listContent(principalOf(ctx), (ctx.params as { course_id: string }).course_id) }),
  'content.import': async (ctx) => ({ statusCode: 201, data: await importContent(principalOf(ctx), ctx.body as ImportBody, ctx.now) }),
};

/** The content group's handler with test overrides (clock, rate classes). */
export function createContentHandler(options: GroupHandlerOptions = {}) {
  return createGroupHandler('content', CONTENT_ROUTES, handlers, options);
}

export const handler = createContentHandler();
