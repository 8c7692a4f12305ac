import type * as z from 'zod';
import { listCategories } from '../../shared/catalog/categoryRepository.js';
import { getCourseDetail, listCatalog } from '../../shared/catalog/catalogService.js';
import { pageLinks } from '../../shared/catalog/pageLinks.js';
import { courseDetailOf, courseSummaryOf } from '../../shared/catalog/presenters.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { NotFoundError } from '../../shared/http/errors.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { CATALOG_ROUTES } from '../../shared/routes/catalogRoutes.js';
import type * as s from '../../shared/schemas/catalog.js';

/** Lambda entry of the public catalog group (seed 002): list, detail, categories. */
const input = <T extends z.ZodType>(value: unknown) => value as z.infer<T>;

const handlers: RouteHandlers = {
  'catalog.listCourses': async (ctx) => {
    const query = input<typeof s.listCoursesQuery>(ctx.query);
    const page = await listCatalog(ctx.tenantId, {
      page: query.page,
      pageSize: query.page_size,
      ...(query.category ? { category: query.category } : {}),
      ...(query.search ? { search: query.search } : {}),
      ...(query.difficulty ? { difficulty: query.difficulty } : {}),
      ...(query.sort ? { sort: query.sort } : {}),
      ...(query.order ? { order: query.order } : {}),
    });
    // As Django REST framework: a page past the last one is 404 (page 1 of nothing is an empty page).
    if (query.page > page.totalPages) throw new NotFoundError('Invalid page.');
    return {
      data: {
        count: page.count,
        ...pageLinks(ctx.event, query.page, page.totalPages),
        page: query.page,
        page_size: query.page_size,
        total_pages: page.totalPages,
        results: page.results.map(courseSummaryOf),
      },
    };
  },
  'catalog.getCourse': async (ctx) => {
    const { id } = input<typeof s.courseRefParams>(ctx.params);
    const actor = ctx.principal ? { userId: ctx.principal.userId, roles: ctx.principal.roles } : undefined;
    const { tree, instructor, asAuthor } = await getCourseDetail(ctx.tenantId, id, actor);
    return { data: courseDetailOf(tree, instructor, asAuthor) };
  },
  'catalog.listCategories': async (ctx) => {
    const categories = await listCategories(ctx.tenantId);
    return { data: { count: categories.length, results: categories } };
  },
};

export const handler = createGroupHandler('catalog', CATALOG_ROUTES, handlers);
