import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 002 media library contracts (snake_case, bare bodies). Strict objects: an unknown field is a
 * 400 naming it. The owner, object key, size and type of a stored file are never taken from the
 * client after `initiate`: `complete` checks the stored object against the session.
 */
const idSchema = lazySchema(() => z.uuid({ message: 'Must be a UUID' }));
const uniqueIds = (max: number) => z.array(idSchema).min(1).max(max).refine((list) => new Set(list).size === list.length, 'Duplicates are not allowed');

export const initiateUploadBody = lazySchema(() => z
  .object({
    filename: z.string().min(1).max(255),
    file_size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    content_type: z.string().trim().toLowerCase().min(3).max(100),
    metadata: z
      .object({
        title: z.string().trim().min(1).max(200).optional(),
        description: z.string().trim().max(2000).optional(),
        /** Seed 002 sends it; Cairn measures the real duration (ffprobe) and ignores this one. */
        duration_seconds: z.number().min(0).max(1e7).optional(),
        course_id: idSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict());
export type InitiateUploadBody = z.infer<typeof initiateUploadBody>;

export const uploadInstructions = lazySchema(() => z.object({
  upload_id: z.string(),
  upload_url: z.string(),
  upload_method: z.literal('PUT'),
  upload_type: z.enum(['single', 'multipart']),
  headers: z.record(z.string(), z.string()),
  chunk_size: z.number(),
  total_chunks: z.number(),
  parts: z.array(z.object({ part_number: z.number(), upload_url: z.string() })),
  expires_at: z.string(),
}));

/** Most parts a Cairn upload has: 20 GiB (the largest plan) in 5 MiB parts. */
export const MAX_UPLOAD_PARTS = 4096;

export const completeUploadBody = lazySchema(() => z
  .object({
    upload_id: idSchema,
    /** Seed 002 fields of its B2 flow; accepted and ignored (the server never trusts a client's URL). */
    file_id: z.string().max(200).optional(),
    cdn_url: z.string().max(2000).optional(),
    /** Multipart uploads: every part's number and the ETag S3 answered its PUT with. */
    parts: z
      .array(z.object({ part_number: z.number().int().min(1).max(MAX_UPLOAD_PARTS), etag: z.string().min(1).max(200) }).strict())
      .max(MAX_UPLOAD_PARTS)
      .refine((parts) => new Set(parts.map((p) => p.part_number)).size === parts.length, 'Each part number once')
      .optional(),
  })
  .strict());
export type CompleteUploadBody = z.infer<typeof completeUploadBody>;

const mediaMetadata = lazySchema(() => z.object({
  title: z.string(),
  description: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  page_count: z.number().nullable(),
}));

export const mediaData = lazySchema(() => z.object({
  media_id: z.string(),
  filename: z.string(),
  file_size: z.number(),
  content_type: z.string(),
  cdn_url: z.string().describe('A presigned GET for the uploader, valid a few minutes'),
  thumbnail_url: z.string().nullable(),
  metadata: mediaMetadata,
  created_at: z.string(),
}));

const blank = (value: unknown) => (value === '' ? undefined : value);

export const listVideosQuery = lazySchema(() => z
  .object({
    course_id: z.preprocess(blank, idSchema.optional()),
    assigned: z.preprocess(blank, z.enum(['true', 'false']).optional()),
    search: z.preprocess(blank, z.string().trim().min(1).max(100).optional()),
    media_type: z.preprocess(blank, z.enum(['video', 'document', 'image', 'all']).default('video')),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict());
export type ListVideosQuery = z.infer<typeof listVideosQuery>;

export const assignedTo = lazySchema(() => z.object({ course_id: z.string(), course_title: z.string(), section_id: z.string(), section_title: z.string(), order: z.number() }));

export const videoListItem = lazySchema(() => z.object({
  id: z.string(),
  filename: z.string(),
  title: z.string(),
  content_type: z.string(),
  file_size: z.number(),
  duration_seconds: z.number().nullable(),
  page_count: z.number().nullable(),
  thumbnail_url: z.string().nullable(),
  cdn_url: z.string(),
  is_assigned: z.boolean(),
  assigned_to: assignedTo.nullable(),
  upload_date: z.string(),
}));

export const videoPage = lazySchema(() => z.object({
  count: z.number(),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  page: z.number(),
  page_size: z.number(),
  total_pages: z.number(),
  results: z.array(videoListItem),
}));

export const sectionMediaParams = lazySchema(() => z.object({ section_id: idSchema }).strict());

export const assignMediaBody = lazySchema(() => z
  .object({
    media_ids: uniqueIds(50),
    order_mapping: z.record(idSchema, z.number().int().min(1).max(10_000)).optional(),
  })
  .strict());
export type AssignMediaBody = z.infer<typeof assignMediaBody>;

export const assignMediaData = lazySchema(() => z.object({ message: z.string(), assigned_count: z.number(), section_id: z.string() }));

export const mediaParams = lazySchema(() => z.object({ media_id: idSchema }).strict());

export const playbackData = lazySchema(() => z.object({
  media_id: z.string(),
  playback_url: z.string().describe('Presigned GET, valid MEDIA_PLAYBACK_TTL_SECONDS (default 300 s)'),
  expires_at: z.string(),
  content_type: z.string(),
  duration_seconds: z.number().nullable(),
  thumbnail_url: z.string().nullable(),
}));
