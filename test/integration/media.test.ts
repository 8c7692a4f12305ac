import { GetCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createMediaHandler, handler as mediaHandler } from '../../lambdas/media/handler.js';
import { handler as authoringHandler } from '../../lambdas/authoring/handler.js';
import { handler as catalogHandler } from '../../lambdas/catalog/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { mediaKey, uploadSessionKey } from '../../shared/db/keys.js';
import { ensureEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import { headObject } from '../../shared/media/mediaBucket.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import type { Role } from '../../shared/routes/types.js';
import { httpClient, type CallResult } from '../support/http.js';
import { PNG_BYTES, probeDimensions, testPdf, testVideo } from '../support/mediaFiles.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Issue 18, seed 002 media library: uploads straight to the local S3 (s3rver) over plain HTTP as a
 * browser sends them, verified and measured by the real ffprobe/ffmpeg and pdf-lib, recorded in
 * DynamoDB Local; assignment and protected playback.
 */
const api = httpClient(ROUTES, { media: mediaHandler, authoring: authoringHandler, catalog: catalogHandler });
const MIB = 1024 * 1024;

interface Caller {
  userId: string;
  token: string;
}
const caller = (tenantId: string, ...roles: Role[]): Caller => {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles }) };
};

async function course(author: Caller, price: number): Promise<{ courseId: string; sectionId: string }> {
  const created = await api({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: { title: `Course ${randomUUID().slice(0, 8)}`, description: 'Learn the basics step by step', difficulty: 'beginner', price } });
  expect(created.status).toBe(201);
  const section = await api({ method: 'POST', path: `/api/v1/content/courses/${created.body.id}/sections/`, token: author.token, body: { title: 'Introduction', is_published: true } });
  expect(section.status).toBe(201);
  const lesson = await api({ method: 'POST', path: `/api/v1/content/courses/${created.body.id}/sections/${section.body.id}/lessons/`, token: author.token, body: { title: 'Welcome', type: 'video', duration_minutes: 1 } });
  expect(lesson.status).toBe(201);
  const published = await api({ method: 'POST', path: `/api/v1/instructor/courses/${created.body.id}/publish/`, token: author.token });
  expect(published.status).toBe(200);
  return { courseId: created.body.id, sectionId: section.body.id };
}

const initiate = (who: Caller, body: Record<string, unknown>) => api({ method: 'POST', path: '/api/v1/media/upload/initiate/', token: who.token, body });
const complete = (who: Caller, body: Record<string, unknown>) => api({ method: 'POST', path: '/api/v1/media/upload/complete/', token: who.token, body });
const list = (who: Caller, query = '') => api({ method: 'GET', path: `/api/v1/media/videos/${query}`, token: who.token });

/** PUTs the bytes as a browser would: one request per part, Content-Type as initiate said, ETag read back. */
async function uploadParts(started: CallResult, bytes: Buffer): Promise<{ part_number: number; etag: string }[]> {
  const parts: { part_number: number; etag: string }[] = [];
  const urls: { part_number: number; upload_url: string }[] = started.body.upload_type === 'multipart' ? started.body.parts : [{ part_number: 1, upload_url: started.body.upload_url }];
  for (const part of urls) {
    const chunk = bytes.subarray((part.part_number - 1) * started.body.chunk_size, part.part_number * started.body.chunk_size);
    const res = await fetch(part.upload_url, { method: 'PUT', headers: { 'Content-Type': started.body.headers['Content-Type'], Origin: 'https://app.example.com' }, body: chunk });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // The browser may read the ETag only because the bucket's CORS rule exposes it.
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
    parts.push({ part_number: part.part_number, etag: res.headers.get('etag') ?? '' });
  }
  return parts;
}

async function uploadVideo(who: Caller, bytes: Buffer, fields: Record<string, unknown> = {}) {
  const started = await initiate(who, { filename: 'lesson.mp4', file_size: bytes.length, content_type: 'video/mp4', ...fields });
  expect(started.status).toBe(200);
  const parts = await uploadParts(started, bytes);
  const done = await complete(who, { upload_id: started.body.upload_id, ...(started.body.upload_type === 'multipart' ? { parts } : {}) });
  return { started, done };
}

async function storedMedia(tenantId: string, mediaId: string) {
  return (await documentClient().send(new GetCommand({ TableName: tableName(), Key: mediaKey(tenantId, mediaId), ConsistentRead: true }))).Item;
}

