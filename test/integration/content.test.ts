import { QueryCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { handler as contentHandler } from '../../lambdas/content/handler.js';
import { handler as personalCoursesHandler } from '../../lambdas/personalCourses/handler.js';
import { setImportDependencies } from '../../shared/content/externalImport.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { contentPartition } from '../../shared/db/keys.js';
import { setTestAllowlist } from '../../shared/net/safeFetch.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { startHttpsTestServer, type HttpsTestServer } from '../support/httpsTestServer.js';
import { PNG_BYTES, testPdf } from '../support/mediaFiles.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Issue 18, seed 004 content: notes and files of a personal course (files straight to the local S3),
 * the course's resources, and imports of external sources through the SSRF-safe fetcher. The remote
 * "internet" is a local HTTPS server reached only through the fetcher's test allowlist; `guarded` is
 * one it must refuse.
 */
const api = httpClient(ROUTES, { content: contentHandler, personalCourses: personalCoursesHandler });
let remote: HttpsTestServer;
let guarded: HttpsTestServer;
let pdf: Buffer;
const ARTICLE = `<html><head><title>Squats 101</title><meta name="description" content="How to squat"><meta name="author" content="Coach K"></head><body><h1>Squats</h1><p>${'lift '.repeat(250)}</p></body></html>`;

beforeAll(async () => {
  pdf = await testPdf(4, 'Training plan');
  remote = await startHttpsTestServer((req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (url.pathname === '/article') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    else if (url.pathname === '/plan.pdf') res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    else if (url.pathname === '/fake.pdf') res.writeHead(200, { 'content-type': 'application/pdf' }).end('<html>not a pdf</html>');
    else if (url.pathname === '/oembed') {
      const video = new URL(url.searchParams.get('url') ?? '').searchParams.get('v');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: `Video ${video}`, author_name: 'Cairn Channel', thumbnail_url: `https://i.ytimg.com/vi/${video}/hqdefault.jpg` }));
    } else if (url.pathname === '/to-metadata') res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data/' }).end();
    else if (url.pathname === '/to-local') res.writeHead(302, { location: guarded.url('/admin') }).end();
    else res.writeHead(404).end();
  });
  guarded = await startHttpsTestServer();
  setTestAllowlist([{ host: remote.host, port: remote.port, ca: remote.ca }]);
  setImportDependencies({ youtubeOEmbedUrl: remote.url('/oembed') });
});

afterAll(async () => {
  setTestAllowlist([]);
  setImportDependencies({});
  await Promise.all([remote.close(), guarded.close()]);
});

