/**
 * How long notifications live, and why expiry is rounded up to a bucket boundary.
 *
 * A notification is kept at least RETENTION_DAYS (90) days: it expires at the first BUCKET_DAYS
 * (10-day, epoch-aligned) boundary strictly after `createdAt + 90 days`, so it lives more than 90 and
 * at most 100 days. Rounding matters because the unread and total counters are kept per expiry
 * bucket (one counter item per boundary, expiring at that same instant): when a bucket's
 * notifications expire, so does the counter that counted them, and `unread_count` never keeps
 * counting notifications TTL has removed. Live counters are the ≤ 10 boundaries after now (one more
 * is read to absorb clock skew between writers), whatever the number of notifications.
 *
 * DynamoDB's TTL deletes lazily (typically within days), so reads never rely on it: since expiry
 * grows with `createdAt`, "still live" is a sort-key bound (`createdAt >= liveSince(now)`), not a filter.
 */
export const RETENTION_DAYS = 90;
export const BUCKET_DAYS = 10;

const DAY_MS = 86_400_000;
const BUCKET_MS = BUCKET_DAYS * DAY_MS;
const RETENTION_MS = RETENTION_DAYS * DAY_MS;

/**
 * The instant (epoch ms) a notification created at `createdAtMs` expires: the first bucket boundary
 * strictly after `createdAtMs + 90 days`. Its counter bucket expires at the same instant.
 */
export function expiryMsOf(createdAtMs: number): number {
  return (Math.floor((createdAtMs + RETENTION_MS) / BUCKET_MS) + 1) * BUCKET_MS;
}

/** `expiresAt` as DynamoDB's TTL wants it: epoch seconds (boundaries are whole seconds). */
export function expiresAtOf(createdAtMs: number): number {
  return expiryMsOf(createdAtMs) / 1000;
}

/**
 * The oldest `createdAt` (epoch ms) still live at `nowMs`: a notification is live exactly when
 * `expiryMsOf(createdAt) > now`, which (expiry being monotonic) is `createdAt >= liveSince(now)`.
 * Lists use it as the lower bound of their key condition so expired-but-not-yet-deleted items are never read.
 */
export function liveSince(nowMs: number): number {
  return Math.floor(nowMs / BUCKET_MS) * BUCKET_MS - RETENTION_MS;
}

/** The earliest expiry (epoch ms) of a counter bucket still live at `nowMs`: the next boundary after now. */
export function firstLiveExpiry(nowMs: number): number {
  return (Math.floor(nowMs / BUCKET_MS) + 1) * BUCKET_MS;
}
