import type { Principal } from '../../shared/auth/principal.js';
import { pageLinks } from '../../shared/catalog/pageLinks.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { assignMediaToSection, completeMediaUpload, initiateMediaUpload, listMedia, playbackUrl } from '../../shared/media/mediaService.js';
import { MEDIA_ROUTES } from '../../shared/routes/mediaRoutes.js';
import type { AssignMediaBody, CompleteUploadBody, InitiateUploadBody, ListVideosQuery } from '../../shared/schemas/media.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new AuthenticationError();
  return ctx.principal;
}

/** Lambda entry of the media group: seed 002 media library, section assignment, protected playback. */
const handlers: RouteHandlers = {
  'media.initiateUpload': async (ctx) => ({ data: await initiateMediaUpload(principalOf(ctx), ctx.body as InitiateUploadBody, ctx.now) }),
  'media.completeUpload': async (ctx) => ({ data: await completeMediaUpload(principalOf(ctx), ctx.body as CompleteUploadBody, ctx.now) }),
  'media.listVideos': async (ctx) => {
    const page = await listMedia(principalOf(ctx), ctx.query as ListVideosQuery);
    return { data: { count: page.count, ...pageLinks(ctx.event, page.page, page.total_pages), page: page.page, page_size: page.page_size, total_pages: page.total_pages, results: page.results } };
  },
  'media.assignToSection': async (ctx) => ({ data: await assignMediaToSection(principalOf(ctx), (ctx.params as { section_id: string }).section_id, ctx.body as AssignMediaBody, ctx.now) }),
  'media.playback': async (ctx) => ({ data: await playbackUrl(principalOf(ctx), (ctx.params as { media_id: string }).media_id) }),
};

/** The media group's handler with test overrides (clock, rate classes). */
export function createMediaHandler(options: GroupHandlerOptions = {}) {
  return createGroupHandler('media', MEDIA_ROUTES, handlers, options);
}

export const handler = createMediaHandler();
