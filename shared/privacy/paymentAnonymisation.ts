import { UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { erasedUserRef } from './privacyKeys.js';
import { deleteFilesObject } from './storedObjects.js';
import type { Item } from './userDataItems.js';
import type { DataSubject, ErasureCount } from './userDataRegistry.js';

/**
 * Payments are kept (accounting and tax law ask for the amount, date, course and provider reference)
 * but no longer name the payer (docs/data-model.md "Payments after erasure"):
 * - `userId` becomes the erased user's pseudonymous reference (erasedUserRef), so the tenant's books
 *   still group one payer's payments without saying who they were;
 * - the payer-history index keys (gsi1, which lead with the user id) are removed;
 * - the client's free-form `clientMetadata` (could hold anything personal) is emptied;
 * - the stored receipt PDF (it prints the payer's name) is deleted with its key;
 * - any other string attribute equal to the user's id or email is replaced by the reference.
 * Each payment is one UpdateItem; a re-run finds the payments no longer indexed under the user.
 */
export async function anonymisePayments(subject: DataSubject, items: readonly Item[], now = new Date()): Promise<ErasureCount> {
  const ref = erasedUserRef(subject.tenantId, subject.userId);
  let files = 0;
  for (const item of items) {
    const others = Object.entries(item).filter(
      ([name, value]) => !['pk', 'sk', 'gsi1pk', 'gsi1sk', 'userId'].includes(name) && typeof value === 'string' && (value === subject.userId || (subject.email !== null && value.toLowerCase() === subject.email.toLowerCase())),
    );
    const names = Object.fromEntries(others.map(([name], i) => [`#o${i}`, name]));
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET userId = :ref, clientMetadata = :empty, anonymisedAt = :now${others.map((_, i) => `, #o${i} = :ref`).join('')} REMOVE gsi1pk, gsi1sk, receiptFileKey, receiptRenderedAt`,
        ExpressionAttributeValues: { ':ref': ref, ':empty': {}, ':now': now.toISOString() },
        ...(others.length ? { ExpressionAttributeNames: names } : {}),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    // A receipt PDF exists only once rendered, and then its key is on the payment (receiptFiles.ts).
    if (typeof item.receiptFileKey === 'string') {
      await deleteFilesObject(item.receiptFileKey);
      files++;
    }
  }
  return { deleted: 0, anonymised: items.length, files };
}

/** Removes the named attributes from each item (one UpdateItem each); returns the number of items changed. */
export async function anonymiseAttributes(items: readonly Item[], attributes: readonly string[]): Promise<number> {
  for (const item of items) {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `REMOVE ${attributes.map((_, i) => `#a${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }
  return items.length;
}
