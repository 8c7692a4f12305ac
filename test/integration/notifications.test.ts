import { randomUUID } from 'node:crypto';
import { QueryCommand, TransactWriteCommand } from '../../shared/db/commands.js';
import { handler } from '../../lambdas/notifications/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { notificationsPartition } from '../../shared/db/keys.js';
import { createNotification, notificationIdFor, notificationPutItems, notificationReplayOf } from '../../shared/notifications/notificationWrites.js';
import type { NotificationKind } from '../../shared/notifications/notificationKinds.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import type { NotificationInput } from '../../shared/schemas/notifications.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

const call = httpClient(ROUTES, { notifications: handler });

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

interface Member {
  tenantId: string;
  userId: string;
  token: string;
}

function member(tenantId = uniqueTenant('ntf'), userId = `u-${randomUUID()}`): Member {
  return { tenantId, userId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
}

/** The seed-002 category each kind belongs to, written out here from the documented table. */
const CATEGORY: Record<NotificationKind, string> = {
  achievement_earned: 'achievement',
  streak_at_risk: 'achievement',
  streak_lost: 'achievement',
  enrollment_created: 'course',
  course_update: 'course',
  payment_succeeded: 'payment',
  payment_failed: 'payment',
  system_message: 'system',
  report_ready: 'system',
};

function inputFor(who: Member, kind: NotificationKind, createdAt: Date, sourceId: string = randomUUID()): NotificationInput {
  return { tenantId: who.tenantId, userId: who.userId, kind, sourceId, createdAt, title: `${kind} title`, message: `${kind} message ${sourceId}` };
}

/** Creates `kinds.length` notifications one minute apart (the first is the oldest); returns their ids newest first. */
async function seed(who: Member, kinds: NotificationKind[], newestAt = Date.now() - MINUTE_MS): Promise<string[]> {
  const ids: { id: string; at: number }[] = [];
  for (const [index, kind] of kinds.entries()) {
    const at = newestAt - (kinds.length - 1 - index) * MINUTE_MS;
    const created = await createNotification(inputFor(who, kind, new Date(at)));
    expect(created.created).toBe(true);
    ids.push({ id: created.id, at });
  }
  return ids.sort((a, b) => b.at - a.at).map((entry) => entry.id);
}

const list = (who: Member, query = '') => call({ method: 'GET', path: `/api/v1/notifications/${query}`, token: who.token });
const markRead = (who: Member, id: string) => call({ method: 'PUT', path: `/api/v1/notifications/${id}/read/`, token: who.token });

/** The path and query of an absolute page link, to call it in-process. */
const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

/** The first 10-day epoch boundary strictly after createdAt + 90 days (docs: retention rule), in epoch seconds. */
function documentedExpiry(createdAtMs: number): number {
  const bucket = 10 * DAY_MS;
  const earliest = createdAtMs + 90 * DAY_MS;
  return (earliest - (earliest % bucket) + bucket) / 1000;
}

async function counterItems(who: Member): Promise<Record<string, unknown>[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':pk': notificationsPartition(who.tenantId, who.userId), ':c': 'C#' },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

async function storedNotifications(who: Member): Promise<Record<string, unknown>[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
      ExpressionAttributeValues: { ':pk': notificationsPartition(who.tenantId, who.userId), ':n': 'N#' },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

describe('notifications: list (GET /api/v1/notifications/)', () => {
  it('lists the caller\'s notifications newest first in the seed\'s shape, with unread_count, in 2 Queries', async () => {
    const me = member();
    const createdAt = new Date(Date.now() - 5 * MINUTE_MS);
    const { id } = await createNotification({
      ...inputFor(me, 'course_update', createdAt, 'lesson-42'),
      title: 'New lesson available',
      message: 'A new lesson has been added to \'Python Programming\'',
      actionUrl: '/courses/python-programming/learn',
      data: { course_id: 'python-programming' },
    });
    const ids = await seed(me, ['achievement_earned', 'payment_failed']);

    const response = await list(me);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ count: 3, unread_count: 3, next: null, previous: null, page: 1, page_size: 20, total_pages: 1 });
    expect(response.body.results.map((n: { id: string }) => n.id)).toEqual([...ids, id]);
    expect(response.body.results[2]).toEqual({
      id,
      type: 'course',
      kind: 'course_update',
      title: 'New lesson available',
      message: 'A new lesson has been added to \'Python Programming\'',
      is_read: false,
      read_at: null,
      action_url: '/courses/python-programming/learn',
      icon: 'lesson',
      data: { course_id: 'python-programming' },
      created_at: createdAt.toISOString(),
    });
    // seed() writes in order, so the last kind given is the newest.
    expect(response.body.results[0]).toMatchObject({ type: 'payment', kind: 'payment_failed', action_url: null });
    expect(response.body.results[1]).toMatchObject({ type: 'achievement', kind: 'achievement_earned', icon: 'trophy' });
    // The counter Query and the page Query, plus the rate limiter.
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 2 });
  });

  it('answers an empty first page with only the counter Query', async () => {
    const me = member();
    const response = await list(me);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ count: 0, unread_count: 0, next: null, previous: null, page: 1, page_size: 20, total_pages: 1, results: [] });
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1 });
  });

  it('never shows another user\'s notifications in the same tenant', async () => {
    const owner = member();
    const other = member(owner.tenantId);
    await seed(owner, ['achievement_earned', 'streak_lost']);

    const response = await list(other);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ count: 0, unread_count: 0, results: [] });
  });

  it('never shows the same user\'s notifications of another tenant', async () => {
    const owner = member();
    const elsewhere = member(uniqueTenant('ntf-other'), owner.userId);
    await seed(owner, ['payment_succeeded']);

    const response = await list(elsewhere);

    expect(response.body).toMatchObject({ count: 0, unread_count: 0, results: [] });
  });

  it('refuses a request without a token with 401 in the seed\'s error shape', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/notifications/' });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 'error', error: { code: 'AUTH_INVALID_TOKEN' }, request_id: expect.any(String) });
  });

  it('names the offending query field: page_size over 100, unknown type, unknown parameter, bad boolean, forged cursor', async () => {
    const me = member();
    const cases: [string, string][] = [
      ['?page_size=101', 'query.page_size'],
      ['?type=newsletter', 'query.type'],
      ['?sort=created_at', 'query.sort'],
      ['?unread_only=maybe', 'query.unread_only'],
      ['?cursor=not-a-real-cursor', 'query.cursor'],
      ['?page=0', 'query.page'],
    ];
    for (const [query, field] of cases) {
      const response = await list(me, query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('answers a page past the last with 404 "Invalid page." as Django REST framework does', async () => {
    const me = member();
    await seed(me, ['system_message']);
    const response = await list(me, '?page=2');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Invalid page.' });
  });
});

describe('notifications: pagination', () => {
  const TOTAL = 25;
  const SIZE = 10;

  it('pages newest first; next/previous links carry a cursor and read exactly one page each', async () => {
    const me = member();
    const ids = await seed(me, Array.from({ length: TOTAL }, () => 'system_message' as const));
    const expectedPages = [ids.slice(0, 10), ids.slice(10, 20), ids.slice(20, 25)];

    const first = await list(me, `?page_size=${SIZE}`);
    expect(first.body).toMatchObject({ count: TOTAL, total_pages: 3, page: 1, previous: null });
    expect(first.body.results.map((n: { id: string }) => n.id)).toEqual(expectedPages[0]);
    expect(new URL(first.body.next).searchParams.get('page')).toBe('2');
    expect(new URL(first.body.next).searchParams.get('cursor')).toEqual(expect.any(String));

    const second = await call({ method: 'GET', path: pathOf(first.body.next), token: me.token });
    expect(second.status).toBe(200);
    expect(second.body.results.map((n: { id: string }) => n.id)).toEqual(expectedPages[1]);
    expect(second.dynamoDbByCommand).toEqual({ QueryCommand: 2 });

    const third = await call({ method: 'GET', path: pathOf(second.body.next), token: me.token });
    expect(third.body.results.map((n: { id: string }) => n.id)).toEqual(expectedPages[2]);
    expect(third.body.next).toBeNull();

    const back = await call({ method: 'GET', path: pathOf(third.body.previous), token: me.token });
    expect(back.body.page).toBe(2);
    expect(back.body.results.map((n: { id: string }) => n.id)).toEqual(expectedPages[1]);
    expect(back.dynamoDbByCommand).toEqual({ QueryCommand: 2 });

    // Page 1's link is DRF's plain link (no page, no cursor).
    const toFirst = new URL(second.body.previous);
    expect(toFirst.searchParams.has('page')).toBe(false);
    expect(toFirst.searchParams.has('cursor')).toBe(false);
  });

  it('serves a page asked for by number (no cursor) with the same items, in one page Query', async () => {
    const me = member();
    const ids = await seed(me, Array.from({ length: TOTAL }, () => 'system_message' as const));

    const response = await list(me, `?page=3&page_size=${SIZE}`);

    expect(response.body.results.map((n: { id: string }) => n.id)).toEqual(ids.slice(20, 25));
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 2 });
  });

  it('ignores a cursor issued for another page or page size and still returns the page asked for', async () => {
    const me = member();
    const ids = await seed(me, Array.from({ length: TOTAL }, () => 'system_message' as const));
    const first = await list(me, `?page_size=${SIZE}`);
    const cursor = new URL(first.body.next).searchParams.get('cursor') as string;

    const otherPage = await list(me, `?page=3&page_size=${SIZE}&cursor=${cursor}`);
    const otherSize = await list(me, `?page=2&page_size=5&cursor=${cursor}`);

    expect(otherPage.body.results.map((n: { id: string }) => n.id)).toEqual(ids.slice(20, 25));
    expect(otherSize.body.results.map((n: { id: string }) => n.id)).toEqual(ids.slice(5, 10));
  });
});

