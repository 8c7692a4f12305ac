import * as s from '../schemas/notifications.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 002 Notifications (issue 6 part 7): the caller's own in-app notifications. Any member reads and
 * marks their own; nobody reads another's (the key is the caller's collection, so there is no role to
 * check). Rate class: seed 002 "Authenticated requests: 1000 requests per hour".
 */
const base = { group: 'notifications', auth: { kind: 'authenticated' }, rateClass: 'authenticated-hourly', style: 'rest002', envelope: 'bare', tags: ['notifications'] } as const;

export const NOTIFICATION_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'notifications.list',
    method: 'GET',
    path: '/api/v1/notifications/',
    summary: `The caller's notifications, newest first: unread_only, type (a category: course, payment, achievement, system; or a kind), page, page_size (≤ ${s.NOTIFICATION_LIMITS.pageSizeMax}); next/previous links carry a cursor. count matches the filters, unread_count is all unread. Notifications expire 90–100 days after creation.`,
    request: { query: s.listNotificationsQuery },
    response: { status: 200, description: 'A page of notifications', schema: s.notificationPage },
  },
  {
    ...base,
    id: 'notifications.markRead',
    method: 'PUT',
    path: '/api/v1/notifications/{notification_id}/read/',
    summary: 'Mark one of the caller\'s notifications read (idempotent: a repeat answers 200 with the first read_at); another user\'s id is 404',
    request: { params: s.notificationParams },
    response: { status: 200, description: 'Marked read', schema: s.markReadData },
  },
];
