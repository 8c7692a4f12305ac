/**
 * The S3 client, the commands Cairn sends and the presigner, in one module that the report and media
 * buckets (shared/reports/reportBucket.ts, shared/media/mediaBucket.ts) import dynamically, on the first
 * call that touches a file. A Lambda bundle builds it as a self-contained chunk
 * (lib/constructs/lambdaBundle.ts, SELF_CONTAINED_CHUNKS), so the S3-only parts of the SDK's shared core
 * (XML protocol, checksum streams, waiters) load with it instead of at every cold start.
 */
export {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
export { getSignedUrl } from '@aws-sdk/s3-request-presigner';