describe('notifications: filters', () => {
  it('unread_only lists only unread notifications and counts them', async () => {
    const me = member();
    const ids = await seed(me, ['achievement_earned', 'payment_succeeded', 'streak_lost', 'course_update']);
    const [readOne, readTwo] = [ids[0] as string, ids[2] as string];
    expect((await markRead(me, readOne)).status).toBe(200);
    expect((await markRead(me, readTwo)).status).toBe(200);

    const response = await list(me, '?unread_only=true');

    expect(response.body).toMatchObject({ count: 2, unread_count: 2 });
    expect(response.body.results.map((n: { id: string }) => n.id)).toEqual([ids[1], ids[3]]);
    expect(response.body.results.every((n: { is_read: boolean }) => !n.is_read)).toBe(true);
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 2 });
    const all = await list(me, '?unread_only=false');
    expect(all.body).toMatchObject({ count: 4, unread_count: 2 });
  });

  it('type filters by the seed category or by a kind; count follows the filter, unread_count does not', async () => {
    const me = member();
    const kinds: NotificationKind[] = ['payment_succeeded', 'achievement_earned', 'payment_failed', 'streak_at_risk', 'payment_succeeded', 'system_message'];
    const ids = await seed(me, kinds);
    const byNewest = [...kinds].reverse();
    const expectIds = (predicate: (kind: NotificationKind) => boolean) => ids.filter((_, index) => predicate(byNewest[index] as NotificationKind));

    const payments = await list(me, '?type=payment');
    expect(payments.body).toMatchObject({ count: 3, unread_count: 6 });
    expect(payments.body.results.map((n: { id: string }) => n.id)).toEqual(expectIds((kind) => CATEGORY[kind] === 'payment'));
    expect(payments.body.results.every((n: { type: string }) => n.type === 'payment')).toBe(true);
    expect(payments.dynamoDbByCommand).toEqual({ QueryCommand: 2 });

    const earned = await list(me, '?type=achievement_earned');
    expect(earned.body.count).toBe(1);
    expect(earned.body.results.map((n: { id: string }) => n.id)).toEqual(expectIds((kind) => kind === 'achievement_earned'));

    const achievements = await list(me, '?type=achievement');
    expect(achievements.body.results.map((n: { id: string }) => n.id)).toEqual(expectIds((kind) => CATEGORY[kind] === 'achievement'));
  });

  it('combines unread_only and type, paging through a filtered list', async () => {
    const me = member();
    const kinds: NotificationKind[] = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 'payment_failed' : 'course_update'));
    const ids = await seed(me, kinds);
    const byNewest = [...kinds].reverse();
    const paymentIds = ids.filter((_, index) => byNewest[index] === 'payment_failed');
    await markRead(me, paymentIds[0] as string);
    const unreadPayments = paymentIds.slice(1);

    const first = await list(me, '?unread_only=1&type=payment&page_size=2');
    expect(first.body).toMatchObject({ count: unreadPayments.length, total_pages: 2, unread_count: 11 });
    expect(first.body.results.map((n: { id: string }) => n.id)).toEqual(unreadPayments.slice(0, 2));
    const second = await call({ method: 'GET', path: pathOf(first.body.next), token: me.token });
    expect(second.body.results.map((n: { id: string }) => n.id)).toEqual(unreadPayments.slice(2));
  });
});

