import { QueryCommand, type QueryCommandOutput } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';
import { notificationCountsKey, notificationKey, notificationsPartition, unreadNotificationIndexKey } from '../db/keys.js';
import { parseNotificationId } from './notificationId.js';
import { isCategory, type NotificationTypeFilter } from './notificationKinds.js';
import { firstLiveExpiry, liveSince } from './notificationRetention.js';

/**
 * Reads of a user's notification collection. Both reads stay inside `T#<t>#U#<u>#NOTIFICATIONS`
 * (or its unread index partition) and never read an expired item: the live window is a key range.
 */

/**
 * The counter buckets that are still live at `nowMs` (at most 11 small items: one Query, strongly
 * consistent so a client sees its own mark-as-read in the next `unread_count`).
 */
export async function liveCounterBuckets(tenantId: string, userId: string, nowMs: number): Promise<Record<string, unknown>[]> {
  const from = notificationCountsKey(tenantId, userId, new Date(firstLiveExpiry(nowMs)).toISOString()).sk;
  return queryCollection(notificationsPartition(tenantId, userId), { skBetween: [from, 'C#~'], consistent: true });
}

export interface PageRead {
  /** `all`: the collection on the table; `unread`: the sparse unread index (gsi1). */
  source: 'all' | 'unread';
  type?: NotificationTypeFilter | undefined;
  /** Start next to this notification (exclusive) instead of at the newest one. */
  start?: { id: string; direction: 'after' | 'before' } | undefined;
  /** Matching items to pass over before the page (positional paging). */
  skip: number;
  take: number;
  /**
   * Items read per matching item, expected from the counters (1 without a type filter): each Query's
   * Limit is sized from it so a filtered page usually takes one request without reading far past the page.
   */
  readsPerMatch: number;
  nowMs: number;
}

/** The most items one Query evaluates (DynamoDB stops at 1 MB anyway, ~2,000 notifications). */
const MAX_LIMIT = 1000;

/**
 * One page of matching, live notifications, newest first (`after` / positional) or oldest first
 * (`before`, which the caller reverses). Requests: one Query per Limit/1 MB read; unfiltered that is
 * exactly one for `skip + take` ≤ 1,000. A start outside the live window starts at the window's edge.
 */
export async function readNotificationPage(tenantId: string, userId: string, read: PageRead): Promise<Record<string, unknown>[]> {
  const since = new Date(liveSince(read.nowMs)).toISOString();
  const onIndex = read.source === 'unread';
  const partition = onIndex ? unreadNotificationIndexKey(tenantId, userId, '', '').gsi1pk : notificationsPartition(tenantId, userId);
  const ascending = read.start?.direction === 'before';
  const start = read.start ? parseNotificationId(read.start.id) : undefined;
  let startKey: Record<string, unknown> | undefined;
  if (start) {
    const createdAt = new Date(start.createdAtMs).toISOString();
    // A start key outside the key condition is refused by DynamoDB: an expired boundary means "from the edge".
    if (createdAt >= since) {
      startKey = {
        ...notificationKey(tenantId, userId, createdAt, start.id),
        ...(onIndex ? unreadNotificationIndexKey(tenantId, userId, createdAt, start.id) : {}),
      };
    } else if (!ascending) {
      return []; // nothing live is older than an expired item
    }
  }
  const filter = read.type ? { expression: '#filter = :filter', name: isCategory(read.type) ? 'category' : 'kind', value: read.type } : undefined;

  const need = read.skip + read.take;
  const matched: Record<string, unknown>[] = [];
  do {
    const remaining = need - matched.length;
    const page: QueryCommandOutput = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        ...(onIndex ? { IndexName: 'gsi1' } : { ConsistentRead: true }),
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ...(filter ? { FilterExpression: filter.expression } : {}),
        ExpressionAttributeNames: { '#pk': onIndex ? 'gsi1pk' : 'pk', '#sk': onIndex ? 'gsi1sk' : 'sk', ...(filter ? { '#filter': filter.name } : {}) },
        ExpressionAttributeValues: {
          ':pk': partition,
          ':from': onIndex ? since : `N#${since}`,
          ':to': onIndex ? '~' : 'N#~',
          ...(filter ? { ':filter': filter.value } : {}),
        },
        ScanIndexForward: ascending,
        Limit: Math.min(MAX_LIMIT, Math.max(1, Math.ceil(remaining * Math.max(1, read.readsPerMatch)))),
        ExclusiveStartKey: startKey,
      }),
    );
    matched.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && matched.length < need);
  return matched.slice(read.skip, need);
}