describe('media upload end to end', () => {
  const tenantId = uniqueTenant('media');
  const author = caller(tenantId, 'instructor');
  const video = testVideo(3, 12 * MIB);

  it('sends a 12 MiB video in 3 presigned parts, completes it with its real duration and thumbnail, and lists it', async () => {
    const started = await initiate(author, { filename: 'lesson-01-intro.mp4', file_size: video.length, content_type: 'video/mp4', metadata: { title: 'Lesson 1: Introduction', description: 'Course introduction video', duration_seconds: 600 } });
    expect(started.status).toBe(200);
    // 12 MiB in parts of 5 MiB: 5 + 5 + 2.
    expect(started.body).toMatchObject({ upload_method: 'PUT', upload_type: 'multipart', chunk_size: 5 * MIB, total_chunks: 3 });
    expect(started.body.parts.map((p: { part_number: number }) => p.part_number)).toEqual([1, 2, 3]);
    expect(started.body.upload_url).toBe(started.body.parts[0].upload_url);
    expect(started.dynamoDbRequests).toBe(2 + 1); // BatchGetItem + PutItem, + the limiter's UpdateItem
    expect(started.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, PutItemCommand: 1, UpdateItemCommand: 1 });

    const parts = await uploadParts(started, video);
    expect(parts).toHaveLength(3);
    const done = await complete(author, { upload_id: started.body.upload_id, file_id: 'ignored', cdn_url: 'https://evil.example/x.mp4', parts });
    expect(done.status).toBe(200);
    expect(done.dynamoDbRequests).toBe(2 + 1);
    expect(done.dynamoDbByCommand).toEqual({ GetItemCommand: 1, TransactWriteItemsCommand: 1, UpdateItemCommand: 1 });
    expect(done.body).toMatchObject({ filename: 'lesson-01-intro.mp4', file_size: 12 * MIB, content_type: 'video/mp4', metadata: { title: 'Lesson 1: Introduction', description: 'Course introduction video', width: 320, height: 240, page_count: null } });
    // The real duration (3 s of test pattern), not the 600 the client declared.
    expect(done.body.metadata.duration_seconds).toBeCloseTo(3, 1);
    expect(done.body.cdn_url).not.toContain('evil.example');
    const downloaded = Buffer.from(await (await fetch(done.body.cdn_url)).arrayBuffer());
    expect(downloaded.equals(video)).toBe(true);
    const thumbnail = Buffer.from(await (await fetch(done.body.thumbnail_url)).arrayBuffer());
    expect([...thumbnail.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(probeDimensions(thumbnail, 'jpg')).toEqual({ width: 320, height: 240, codec: 'mjpeg' });

    const listed = await list(author);
    expect(listed.status).toBe(200);
    // One Query; GETs of the `standard` class are counted approximately, so the limiter's UpdateItem is not on every read.
    expect(listed.dynamoDbByCommand.QueryCommand).toBe(1);
    expect(listed.dynamoDbRequests - (listed.dynamoDbByCommand.UpdateItemCommand ?? 0)).toBe(1);
    expect(listed.body.count).toBe(1);
    expect(listed.body.results[0]).toMatchObject({ id: done.body.media_id, filename: 'lesson-01-intro.mp4', title: 'Lesson 1: Introduction', file_size: 12 * MIB, is_assigned: false, assigned_to: null });
    expect(listed.body.results[0].duration_seconds).toBeCloseTo(3, 1);
  });

  it('answers a browser preflight for a direct PUT with the bucket\'s CORS rules', async () => {
    const started = await initiate(author, { filename: 'tiny.mp4', file_size: 100, content_type: 'video/mp4' });
    const res = await fetch(started.body.upload_url, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('takes a small file in one presigned PUT and counts a PDF\'s pages', async () => {
    const pdf = await testPdf(3, 'Week 1 handout');
    const started = await initiate(author, { filename: 'handout.pdf', file_size: pdf.length, content_type: 'application/pdf' });
    expect(started.body).toMatchObject({ upload_type: 'single', total_chunks: 1, chunk_size: pdf.length, parts: [], headers: { 'Content-Type': 'application/pdf' } });
    await uploadParts(started, pdf);
    const done = await complete(author, { upload_id: started.body.upload_id });
    expect(done.status).toBe(200);
    expect(done.body.metadata).toEqual({ title: 'Week 1 handout', description: null, duration_seconds: null, width: null, height: null, page_count: 3 });
    expect(done.body.thumbnail_url).toBeNull();
  });

  it('refuses a wrong size or a wrong type with 400 and records nothing', async () => {
    const pdf = await testPdf(1);
    // Declared one byte more than sent.
    const bigger = await initiate(author, { filename: 'a.pdf', file_size: pdf.length + 1, content_type: 'application/pdf' });
    await fetch(bigger.body.upload_url, { method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, body: pdf });
    const sizeWrong = await complete(author, { upload_id: bigger.body.upload_id });
    expect(sizeWrong.status).toBe(400);
    expect(sizeWrong.body.error.code).toBe('MEDIA_UPLOAD_FAILED');
    expect(sizeWrong.body.error.details).toEqual([expect.objectContaining({ field: 'body.upload_id', code: 'size_mismatch' })]);

    // PNG bytes sent as the declared video/mp4.
    const png = await initiate(author, { filename: 'b.mp4', file_size: PNG_BYTES.length, content_type: 'video/mp4' });
    await fetch(png.body.upload_url, { method: 'PUT', headers: { 'Content-Type': 'video/mp4' }, body: PNG_BYTES });
    const bytesWrong = await complete(author, { upload_id: png.body.upload_id });
    expect(bytesWrong.status).toBe(400);
    expect(bytesWrong.body.error.details).toEqual([expect.objectContaining({ code: 'type_mismatch' })]);

    // The right bytes stored under another Content-Type than declared.
    const typed = await initiate(author, { filename: 'c.pdf', file_size: pdf.length, content_type: 'application/pdf' });
    await fetch(typed.body.upload_url, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: pdf });
    const typeWrong = await complete(author, { upload_id: typed.body.upload_id });
    expect(typeWrong.status).toBe(400);
    expect(typeWrong.body.error.details).toEqual([expect.objectContaining({ code: 'type_mismatch' })]);

    // Nothing uploaded at all.
    const none = await initiate(author, { filename: 'd.pdf', file_size: 10, content_type: 'application/pdf' });
    const missing = await complete(author, { upload_id: none.body.upload_id });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ code: 'object_missing' })]);

    // A multipart upload completed without all its parts.
    const partial = await initiate(author, { filename: 'e.mp4', file_size: 11 * MIB, content_type: 'video/mp4' });
    const partsMissing = await complete(author, { upload_id: partial.body.upload_id, parts: [{ part_number: 1, etag: '"x"' }] });
    expect(partsMissing.status).toBe(400);
    expect(partsMissing.body.error.details).toEqual([expect.objectContaining({ field: 'body.parts', code: 'parts_incomplete' })]);

    for (const started of [bigger, png, typed, none]) {
      const session = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: uploadSessionKey(tenantId, author.userId, started.body.upload_id), ConsistentRead: true }))).Item!;
      expect(session.status).toBe('pending');
      expect(await storedMedia(tenantId, session.recordId as string)).toBeUndefined();
      // The mismatched object is not kept either.
      expect(await headObject(session.objectKey as string)).toBeUndefined();
    }
  });

  it('gives one media for a double complete, sequential or concurrent', async () => {
    const clip = testVideo(1);
    const started = await initiate(author, { filename: 'twice.mp4', file_size: clip.length, content_type: 'video/mp4' });
    await uploadParts(started, clip);
    const [a, b] = await Promise.all([complete(author, { upload_id: started.body.upload_id }), complete(author, { upload_id: started.body.upload_id })]);
    const c = await complete(author, { upload_id: started.body.upload_id });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(new Set([a.body.media_id, b.body.media_id, c.body.media_id]).size).toBe(1);
    expect(c.dynamoDbByCommand).toEqual({ GetItemCommand: 2, UpdateItemCommand: 1 }); // session + media, + limiter
    const all = await list(author, '?search=twice');
    expect(all.body.count).toBe(1);
  });

  it('keeps an abandoned session only until its TTL and refuses to complete it after', async () => {
    const started = await initiate(author, { filename: 'late.pdf', file_size: 10, content_type: 'application/pdf' });
    const session = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: uploadSessionKey(tenantId, author.userId, started.body.upload_id), ConsistentRead: true }))).Item!;
    // URLs valid 2 h; the session item expires (TTL) an hour after them.
    expect(session.expiresAt).toBe(Math.floor(Date.parse(started.body.expires_at) / 1000) + 3600);
    const later = httpClient(ROUTES, { media: createMediaHandler({ now: () => Date.parse(started.body.expires_at) + 3601 * 1000 }) });
    const expired = await later({ method: 'POST', path: '/api/v1/media/upload/complete/', token: author.token, body: { upload_id: started.body.upload_id } });
    expect(expired.status).toBe(400);
    expect(expired.body.error.details).toEqual([expect.objectContaining({ code: 'upload_expired' })]);
  });
});

