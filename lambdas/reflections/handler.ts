import type { z } from 'zod';
import { pageLinks } from '../../shared/catalog/pageLinks.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { createReflection, deleteReflection, listCourseReflections, listOwnReflections, presentReflection, updateReflection, type StoredReflection } from '../../shared/reflections/reflectionService.js';
import { REFLECTION_ROUTES } from '../../shared/routes/reflectionRoutes.js';
import type * as s from '../../shared/schemas/reflections.js';

function principalOf(ctx: RouteContext) {
  if (!ctx.principal) throw new Error('reflection routes are authenticated');
  return ctx.principal;
}

function page(ctx: RouteContext, query: { page: number; page_size: number }, result: { count: number; reflections: StoredReflection[] }, viewer: string) {
  const totalPages = Math.max(1, Math.ceil(result.count / query.page_size));
  return { count: result.count, ...pageLinks(ctx.event, query.page, totalPages), page: query.page, page_size: query.page_size, total_pages: totalPages, results: result.reflections.map((r) => presentReflection(r, viewer)) };
}

/** Route id → handler of the reflections group. */
export const reflectionsHandlers: RouteHandlers = {
  'reflections.createReflection': async (ctx) => {
    const principal = principalOf(ctx);
    const reflection = await createReflection(principal, ctx.body as z.output<typeof s.createReflectionBody>, ctx.now);
    return { statusCode: 201, data: presentReflection(reflection, principal.userId) };
  },
  'reflections.listReflections': async (ctx) => {
    const principal = principalOf(ctx);
    const { page: p, page_size, ...filters } = ctx.query as z.output<typeof s.reflectionListQuery>;
    return { data: page(ctx, { page: p, page_size }, await listOwnReflections(principal, filters, { page: p, page_size }), principal.userId) };
  },
  'reflections.updateReflection': async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = ctx.params as z.output<typeof s.reflectionParams>;
    const reflection = await updateReflection(principal, id, ctx.body as z.output<typeof s.updateReflectionBody>, ctx.now);
    return { data: presentReflection(reflection, principal.userId) };
  },
  'reflections.deleteReflection': async (ctx) => {
    const { id } = ctx.params as z.output<typeof s.reflectionParams>;
    await deleteReflection(principalOf(ctx), id);
    return { statusCode: 204 };
  },
  'reflections.listCourseReflections': async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = ctx.params as z.output<typeof s.courseReflectionParams>;
    const { page: p, page_size, ...filters } = ctx.query as z.output<typeof s.courseReflectionListQuery>;
    return { data: page(ctx, { page: p, page_size }, await listCourseReflections(principal, id, filters, { page: p, page_size }), principal.userId) };
  },
};

/** The reflections group's Lambda; tests build it with their own options. */
export function createReflectionsHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('reflections', REFLECTION_ROUTES, reflectionsHandlers, options);
}

/** Lambda entry of the reflections group. */
export const handler = createReflectionsHandler();
