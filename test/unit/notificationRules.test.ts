import fc from 'fast-check';
import { counterFor, createdCounters, readCounters, sumCounter, type NotificationFilter } from '../../shared/notifications/notificationCounters.js';
import { decodeCursor, encodeCursor, fingerprintOf } from '../../shared/notifications/notificationCursor.js';
import { notificationIdOf, parseNotificationId, sourceHashOf } from '../../shared/notifications/notificationId.js';
import { NOTIFICATION_CATEGORIES, NOTIFICATION_KINDS, NOTIFICATION_TYPE_FILTERS, categoryOf, type NotificationKind } from '../../shared/notifications/notificationKinds.js';
import { expiresAtOf, expiryMsOf, firstLiveExpiry, liveSince } from '../../shared/notifications/notificationRetention.js';
import { listNotificationsQuery, notificationInput } from '../../shared/schemas/notifications.js';

const DAY_MS = 86_400_000;
const BUCKET_MS = 10 * DAY_MS;
/** Instants between 2000 and 2200. */
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2200, 0, 1) });
const kind = fc.constantFrom(...NOTIFICATION_KINDS);

describe('notification retention (90 days, rounded up to a 10-day expiry bucket)', () => {
  it('keeps every notification more than 90 and at most 100 days, expiring on a 10-day epoch boundary', () => {
    fc.assert(
      fc.property(instant, (createdAt) => {
        const expiry = expiryMsOf(createdAt);
        expect(expiry % BUCKET_MS).toBe(0);
        expect(expiry - createdAt).toBeGreaterThan(90 * DAY_MS);
        expect(expiry - createdAt).toBeLessThanOrEqual(100 * DAY_MS);
        // The first boundary after createdAt + 90 days: the previous boundary is not after it.
        expect(expiry - BUCKET_MS).toBeLessThanOrEqual(createdAt + 90 * DAY_MS);
        expect(expiresAtOf(createdAt)).toBe(expiry / 1000);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives notifications created later an expiry that is never earlier', () => {
    fc.assert(fc.property(instant, instant, (a, b) => expect(Math.sign(expiryMsOf(Math.max(a, b)) - expiryMsOf(Math.min(a, b)))).not.toBe(-1)), { numRuns: 500 });
  });

  it('liveSince(now) separates exactly the notifications whose expiry is still after now', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 120 * DAY_MS }), (now, age) => {
        const createdAt = now - age;
        expect(createdAt >= liveSince(now)).toBe(expiryMsOf(createdAt) > now);
      }),
      { numRuns: 2000 },
    );
  });

  it('firstLiveExpiry(now) is the first bucket boundary after now, so a bucket counts while its notifications live', () => {
    fc.assert(
      fc.property(instant, (now) => {
        const first = firstLiveExpiry(now);
        expect(first % BUCKET_MS).toBe(0);
        expect(first).toBeGreaterThan(now);
        expect(first - BUCKET_MS).toBeLessThanOrEqual(now);
      }),
      { numRuns: 500 },
    );
  });

  it('handles the boundary instants themselves', () => {
    const boundary = 2000 * BUCKET_MS;
    expect(expiryMsOf(boundary - 90 * DAY_MS)).toBe(boundary + BUCKET_MS);
    expect(liveSince(boundary)).toBe(boundary - 90 * DAY_MS);
    expect(expiryMsOf(boundary - 90 * DAY_MS - 1)).toBe(boundary); // expired exactly at `boundary`
  });
});

describe('notification ids', () => {
  it('carry their creation time and kind, and rebuild them exactly', () => {
    fc.assert(
      fc.property(kind, fc.string({ minLength: 1, maxLength: 50 }), instant, (k, source, createdAt) => {
        const id = notificationIdOf(k, source, createdAt);
        expect(parseNotificationId(id)).toEqual({ id, createdAtMs: createdAt, kind: k });
        expect(id).not.toContain('#');
      }),
      { numRuns: 500 },
    );
  });

  it('are the same for a replay and differ by source or by kind', () => {
    expect(notificationIdOf('payment_failed', 'pi_1', 1)).toBe(notificationIdOf('payment_failed', 'pi_1', 1));
    expect(notificationIdOf('payment_failed', 'pi_1', 1)).not.toBe(notificationIdOf('payment_failed', 'pi_2', 1));
    expect(sourceHashOf('payment_failed', 'pi_1')).not.toBe(sourceHashOf('payment_succeeded', 'pi_1'));
  });

  it('sort by creation time as strings (fixed-width time prefix)', () => {
    fc.assert(fc.property(instant, instant, (a, b) => expect(notificationIdOf('system_message', 's', a) < notificationIdOf('system_message', 's', b)).toBe(a < b)), { numRuns: 500 });
  });

  it('refuse strings Cairn never issued', () => {
    for (const text of ['notification_uuid', 'matrix-id-1', '', `0M5X3K2A1-system_message-${'0'.repeat(20)}`, `000000001-newsletter-${'0'.repeat(20)}`, `00000001-system_message-${'0'.repeat(20)}`]) {
      expect(parseNotificationId(text)).toBeUndefined();
    }
  });
});

