import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { contentPartition, contentResourceKey, personalCourseKey, profileKey } from '../db/keys.js';
import { NotFoundError } from '../http/errors.js';
import type { Profile } from '../identity/profile.js';
import { fileFacts } from '../media/fileFacts.js';
import { presignGet } from '../media/mediaBucket.js';
import { assertNotExpired, checkDeclaredFile, completedSessionUpdate, openUploadSession, readUploadSession, verifyUploadedObject } from '../media/uploadSessions.js';
import type { ContentUploadBody, ImportBody } from '../schemas/content.js';
import { importSource } from './externalImport.js';

/**
 * Seed 004 content of a personal course: notes, uploaded files (PDFs, images, text) and imported
 * external sources, each a resource in the course's content collection
 * (`T#<t>#U#<u>#CONTENT#<course>`, docs/data-model.md). Only the course's owner sees or adds them;
 * another user's course id is not found.
 *
 * Requests per call (rate limiter excluded): note 1 (TransactWriteItems: course check + Put); file
 * step 1: 2 (BatchGetItem profile + course, PutItem session); confirm 2 (GetItem session,
 * TransactWriteItems); list 2 (GetItem course, Query); import 2 (GetItem course, PutItem).
 */
export interface ResourceRecord {
  resourceId: string;
  courseId: string;
  title: string;
  type: 'video' | 'article' | 'document';
  source: 'note' | 'upload' | 'youtube' | 'article' | 'pdf';
  url: string | null;
  objectKey: string | null;
  content: string | null;
  tags: string[];
  metadata: Record<string, unknown> & { duration: number | null };
  createdAt: string;
}

const STRIP = new Set(['pk', 'sk', 'entity']);
const resourceOf = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !STRIP.has(k))) as unknown as ResourceRecord;

const courseMissing = () => new NotFoundError('Course not found');

const putItem = (principal: Principal, resource: ResourceRecord) => ({
  TableName: tableName(),
  Item: { ...contentResourceKey(principal.tenantId, principal.userId, resource.courseId, resource.resourceId), entity: 'contentResource', ...resource },
  ConditionExpression: 'attribute_not_exists(pk)',
});

const courseCheck = (principal: Principal, courseId: string) => ({
  ConditionCheck: { TableName: tableName(), Key: personalCourseKey(principal.tenantId, principal.userId, courseId), ConditionExpression: 'attribute_exists(pk)' },
});

/** Seed 004 Resource on the wire; an uploaded file's URL is a presigned GET of a few minutes. */
export async function resourceView(resource: ResourceRecord) {
  const url = resource.objectKey ? (await presignGet(resource.objectKey, 900)).url : resource.url;
  return {
    id: resource.resourceId,
    courseId: resource.courseId,
    title: resource.title,
    type: resource.type,
    url,
    content: resource.content,
    metadata: { ...resource.metadata, source: resource.source, tags: resource.tags },
    createdAt: resource.createdAt,
  };
}

/** `POST /api/content/upload`, one of three steps by `type`. */
export async function uploadContent(principal: Principal, body: ContentUploadBody, now: Date) {
  switch (body.type) {
    case 'note':
      return { statusCode: 201, data: await createNote(principal, body, now) };
    case 'file':
      return { statusCode: 201, data: await startFileUpload(principal, body, now) };
    case 'confirm':
      return { statusCode: 200, data: await confirmFileUpload(principal, body.uploadId, now) };
  }
}

async function createNote(principal: Principal, body: Extract<ContentUploadBody, { type: 'note' }>, now: Date) {
  const resource: ResourceRecord = {
    resourceId: randomUUID(), courseId: body.courseId, title: body.title, type: 'document', source: 'note', url: null, objectKey: null, content: body.content,
    tags: body.tags ?? [], metadata: { duration: null, contentType: 'text/plain', characters: body.content.length }, createdAt: now.toISOString(),
  };
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: [courseCheck(principal, body.courseId), { Put: putItem(principal, resource) }] }));
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') throw courseMissing();
    throw err;
  }
  return resourceView(resource);
}

