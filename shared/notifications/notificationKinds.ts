/**
 * What a notification can be about. Seed 002 gives every notification a `type` out of four
 * categories (course, payment, achievement, system) and filters by it; Cairn's writers need finer
 * events, so each notification has a `kind` and its category follows from the kind. The API answers
 * `type` = category (the seed's contract) plus `kind`, and `?type=` accepts either.
 *
 * | kind | category | written by | sourceId (what makes it unique) | default icon |
 * | --- | --- | --- | --- | --- |
 * | achievement_earned | achievement | achievement award | the achievement id (awarded once per learner) | trophy |
 * | streak_at_risk | achievement | streak schedule | the learner's local date at risk (yyyy-mm-dd) | streak |
 * | streak_lost | achievement | streak evaluation | the local date the streak broke | streak_broken |
 * | enrollment_created | course | enrollment | the enrollment id | enrollment |
 * | course_update | course | authoring (e.g. a new lesson) | the lesson or change id | lesson |
 * | payment_succeeded | payment | payment saga | the payment intent id | payment |
 * | payment_failed | payment | payment saga | the payment intent id | payment_failed |
 * | system_message | system | operators | the announcement id | info |
 * | report_ready | system | reports (issue 15) | the report id (one per recipient and report) | report |
 *
 * Streak notifications are in the achievement category because seed 002 lists a streak among a
 * learner's achievements (Get Learning Analytics).
 */
export const NOTIFICATION_CATEGORIES = ['course', 'payment', 'achievement', 'system'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export const NOTIFICATION_KINDS = [
  'achievement_earned',
  'streak_at_risk',
  'streak_lost',
  'enrollment_created',
  'course_update',
  'payment_succeeded',
  'payment_failed',
  'system_message',
  'report_ready',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

interface KindDefinition {
  category: NotificationCategory;
  icon: string;
}

const KINDS: Record<NotificationKind, KindDefinition> = {
  achievement_earned: { category: 'achievement', icon: 'trophy' },
  streak_at_risk: { category: 'achievement', icon: 'streak' },
  streak_lost: { category: 'achievement', icon: 'streak_broken' },
  enrollment_created: { category: 'course', icon: 'enrollment' },
  course_update: { category: 'course', icon: 'lesson' },
  payment_succeeded: { category: 'payment', icon: 'payment' },
  payment_failed: { category: 'payment', icon: 'payment_failed' },
  system_message: { category: 'system', icon: 'info' },
  report_ready: { category: 'system', icon: 'report' },
};

/** A `?type=` value: a seed category or one of Cairn's kinds (the two lists never share a name). */
export const NOTIFICATION_TYPE_FILTERS = [...NOTIFICATION_CATEGORIES, ...NOTIFICATION_KINDS] as const;
export type NotificationTypeFilter = (typeof NOTIFICATION_TYPE_FILTERS)[number];

/**
 * The seed category a kind belongs to. Kept in one table so the stored `category`, the per-category
 * counters and the `?type=` filter can never disagree about where a kind belongs.
 */
export function categoryOf(kind: NotificationKind): NotificationCategory {
  return KINDS[kind].category;
}

/**
 * The icon a notification shows when its writer names none: seed 002 clients render `icon` as given,
 * so every notification carries one rather than leaving the frontend to guess from the type.
 */
export function defaultIconOf(kind: NotificationKind): string {
  return KINDS[kind].icon;
}

/** Whether a `?type=` value names a category (filters on `category`) rather than a kind (filters on `kind`). */
export function isCategory(value: NotificationTypeFilter): value is NotificationCategory {
  return (NOTIFICATION_CATEGORIES as readonly string[]).includes(value);
}
