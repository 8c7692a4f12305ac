import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, s3Sdk } from '../reports/reportBucket.js';

/**
 * The media bucket (issue 18): lesson videos, handouts and personal-course files, uploaded by browsers
 * straight to S3 through presigned URLs and read back only through short-lived presigned GETs. Keys
 * lead with the tenant: `<tenant>/media/<media id>/source.<ext>` and `…/thumbnail.jpg`. Locally
 * (`S3_ENDPOINT`) the same code talks to s3rver with the local client settings of reportBucket.ts.
 * The S3 SDK loads on the first call that touches a file (shared/aws/s3Sdk.ts, issue 17).
 */
export interface MediaBucketConfig {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  /** Lifetime of a playback URL (short: it is handed to learners). */
  playbackTtlSeconds: number;
}

export const DEFAULT_PLAYBACK_TTL_SECONDS = 300;

export function mediaBucketConfig(env: NodeJS.ProcessEnv = process.env): MediaBucketConfig {
  const bucket = env.MEDIA_BUCKET;
  if (!bucket) throw new Error('Missing required environment variable MEDIA_BUCKET');
  return {
    bucket,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.AWS_REGION ?? 'us-east-1',
    playbackTtlSeconds: Number(env.MEDIA_PLAYBACK_TTL_SECONDS ?? DEFAULT_PLAYBACK_TTL_SECONDS),
  };
}

let client: Promise<S3Client> | undefined;

/** The media functions' S3 client, created on first use. */
export function mediaS3(): Promise<S3Client> {
  client ??= createS3Client(mediaBucketConfig());
  return client;
}

/** Injects a client (tests: aws-sdk-client-mock for fault injection). Pass undefined to reset. */
export function setMediaS3Client(replacement: S3Client | undefined): void {
  client = replacement && Promise.resolve(replacement);
}

const bucket = () => mediaBucketConfig().bucket;

export function sourceObjectKey(tenantId: string, mediaId: string, extension: string): string {
  return `${tenantId}/media/${mediaId}/source.${extension}`;
}

export function thumbnailObjectKey(tenantId: string, mediaId: string): string {
  return `${tenantId}/media/${mediaId}/thumbnail.jpg`;
}

/**
 * A presigned PUT of the whole file. Content-Type is part of the signature, so S3 refuses a PUT that
 * sends another type (s3rver does not check signatures; `complete` checks the stored type anyway).
 */
export async function presignSinglePut(key: string, contentType: string, ttlSeconds: number): Promise<string> {
  const [{ getSignedUrl, PutObjectCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType }), { expiresIn: ttlSeconds, signingDate: new Date() });
}

/** Starts a multipart upload (the object's Content-Type is fixed here) and presigns one URL per part. */
export async function startMultipart(key: string, contentType: string, totalParts: number, ttlSeconds: number): Promise<{ s3UploadId: string; partUrls: string[] }> {
  const [{ CreateMultipartUploadCommand, getSignedUrl, UploadPartCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket(), Key: key, ContentType: contentType }));
  const s3UploadId = created.UploadId;
  if (!s3UploadId) throw new Error('S3 returned no UploadId');
  const signingDate = new Date();
  const partUrls = await Promise.all(
    Array.from({ length: totalParts }, (_, i) => getSignedUrl(s3, new UploadPartCommand({ Bucket: bucket(), Key: key, UploadId: s3UploadId, PartNumber: i + 1 }), { expiresIn: ttlSeconds, signingDate })),
  );
  return { s3UploadId, partUrls };
}

/**
 * Completes a multipart upload from the parts the browser reports (number and the ETag S3 answered it
 * with). Returns false when S3 no longer knows the upload (it was completed by an earlier attempt, or
 * aborted): the caller then checks the object itself.
 */
export async function completeMultipart(key: string, s3UploadId: string, parts: { partNumber: number; etag: string }[]): Promise<boolean> {
  const [{ CompleteMultipartUploadCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  try {
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket(), Key: key, UploadId: s3UploadId, MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) } }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchUpload') return false;
    throw err;
  }
}

export interface StoredObject {
  size: number;
  contentType: string;
}

/** Size and type of a stored object, or undefined when there is none. */
export async function headObject(key: string): Promise<StoredObject | undefined> {
  const [{ HeadObjectCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? '' };
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw err;
  }
}

/** The first `length` bytes of an object (a ranged GET). */
export async function readHead(key: string, length: number): Promise<Uint8Array> {
  const [{ GetObjectCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=0-${length - 1}` }));
  return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
}

/** A whole object (PDFs whose pages are counted; bounded by the caller). */
export async function readObject(key: string): Promise<Uint8Array> {
  const [{ GetObjectCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
}

export async function putObject(key: string, body: Uint8Array, contentType: string): Promise<void> {
  const [{ PutObjectCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  await s3.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }));
}

export async function deleteObject(key: string): Promise<void> {
  const [{ DeleteObjectCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  await s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
}

/** A presigned GET valid for `ttlSeconds`, signed with the real clock; the URL and its expiry. */
export async function presignGet(key: string, ttlSeconds: number): Promise<{ url: string; expiresAt: string }> {
  const [{ getSignedUrl, GetObjectCommand }, s3] = await Promise.all([s3Sdk(), mediaS3()]);
  const signedAt = new Date();
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket(), Key: key }), { expiresIn: ttlSeconds, signingDate: signedAt });
  return { url, expiresAt: new Date(signedAt.getTime() + ttlSeconds * 1000).toISOString() };
}
