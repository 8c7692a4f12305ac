import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { uploadSessionKey } from '../db/keys.js';
import { uploadPlan } from '../domain/uploadPlan.js';
import { MediaSizeExceededError, MediaUploadError, NotFoundError, ValidationError, type FieldIssue } from '../http/errors.js';
import type { Profile } from '../identity/profile.js';
import { allowedFileType, extensionOf, fileNameProblem, type FileKind, type UploadPurpose } from './fileTypes.js';
import { completeMultipart, deleteObject, headObject, presignSinglePut, readHead, sourceObjectKey, startMultipart } from './mediaBucket.js';
import { COMPLETED_SESSION_TTL_SECONDS, UPLOAD_COMPLETE_GRACE_SECONDS, UPLOAD_URL_TTL_SECONDS, uploadLimitBytes } from './uploadLimits.js';

/**
 * Upload sessions (issue 18): the server's record of one direct-to-S3 upload between `initiate` and
 * `complete`, in the uploader's own partition (another user's upload id is simply not found). It
 * fixes everything the client declared (name, size, type) and the object key, so `complete` checks
 * the stored object against it and never against what the client says the second time. The item
 * expires through DynamoDB TTL an hour after its URLs (abandoned sessions); S3's lifecycle rule
 * `AbortIncompleteMultipartUpload` removes abandoned parts. A completed session keeps the media id
 * for a week so a repeated `complete` answers the same media.
 */
export interface UploadSession {
  uploadId: string;
  purpose: UploadPurpose;
  tenantId: string;
  ownerId: string;
  /** Id of the record `complete` creates (media id, or resource id for seed 004 content). */
  recordId: string;
  fileName: string;
  fileSize: number;
  contentType: string;
  kind: FileKind;
  objectKey: string;
  method: 'single' | 'multipart';
  chunkSize: number;
  totalChunks: number;
  s3UploadId?: string;
  title?: string;
  description?: string;
  courseId?: string;
  status: 'pending' | 'completed';
  createdAt: string;
  urlExpiresAt: string;
  /** TTL (epoch seconds). */
  expiresAt: number;
}

export interface DeclaredFile {
  fileName: string;
  fileSize: number;
  contentType: string;
}

/** The request fields of each purpose's contract, for error messages that name the client's field. */
export interface FieldNames {
  fileName: string;
  fileSize: string;
  contentType: string;
}

/**
 * Checks a declared file against the purpose's allowlist and the plan's size limit: a name browsers
 * send, an allowed type whose extensions include the name's, a size within the limit.
 */
