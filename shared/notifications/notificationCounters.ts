import { categoryOf, type NotificationKind, type NotificationTypeFilter } from './notificationKinds.js';

/**
 * The counters a list page reads instead of counting notifications. Each expiry bucket of a user's
 * notifications (notificationRetention.ts) has one counter item holding, for that bucket:
 *
 * | attribute | counts |
 * | --- | --- |
 * | `n`, `u` | all notifications, the unread ones |
 * | `n_<category>`, `u_<category>` | those of a seed category (`n_payment`) |
 * | `n_<kind>`, `u_<kind>` | those of a kind (`u_achievement_earned`) |
 *
 * so `count` and `unread_count` are exact for every combination of `unread_only` and `type`. A
 * notification's put adds 1 to its six counters and mark-as-read subtracts 1 from its three `u`
 * counters, each in the same transaction as the item, conditioned so neither can apply twice.
 */
export interface NotificationFilter {
  unreadOnly: boolean;
  type?: NotificationTypeFilter | undefined;
}

/** The six counters a new notification of `kind` adds 1 to. */
export function createdCounters(kind: NotificationKind): string[] {
  return ['n', 'u', `n_${categoryOf(kind)}`, `u_${categoryOf(kind)}`, `n_${kind}`, `u_${kind}`];
}

/** The three counters marking a notification of `kind` read subtracts 1 from. */
export function readCounters(kind: NotificationKind): string[] {
  return ['u', `u_${categoryOf(kind)}`, `u_${kind}`];
}

/** The counter holding the number of notifications a filter matches. */
export function counterFor(filter: NotificationFilter): string {
  const prefix = filter.unreadOnly ? 'u' : 'n';
  return filter.type ? `${prefix}_${filter.type}` : prefix;
}

/**
 * The total of one counter over the live buckets. A bucket that never counted this attribute has
 * none (0); a negative sum cannot arise from our writes and is clamped so a client never sees one.
 */
export function sumCounter(buckets: readonly Record<string, unknown>[], counter: string): number {
  const total = buckets.reduce((sum, bucket) => sum + (typeof bucket[counter] === 'number' ? (bucket[counter] as number) : 0), 0);
  return Math.max(0, total);
}
