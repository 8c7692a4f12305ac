import * as s from '../schemas/media.js';
import { DEFAULT_MAX_BODY_BYTES, type RouteDefinition } from './types.js';

/**
 * Seed 002 Media Library and "Assign Media to Section", plus protected playback (issue 18). Uploads go
 * straight from the browser to S3 through presigned URLs; these routes open the upload, verify and
 * record it, list the uploader's library, assign media to a section and hand out short-lived playback
 * URLs. Library routes are for instructors and org admins; playback for any member, checked per media.
 */
const media = { group: 'media', rateClass: 'standard', style: 'rest002', envelope: 'bare', tags: ['media'] } as const;
const authors = { kind: 'authenticated', roles: ['instructor', 'org_admin'] } as const;

/** A multipart complete lists up to 4,096 parts with their ETags (~60 bytes each). */
export const COMPLETE_UPLOAD_MAX_BODY_BYTES = 8 * DEFAULT_MAX_BODY_BYTES;

export const MEDIA_ROUTES: RouteDefinition[] = [
  { ...media, id: 'media.initiateUpload', method: 'POST', path: '/api/v1/media/upload/initiate/', auth: authors, summary: 'Open a direct-to-S3 upload: one presigned PUT up to 5 MiB, a multipart upload with presigned part URLs above (chunk_size ≥ 5 MiB). File name, type (allowlist) and size (per plan) are checked; the session expires.', request: { body: s.initiateUploadBody }, response: { status: 200, description: 'Upload instructions', schema: s.uploadInstructions } },
  { ...media, id: 'media.completeUpload', method: 'POST', path: '/api/v1/media/upload/complete/', auth: authors, maxBodyBytes: COMPLETE_UPLOAD_MAX_BODY_BYTES, summary: 'Verify the uploaded object (size, type, bytes), measure it (video duration and thumbnail, PDF pages) and record the media; idempotent', request: { body: s.completeUploadBody }, response: { status: 200, description: 'The media', schema: s.mediaData } },
  { ...media, id: 'media.listVideos', method: 'GET', path: '/api/v1/media/videos/', auth: authors, summary: 'The caller\'s media library: course_id, assigned, search (file name and title), media_type (default video), page, page_size', request: { query: s.listVideosQuery }, response: { status: 200, description: 'A page of media', schema: s.videoPage } },
  { ...media, id: 'media.assignToSection', method: 'POST', path: '/api/v1/content/sections/{section_id}/media/', auth: authors, summary: 'Assign media to a section with an order (instructors of the course and org admins; only your own media unless org admin)', request: { params: s.sectionMediaParams, body: s.assignMediaBody }, response: { status: 200, description: 'Assigned', schema: s.assignMediaData } },
  { ...media, id: 'media.playback', method: 'GET', path: '/api/v1/media/{media_id}/playback/', auth: { kind: 'authenticated' }, summary: 'A short-lived playback URL: uploader, org admins, the course\'s instructors and enrolled learners only', request: { params: s.mediaParams }, response: { status: 200, description: 'Playback URL', schema: s.playbackData } },
];
