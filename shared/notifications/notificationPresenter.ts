import type * as z from 'zod';
import type { notificationData } from '../schemas/notifications.js';
import { categoryOf, defaultIconOf, type NotificationKind } from './notificationKinds.js';

export type NotificationView = z.infer<typeof notificationData>;

/**
 * A stored notification as seed 002 shows it: `type` is the seed category, `is_read`, `action_url`,
 * `icon`, `created_at`; Cairn adds `kind`, `read_at` and `data`. Category and icon are derived again
 * from the kind when an item lacks them, so the response always satisfies the contract.
 */
export function notificationViewOf(item: Record<string, unknown>): NotificationView {
  const kind = item.kind as NotificationKind;
  return {
    id: item.id as string,
    type: categoryOf(kind),
    kind,
    title: item.title as string,
    message: item.message as string,
    is_read: item.read === true,
    read_at: (item.readAt as string | undefined) ?? null,
    action_url: (item.actionUrl as string | undefined) ?? null,
    icon: (item.icon as string | undefined) ?? defaultIconOf(kind),
    data: (item.data as NotificationView['data'] | undefined) ?? {},
    created_at: item.createdAt as string,
  };
}