async function startFileUpload(principal: Principal, body: Extract<ContentUploadBody, { type: 'file' }>, now: Date) {
  const course = personalCourseKey(principal.tenantId, principal.userId, body.courseId);
  const found = await batchGetItems([profileKey(principal.userId), course]);
  if (!found.has(itemId(course))) throw courseMissing();
  const profile = found.get(itemId(profileKey(principal.userId))) as Profile | undefined;
  const file = { fileName: body.fileName, fileSize: body.fileSize, contentType: body.contentType };
  const kind = checkDeclaredFile('content', file, profile?.plan, { fileName: 'body.fileName', fileSize: 'body.fileSize', contentType: 'body.contentType' });
  const started = await openUploadSession(
    { purpose: 'content', tenantId: principal.tenantId, ownerId: principal.userId, kind, file, courseId: body.courseId, singlePut: true, ...(body.title ? { title: body.title } : {}), ...(body.tags?.length ? { description: JSON.stringify(body.tags) } : {}) },
    now,
  );
  return { uploadId: started.uploadId, uploadUrl: started.uploadUrl, method: 'PUT' as const, headers: started.headers, expiresAt: started.expiresAt };
}

async function readResource(principal: Principal, courseId: string, resourceId: string): Promise<ResourceRecord> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: contentResourceKey(principal.tenantId, principal.userId, courseId, resourceId), ConsistentRead: true }));
  if (!out.Item) throw new Error(`Completed content upload without its resource ${resourceId}`);
  return resourceOf(out.Item);
}

/** Step 2 of a file: verify the stored object, measure it, store the resource; idempotent like media's complete. */
async function confirmFileUpload(principal: Principal, uploadId: string, now: Date) {
  const session = await readUploadSession(principal.tenantId, principal.userId, uploadId, 'content');
  const courseId = session.courseId!;
  if (session.status === 'completed') return resourceView(await readResource(principal, courseId, session.recordId));
  assertNotExpired(session, now, 'body.uploadId');
  await verifyUploadedObject(session, undefined, { upload: 'body.uploadId', parts: 'body.uploadId' });
  const facts = await fileFacts(session, 'body.uploadId');
  const resource: ResourceRecord = {
    resourceId: session.recordId,
    courseId,
    title: session.title ?? facts.documentTitle ?? session.fileName,
    type: 'document',
    source: 'upload',
    url: null,
    objectKey: session.objectKey,
    content: null,
    tags: session.description ? (JSON.parse(session.description) as string[]) : [],
    metadata: { duration: null, fileName: session.fileName, contentType: session.contentType, fileSize: session.fileSize, pageCount: facts.pageCount },
    createdAt: now.toISOString(),
  };
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: [{ Put: putItem(principal, resource) }, completedSessionUpdate(session, now)] }));
  } catch (err) {
    if (err instanceof TransactionCanceledException) return resourceView(await readResource(principal, courseId, session.recordId));
    throw err;
  }
  return resourceView(resource);
}

/** `GET /api/content/{course_id}`: the course's resources, oldest first. */
export async function listContent(principal: Principal, courseId: string) {
  const course = await documentClient().send(new GetCommand({ TableName: tableName(), Key: personalCourseKey(principal.tenantId, principal.userId, courseId) }));
  if (!course.Item) throw courseMissing();
  const items: ResourceRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': contentPartition(principal.tenantId, principal.userId, courseId) }, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of out.Items ?? []) items.push(resourceOf(item));
    start = out.LastEvaluatedKey;
  } while (start);
  items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.resourceId.localeCompare(b.resourceId));
  return Promise.all(items.map(resourceView));
}

/** `POST /api/integrations/import`: checks the course first (no fetch for a course that is not yours), then imports and stores. */
export async function importContent(principal: Principal, body: ImportBody, now: Date) {
  const course = await documentClient().send(new GetCommand({ TableName: tableName(), Key: personalCourseKey(principal.tenantId, principal.userId, body.courseId) }));
  if (!course.Item) throw courseMissing();
  const imported = await importSource(body.source.type, body.source.url);
  const resource: ResourceRecord = {
    resourceId: randomUUID(),
    courseId: body.courseId,
    title: body.source.metadata?.title ?? imported.title ?? new URL(imported.url).hostname,
    type: imported.type,
    source: body.source.type,
    url: imported.url,
    objectKey: null,
    content: null,
    tags: body.source.metadata?.tags ?? [],
    metadata: imported.metadata,
    createdAt: now.toISOString(),
  };
  await documentClient().send(new PutCommand(putItem(principal, resource)));
  return [await resourceView(resource)];
}
