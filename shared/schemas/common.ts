import * as z from 'zod';
import { daysBetween } from '../domain/localDate.js';
import { lazySchema } from './lazySchema.js';

/** Schemas reused across contracts. */

/** Any error body; each contract style's exact shape is documented in docs/api.md. */
export const errorBodySchema = lazySchema(() => z.object({}).passthrough().meta({ id: 'ErrorBody', description: 'Error in the route\'s contract style' }));

/** A route that takes no query parameters or path parameters still rejects unknown ones. */
export const noParams = lazySchema(() => z.object({}).strict());

/**
 * Whether DynamoDB can store `value` exactly: integers must be safe integers (the document client
 * refuses larger ones), other numbers 0 or of magnitude 1e-130 … 1e125 (DynamoDB's number range).
 * Free-form JSON a client sends (log data, metrics) is checked with it so such input is a 400, never
 * a 500 from the database client.
 */
export function isStorableNumber(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (Number.isInteger(value)) return Number.isSafeInteger(value);
  const magnitude = Math.abs(value);
  return magnitude >= 1e-130 && magnitude < 1e125;
}

/** Paths (relative to `value`) of every number inside a JSON value that DynamoDB cannot store. */
export function unstorableNumberPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') return isStorableNumber(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableNumberPaths(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => unstorableNumberPaths(item, [...path, key]));
  return [];
}

/** A learner-local date `yyyy-mm-dd`. */
export const localDateSchema = lazySchema(() => z.iso.date('A local date YYYY-MM-DD'));

/**
 * Seed 000's `{start_date, end_date}` (dashboard, reports): both ends included, not inverted, at most
 * `maxDays` dates. A malformed date reports its own issue only.
 */
export function localDateRangeSchema(maxDays: number) {
  return z
    .object({ start_date: localDateSchema, end_date: localDateSchema })
    .strict()
    .superRefine((range, ctx) => {
      // zod still runs this when a date failed its own check; that date's issue is the one to report.
      if (!localDateSchema.safeParse(range.start_date).success || !localDateSchema.safeParse(range.end_date).success) return;
      const days = daysBetween(range.start_date, range.end_date) + 1;
      if (days < 1) ctx.addIssue({ code: 'custom', message: 'end_date must not be before start_date' });
      else if (days > maxDays) ctx.addIssue({ code: 'custom', message: `At most ${maxDays} days (got ${days})` });
    });
}

/**
 * The page envelope of seed 002's paginated lists (DRF style): `{count, next, previous, page, page_size,
 * total_pages, …, results}`. Called inside a lazy schema, so it builds nothing at import.
 */
export function seed002PageFields() {
  return {
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    page: z.number().int(),
    page_size: z.number().int(),
    total_pages: z.number().int(),
  };
}