interface Member {
  userId: string;
  tenantId: string;
  token: string;
}
const member = (tenantId = uniqueTenant('content')): Member => {
  const userId = randomUUID();
  return { userId, tenantId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
};

async function personalCourse(owner: Member): Promise<string> {
  const res = await api({ method: 'POST', path: '/api/courses', token: owner.token, body: { topic: 'Strength training' } });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

const upload = (who: Member, body: Record<string, unknown>) => api({ method: 'POST', path: '/api/content/upload', token: who.token, body });
const resources = (who: Member, courseId: string) => api({ method: 'GET', path: `/api/content/${courseId}`, token: who.token });
const importSource = (who: Member, body: Record<string, unknown>) => api({ method: 'POST', path: '/api/integrations/import', token: who.token, body });

async function storedResources(owner: Member, courseId: string) {
  const out = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': contentPartition(owner.tenantId, owner.userId, courseId) }, ConsistentRead: true }));
  return out.Items ?? [];
}

describe('personal-course content uploads', () => {
  it('stores a note in one request', async () => {
    const owner = member();
    const courseId = await personalCourse(owner);
    const res = await upload(owner, { type: 'note', courseId, title: 'Form cues', content: 'Brace, breathe, drive.', tags: ['form'] });
    expect(res.status).toBe(201);
    expect(res.dynamoDbByCommand).toEqual({ TransactWriteItemsCommand: 1, UpdateItemCommand: 1 }); // + the limiter's count of a write
    expect(res.body).toMatchObject({ success: true, data: { courseId, title: 'Form cues', type: 'document', url: null, content: 'Brace, breathe, drive.', metadata: { source: 'note', tags: ['form'], duration: null } } });
  });

  it('uploads a PDF straight to S3, confirms it with its page count, and lists it with a working URL', async () => {
    const owner = member();
    const courseId = await personalCourse(owner);
    const started = await upload(owner, { type: 'file', courseId, fileName: 'plan.pdf', contentType: 'application/pdf', fileSize: pdf.length, tags: ['plan'] });
    expect(started.status).toBe(201);
    expect(started.body.data).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'application/pdf' } });
    expect(started.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, PutItemCommand: 1, UpdateItemCommand: 1 });
    const put = await fetch(started.body.data.uploadUrl, { method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, body: pdf });
    expect(put.status).toBe(200);
    const confirmed = await upload(owner, { type: 'confirm', uploadId: started.body.data.uploadId });
    expect(confirmed.status).toBe(200);
    expect(confirmed.dynamoDbByCommand).toEqual({ GetItemCommand: 1, TransactWriteItemsCommand: 1, UpdateItemCommand: 1 });
    expect(confirmed.body.data).toMatchObject({ title: 'Training plan', type: 'document', metadata: { source: 'upload', tags: ['plan'], pageCount: 4, fileSize: pdf.length, contentType: 'application/pdf' } });
    const again = await upload(owner, { type: 'confirm', uploadId: started.body.data.uploadId });
    expect(again.body.data.id).toBe(confirmed.body.data.id);

    const listed = await resources(owner, courseId);
    expect(listed.status).toBe(200);
    expect(listed.dynamoDbByCommand.GetItemCommand).toBe(1);
    expect(listed.dynamoDbByCommand.QueryCommand).toBe(1);
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([confirmed.body.data.id]);
    const downloaded = Buffer.from(await (await fetch(listed.body.data[0].url)).arrayBuffer());
    expect(downloaded.equals(pdf)).toBe(true);
  });

  it('takes images and refuses videos, wrong extensions and bytes that are not the declared type', async () => {
    const owner = member();
    const courseId = await personalCourse(owner);
    const video = await upload(owner, { type: 'file', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', fileSize: 10 });
    expect(video.status).toBe(400);
    expect(video.body.error.details).toEqual([expect.objectContaining({ field: 'body.contentType', code: 'type_not_allowed' })]);
    const over = await upload(owner, { type: 'file', courseId, fileName: 'huge.pdf', contentType: 'application/pdf', fileSize: 25 * 1024 * 1024 + 1 });
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe('MEDIA_SIZE_EXCEEDED');
    const image = await upload(owner, { type: 'file', courseId, fileName: 'chart.png', contentType: 'image/png', fileSize: PNG_BYTES.length });
    await fetch(image.body.data.uploadUrl, { method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: PNG_BYTES });
    expect((await upload(owner, { type: 'confirm', uploadId: image.body.data.uploadId })).status).toBe(200);
    const lying = await upload(owner, { type: 'file', courseId, fileName: 'notes.pdf', contentType: 'application/pdf', fileSize: PNG_BYTES.length });
    await fetch(lying.body.data.uploadUrl, { method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, body: PNG_BYTES });
    const refused = await upload(owner, { type: 'confirm', uploadId: lying.body.data.uploadId });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'body.uploadId', code: 'type_mismatch' })]);
    expect((await storedResources(owner, courseId)).map((r) => r.title)).toEqual(['chart.png']);
  });

  it('keeps each user to their own courses: other user 404, other tenant 404, no token 401', async () => {
    const owner = member();
    const courseId = await personalCourse(owner);
    const other = member(owner.tenantId);
    const foreign = { ...member(), userId: owner.userId };
    foreign.token = tokenFor({ userId: owner.userId, tenantId: foreign.tenantId, roles: ['learner'] });
    for (const who of [other, foreign]) {
      expect((await upload(who, { type: 'note', courseId, title: 'x', content: 'y' })).status).toBe(404);
      expect((await upload(who, { type: 'file', courseId, fileName: 'a.pdf', contentType: 'application/pdf', fileSize: 10 })).status).toBe(404);
      expect((await resources(who, courseId)).status).toBe(404);
      expect((await importSource(who, { courseId, source: { type: 'article', url: remote.url('/article') } })).status).toBe(404);
    }
    expect((await api({ method: 'GET', path: `/api/content/${courseId}` })).status).toBe(401);
    expect((await api({ method: 'POST', path: '/api/content/upload', body: { type: 'note', courseId, title: 'x', content: 'y' } })).status).toBe(401);
    expect((await api({ method: 'POST', path: '/api/integrations/import', body: { courseId, source: { type: 'article', url: remote.url('/article') } } })).status).toBe(401);
    expect(await storedResources(owner, courseId)).toEqual([]);
  });
});

