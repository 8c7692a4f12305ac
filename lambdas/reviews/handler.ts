import type { z } from 'zod';
import { averageRating } from '../../shared/catalog/course.js';
import { pageLinks } from '../../shared/catalog/pageLinks.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { listReviews, presentReview, submitReview } from '../../shared/reviews/reviewService.js';
import { REVIEW_ROUTES } from '../../shared/routes/reviewRoutes.js';
import type * as s from '../../shared/schemas/reviews.js';

/** Route id → handler of the reviews group. */
export const reviewsHandlers: RouteHandlers = {
  'reviews.submitReview': async (ctx) => {
    if (!ctx.principal) throw new Error('submitting a review is authenticated');
    const { id } = ctx.params as z.output<typeof s.reviewParams>;
    const body = ctx.body as z.output<typeof s.reviewBody>;
    const { review, created, counters } = await submitReview(ctx.principal, id, body, ctx.now);
    return { statusCode: created ? 201 : 200, data: { ...presentReview(review, ctx.principal.userId), course_rating: averageRating(counters), course_reviews_count: counters.reviewsCount } };
  },
  'reviews.listReviews': async (ctx) => {
    const { id } = ctx.params as z.output<typeof s.reviewParams>;
    const query = ctx.query as z.output<typeof s.reviewListQuery>;
    const viewer = ctx.principal?.userId;
    const page = await listReviews(ctx.tenantId, id, query, viewer);
    const totalPages = Math.max(1, Math.ceil(page.count / query.page_size));
    return {
      data: {
        count: page.count,
        ...pageLinks(ctx.event, query.page, totalPages),
        page: query.page,
        page_size: query.page_size,
        total_pages: totalPages,
        rating: averageRating(page),
        reviews_count: page.reviewsCount,
        results: page.reviews.map((r) => presentReview(r, viewer)),
      },
    };
  },
};

/** The reviews group's Lambda; tests build it with their own options. */
export function createReviewsHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('reviews', REVIEW_ROUTES, reviewsHandlers, options);
}

/** Lambda entry of the reviews group. */
export const handler = createReviewsHandler();
