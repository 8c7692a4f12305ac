import type * as z from 'zod';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { listNotifications } from '../../shared/notifications/notificationList.js';
import { notificationPageLink } from '../../shared/notifications/notificationPageLinks.js';
import { notificationViewOf } from '../../shared/notifications/notificationPresenter.js';
import { markNotificationRead } from '../../shared/notifications/notificationRead.js';
import { NOTIFICATION_ROUTES } from '../../shared/routes/notificationRoutes.js';
import type * as s from '../../shared/schemas/notifications.js';

/** Lambda entry of the notifications group (seed 002 Notifications). */
const input = <T extends z.ZodType>(value: unknown) => value as z.infer<T>;

/** The caller: both routes are authenticated, so a missing principal is a framework bug, answered 401. */
function caller(ctx: RouteContext): { tenantId: string; userId: string } {
  if (!ctx.principal) throw new AuthenticationError();
  return { tenantId: ctx.tenantId, userId: ctx.principal.userId };
}

const handlers: RouteHandlers = {
  'notifications.list': async (ctx) => {
    const { tenantId, userId } = caller(ctx);
    const query = input<typeof s.listNotificationsQuery>(ctx.query);
    const page = await listNotifications(
      tenantId,
      userId,
      { page: query.page, pageSize: query.page_size, unreadOnly: query.unread_only ?? false, type: query.type, cursor: query.cursor },
      ctx.now.getTime(),
    );
    return {
      data: {
        count: page.count,
        unread_count: page.unreadCount,
        next: query.page < page.totalPages ? notificationPageLink(ctx.event, query.page + 1, page.nextCursor) : null,
        previous: query.page > 1 ? notificationPageLink(ctx.event, query.page - 1, page.previousCursor) : null,
        page: query.page,
        page_size: query.page_size,
        total_pages: page.totalPages,
        results: page.items.map(notificationViewOf),
      },
    };
  },
  'notifications.markRead': async (ctx) => {
    const { tenantId, userId } = caller(ctx);
    const { notification_id } = input<typeof s.notificationParams>(ctx.params);
    const { readAt } = await markNotificationRead(tenantId, userId, notification_id, ctx.now);
    return { data: { message: 'Notification marked as read', notification_id, read_at: readAt } };
  },
};

export const handler = createGroupHandler('notifications', NOTIFICATION_ROUTES, handlers);
