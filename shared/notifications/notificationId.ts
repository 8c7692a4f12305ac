import { createHash } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from './notificationKinds.js';

/**
 * Notification ids: `<createdAt ms, base 36, 9 chars>-<kind>-<source hash, 20 hex>`, for example
 * `0m5x3k2a1-achievement_earned-3f1c0b9e4d2a7c6b5e81`.
 *
 * - The id is computed by the writer from what it already knows (kind, its own event or entity id, the
 *   event's time), so a writer that includes the notification in its own transaction knows the id
 *   without a read, and a replay derives the same id.
 * - Mark-as-read rebuilds the item's sort key (`N#<createdAt ISO>#<id>`) and the counter bucket
 *   (expiry from createdAt, category from kind) from the id alone: one transaction, no lookup item.
 * - The source hash (kind + source id) also keys the dedupe item, so even a replay with another
 *   timestamp cannot create a second notification for the same source.
 * An id forged from another user's notification resolves to a key in the caller's own collection,
 * where it does not exist.
 */
const ID_PATTERN = new RegExp(`^([0-9a-z]{9})-(${NOTIFICATION_KINDS.join('|')})-([0-9a-f]{20})$`);

/** The pattern of an id, for request validation (a malformed id is a 400 naming `params`). */
export const NOTIFICATION_ID_PATTERN = ID_PATTERN;

/**
 * The 80-bit hash of (kind, sourceId) that identifies "this notification about this thing" for one
 * user: equal for every replay of the same event, different for different kinds of the same entity
 * (a payment's success and its failure are two notifications).
 */
export function sourceHashOf(kind: NotificationKind, sourceId: string): string {
  return createHash('sha256').update(`${kind}\n${sourceId}`).digest('hex').slice(0, 20);
}

/**
 * The id of the notification of `kind` about `sourceId` created at `createdAtMs`. Deterministic so a
 * writer can reference the notification (and a replay re-derive it) without reading anything.
 */
export function notificationIdOf(kind: NotificationKind, sourceId: string, createdAtMs: number): string {
  return `${createdAtMs.toString(36).padStart(9, '0')}-${kind}-${sourceHashOf(kind, sourceId)}`;
}

export interface ParsedNotificationId {
  id: string;
  createdAtMs: number;
  kind: NotificationKind;
}

/**
 * What an id says about its notification (creation time and kind), or undefined when the string is
 * not an id Cairn could have issued: callers answer 404 for it, like an id that does not exist.
 */
export function parseNotificationId(id: string): ParsedNotificationId | undefined {
  const match = ID_PATTERN.exec(id);
  if (!match) return undefined;
  const createdAtMs = parseInt(match[1] as string, 36);
  // ISO strings with a four-digit year keep the sort key ordered; anything else cannot be ours.
  if (!Number.isSafeInteger(createdAtMs) || createdAtMs > Date.UTC(9999, 11, 31)) return undefined;
  return { id, createdAtMs, kind: match[2] as NotificationKind };
}
