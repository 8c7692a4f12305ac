import { TransactionCanceledException } from '../db/dynamoErrors.js';
import type { TransactWriteCommandInput } from '../db/commands.js';
import { tableName } from '../db/client.js';
import { notificationCountsKey, notificationKey, notificationSourceKey, unreadNotificationIndexKey } from '../db/keys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { NOTIFICATION_LIMITS, notificationInput, type NotificationInput } from '../schemas/notifications.js';
import { createdCounters } from './notificationCounters.js';
import { notificationIdOf, sourceHashOf } from './notificationId.js';
import { categoryOf, defaultIconOf } from './notificationKinds.js';
import { expiresAtOf } from './notificationRetention.js';

/**
 * Writing a notification. Other writers (achievement awards, streak jobs, enrollments, payments) add
 * `notificationPutItems(...)` to THEIR transaction, so the notification exists exactly when the thing
 * it announces does; `createNotification` is the same items on their own.
 *
 * The three items, applied together or not at all:
 * 1. the dedupe item `K#<hash(kind, sourceId)>` (`attribute_not_exists`): a replay of the same source
 *    cancels the transaction, even if the replay carries another timestamp;
 * 2. the notification `N#<createdAt>#<id>` (`attribute_not_exists`), unread, on the sparse unread index;
 * 3. its counter bucket `C#<expiry>`: `ADD` 1 to n, u and their category and kind variants.
 *
 *   t0  award A commits: K#h, N#…#id, C#… (+1)
 *   t1  award A is replayed: K#h exists → the whole transaction is cancelled → the counter is not
 *       touched again. A writer that bundles these items treats that cancellation as "already done",
 *       as it does for its own dedupe item.
 */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Texts come from server data (an achievement's title, a course name) that may be longer than a
 * notification holds: they are shortened, never a reason to fail the write that notifies.
 */
function clipped(input: NotificationInput): NotificationInput {
  const data = input.data
    ? Object.fromEntries(Object.entries(input.data).map(([key, value]) => [key, typeof value === 'string' ? clip(value, NOTIFICATION_LIMITS.dataValueMax) : value]))
    : undefined;
  return {
    ...input,
    title: clip(input.title.trim(), NOTIFICATION_LIMITS.titleMax),
    message: clip(input.message.trim(), NOTIFICATION_LIMITS.messageMax),
    ...(data ? { data } : {}),
  };
}

/** Index of the dedupe item and of the notification in `notificationPutItems`' result. */
export const NOTIFICATION_ITEM_INDEX = { source: 0, notification: 1, counters: 2 } as const;

/**
 * The id the notification of `input` gets: what a writer stores or returns to reference it, computed
 * without a read and identical on every replay with the same kind, source and time.
 */
export function notificationIdFor(input: Pick<NotificationInput, 'kind' | 'sourceId' | 'createdAt'>): string {
  return notificationIdOf(input.kind, input.sourceId, input.createdAt.getTime());
}

/**
 * The TransactWrite items that create one notification (validated; throws on a writer's programming
 * error such as an over-long title, before anything is sent). Three items of the 100 a transaction may hold.
 */
export function notificationPutItems(input: NotificationInput): TransactItem[] {
  const n = notificationInput.parse(clipped(input));
  const createdAtMs = n.createdAt.getTime();
  const createdAt = n.createdAt.toISOString();
  const id = notificationIdOf(n.kind, n.sourceId, createdAtMs);
  const expiresAt = expiresAtOf(createdAtMs);
  const counters = createdCounters(n.kind);
  const names = Object.fromEntries(counters.map((counter, index) => [`#c${index}`, counter]));
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...notificationSourceKey(n.tenantId, n.userId, sourceHashOf(n.kind, n.sourceId)), entity: 'NotificationSource', notificationId: id, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
        // A replay learns the id the first write used (it may have carried another timestamp).
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...notificationKey(n.tenantId, n.userId, createdAt, id),
          ...unreadNotificationIndexKey(n.tenantId, n.userId, createdAt, id),
          entity: 'Notification',
          id,
          kind: n.kind,
          category: categoryOf(n.kind),
          sourceId: n.sourceId,
          title: n.title,
          message: n.message,
          data: n.data,
          ...(n.actionUrl ? { actionUrl: n.actionUrl } : {}),
          icon: n.icon ?? defaultIconOf(n.kind),
          read: false,
          createdAt,
          expiresAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: notificationCountsKey(n.tenantId, n.userId, new Date(expiresAt * 1000).toISOString()),
        UpdateExpression: `SET entity = :entity, expiresAt = :expiresAt ADD ${counters.map((_, index) => `#c${index} :one`).join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':entity': 'NotificationCounts', ':expiresAt': expiresAt, ':one': 1 },
      },
    },
  ];
}

export interface NotificationReplay {
  /** The id of the notification that already exists for this source, when DynamoDB returned it. */
  existingId: string | undefined;
}

/**
 * Whether a transaction holding `notificationPutItems` at `offset` was cancelled because that
 * notification already exists (a replay) and, if so, the existing notification's id. Undefined when
 * the cancellation had another cause, which the caller handles as its own failure.
 */
export function notificationReplayOf(err: unknown, offset = 0): NotificationReplay | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  const reasons = err.CancellationReasons ?? [];
  const source = reasons[offset + NOTIFICATION_ITEM_INDEX.source];
  if (source?.Code === 'ConditionalCheckFailed') return { existingId: source.Item?.notificationId?.S };
  // The dedupe item was already removed by TTL but the (equally expired) notification not yet.
  if (reasons[offset + NOTIFICATION_ITEM_INDEX.notification]?.Code === 'ConditionalCheckFailed') return { existingId: undefined };
  return undefined;
}

/**
 * Creates one notification in its own transaction (one TransactWriteItems request). A replay is not
 * an error: it answers `created: false` with the id the first write used for the same source.
 */
export async function createNotification(input: NotificationInput): Promise<{ id: string; created: boolean }> {
  const items = notificationPutItems(input);
  const id = notificationIdFor(input);
  try {
    await transactWriteRetryingConflicts({ TransactItems: items });
    return { id, created: true };
  } catch (err) {
    const replay = notificationReplayOf(err);
    if (!replay) throw err;
    return { id: replay.existingId ?? id, created: false };
  }
}
