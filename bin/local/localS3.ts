// A local S3 (DESIGN §9, §12): s3rver 3.7 in-process, one server for both buckets: report exports
// (issue 15) and media uploads (issue 18). Objects live in a directory (a temp one with --in-memory).
// s3rver does not check SigV4 signatures but does refuse expired presigned URLs, so export_url and
// playback URLs behave like S3's for a client on this machine (curl them). The media bucket gets the
// CORS rules browsers need for direct uploads (PUT with Content-Type, ETag readable for multipart).
//
// What s3rver lacks (issue 18), and what Cairn does about it:
// - ListParts is not implemented: the browser reports each part's ETag in `complete` (as S3's own
//   browser examples do), so Cairn never lists parts.
// - CompleteMultipartUpload does not compare the reported ETags with the stored parts, nor enforce the
//   5 MiB minimum part size: S3 does; Cairn's own checks (every part once, size, type, bytes) run after.
// - AbortMultipartUpload answers MethodNotAllowed: Cairn never aborts; abandoned uploads are removed by
//   the bucket's AbortIncompleteMultipartUpload lifecycle rule in AWS (s3rver has no lifecycle: local
//   leftovers stay in .data/s3 until it is deleted).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

export const LOCAL_REPORTS_BUCKET = 'cairn-reports';
export const LOCAL_MEDIA_BUCKET = 'cairn-media';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  mediaBucket: string;
  directory: string;
  stop(): Promise<void>;
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The media bucket's CORS rules as S3 XML (the same rules lib/constructs/mediaStorage.ts gives the real bucket). */
export function mediaCorsXml(origins: readonly string[]): string {
  const rules = origins
    .map(
      (origin) =>
        `<CORSRule><AllowedOrigin>${escapeXml(origin)}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>`,
    )
    .join('');
  return `<CORSConfiguration>${rules}</CORSConfiguration>`;
}

export async function startLocalS3(options: { port: number; directory?: string; bucket?: string; corsOrigins?: readonly string[] }): Promise<LocalS3> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'cairn-s3-'));
  mkdirSync(directory, { recursive: true });
  const bucket = options.bucket ?? LOCAL_REPORTS_BUCKET;
  const cors = mediaCorsXml(options.corsOrigins?.length ? options.corsOrigins : ['*']);
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }, { name: LOCAL_MEDIA_BUCKET, configs: [cors] }],
  }) as { run(): Promise<unknown>; close(): Promise<void> };
  await server.run();
  return { endpoint: `http://127.0.0.1:${options.port}`, bucket, mediaBucket: LOCAL_MEDIA_BUCKET, directory, stop: () => server.close() };
}

/** The environment the report and media code read to use this local S3. */
export function localS3Environment(s3: LocalS3): Record<string, string> {
  return { REPORTS_BUCKET: s3.bucket, MEDIA_BUCKET: s3.mediaBucket, S3_ENDPOINT: s3.endpoint };
}