describe('notifications: mark as read (PUT /api/v1/notifications/{id}/read/)', () => {
  it('marks the caller\'s notification read with the seed\'s message, in one transaction', async () => {
    const me = member();
    const [id] = await seed(me, ['achievement_earned']);

    const response = await markRead(me, id as string);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: 'Notification marked as read', notification_id: id, read_at: expect.any(String) });
    expect(response.dynamoDbByCommand).toEqual({ TransactWriteItemsCommand: 1, UpdateItemCommand: 1 });
    const after = await list(me);
    expect(after.body.unread_count).toBe(0);
    expect(after.body.results[0]).toMatchObject({ id, is_read: true, read_at: response.body.read_at });
  });

  it('is idempotent: a second call answers 200 with the first read_at and decrements unread once', async () => {
    const me = member();
    const [id] = await seed(me, ['payment_succeeded', 'payment_failed']);

    const once = await markRead(me, id as string);
    const twice = await markRead(me, id as string);

    expect(twice.status).toBe(200);
    expect(twice.body.read_at).toBe(once.body.read_at);
    expect((await list(me)).body.unread_count).toBe(1);
    expect((await list(me, '?unread_only=true&type=payment')).body.count).toBe(1);
  });

  it('decrements unread exactly once under 10 concurrent calls', async () => {
    const me = member();
    const ids = await seed(me, ['streak_lost', 'streak_at_risk', 'course_update']);
    const id = ids[2]; // the oldest: streak_lost

    const responses = await Promise.all(Array.from({ length: 10 }, () => markRead(me, id as string)));

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => r.body.read_at)).size).toBe(1);
    const buckets = await counterItems(me);
    const sum = (name: string) => buckets.reduce((total, bucket) => total + ((bucket[name] as number | undefined) ?? 0), 0);
    expect({ u: sum('u'), achievement: sum('u_achievement'), lost: sum('u_streak_lost'), n: sum('n') }).toEqual({ u: 2, achievement: 1, lost: 0, n: 3 });
  });

  it('answers 404 for another user\'s notification in the same tenant and leaves it unread', async () => {
    const owner = member();
    const other = member(owner.tenantId);
    const [id] = await seed(owner, ['achievement_earned']);

    const response = await markRead(other, id as string);

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect((await list(owner)).body).toMatchObject({ unread_count: 1, results: [{ id, is_read: false }] });
    expect(await counterItems(other)).toEqual([]);
  });

  it('answers 404 for the same user id in another tenant', async () => {
    const owner = member();
    const elsewhere = member(uniqueTenant('ntf-other'), owner.userId);
    const [id] = await seed(owner, ['enrollment_created']);

    expect((await markRead(elsewhere, id as string)).status).toBe(404);
    expect((await list(owner)).body.unread_count).toBe(1);
  });

  it('answers 404 for a well-formed id that does not exist and 400 for a malformed one', async () => {
    const me = member();
    const missing = notificationIdFor({ kind: 'system_message', sourceId: 'never-written', createdAt: new Date() });
    expect((await markRead(me, missing)).status).toBe(404);
    const malformed = await markRead(me, 'notification_uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('params.notification_id');
  });

  it('refuses a request without a token with 401', async () => {
    const owner = member();
    const [id] = await seed(owner, ['system_message']);
    expect((await call({ method: 'PUT', path: `/api/v1/notifications/${id}/read/` })).status).toBe(401);
  });
});

