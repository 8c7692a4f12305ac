import * as z from 'zod';
import * as s from '../schemas/content.js';
import type { RouteDefinition } from './types.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * Seed 004 "Content & Resources" and "External Content Integration": a signed-in member's content for
 * their own personal courses. Imports fetch remote URLs (through the SSRF-safe fetcher), so they use
 * the exact `integration` rate class (20 per hour).
 */
const content = { group: 'content', auth: { kind: 'authenticated' }, rateClass: 'standard', style: 'rest004', tags: ['content'] } as const;
const meta = lazySchema(() => z.object({ requestId: z.string(), timestamp: z.string() }));
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, meta });

export const CONTENT_ROUTES: RouteDefinition[] = [
  {
    ...content,
    id: 'content.upload',
    method: 'POST',
    path: '/api/content/upload',
    summary: 'Add content to a personal course: `type: note` (text, stored at once, 201); `type: file` (notes, PDFs, images: a presigned PUT, 201); `type: confirm` (verify the uploaded file, count a PDF\'s pages, store the resource, 200; idempotent)',
    request: { body: s.contentUploadBody },
    response: { status: 201, description: 'The resource (note, confirm) or the upload (file)', schema: envelope(z.union([s.resourceData, s.uploadStarted])) },
  },
  { ...content, id: 'content.list', method: 'GET', path: '/api/content/{course_id}', summary: 'A personal course\'s resources, oldest first (uploaded files with a presigned URL)', request: { params: s.contentCourseParams }, response: { status: 200, description: 'Resources', schema: envelope(z.array(s.resourceData)) } },
  { ...content, id: 'content.import', method: 'POST', path: '/api/integrations/import', rateClass: 'integration', summary: 'Import an external source (youtube, article, pdf URL) into a personal course with its metadata; remote URLs are fetched https-only, public addresses only', request: { body: s.importBody }, response: { status: 201, description: 'The stored resources', schema: envelope(z.array(s.resourceData)) } },
];
