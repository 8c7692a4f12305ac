import type { S3Client } from '@aws-sdk/client-s3';
import type * as S3SdkModule from '../aws/s3Sdk.js';
import { recordSdkCalls } from '../integrations/sdkCalls.js';

/**
 * The report bucket (issue 15): every file of a report under a key that leads with the tenant, read
 * back only through presigned GETs with a short expiry. The S3 client is created once per Lambda
 * instance and replaceable in tests. Locally (`S3_ENDPOINT`, s3rver) it uses path-style addressing,
 * the local credentials and `requestChecksumCalculation: 'WHEN_REQUIRED'`: with the SDK's default
 * s3rver would store the aws-chunked framing inside the objects (DESIGN §12). In AWS, neither is set.
 *
 * The S3 client and the presigner (~250 KB minified with the XML protocol, checksums and signer they add)
 * are loaded by the first call that stores, reads or signs a file (issue 17), so a reports invocation
 * that only lists reports or schedules never loads them.
 */
export interface ReportBucketConfig {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  /** Lifetime of an export_url, seconds. */
  urlTtlSeconds: number;
}

/** Default lifetime of an export_url: 15 minutes. */
export const DEFAULT_URL_TTL_SECONDS = 900;

export function reportBucketConfig(env: NodeJS.ProcessEnv = process.env): ReportBucketConfig {
  const bucket = env.REPORTS_BUCKET;
  if (!bucket) throw new Error('Missing required environment variable REPORTS_BUCKET');
  return {
    bucket,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.AWS_REGION ?? 'us-east-1',
    urlTtlSeconds: Number(env.REPORT_URL_TTL_SECONDS ?? DEFAULT_URL_TTL_SECONDS),
  };
}

let sdk: Promise<typeof S3SdkModule> | undefined;
/** The S3 SDK (shared/aws/s3Sdk.ts), loaded once, on first use. */
export const s3Sdk = (): Promise<typeof S3SdkModule> => (sdk ??= import('../aws/s3Sdk.js'));

/** Local S3 clients only: path style, fixed local credentials, checksums only when an operation needs one. */
export async function createS3Client(options: { endpoint?: string | undefined; region: string }): Promise<S3Client> {
  const { S3Client } = await s3Sdk();
  // Every S3 call is measured for the integration metrics (issue 20; in memory, no request).
  return recordSdkCalls(new S3Client({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
      : {}),
  }), 's3');
}

let client: Promise<S3Client> | undefined;

/** The shared S3 client, from the environment on first use. */
export function s3Client(): Promise<S3Client> {
  client ??= createS3Client(reportBucketConfig());
  return client;
}

/** Injects a client (tests: aws-sdk-client-mock). Pass undefined to reset. */
export function setS3Client(replacement: S3Client | undefined): void {
  client = replacement && Promise.resolve(replacement);
}

export const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' } as const;
export type ReportFileKind = keyof typeof CONTENT_TYPES;

/** `<tenant>/reports/<reportId>/report.<ext>`: the tenant leads every key (per-tenant prefixes, lifecycle, audits). */
export function reportObjectKey(tenantId: string, reportId: string, kind: ReportFileKind): string {
  return `${tenantId}/reports/${reportId}/report.${kind}`;
}

/** Stores one file of a report (server-side encrypted by the bucket's default). */
export async function putReportFile(tenantId: string, reportId: string, kind: ReportFileKind, body: Uint8Array | string, fileName: string): Promise<string> {
  const key = reportObjectKey(tenantId, reportId, kind);
  await putBucketFile(key, body, CONTENT_TYPES[kind], `${fileName}.${kind}`);
  return key;
}

/**
 * Stores one file under `key` (reports, certificates, receipts: every key leads with the tenant), as a
 * download named `fileName`, server-side encrypted by the bucket's default.
 */
export async function putBucketFile(key: string, body: Uint8Array | string, contentType: string, fileName: string): Promise<void> {
  const { PutObjectCommand } = await s3Sdk();
  await (await s3Client()).send(
    new PutObjectCommand({
      Bucket: reportBucketConfig().bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentDisposition: `attachment; filename="${fileName}"`,
    }),
  );
}

/** Reads a report file as text (the stored JSON report). */
export async function readReportFile(key: string): Promise<string> {
  const { GetObjectCommand } = await s3Sdk();
  const out = await (await s3Client()).send(new GetObjectCommand({ Bucket: reportBucketConfig().bucket, Key: key }));
  return (await out.Body?.transformToString('utf-8')) ?? '';
}

/** A presigned GET of `key` valid for `ttlSeconds` (default: the configured TTL); the URL and its expiry instant. */
export async function presignedReportUrl(key: string, ttlSeconds = reportBucketConfig().urlTtlSeconds): Promise<{ url: string; expiresAt: string }> {
  // Signed with the real clock (never a test's or a request's logical time): S3 checks it against its own.
  const [{ GetObjectCommand, getSignedUrl }, s3] = await Promise.all([s3Sdk(), s3Client()]);
  const signedAt = new Date();
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: reportBucketConfig().bucket, Key: key }), { expiresIn: ttlSeconds, signingDate: signedAt });
  return { url, expiresAt: new Date(signedAt.getTime() + ttlSeconds * 1000).toISOString() };
}