describe('media initiate validation', () => {
  const tenantId = uniqueTenant('mval');
  const author = caller(tenantId, 'instructor');

  it.each([
    [{ filename: 'x.exe', file_size: 10, content_type: 'application/x-msdownload' }, 'body.content_type', 'type_not_allowed'],
    [{ filename: 'x.pdf', file_size: 10, content_type: 'video/mp4' }, 'body.filename', 'extension_mismatch'],
    [{ filename: '../x.mp4', file_size: 10, content_type: 'video/mp4' }, 'body.filename', 'invalid_file_name'],
    [{ filename: 'x.mp4', file_size: 0, content_type: 'video/mp4' }, 'body.file_size', 'too_small'],
    [{ filename: 'x.mp4', file_size: 10, content_type: 'video/mp4', owner: 'me' }, 'body.owner', 'unrecognized_key'],
  ])('refuses %j with 400 on its field', async (body, field, code) => {
    const res = await initiate(author, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
  });

  it('refuses a file over the plan\'s limit with MEDIA_SIZE_EXCEEDED (free plan: 512 MiB)', async () => {
    const ok = await initiate(author, { filename: 'x.mp4', file_size: 512 * MIB, content_type: 'video/mp4' });
    expect(ok.status).toBe(200);
    expect(ok.body.total_chunks).toBe(103); // ⌈512 / 5⌉
    const over = await initiate(author, { filename: 'x.mp4', file_size: 512 * MIB + 1, content_type: 'video/mp4' });
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe('MEDIA_SIZE_EXCEEDED');
    expect(over.body.error.details).toEqual([expect.objectContaining({ field: 'body.file_size' })]);
  });

  it('checks a declared course: unknown → 400, another instructor\'s → 403', async () => {
    const unknown = await initiate(author, { filename: 'x.mp4', file_size: 10, content_type: 'video/mp4', metadata: { course_id: randomUUID() } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'body.metadata.course_id', code: 'unknown_course' })]);
    const other = caller(tenantId, 'instructor');
    const { courseId } = await course(other, 0);
    const foreign = await initiate(author, { filename: 'x.mp4', file_size: 10, content_type: 'video/mp4', metadata: { course_id: courseId } });
    expect(foreign.status).toBe(403);
  });

  it('needs a token (401) and the instructor or org admin role (403)', async () => {
    const anonymous = await api({ method: 'POST', path: '/api/v1/media/upload/initiate/', body: { filename: 'x.mp4', file_size: 10, content_type: 'video/mp4' } });
    expect(anonymous.status).toBe(401);
    const learner = await initiate(caller(tenantId, 'learner'), { filename: 'x.mp4', file_size: 10, content_type: 'video/mp4' });
    expect(learner.status).toBe(403);
    expect((await list(caller(tenantId, 'learner'))).status).toBe(403);
    expect((await api({ method: 'GET', path: '/api/v1/media/videos/' })).status).toBe(401);
    expect((await api({ method: 'POST', path: '/api/v1/media/upload/complete/', body: { upload_id: randomUUID() } })).status).toBe(401);
  });

  it('does not let another user or another tenant complete an upload (404)', async () => {
    const clip = testVideo(1);
    const started = await initiate(author, { filename: 'mine.mp4', file_size: clip.length, content_type: 'video/mp4' });
    await uploadParts(started, clip);
    const otherUser = await complete(caller(tenantId, 'instructor'), { upload_id: started.body.upload_id });
    expect(otherUser.status).toBe(404);
    const otherTenant = await complete({ userId: author.userId, token: tokenFor({ userId: author.userId, tenantId: uniqueTenant('mx'), roles: ['instructor'] }) }, { upload_id: started.body.upload_id });
    expect(otherTenant.status).toBe(404);
    expect((await complete(author, { upload_id: started.body.upload_id })).status).toBe(200);
  });
});

