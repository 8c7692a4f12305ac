import * as z from 'zod';
import { NOTIFICATION_ID_PATTERN } from '../notifications/notificationId.js';
import { NOTIFICATION_CATEGORIES, NOTIFICATION_KINDS, NOTIFICATION_TYPE_FILTERS } from '../notifications/notificationKinds.js';
import { isStorableNumber } from './common.js';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 002 Notifications contracts (bare bodies, snake_case, DRF page shape) and the input Cairn's
 * own writers give a notification. Notifications are never created through the API: achievement
 * awards, streak jobs, enrollments and payments write them inside their own transactions.
 */
export const NOTIFICATION_LIMITS = {
  pageSizeMax: 100,
  pageSizeDefault: 20,
  titleMax: 200,
  messageMax: 1000,
  dataKeysMax: 20,
  dataValueMax: 500,
  actionUrlMax: 500,
  sourceIdMax: 200,
} as const;

const dataValue = lazySchema(() => z.union([
  z.string().max(NOTIFICATION_LIMITS.dataValueMax),
  z.number().refine(isStorableNumber, 'Not a number DynamoDB can store'),
  z.boolean(),
  z.null(),
]));

/** A link inside the app (`/courses/x/learn`) or an https URL; never `//host` or another scheme. */
const actionUrl = lazySchema(() => z
  .string()
  .max(NOTIFICATION_LIMITS.actionUrlMax)
  .refine((url) => (url.startsWith('/') && !url.startsWith('//')) || /^https:\/\/[^\s]+$/.test(url), 'A path starting with / or an https URL'));

/** What a writer supplies; tenant and user are the recipient's, never a client's body. */
export const notificationInput = lazySchema(() => z
  .object({
    tenantId: z.string().min(1).max(128).regex(/^[^#]+$/, 'No #'),
    userId: z.string().min(1).max(128).regex(/^[^#]+$/, 'No #'),
    kind: z.enum(NOTIFICATION_KINDS),
    /** The writer's own id for the thing notified about (see notificationKinds.ts): the replay key. */
    sourceId: z.string().min(1).max(NOTIFICATION_LIMITS.sourceIdMax),
    /** When the event happened (not when a retry ran): part of the id and the newest-first order. */
    createdAt: z.date().refine((date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 9999, 'A valid date'),
    title: z.string().trim().min(1).max(NOTIFICATION_LIMITS.titleMax),
    message: z.string().trim().min(1).max(NOTIFICATION_LIMITS.messageMax),
    data: z
      .record(z.string().min(1).max(64), dataValue)
      .refine((data) => Object.keys(data).length <= NOTIFICATION_LIMITS.dataKeysMax, `At most ${NOTIFICATION_LIMITS.dataKeysMax} keys`)
      .default({}),
    actionUrl: actionUrl.optional(),
    icon: z.string().regex(/^[a-z0-9_-]{1,50}$/, 'Lowercase letters, digits, _ and -').optional(),
  })
  .strict());
export type NotificationInput = z.input<typeof notificationInput>;

/** DRF's BooleanFilter spellings; an empty value (`?unread_only=`) means "not filtered". */
const booleanQuery = lazySchema(() => z.preprocess(
  (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toLowerCase()) : value),
  z
    .enum(['true', 'false', '1', '0'], { message: 'Use true or false' })
    .transform((value) => value === 'true' || value === '1')
    .optional(),
));

const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

export const listNotificationsQuery = lazySchema(() => z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(NOTIFICATION_LIMITS.pageSizeMax).default(NOTIFICATION_LIMITS.pageSizeDefault),
    unread_only: booleanQuery,
    type: blankIsAbsent(z.enum(NOTIFICATION_TYPE_FILTERS, { message: `One of: ${NOTIFICATION_TYPE_FILTERS.join(', ')}` })),
    /** Opaque; comes from a page's `next`/`previous` link. */
    cursor: blankIsAbsent(z.string().max(400).regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor from a next or previous link')),
  })
  .strict());
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationParams = lazySchema(() => z
  .object({ notification_id: z.string().regex(NOTIFICATION_ID_PATTERN, 'Not a notification id') })
  .strict());

export const notificationData = lazySchema(() => z
  .object({
    id: z.string(),
    type: z.enum(NOTIFICATION_CATEGORIES).describe('Seed 002 category'),
    kind: z.enum(NOTIFICATION_KINDS).describe('The event behind it (finer than type)'),
    title: z.string(),
    message: z.string(),
    is_read: z.boolean(),
    read_at: z.string().nullable(),
    action_url: z.string().nullable(),
    icon: z.string(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    created_at: z.string(),
  })
  .meta({ id: 'Notification' }));

export const notificationPage = lazySchema(() => z.object({
  count: z.number().int().describe('Notifications matching the filters'),
  unread_count: z.number().int().describe('All unread notifications of the caller, whatever the filters'),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
  results: z.array(notificationData),
}));

export const markReadData = lazySchema(() => z.object({
  message: z.literal('Notification marked as read'),
  notification_id: z.string(),
  read_at: z.string().describe('When it was first marked read (unchanged by repeats)'),
}));
