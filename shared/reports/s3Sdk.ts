/**
 * The S3 client, its two commands and the presigner, in one module that reportBucket.ts imports
 * dynamically. A Lambda bundle builds it as a self-contained chunk (lib/constructs/lambdaBundle.ts,
 * SELF_CONTAINED_CHUNKS), so the S3-only parts of the SDK's shared core (XML protocol, checksum
 * streams, waiters) load with it instead of at every cold start.
 */
export { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
export { getSignedUrl } from '@aws-sdk/s3-request-presigner';