describe('notification kinds', () => {
  it('map each kind to one of the seed\'s four categories, as documented', () => {
    const documented: Record<NotificationKind, string> = {
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
    for (const k of NOTIFICATION_KINDS) expect(categoryOf(k)).toBe(documented[k]);
    expect([...NOTIFICATION_CATEGORIES].sort()).toEqual(['achievement', 'course', 'payment', 'system']);
  });

  it('never share a name between a category and a kind (a ?type= value is unambiguous)', () => {
    expect(new Set(NOTIFICATION_TYPE_FILTERS).size).toBe(NOTIFICATION_TYPE_FILTERS.length);
  });
});

describe('notification counters', () => {
  const filters: NotificationFilter[] = [false, true].flatMap((unreadOnly) => [undefined, ...NOTIFICATION_TYPE_FILTERS].map((type) => ({ unreadOnly, type })));

  it('after any creations and (single) reads, each filter\'s counter equals a count of the notifications', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ kind, read: fc.boolean() }), { maxLength: 40 }), (notifications) => {
        const bucket: Record<string, number> = {};
        const add = (names: string[], delta: number) => names.forEach((name) => (bucket[name] = (bucket[name] ?? 0) + delta));
        for (const n of notifications) {
          add(createdCounters(n.kind), 1);
          if (n.read) add(readCounters(n.kind), -1);
        }
        for (const filter of filters) {
          const expected = notifications.filter(
            (n) => (!filter.unreadOnly || !n.read) && (!filter.type || filter.type === n.kind || filter.type === categoryOf(n.kind)),
          ).length;
          expect(sumCounter([bucket], counterFor(filter))).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sums over buckets, reading a missing counter as 0 and never answering below 0', () => {
    expect(sumCounter([{ u: 2 }, { u: 3, n: 9 }, {}], 'u')).toBe(5);
    expect(sumCounter([{ u: -1 }], 'u')).toBe(0);
  });
});

describe('notification page cursors', () => {
  const id = notificationIdOf('course_update', 'x', Date.UTC(2025, 0, 19));

  it('round-trip through their opaque URL-safe form', () => {
    const cursor = { page: 3, id, direction: 'before' as const, fingerprint: fingerprintOf({ unreadOnly: true, type: 'payment' }, 10) };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('refuse tampered or foreign text', () => {
    const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
    expect(decodeCursor('not-a-real-cursor')).toBeUndefined();
    expect(decodeCursor(forge({ p: 2, i: 'T#other#U#x', d: 'a', f: 'a.*.10' }))).toBeUndefined();
    expect(decodeCursor(forge({ p: 0, i: id, d: 'a', f: 'a.*.10' }))).toBeUndefined();
    expect(decodeCursor(forge({ p: 2, i: id, d: 'sideways', f: 'a.*.10' }))).toBeUndefined();
  });

  it('are bound to the filters and page size they were issued for', () => {
    const prints = new Set(filters().map((filter) => fingerprintOf(filter, 10)));
    expect(prints.size).toBe(filters().length);
    expect(fingerprintOf({ unreadOnly: false }, 10)).not.toBe(fingerprintOf({ unreadOnly: false }, 20));
    function filters(): NotificationFilter[] {
      return [false, true].flatMap((unreadOnly) => [undefined, ...NOTIFICATION_TYPE_FILTERS].map((type) => ({ unreadOnly, type })));
    }
  });
});

describe('notification contracts', () => {
  it('reads unread_only as DRF does (true/false/1/0, any case; empty means not filtered)', () => {
    const parse = (value: string) => listNotificationsQuery.safeParse({ unread_only: value });
    expect([parse('true'), parse('True'), parse('1')].map((r) => r.success && r.data.unread_only)).toEqual([true, true, true]);
    expect([parse('false'), parse('0')].map((r) => r.success && r.data.unread_only)).toEqual([false, false]);
    expect(parse('').success && parse('').data?.unread_only).toBeUndefined();
    expect(parse('yes').success).toBe(false);
  });

  it('caps page_size at 100 and defaults it to 20', () => {
    expect(listNotificationsQuery.safeParse({ page_size: '101' }).success).toBe(false);
    expect(listNotificationsQuery.parse({}).page_size).toBe(20);
  });

  it('accepts only in-app paths or https URLs as action_url from writers', () => {
    const base = { tenantId: 't', userId: 'u', kind: 'course_update', sourceId: 's', createdAt: new Date(), title: 't', message: 'm' } as const;
    expect(notificationInput.safeParse({ ...base, actionUrl: '/courses/x/learn' }).success).toBe(true);
    expect(notificationInput.safeParse({ ...base, actionUrl: 'https://example.com/x' }).success).toBe(true);
    for (const bad of ['//evil.example/x', 'javascript:alert(1)', 'http://example.com']) {
      expect(notificationInput.safeParse({ ...base, actionUrl: bad }).success).toBe(false);
    }
    expect(notificationInput.safeParse({ ...base, title: 'x'.repeat(201) }).success).toBe(false);
    expect(notificationInput.safeParse({ ...base, tenantId: 'a#b' }).success).toBe(false);
  });
});
