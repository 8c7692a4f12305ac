import * as z from 'zod';
import { seed002PageFields } from './common.js';
import { lazySchema } from './lazySchema.js';

/** Course reviews (issue 16), seed 002 style (snake_case, DRF pages). Strict: unknown fields are 400s. */

export const reviewParams = lazySchema(() => z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'A course id') }).strict());

export const reviewBody = lazySchema(() => z
  .object({
    rating: z.number().int('A whole number of stars').min(1).max(5),
    comment: z.string().trim().max(2000).nullable().optional(),
  })
  .strict());

export const reviewListQuery = lazySchema(() => z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict());

export const reviewData = lazySchema(() => z.object({ id: z.string(), rating: z.number().int(), comment: z.string().nullable(), created_at: z.string(), updated_at: z.string(), is_own: z.boolean() }));

export const reviewWriteData = lazySchema(() => reviewData.extend({ course_rating: z.number().nullable(), course_reviews_count: z.number().int() }));

export const reviewPage = lazySchema(() => z.object({
  ...seed002PageFields(),
  rating: z.number().nullable(),
  reviews_count: z.number().int(),
  results: z.array(reviewData),
}));
