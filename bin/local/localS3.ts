// A local S3 (DESIGN §9, §12): s3rver 3.7 in-process, one bucket for report exports (the media
// issue uses the same server). Objects live in a directory (a temp one with --in-memory). s3rver
// does not check SigV4 signatures but does refuse expired presigned URLs, so export_url behaves like
// S3's for a client on this machine (curl it).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

export const LOCAL_REPORTS_BUCKET = 'cairn-reports';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  directory: string;
  stop(): Promise<void>;
}

export async function startLocalS3(options: { port: number; directory?: string; bucket?: string }): Promise<LocalS3> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'cairn-s3-'));
  mkdirSync(directory, { recursive: true });
  const bucket = options.bucket ?? LOCAL_REPORTS_BUCKET;
  const server = new S3rver({ port: options.port, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] }) as { run(): Promise<unknown>; close(): Promise<void> };
  await server.run();
  return { endpoint: `http://127.0.0.1:${options.port}`, bucket, directory, stop: () => server.close() };
}

/** The environment the report code reads to use this local S3. */
export function localS3Environment(s3: LocalS3): Record<string, string> {
  return { REPORTS_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint };
}