describe('media library listing', () => {
  const tenantId = uniqueTenant('mlist');
  const author = caller(tenantId, 'instructor');

  it('filters by course, assignment and search, pages, and shows only the caller\'s media', async () => {
    const { courseId, sectionId } = await course(author, 0);
    const clip = testVideo(1);
    const a = (await uploadVideo(author, clip, { filename: 'alpha-intro.mp4', metadata: { title: 'Welcome aboard' } })).done.body.media_id;
    const b = (await uploadVideo(author, clip, { filename: 'beta.mp4', metadata: { title: 'Deep dive', course_id: courseId } })).done.body.media_id;
    const c = (await uploadVideo(author, clip, { filename: 'gamma.mp4', metadata: { title: 'Wrap-up' } })).done.body.media_id;
    const pdf = await testPdf(1);
    const started = await initiate(author, { filename: 'notes.pdf', file_size: pdf.length, content_type: 'application/pdf' });
    await uploadParts(started, pdf);
    const d = (await complete(author, { upload_id: started.body.upload_id })).body.media_id;
    expect((await api({ method: 'POST', path: `/api/v1/content/sections/${sectionId}/media/`, token: author.token, body: { media_ids: [a] } })).status).toBe(200);
    // Someone else's video is never in this library.
    await uploadVideo(caller(tenantId, 'instructor'), clip, { filename: 'alpha-other.mp4' });

    const ids = async (query: string) => (await list(author, query)).body.results.map((r: { id: string }) => r.id).sort();
    expect(await ids('')).toEqual([a, b, c].sort()); // videos only by default, newest first
    expect(await ids('?media_type=all')).toEqual([a, b, c, d].sort());
    expect(await ids('?assigned=true')).toEqual([a]);
    expect(await ids('?assigned=false')).toEqual([b, c].sort());
    expect(await ids(`?course_id=${courseId}`)).toEqual([a, b].sort()); // assigned to it, or declared for it
    expect(await ids('?search=ALPHA')).toEqual([a]); // file name, case-insensitive
    expect(await ids('?search=deep')).toEqual([b]); // title
    const first = await list(author, '?page_size=2');
    expect(first.body).toMatchObject({ count: 3, page: 1, page_size: 2, total_pages: 2, previous: null });
    expect(first.body.results.map((r: { id: string }) => r.id)).toEqual([c, b]);
    expect(first.body.next).toContain('page=2');
    const second = await list(author, '?page_size=2&page=2');
    expect(second.body.results.map((r: { id: string }) => r.id)).toEqual([a]);
    expect(second.body.results[0]).toMatchObject({ is_assigned: true, assigned_to: { course_id: courseId, section_id: sectionId, section_title: 'Introduction', order: 1 } });
    expect((await list(author, '?assigned=maybe')).status).toBe(400);
  });
});

