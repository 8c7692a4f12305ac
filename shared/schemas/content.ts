import * as z from 'zod';
import { courseIdSchema } from './personalCourses.js';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 004 "Content & Resources" and "External Content Integration" contracts (camelCase, `{success,
 * data, meta}`). Strict objects: an unknown field (an `accessConfig` with someone's API key included)
 * is a 400 naming it. The seed gives no request bodies for these routes; Cairn's are below.
 */
const tags = lazySchema(() => z.array(z.string().trim().min(1).max(50)).max(10));

/** `POST /api/content/upload`: a text note, a file upload (step 1), or the file's confirmation (step 2). */
export const contentUploadBody = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('note'), courseId: courseIdSchema, title: z.string().trim().min(1).max(200), content: z.string().min(1).max(20_000), tags: tags.optional() }).strict(),
  z
    .object({
      type: z.literal('file'),
      courseId: courseIdSchema,
      title: z.string().trim().min(1).max(200).optional(),
      fileName: z.string().min(1).max(255),
      contentType: z.string().trim().toLowerCase().min(3).max(100),
      fileSize: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      tags: tags.optional(),
    })
    .strict(),
  z.object({ type: z.literal('confirm'), uploadId: z.uuid({ message: 'Must be a UUID' }) }).strict(),
]));
export type ContentUploadBody = z.infer<typeof contentUploadBody>;

export const IMPORT_SOURCE_TYPES = ['youtube', 'article', 'pdf'] as const;

export const importBody = lazySchema(() => z
  .object({
    courseId: courseIdSchema,
    source: z
      .object({
        type: z.enum(IMPORT_SOURCE_TYPES),
        url: z.string().min(1).max(2048),
        metadata: z.object({ title: z.string().trim().min(1).max(200).optional(), tags: tags.optional() }).strict().optional(),
      })
      .strict(),
  })
  .strict());
export type ImportBody = z.infer<typeof importBody>;

export const contentCourseParams = lazySchema(() => z.object({ course_id: courseIdSchema }).strict());

/** Seed 004's Resource, with what Cairn measured in `metadata`. */
export const resourceData = lazySchema(() => z.object({
  id: z.string(),
  courseId: z.string(),
  title: z.string(),
  type: z.enum(['video', 'article', 'exercise', 'quiz', 'document']),
  url: z.string().nullable().describe('External URL, or a presigned GET (a few minutes) of an uploaded file'),
  content: z.string().nullable(),
  metadata: z
    .object({
      source: z.enum(['note', 'upload', 'youtube', 'article', 'pdf']),
      tags: z.array(z.string()),
      duration: z.number().nullable().describe('Seconds, when known'),
    })
    .catchall(z.unknown()),
  createdAt: z.string(),
}));

export const uploadStarted = lazySchema(() => z.object({
  uploadId: z.string(),
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
}));
