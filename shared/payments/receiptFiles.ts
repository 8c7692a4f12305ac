import { GetCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { organizationKey, paymentIntentKey } from '../db/keys.js';
import { presignedReportUrl, putBucketFile } from '../reports/reportBucket.js';
import { storedCopyIsStale } from '../reports/storedFile.js';
import type { PaymentIntentRecord } from './paymentIntent.js';
import { receiptPdf } from './receiptPdf.js';

/**
 * The local provider's receipt PDF in S3 (issue 23; loaded on demand, like the certificates' files):
 * rendered from the payment record on the first request for its `receipt_url`, stored under
 * `<tenant>/receipts/<payment id>.pdf`, handed out as a presigned GET. Requests when not yet stored:
 * 1 GetItem (the organization's name), 1 PutObject, 1 UpdateItem (receiptRenderedAt).
 */
export function receiptObjectKey(tenantId: string, paymentId: string): string {
  return `${tenantId}/receipts/${paymentId}.pdf`;
}

export async function receiptDownloadUrl(record: PaymentIntentRecord, now: Date): Promise<string> {
  let key = record.receiptFileKey;
  if (!key || storedCopyIsStale(record.receiptRenderedAt, now)) {
    key = receiptObjectKey(record.tenantId, record.paymentId);
    const organization = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: organizationKey(record.tenantId) }))).Item;
    const name = typeof organization?.name === 'string' && organization.name.trim() !== '' ? organization.name : record.tenantId;
    await putBucketFile(key, await receiptPdf(record, name), 'application/pdf', `receipt-${record.paymentId}.pdf`);
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: paymentIntentKey(record.tenantId, record.paymentId),
        UpdateExpression: 'SET receiptRenderedAt = :now, receiptFileKey = :key',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':key': key },
      }),
    );
  }
  return (await presignedReportUrl(key)).url;
}