describe('assigning media to a section', () => {
  const tenantId = uniqueTenant('massign');
  const author = caller(tenantId, 'instructor');
  const other = caller(tenantId, 'instructor');
  const clip = testVideo(1);

  it('assigns the author\'s media with the order mapping (3 requests)', async () => {
    const { sectionId, courseId } = await course(author, 0);
    const m1 = (await uploadVideo(author, clip)).done.body.media_id;
    const m2 = (await uploadVideo(author, clip)).done.body.media_id;
    const res = await api({ method: 'POST', path: `/api/v1/content/sections/${sectionId}/media/`, token: author.token, body: { media_ids: [m1, m2], order_mapping: { [m1]: 2, [m2]: 1 } } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Media assigned successfully', assigned_count: 2, section_id: sectionId });
    expect(res.dynamoDbByCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1, UpdateItemCommand: 1 });
    expect((await storedMedia(tenantId, m1))!.assignedTo).toMatchObject({ courseId, sectionId, order: 2 });
    expect((await storedMedia(tenantId, m2))!.assignedTo).toMatchObject({ courseId, sectionId, order: 1 });
  });

  it('refuses another instructor assigning your media, even to their own section (403)', async () => {
    const mine = (await uploadVideo(author, clip)).done.body.media_id;
    const theirs = await course(other, 0);
    const res = await api({ method: 'POST', path: `/api/v1/content/sections/${theirs.sectionId}/media/`, token: other.token, body: { media_ids: [mine] } });
    expect(res.status).toBe(403);
    expect((await storedMedia(tenantId, mine))!.assignedTo).toBeUndefined();
    // Nor their media into your course's section.
    const ownSection = await course(author, 0);
    const theirMedia = (await uploadVideo(other, clip)).done.body.media_id;
    expect((await api({ method: 'POST', path: `/api/v1/content/sections/${ownSection.sectionId}/media/`, token: other.token, body: { media_ids: [theirMedia] } })).status).toBe(403);
  });

  it('lets an org admin assign anyone\'s media', async () => {
    const { sectionId } = await course(author, 0);
    const mine = (await uploadVideo(author, clip)).done.body.media_id;
    const admin = caller(tenantId, 'org_admin');
    expect((await api({ method: 'POST', path: `/api/v1/content/sections/${sectionId}/media/`, token: admin.token, body: { media_ids: [mine] } })).status).toBe(200);
  });

  it('answers 404 for another tenant\'s section, 400 for unknown media or a stray order key, 401 without a token', async () => {
    const { sectionId } = await course(author, 0);
    const mine = (await uploadVideo(author, clip)).done.body.media_id;
    const stranger = caller(uniqueTenant('mout'), 'org_admin');
    expect((await api({ method: 'POST', path: `/api/v1/content/sections/${sectionId}/media/`, token: stranger.token, body: { media_ids: [mine] } })).status).toBe(404);
    const unknown = await api({ method: 'POST', path: `/api/v1/content/sections/${sectionId}/media/`, token: author.token, body: { media_ids: [mine, randomUUID()] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'body.media_ids.1', code: 'unknown_media' })]);
    expect((await storedMedia(tenantId, mine))!.assignedTo).toBeUndefined(); // all or nothing
    const stray = await api({ method: 'POST', path: `/api/v1/content/sections/${sectionId}/media/`, token: author.token, body: { media_ids: [mine], order_mapping: { [randomUUID()]: 1 } } });
    expect(stray.status).toBe(400);
    expect((await api({ method: 'POST', path: `/api/v1/content/sections/${sectionId}/media/`, body: { media_ids: [mine] } })).status).toBe(401);
  });
});