describe('external content import', () => {
  it('imports an article, a PDF and a YouTube video with their metadata', async () => {
    const owner = member();
    const courseId = await personalCourse(owner);
    const article = await importSource(owner, { courseId, source: { type: 'article', url: remote.url('/article'), metadata: { tags: ['legs'] } } });
    expect(article.status).toBe(201);
    expect(article.dynamoDbByCommand).toEqual({ GetItemCommand: 1, PutItemCommand: 1, UpdateItemCommand: 1 });
    // 1 heading word + 250 × "lift" = 251 words → ⌈251 / 200⌉ = 2 minutes.
    expect(article.body.data).toEqual([
      expect.objectContaining({ title: 'Squats 101', type: 'article', url: remote.url('/article'), metadata: expect.objectContaining({ source: 'article', tags: ['legs'], description: 'How to squat', author: 'Coach K', wordCount: 251, readingMinutes: 2, duration: null }) }),
    ]);
    const doc = await importSource(owner, { courseId, source: { type: 'pdf', url: remote.url('/plan.pdf') } });
    expect(doc.status).toBe(201);
    expect(doc.body.data[0]).toMatchObject({ title: 'Training plan', type: 'document', metadata: { source: 'pdf', pageCount: 4, fileSize: pdf.length } });
    const video = await importSource(owner, { courseId, source: { type: 'youtube', url: 'https://youtu.be/dQw4w9WgXcQ', metadata: { title: 'My title' } } });
    expect(video.status).toBe(201);
    expect(video.body.data[0]).toMatchObject({ title: 'My title', type: 'video', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', metadata: { source: 'youtube', videoId: 'dQw4w9WgXcQ', author: 'Cairn Channel', embedUrl: 'https://www.youtube.com/embed/dQw4w9WgXcQ', duration: null } });
    const listed = await resources(owner, courseId);
    expect(listed.body.data.map((r: { type: string }) => r.type)).toEqual(['article', 'document', 'video']);
  });

  it('refuses private and metadata addresses, directly or by redirect, and stores nothing', async () => {
    const owner = member();
    const courseId = await personalCourse(owner);
    const cases: [string, string, string][] = [
      ['article', guarded.url('/admin'), 'private_address'],
      ['article', 'https://169.254.169.254/latest/meta-data/', 'private_address'],
      ['pdf', 'https://10.0.0.8/plan.pdf', 'private_address'],
      ['article', `https://[::1]:${guarded.port}/`, 'private_address'],
      ['article', 'file:///etc/passwd', 'not_https'],
      ['article', remote.url('/to-metadata'), 'private_address'],
      ['article', remote.url('/to-local'), 'private_address'],
    ];
    for (const [type, url, code] of cases) {
      const res = await importSource(owner, { courseId, source: { type, url } });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'body.source.url', code })]);
    }
    expect(guarded.hits).toEqual([]);
    expect(await storedResources(owner, courseId)).toEqual([]);
  });

  it('answers 422 when the source is not what it claims, and 400 for a non-YouTube URL or an accessConfig', async () => {
    const owner = member();
    const courseId = await personalCourse(owner);
    const fake = await importSource(owner, { courseId, source: { type: 'pdf', url: remote.url('/fake.pdf') } });
    expect(fake.status).toBe(422);
    expect(fake.body.error.code).toBe('IMPORT_FAILED');
    const notYoutube = await importSource(owner, { courseId, source: { type: 'youtube', url: remote.url('/watch?v=dQw4w9WgXcQ') } });
    expect(notYoutube.status).toBe(400);
    expect(notYoutube.body.error.details).toEqual([expect.objectContaining({ code: 'not_a_youtube_url' })]);
    const withKey = await importSource(owner, { courseId, source: { type: 'article', url: remote.url('/article'), accessConfig: { apiKey: 'sk' } } });
    expect(withKey.status).toBe(400);
    expect(withKey.body.error.details).toEqual([expect.objectContaining({ field: 'body.source.accessConfig' })]);
    expect(await storedResources(owner, courseId)).toEqual([]);
  });
});
