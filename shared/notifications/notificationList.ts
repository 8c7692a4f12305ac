import { NotFoundError, ValidationError } from '../http/errors.js';
import { counterFor, sumCounter, type NotificationFilter } from './notificationCounters.js';
import { decodeCursor, fingerprintOf, type PageCursor } from './notificationCursor.js';
import { parseNotificationId } from './notificationId.js';
import { liveCounterBuckets, readNotificationPage } from './notificationRepository.js';
import { liveSince } from './notificationRetention.js';

/**
 * Seed 002 `GET /api/v1/notifications/`: a page of the caller's live notifications, newest first.
 *
 * Requests per call: 1 Query of the live counter buckets (`count`, `unread_count`, `total_pages`;
 * never grows with the number of notifications), then, when the page is not empty, 1 Query of the
 * page itself: `Limit = page_size` from the cursor of a `next`/`previous` link, or
 * `Limit = page × page_size` when a page is asked for by number without its cursor (DynamoDB cannot
 * jump to a position). `unread_only` reads the sparse unread index, so it filters nothing. A `type`
 * filter is a FilterExpression; its Limit is scaled by (notifications ÷ matches) from the counters,
 * so a page usually costs one Query; the worst case (matches clustered at the old end) is one Query
 * per 1,000 items read, bounded by the caller's live notifications (≤ 100 days' worth).
 */
export interface NotificationListQuery {
  page: number;
  pageSize: number;
  unreadOnly: boolean;
  type?: NotificationFilter['type'];
  cursor?: string | undefined;
}

export interface NotificationListPage {
  count: number;
  unreadCount: number;
  totalPages: number;
  items: Record<string, unknown>[];
  /** Cursors for the page's `next` and `previous` links (undefined: link by number only). */
  nextCursor: PageCursor | undefined;
  previousCursor: PageCursor | undefined;
}

/** The cursor a request carries, when it may be used for this page (see notificationCursor.ts). */
function usableCursor(query: NotificationListQuery, fingerprint: string, nowMs: number): PageCursor | undefined {
  if (!query.cursor) return undefined;
  const cursor = decodeCursor(query.cursor);
  if (!cursor) throw new ValidationError([{ field: 'query.cursor', message: 'Not a cursor from a next or previous link', code: 'invalid_cursor' }]);
  if (cursor.page !== query.page || cursor.fingerprint !== fingerprint) return undefined;
  // A boundary that has expired since no longer marks a place in the list.
  const boundary = parseNotificationId(cursor.id);
  if (!boundary || boundary.createdAtMs < liveSince(nowMs)) return undefined;
  return cursor;
}

/** Lists one page (rules above). A page past the last is 404 "Invalid page." as in DRF; page 1 of nothing is empty. */
export async function listNotifications(tenantId: string, userId: string, query: NotificationListQuery, nowMs: number): Promise<NotificationListPage> {
  const filter: NotificationFilter = { unreadOnly: query.unreadOnly, type: query.type };
  const fingerprint = fingerprintOf(filter, query.pageSize);
  const cursor = usableCursor(query, fingerprint, nowMs);

  const buckets = await liveCounterBuckets(tenantId, userId, nowMs);
  const count = sumCounter(buckets, counterFor(filter));
  const unreadCount = sumCounter(buckets, 'u');
  const totalPages = Math.max(1, Math.ceil(count / query.pageSize));
  if (query.page > totalPages) throw new NotFoundError('Invalid page.');
  const empty = { count, unreadCount, totalPages, items: [], nextCursor: undefined, previousCursor: undefined };
  if (count === 0) return empty;

  const population = sumCounter(buckets, counterFor({ unreadOnly: filter.unreadOnly }));
  const base = {
    source: filter.unreadOnly ? ('unread' as const) : ('all' as const),
    type: filter.type,
    readsPerMatch: population / count,
    nowMs,
  };
  // Items the page should hold by the counters; a cursor read that finds fewer (items changed around the
  // boundary) is redone by position, so the page never silently comes back short.
  const expected = Math.min(query.pageSize, count - (query.page - 1) * query.pageSize);
  let items: Record<string, unknown>[] = [];
  if (cursor) {
    items = await readNotificationPage(tenantId, userId, { ...base, start: { id: cursor.id, direction: cursor.direction }, skip: 0, take: query.pageSize });
    if (cursor.direction === 'before') items.reverse();
  }
  if (!cursor || items.length < expected) {
    items = await readNotificationPage(tenantId, userId, { ...base, skip: (query.page - 1) * query.pageSize, take: query.pageSize });
  }
  if (items.length === 0) return empty;

  const first = items[0]?.id as string;
  const last = items[items.length - 1]?.id as string;
  return {
    count,
    unreadCount,
    totalPages,
    items,
    nextCursor: query.page < totalPages ? { page: query.page + 1, id: last, direction: 'after', fingerprint } : undefined,
    // Page 1 is read from the top at the same cost, so its link needs no cursor (and stays DRF's plain link).
    previousCursor: query.page > 2 ? { page: query.page - 1, id: first, direction: 'before', fingerprint } : undefined,
  };
}