describe('protected playback', () => {
  const tenantId = uniqueTenant('mplay');
  const author = caller(tenantId, 'instructor');
  const clip = testVideo(1);
  let mediaId = '';
  let courseId = '';

  beforeAll(async () => {
    const paid = await course(author, 49.99);
    courseId = paid.courseId;
    mediaId = (await uploadVideo(author, clip)).done.body.media_id;
    const assigned = await api({ method: 'POST', path: `/api/v1/content/sections/${paid.sectionId}/media/`, token: author.token, body: { media_ids: [mediaId] } });
    expect(assigned.status).toBe(200);
  });

  const play = (who: Caller | undefined) => api({ method: 'GET', path: `/api/v1/media/${mediaId}/playback/`, ...(who ? { token: who.token } : {}) });

  it('refuses an unenrolled learner of the paid course (403) and gives an enrolled one a URL that plays and then expires', async () => {
    const learner = caller(tenantId, 'learner');
    const refused = await play(learner);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('X-Amz-Signature');

    await ensureEnrollment({ tenantId, userId: learner.userId, courseId, source: 'paid', paymentId: 'pay_test', amountPaidCents: 4999, currency: 'USD', now: new Date() });
    const previous = process.env.MEDIA_PLAYBACK_TTL_SECONDS;
    process.env.MEDIA_PLAYBACK_TTL_SECONDS = '2';
    try {
      const granted = await play(learner);
      expect(granted.status).toBe(200);
      expect(granted.dynamoDbByCommand).toEqual({ GetItemCommand: 1, BatchGetItemCommand: 1 });
      expect(Date.parse(granted.body.expires_at) - Date.now()).toBeLessThanOrEqual(2000);
      const ok = await fetch(granted.body.playback_url);
      expect(ok.status).toBe(200);
      expect(Buffer.from(await ok.arrayBuffer()).equals(clip)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const expired = await fetch(granted.body.playback_url);
      expect(expired.status).toBe(403);
    } finally {
      if (previous === undefined) delete process.env.MEDIA_PLAYBACK_TTL_SECONDS;
      else process.env.MEDIA_PLAYBACK_TTL_SECONDS = previous;
    }
  });

  it('lets the course\'s instructors, the uploader and org admins play; not another instructor', async () => {
    expect((await play(author)).status).toBe(200);
    expect((await play(caller(tenantId, 'org_admin'))).status).toBe(200);
    expect((await play(caller(tenantId, 'instructor'))).status).toBe(403);
  });

  it('answers another tenant 404 and no token 401', async () => {
    expect((await play(caller(uniqueTenant('mpx'), 'org_admin'))).status).toBe(404);
    expect((await play(undefined)).status).toBe(401);
  });
});