describe('notifications: writes from other writers (notificationPutItems)', () => {
  it('a replayed notificationPutItems with the same id leaves one notification and counts it once', async () => {
    const me = member();
    const input = inputFor(me, 'achievement_earned', new Date(Date.now() - MINUTE_MS), 'achievement-7');

    await documentClient().send(new TransactWriteCommand({ TransactItems: notificationPutItems(input) }));
    const replay = await documentClient()
      .send(new TransactWriteCommand({ TransactItems: notificationPutItems(input) }))
      .then(() => undefined, (err: unknown) => err);

    expect(notificationReplayOf(replay)).toEqual({ existingId: notificationIdFor(input) });
    expect(await storedNotifications(me)).toHaveLength(1);
    const [bucket] = await counterItems(me);
    expect(bucket).toMatchObject({ n: 1, u: 1, n_achievement: 1, u_achievement_earned: 1 });
  });

  it('a replay carrying another timestamp is still the same notification (the source is the dedupe key)', async () => {
    const me = member();
    const first = await createNotification(inputFor(me, 'payment_failed', new Date(Date.now() - 2 * MINUTE_MS), 'pi_123'));
    const again = await createNotification(inputFor(me, 'payment_failed', new Date(Date.now() - MINUTE_MS), 'pi_123'));
    const otherKind = await createNotification(inputFor(me, 'payment_succeeded', new Date(Date.now() - MINUTE_MS), 'pi_123'));

    expect(again).toEqual({ id: first.id, created: false });
    expect(otherKind.created).toBe(true);
    expect((await list(me)).body).toMatchObject({ count: 2, unread_count: 2 });
  });

  it('bundled in a writer\'s transaction, the notification exists exactly when the writer\'s own item does', async () => {
    const me = member();
    const input = inputFor(me, 'enrollment_created', new Date(Date.now() - MINUTE_MS), 'enrollment-1');
    const ownItem = { pk: notificationsPartition(me.tenantId, me.userId).replace('#NOTIFICATIONS', '#TEST_WRITER'), sk: 'E#1' };
    // The writer's own condition fails (its item is expected to exist and does not): nothing is written.
    const failed = await documentClient()
      .send(new TransactWriteCommand({ TransactItems: [{ ConditionCheck: { TableName: tableName(), Key: ownItem, ConditionExpression: 'attribute_exists(pk)' } }, ...notificationPutItems(input)] }))
      .then(() => undefined, (err: unknown) => err);

    expect(failed).toBeDefined();
    expect(notificationReplayOf(failed, 1)).toBeUndefined();
    expect(await storedNotifications(me)).toEqual([]);
    expect(await counterItems(me)).toEqual([]);
  });

  it('stores expiresAt at the documented retention on the notification, its counter bucket and its dedupe item', async () => {
    const me = member();
    const createdAt = new Date(Date.now() - 3 * MINUTE_MS);
    const { id } = await createNotification(inputFor(me, 'streak_at_risk', createdAt, '2025-01-19'));
    const expected = documentedExpiry(createdAt.getTime());

    const [stored] = await storedNotifications(me);
    const [bucket] = await counterItems(me);
    const source = await documentClient().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :k)', ExpressionAttributeValues: { ':pk': notificationsPartition(me.tenantId, me.userId), ':k': 'K#' } }),
    );

    expect(stored).toMatchObject({ id, expiresAt: expected });
    expect(bucket).toMatchObject({ expiresAt: expected, sk: `C#${new Date(expected * 1000).toISOString()}` });
    expect(source.Items).toEqual([expect.objectContaining({ expiresAt: expected, notificationId: id })]);
    const retainedDays = (expected * 1000 - createdAt.getTime()) / DAY_MS;
    expect(retainedDays).toBeGreaterThan(90);
    expect(retainedDays).toBeLessThanOrEqual(100);
  });

  it('leaves expired notifications out of the list, the counts and mark-as-read before TTL deletes them', async () => {
    const me = member();
    const expired = await createNotification(inputFor(me, 'streak_lost', new Date(Date.now() - 101 * DAY_MS)));
    const old = await createNotification(inputFor(me, 'streak_lost', new Date(Date.now() - 89 * DAY_MS)));

    const response = await list(me);

    expect(response.body).toMatchObject({ count: 1, unread_count: 1 });
    expect(response.body.results.map((n: { id: string }) => n.id)).toEqual([old.id]);
    expect((await markRead(me, expired.id)).status).toBe(404);
    // The expired item is still in the table (TTL is lazy): the list excluded it by key range.
    const stillStored = (await storedNotifications(me)).find((item) => item.id === expired.id);
    expect(stillStored).toMatchObject({ read: false });
  });
});
