/**
 * How a file goes up to S3 (issue 18): one presigned PUT, or an S3 multipart upload with presigned
 * part URLs. S3's rules: every part but the last is at least 5 MiB, at most 10,000 parts, a part at
 * most 5 GiB. Files up to one chunk (5 MiB) take one PUT; larger ones are cut into parts of
 * `chunkSize` bytes, where `chunkSize` is 5 MiB unless the file needs bigger parts to stay within
 * 10,000 (then the smallest whole MiB that fits).
 *
 * Example: 12 MiB = 12,582,912 bytes → chunk 5,242,880, parts 5 MiB + 5 MiB + 2 MiB = 3 parts.
 */
export const MIB = 1024 * 1024;
export const MIN_PART_BYTES = 5 * MIB;
export const MAX_PARTS = 10_000;
export const MAX_PART_BYTES = 5 * 1024 * MIB;

export interface UploadPlan {
  method: 'single' | 'multipart';
  chunkSize: number;
  totalChunks: number;
}

export function uploadPlan(fileSize: number): UploadPlan {
  if (!Number.isSafeInteger(fileSize) || fileSize < 1) throw new RangeError('fileSize must be a positive whole number of bytes');
  if (fileSize <= MIN_PART_BYTES) return { method: 'single', chunkSize: fileSize, totalChunks: 1 };
  const needed = Math.ceil(fileSize / MAX_PARTS);
  const chunkSize = Math.max(MIN_PART_BYTES, Math.ceil(needed / MIB) * MIB);
  if (chunkSize > MAX_PART_BYTES) throw new RangeError('File too large for a multipart upload');
  return { method: 'multipart', chunkSize, totalChunks: Math.ceil(fileSize / chunkSize) };
}

/** Byte length of part `partNumber` (1-based) under a plan. */
export function partLength(fileSize: number, plan: UploadPlan, partNumber: number): number {
  const start = (partNumber - 1) * plan.chunkSize;
  return Math.max(0, Math.min(plan.chunkSize, fileSize - start));
}
