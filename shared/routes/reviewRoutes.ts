import * as s from '../schemas/reviews.js';
import type { RouteDefinition } from './types.js';

/**
 * Course reviews (issue 16), seed 002 style, group `reviews`: `POST /api/v1/courses/{id}/reviews/`
 * creates (201) or changes (200) the caller's review — learners with an active enrollment only (403
 * otherwise); `GET` lists a published course's reviews, public like the catalog. `{id}` is the course id.
 */
const base = { group: 'reviews', rateClass: 'standard', style: 'rest002', envelope: 'bare', tags: ['catalog'] } as const;

export const REVIEW_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'reviews.submitReview',
    method: 'POST',
    path: '/api/v1/courses/{id}/reviews/',
    auth: { kind: 'authenticated' },
    summary: 'Rate a course you are enrolled in (1–5, optional comment): one review per learner; sending again changes it (200)',
    request: { params: s.reviewParams, body: s.reviewBody },
    response: { status: 201, description: 'The review (201 created, 200 changed) with the course\'s new rating and reviews_count', schema: s.reviewWriteData },
  },
  {
    ...base,
    id: 'reviews.listReviews',
    method: 'GET',
    path: '/api/v1/courses/{id}/reviews/',
    auth: { kind: 'public' },
    summary: 'A published course\'s reviews, newest change first (page, page_size ≤ 100)',
    request: { params: s.reviewParams, query: s.reviewListQuery },
    response: { status: 200, description: 'A page of reviews', schema: s.reviewPage },
  },
];