export function checkDeclaredFile(purpose: UploadPurpose, file: DeclaredFile, plan: Profile['plan'] | undefined, fields: FieldNames): FileKind {
  const issues: FieldIssue[] = [];
  const nameProblem = fileNameProblem(file.fileName);
  if (nameProblem) issues.push({ field: fields.fileName, message: nameProblem, code: 'invalid_file_name' });
  const rule = allowedFileType(purpose, file.contentType);
  if (!rule) issues.push({ field: fields.contentType, message: 'This content type is not allowed', code: 'type_not_allowed' });
  else if (!nameProblem && !rule.extensions.includes(extensionOf(file.fileName))) {
    issues.push({ field: fields.fileName, message: `The extension must be one of ${rule.extensions.join(', ')} for ${file.contentType}`, code: 'extension_mismatch' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const limit = uploadLimitBytes(purpose, plan);
  if (file.fileSize > limit) throw new MediaSizeExceededError(limit);
  return rule!.kind;
}

export interface UploadInstructions {
  uploadId: string;
  method: 'single' | 'multipart';
  /** The single PUT's URL, or part 1's. */
  uploadUrl: string;
  /** One URL per part (multipart), in part order. */
  partUrls: string[];
  headers: Record<string, string>;
  chunkSize: number;
  totalChunks: number;
  expiresAt: string;
}

/**
 * Opens an upload: presigns the PUT (or creates the multipart upload and presigns its parts) and
 * stores the session (one PutItem). S3 first: a session pointing at an upload that failed to start
 * would be useless; an S3 upload without a session is removed by the lifecycle rule.
 */
export async function openUploadSession(
  input: { purpose: UploadPurpose; tenantId: string; ownerId: string; kind: FileKind; file: DeclaredFile; title?: string; description?: string; courseId?: string; singlePut?: boolean },
  now: Date,
): Promise<UploadInstructions> {
  const uploadId = randomUUID();
  const recordId = randomUUID();
  const extension = extensionOf(input.file.fileName);
  const objectKey = sourceObjectKey(input.tenantId, recordId, extension);
  // Seed 004 content (at most 250 MiB) always goes up in one PUT (S3 takes up to 5 GiB in one).
  const plan = input.singlePut ? { method: 'single' as const, chunkSize: input.file.fileSize, totalChunks: 1 } : uploadPlan(input.file.fileSize);
  const urlExpiresAt = new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000);
  let uploadUrl: string;
  let partUrls: string[] = [];
  let s3UploadId: string | undefined;
  if (plan.method === 'single') {
    uploadUrl = await presignSinglePut(objectKey, input.file.contentType, UPLOAD_URL_TTL_SECONDS);
  } else {
    const started = await startMultipart(objectKey, input.file.contentType, plan.totalChunks, UPLOAD_URL_TTL_SECONDS);
    s3UploadId = started.s3UploadId;
    partUrls = started.partUrls;
    uploadUrl = partUrls[0]!;
  }
  const session: UploadSession = {
    uploadId,
    purpose: input.purpose,
    tenantId: input.tenantId,
    ownerId: input.ownerId,
    recordId,
    fileName: input.file.fileName,
    fileSize: input.file.fileSize,
    contentType: input.file.contentType,
    kind: input.kind,
    objectKey,
    method: plan.method,
    chunkSize: plan.chunkSize,
    totalChunks: plan.totalChunks,
    ...(s3UploadId ? { s3UploadId } : {}),
    ...(input.title ? { title: input.title } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.courseId ? { courseId: input.courseId } : {}),
    status: 'pending',
    createdAt: now.toISOString(),
    urlExpiresAt: urlExpiresAt.toISOString(),
    expiresAt: Math.floor(urlExpiresAt.getTime() / 1000) + UPLOAD_COMPLETE_GRACE_SECONDS,
  };
  await documentClient().send(
    new PutCommand({ TableName: tableName(), Item: { ...uploadSessionKey(input.tenantId, input.ownerId, uploadId), entity: 'uploadSession', ...session }, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
  return { uploadId, method: plan.method, uploadUrl, partUrls, headers: { 'Content-Type': input.file.contentType }, chunkSize: plan.chunkSize, totalChunks: plan.totalChunks, expiresAt: session.urlExpiresAt };
}

/** The caller's session (strongly consistent: `complete` may follow `initiate` at once); 404 when absent or expired by TTL. */
export async function readUploadSession(tenantId: string, ownerId: string, uploadId: string, purpose: UploadPurpose): Promise<UploadSession> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: uploadSessionKey(tenantId, ownerId, uploadId), ConsistentRead: true }));
  const session = out.Item as UploadSession | undefined;
  if (!session || session.purpose !== purpose) throw new NotFoundError('Upload session not found');
  return session;
}

/** Whether a pending session may still complete (DynamoDB's TTL deletes lazily, so this is checked here). */
export function assertNotExpired(session: UploadSession, now: Date, field: string): void {
  if (session.status === 'pending' && now.getTime() / 1000 >= session.expiresAt) {
    throw new MediaUploadError('The upload session has expired; initiate the upload again', [{ field, message: 'Upload session expired', code: 'upload_expired' }]);
  }
}

/** Bytes read to recognise a file's type. */
const SNIFF_BYTES = 64;

/**
 * Verifies the stored object against the session: completes the multipart upload from the reported
 * parts (every part 1…N exactly once), then the object must exist with the declared size and type and
 * its first bytes must be of that type. A mismatch deletes the object (nothing of it is kept) and is a
 * 400; the session stays pending, so nothing is recorded.
 *
 * A retry after S3 completed the upload but before the media was recorded finds S3's upload gone
 * (NoSuchUpload) and checks the object that upload produced.
 */
export async function verifyUploadedObject(session: UploadSession, parts: { partNumber: number; etag: string }[] | undefined, fields: { upload: string; parts: string }): Promise<Uint8Array> {
  if (session.method === 'multipart') {
    const numbers = (parts ?? []).map((p) => p.partNumber).sort((a, b) => a - b);
    const complete = numbers.length === session.totalChunks && numbers.every((n, i) => n === i + 1);
    if (!complete) {
      throw new MediaUploadError('Report every part of the upload', [{ field: fields.parts, message: `Expected parts 1 to ${session.totalChunks}, each once, with the ETag S3 answered`, code: 'parts_incomplete' }]);
    }
    try {
      await completeMultipart(session.objectKey, session.s3UploadId!, [...parts!].sort((a, b) => a.partNumber - b.partNumber));
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'MalformedXML'].includes(name)) {
        throw new MediaUploadError('S3 refused the parts', [{ field: fields.parts, message: `S3: ${name}`, code: 'parts_rejected' }]);
      }
      throw err;
    }
  }
  const stored = await headObject(session.objectKey);
  if (!stored) throw new MediaUploadError('No file was uploaded for this session', [{ field: fields.upload, message: 'Nothing stored for this upload', code: 'object_missing' }]);
  const reject = async (message: string, code: string): Promise<never> => {
    await deleteObject(session.objectKey);
    throw new MediaUploadError(message, [{ field: fields.upload, message, code }]);
  };
  if (stored.size !== session.fileSize) return reject(`The uploaded file has ${stored.size} bytes, ${session.fileSize} were declared`, 'size_mismatch');
  if (stored.contentType.split(';')[0]!.trim().toLowerCase() !== session.contentType) return reject(`The uploaded file was stored as ${stored.contentType || 'no type'}, ${session.contentType} was declared`, 'type_mismatch');
  const head = await readHead(session.objectKey, Math.min(SNIFF_BYTES, session.fileSize));
  const rule = allowedFileType(session.purpose, session.contentType);
  if (!rule?.matches(head)) return reject(`The uploaded bytes are not ${session.contentType}`, 'type_mismatch');
  return head;
}

/** Deletes the object of a session whose content turned out unreadable (not a video, not a PDF). */
export async function rejectUnreadable(session: UploadSession, field: string): Promise<never> {
  await deleteObject(session.objectKey);
  throw new MediaUploadError(`The uploaded file is not a readable ${session.contentType}`, [{ field, message: 'The file could not be read as its declared type', code: 'type_mismatch' }]);
}

/** The session's update inside `complete`'s transaction: pending → completed, kept a week for repeats. */
export function completedSessionUpdate(session: UploadSession, now: Date) {
  return {
    Update: {
      TableName: tableName(),
      Key: uploadSessionKey(session.tenantId, session.ownerId, session.uploadId),
      UpdateExpression: 'SET #status = :completed, completedAt = :now, expiresAt = :ttl',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': 'completed', ':pending': 'pending', ':now': now.toISOString(), ':ttl': Math.floor(now.getTime() / 1000) + COMPLETED_SESSION_TTL_SECONDS },
    },
  };
}
