import * as z from 'zod';
import { seed002PageFields } from './common.js';
import { lazySchema } from './lazySchema.js';

/** Reflections (issue 20, seed 002 "Puzzle Reflections"): snake_case, DRF pages. Strict: unknown fields are 400s. */

export const REFLECTION_TYPES = ['puzzle', 'note', 'question'] as const;
export const REFLECTION_VISIBILITIES = ['private', 'course'] as const;
export const REFLECTION_LIMITS = { contentChars: 5000, tags: 10, tagChars: 40 } as const;

const id = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, what);
const tag = lazySchema(() => z
  .string()
  .trim()
  .toLowerCase()
  .regex(new RegExp(`^[a-z0-9][a-z0-9_-]{0,${REFLECTION_LIMITS.tagChars - 1}}$`), `A tag: letters, digits, - or _, at most ${REFLECTION_LIMITS.tagChars} characters`));
const tags = lazySchema(() => z
  .array(tag)
  .max(REFLECTION_LIMITS.tags)
  .refine((list) => new Set(list).size === list.length, 'Tags must be unique'));
const content = lazySchema(() => z.string().trim().min(1, 'Content is required').max(REFLECTION_LIMITS.contentChars));

export const createReflectionBody = lazySchema(() => z
  .object({
    course_id: id('A course id'),
    lesson_id: id('A lesson id').optional(),
    type: z.enum(REFLECTION_TYPES),
    content,
    tags: tags.default([]),
    visibility: z.enum(REFLECTION_VISIBILITIES).default('private'),
  })
  .strict());

export const updateReflectionBody = lazySchema(() => z
  .object({ type: z.enum(REFLECTION_TYPES).optional(), content: content.optional(), tags: tags.optional(), visibility: z.enum(REFLECTION_VISIBILITIES).optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one of type, content, tags, visibility'));

export const reflectionParams = lazySchema(() => z.object({ id: id('A reflection id') }).strict());
export const courseReflectionParams = lazySchema(() => z.object({ id: id('A course id') }).strict());

const page = lazySchema(() => ({ page: z.coerce.number().int().min(1).default(1), page_size: z.coerce.number().int().min(1).max(100).default(20) }));

export const reflectionListQuery = lazySchema(() => z
  .object({ course_id: id('A course id').optional(), lesson_id: id('A lesson id').optional(), type: z.enum(REFLECTION_TYPES).optional(), tag: tag.optional(), visibility: z.enum(REFLECTION_VISIBILITIES).optional(), ...page })
  .strict());

export const courseReflectionListQuery = lazySchema(() => z.object({ lesson_id: id('A lesson id').optional(), type: z.enum(REFLECTION_TYPES).optional(), tag: tag.optional(), ...page }).strict());

export const reflectionData = lazySchema(() => z.object({
  id: z.string(),
  course_id: z.string(),
  lesson_id: z.string().nullable(),
  lesson: z.object({ id: z.string(), title: z.string(), course_title: z.string() }).nullable(),
  type: z.enum(REFLECTION_TYPES),
  content: z.string(),
  tags: z.array(z.string()),
  visibility: z.enum(REFLECTION_VISIBILITIES),
  is_own: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
}));

export const reflectionPage = lazySchema(() => z.object({
  ...seed002PageFields(),
  results: z.array(reflectionData),
}));
