import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { certificateIndexKey, certificateKey } from '../db/keys.js';
import { tableName } from '../db/client.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { certificateRecordOf, indexEntryOf, type CertificateRecord } from './certificate.js';
import { findCertificate } from './certificateIssue.js';

/**
 * Revoking a certificate (issue 23): a refund that revokes the course's enrollment, or an org admin with
 * a reason. One transaction flips the certificate `issued → revoked` under the condition that it is
 * still issued, and takes it out of the learner's index (so `certificates_earned` stops counting it);
 * a second or concurrent revocation is cancelled by the condition and changes nothing, so the first
 * reason and time stay. Verification then answers `revoked`, never valid. Requests: 1 TransactWriteItems.
 */
export async function revokeIssuedCertificate(record: CertificateRecord, reason: string, revokedBy: string, now: Date): Promise<CertificateRecord> {
  if (record.status === 'revoked') return record;
  const revokedAt = now.toISOString();
  try {
    await transactWriteRetryingConflicts({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: certificateKey(record.tenantId, record.userId, record.kind, record.subjectId),
            UpdateExpression: 'SET #status = :revoked, revokedAt = :at, revokedReason = :reason, revokedBy = :by',
            ConditionExpression: '#status = :issued AND certificateId = :id',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':revoked': 'revoked', ':issued': 'issued', ':at': revokedAt, ':reason': reason, ':by': revokedBy, ':id': record.certificateId },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: certificateIndexKey(record.tenantId, record.userId),
            UpdateExpression: 'DELETE issued :entry',
            ExpressionAttributeValues: { ':entry': new Set([indexEntryOf(record)]) },
          },
        },
      ],
    });
  } catch (err) {
    const reason0 = err instanceof TransactionCanceledException ? err.CancellationReasons?.[0] : undefined;
    if (reason0?.Code !== 'ConditionalCheckFailed') throw err;
    // Someone revoked it first: their revocation stands.
    return reason0.Item ? certificateRecordOf(unmarshall(reason0.Item)) : record;
  }
  return { ...record, status: 'revoked', revokedAt, revokedReason: reason, revokedBy };
}

/**
 * The refund path: after revokeEnrollment, the learner's certificate for that course (if any) is
 * revoked with reason `refund`. Called on every delivery of the refund, so a Lambda that died between
 * the enrollment and the certificate is healed by the redelivery. Requests: 1 GetItem (+1
 * TransactWriteItems when there is an issued certificate).
 */
export async function revokeCourseCertificateForRefund(tenantId: string, userId: string, courseId: string, now: Date): Promise<CertificateRecord | undefined> {
  const record = await findCertificate(tenantId, userId, 'course', courseId);
  if (!record || record.status === 'revoked') return record;
  return revokeIssuedCertificate(record, 'refund', 'system:refund', now);
}
