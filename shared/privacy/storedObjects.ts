import { deleteObject as deleteMediaObject } from '../media/mediaBucket.js';
import { reportBucketConfig, s3Client, s3Sdk } from '../reports/reportBucket.js';
import type { StoredObject } from './userDataRegistry.js';

/**
 * Deletes S3 objects user items point at: the media bucket's (uploads, media, content files) and the
 * files bucket's (certificates, receipts, reports, exports). Deleting a missing key succeeds in S3, so a
 * re-run is harmless. Returns the number of objects deleted.
 */
export async function deleteStoredObjects(objects: readonly StoredObject[]): Promise<number> {
  const distinct = [...new Map(objects.map((o) => [`${o.bucket}|${o.key}`, o])).values()];
  for (const object of distinct) {
    if (object.bucket === 'media') await deleteMediaObject(object.key);
    else await deleteFilesObject(object.key);
  }
  return distinct.length;
}

/** Deletes one object of the files (report) bucket. */
export async function deleteFilesObject(key: string): Promise<void> {
  const { DeleteObjectCommand } = await s3Sdk();
  await (await s3Client()).send(new DeleteObjectCommand({ Bucket: reportBucketConfig().bucket, Key: key }));
}
