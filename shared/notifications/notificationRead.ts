import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { tableName } from '../db/client.js';
import { notificationCountsKey, notificationKey } from '../db/keys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { NotFoundError } from '../http/errors.js';
import { readCounters } from './notificationCounters.js';
import { parseNotificationId } from './notificationId.js';
import { expiresAtOf } from './notificationRetention.js';

/**
 * Seed 002 `PUT /api/v1/notifications/{id}/read/`: marks one of the caller's notifications read.
 * One TransactWriteItems and no read: the id gives the item's key, its counter bucket and its kind.
 *
 * 1. the notification: `SET read = true, readAt` and `REMOVE` its unread-index keys, conditioned on
 *    `attribute_exists(pk) AND read = false AND expiresAt > now`;
 * 2. its counter bucket: `ADD -1` to u, u_<category>, u_<kind>.
 *
 *   t0  ten requests mark the same notification read at once
 *   t1  one transaction commits (read = true, counters −1)
 *   t2  the nine others fail the `read = false` condition: nothing is decremented again; DynamoDB
 *       returns the stored item (ALL_OLD), read, so they answer 200 with the first `readAt`.
 *
 * The key is built inside the caller's own collection, so another user's (or tenant's) id is simply
 * not there: 404, exactly like an id that never existed or has expired.
 */
export async function markNotificationRead(tenantId: string, userId: string, notificationId: string, now: Date): Promise<{ readAt: string }> {
  const parsed = parseNotificationId(notificationId);
  if (!parsed) throw new NotFoundError('Notification not found');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const expiresAt = expiresAtOf(parsed.createdAtMs);
  if (expiresAt <= nowSeconds) throw new NotFoundError('Notification not found');
  const createdAt = new Date(parsed.createdAtMs).toISOString();
  const readAt = now.toISOString();
  const counters = readCounters(parsed.kind);
  try {
    await transactWriteRetryingConflicts({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: notificationKey(tenantId, userId, createdAt, notificationId),
            UpdateExpression: 'SET #read = :true, readAt = :readAt REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'attribute_exists(pk) AND #read = :false AND expiresAt > :now',
            ExpressionAttributeNames: { '#read': 'read' },
            ExpressionAttributeValues: { ':true': true, ':false': false, ':readAt': readAt, ':now': nowSeconds },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: notificationCountsKey(tenantId, userId, new Date(expiresAt * 1000).toISOString()),
            // The bucket exists (the put created it); if_not_exists keeps even a lost one self-expiring.
            UpdateExpression: `SET expiresAt = if_not_exists(expiresAt, :expiresAt) ADD ${counters.map((_, index) => `#c${index} :minusOne`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(counters.map((counter, index) => [`#c${index}`, counter])),
            ExpressionAttributeValues: { ':expiresAt': expiresAt, ':minusOne': -1 },
          },
        },
      ],
    });
    return { readAt };
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const reason = err.CancellationReasons?.[0];
    if (reason?.Code !== 'ConditionalCheckFailed') throw err;
    const stored = reason.Item;
    // Already read (a repeat or a concurrent twin) is success; missing or expired is 404.
    if (stored && stored.read?.BOOL === true && Number(stored.expiresAt?.N ?? 0) > nowSeconds) {
      return { readAt: stored.readAt?.S ?? readAt };
    }
    throw new NotFoundError('Notification not found');
  }
}
