import { UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { certificateKey } from '../db/keys.js';
import { presignedReportUrl, putBucketFile } from '../reports/reportBucket.js';
import { storedCopyIsStale } from '../reports/storedFile.js';
import type { CertificateRecord } from './certificate.js';
import { certificatePdf } from './certificatePdf.js';

/**
 * The certificate's PDF in S3 (loaded on demand: only a call that hands out a `certificate_url` pulls
 * in pdfkit and the S3 client). The PDF is rendered on the first such request, not at issue, so the
 * progress write that completes a course pays nothing for it; concurrent first requests render the
 * same page from the same frozen record to the same key, so whichever Put lands last is identical.
 * Key: `<tenant>/certificates/<certificate id>.pdf`, under the tenant like every file of the bucket.
 */
export function certificateObjectKey(tenantId: string, certificateId: string): string {
  return `${tenantId}/certificates/${certificateId}.pdf`;
}

/**
 * A presigned GET of the certificate's PDF, rendering and storing it first when there is no fresh copy.
 * Requests: none when stored; else 1 PutObject and 1 UpdateItem (renderedAt) besides the presigning.
 */
export async function certificateDownloadUrl(record: CertificateRecord, verificationUrl: string, now: Date): Promise<string> {
  let key = record.fileKey;
  if (!key || storedCopyIsStale(record.renderedAt, now)) {
    key = certificateObjectKey(record.tenantId, record.certificateId);
    await putBucketFile(key, await certificatePdf(record, verificationUrl), 'application/pdf', `certificate-${record.certificateId}.pdf`);
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: certificateKey(record.tenantId, record.userId, record.kind, record.subjectId),
        UpdateExpression: 'SET renderedAt = :now, fileKey = :key',
        ConditionExpression: 'certificateId = :id',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':key': key, ':id': record.certificateId },
      }),
    );
  }
  return (await presignedReportUrl(key)).url;
}
