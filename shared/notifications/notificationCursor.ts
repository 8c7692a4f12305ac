import { parseNotificationId } from './notificationId.js';
import type { NotificationFilter } from './notificationCounters.js';

/**
 * The `cursor` a list page puts into its `next` and `previous` links, beside `page`. Seed 002 pages
 * by number (DRF's `?page=`), which on DynamoDB means reading every item before the page; a client
 * that follows the links instead sends the cursor, and the page is read from the item next to it: one
 * Query of one page, wherever the page is. A cursor is only a shortcut: it is used when it was issued
 * for the same page, page size and filters, otherwise the page is found by position, so a client
 * editing `page` by hand still gets exactly the page it asked for.
 */
export interface PageCursor {
  /** The page this cursor leads to. */
  page: number;
  /** The id of the item next to that page: the last of the page before (`after`) or the first of the page after (`before`). */
  id: string;
  direction: 'after' | 'before';
  /** The filters and page size the cursor was issued for. */
  fingerprint: string;
}

/** What a cursor must agree with to be used: the filters and the page size (pages are numbered in them). */
export function fingerprintOf(filter: NotificationFilter, pageSize: number): string {
  return `${filter.unreadOnly ? 'u' : 'a'}.${filter.type ?? '*'}.${pageSize}`;
}

/** The opaque, URL-safe form of a cursor. */
export function encodeCursor(cursor: PageCursor): string {
  const payload = { p: cursor.page, i: cursor.id, d: cursor.direction === 'after' ? 'a' : 'b', f: cursor.fingerprint };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * A cursor back from its opaque form, or undefined when the text is not one Cairn issued (the
 * caller answers 400 naming `query.cursor`). The id inside must be a well-formed notification id, so
 * a cursor can only ever position a Query inside the caller's own collection.
 */
export function decodeCursor(text: string): PageCursor | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!payload || typeof payload !== 'object') return undefined;
  const { p, i, d, f } = payload as Record<string, unknown>;
  if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 1) return undefined;
  if (typeof i !== 'string' || !parseNotificationId(i)) return undefined;
  if (d !== 'a' && d !== 'b') return undefined;
  if (typeof f !== 'string' || f.length > 100) return undefined;
  return { page: p, id: i, direction: d === 'a' ? 'after' : 'before', fingerprint: f };
}
