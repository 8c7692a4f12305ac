import { GetCommand, PutCommand, QueryCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createAuthWebhooksHandler } from '../../lambdas/authWebhooks/handler.js';
import { authWebhookHeader } from '../../shared/authWebhooks/authWebhookSignature.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { authSessionEventKey, authWebhookEventKey, authWebhookSecretKey, erasureRequestKey, memberKey, profileKey } from '../../shared/db/keys.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// The account lifecycle webhook (issue 20, seed 002 `POST /api/v1/auth/webhooks/auth/`): signed
// identity-provider events of one tenant, each accepted once, and the org admin's secret routes.

const unlimited = Object.fromEntries(['standard', 'auth'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { authWebhooks: createAuthWebhooksHandler({ rateClasses: unlimited }) });
const db = documentClient();
const put = (item: Record<string, unknown>) => db.send(new PutCommand({ TableName: tableName(), Item: item }));
const get = async (key: { pk: string; sk: string }) => (await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function member(tenantId: string, home = tenantId) {
  const userId = randomUUID();
  const at = '2026-01-01T00:00:00.000Z';
  await put({ ...profileKey(userId), type: 'profile', userId, email: `${userId}@example.test`, fullName: 'Ada Before', timezone: 'UTC', homeTenantId: home, memberships: { [tenantId]: { roles: ['learner'], joinedAt: at } }, plan: 'free', createdAt: at, updatedAt: at });
  await put({ ...memberKey(tenantId, userId), type: 'member', tenantId, userId, roles: ['learner'], joinedAt: at });
  return userId;
}

/** A tenant with a generated signing secret (set through the admin route) and one member. */
async function tenantWithSecret(label: string) {
  const tenantId = uniqueTenant(label);
  const admin = tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
  const set = await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token: admin, body: {} });
  expect(set.status).toBe(200);
  return { tenantId, admin, secret: set.body.secret as string, userId: await member(tenantId) };
}

let sequence = 0;
function event(type: string, userId: string, data: Record<string, unknown> = {}, occurredAt = new Date(Date.now() - 1000 + sequence++).toISOString()) {
  return { id: `evt_${randomUUID()}`, type, occurred_at: occurredAt, data: { user_id: userId, ...data } };
}

function deliver(tenantId: string, secret: string, body: unknown, options: { timestamp?: number; header?: string; rawBody?: string } = {}) {
  const rawBody = options.rawBody ?? JSON.stringify(body);
  const header = options.header ?? authWebhookHeader(secret, options.timestamp ?? nowSeconds(), rawBody);
  return api({ method: 'POST', path: `/api/v1/auth/webhooks/auth/?tenant=${tenantId}`, rawBody, headers: { 'content-type': 'application/json', 'x-supabase-signature': header } });
}

/** Everything a delivery about `userId` could change in `tenantId`, to compare before and after. */
async function snapshot(tenantId: string, userId: string, eventId: string) {
  const sessions = await db.send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': authSessionEventKey(tenantId, userId, '', '').pk }, ConsistentRead: true }));
  return { profile: await get(profileKey(userId)), claim: await get(authWebhookEventKey(tenantId, eventId)), erasure: await get(erasureRequestKey(tenantId, userId)), sessions: sessions.Items ?? [] };
}

describe('account lifecycle webhook: signing secret', () => {
  it('lets an org admin generate a secret (shown once), read its status (never the secret) and rotate it', async () => {
    const tenantId = uniqueTenant('aw-secret');
    const admin = tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
    const before = await api({ method: 'GET', path: '/api/v1/auth/webhooks/auth/secret/', token: admin });
    expect(before.body).toEqual({ configured: false, version: null, created_at: null, previous_valid_until: null });
    const set = await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token: admin, body: {} });
    expect(set.status).toBe(200);
    expect(set.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(set.body).toMatchObject({ configured: true, version: 1, previous_valid_until: null });
    const status = await api({ method: 'GET', path: '/api/v1/auth/webhooks/auth/secret/', token: admin });
    expect(status.body).toEqual({ configured: true, version: 1, created_at: set.body.created_at, previous_valid_until: null });
    expect(status.rawBody).not.toContain(set.body.secret);
    // stored encrypted: the item does not hold the secret in any form a scan would show
    const item = await get(authWebhookSecretKey(tenantId));
    expect(JSON.stringify(item)).not.toContain(set.body.secret.slice(6));
    const own = 'idp-generated-secret-0123456789-abcdefghij';
    const rotated = await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token: admin, body: { secret: own } });
    expect(rotated.body).toMatchObject({ configured: true, version: 2, secret: null });
    // the previous secret stays valid 24 h after the rotation
    expect(Date.parse(rotated.body.previous_valid_until) - Date.parse(rotated.body.created_at)).toBe(24 * 3_600_000);
  });

  it('refuses learners and instructors (403), callers without a token (401), and short secrets (400)', async () => {
    const tenantId = uniqueTenant('aw-secret-403');
    for (const roles of [['learner'], ['instructor']] as const) {
      const token = tokenFor({ userId: randomUUID(), tenantId, roles: [...roles] });
      expect((await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token, body: {} })).status).toBe(403);
      expect((await api({ method: 'GET', path: '/api/v1/auth/webhooks/auth/secret/', token })).status).toBe(403);
    }
    expect((await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', body: {}, headers: { 'x-community-id': tenantId } })).status).toBe(401);
    const admin = tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
    const short = await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token: admin, body: { secret: 'too-short' } });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('secret');
    expect((await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token: admin, body: { secret: 'x'.repeat(40), version: 3 } })).status).toBe(400);
    expect(await get(authWebhookSecretKey(tenantId))).toBeUndefined();
  });
});

describe('account lifecycle webhook: deliveries', () => {
  it('syncs the profile on user.updated with one read and one transaction', async () => {
    const t = await tenantWithSecret('aw-update');
    const body = event('user.updated', t.userId, { full_name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace', avatar_url: 'https://idp.example/ada.png' });
    const r = await deliver(t.tenantId, t.secret, body);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ received: true, event_id: body.id, outcome: 'processed' });
    expect(r.dynamoDbByCommand).toEqual({ GetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(await get(profileKey(t.userId))).toMatchObject({ fullName: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', avatarUrl: 'https://idp.example/ada.png', idpSyncedAt: body.occurred_at, email: `${t.userId}@example.test` });
    const cleared = await deliver(t.tenantId, t.secret, event('user.updated', t.userId, { avatar_url: null }));
    expect(cleared.body.outcome).toBe('processed');
    const profile = await get(profileKey(t.userId));
    expect(profile?.avatarUrl).toBeUndefined();
    expect(profile?.fullName).toBe('Ada Lovelace');
  });

  it('answers 400 and changes nothing for a bad signature', async () => {
    const t = await tenantWithSecret('aw-badsig');
    const other = await tenantWithSecret('aw-badsig-other');
    const body = event('user.updated', t.userId, { full_name: 'Mallory' });
    const rawBody = JSON.stringify(body);
    const before = await snapshot(t.tenantId, t.userId, body.id);
    const attempts: [string, Promise<Awaited<ReturnType<typeof api>>>][] = [
      ['wrong secret', deliver(t.tenantId, `${t.secret}x`, body)],
      ['another tenant\'s secret', deliver(t.tenantId, other.secret, body)],
      ['tampered body', deliver(t.tenantId, t.secret, body, { rawBody: rawBody.replace('Mallory', 'Mallorx'), header: authWebhookHeader(t.secret, nowSeconds(), rawBody) })],
      ['tampered timestamp', deliver(t.tenantId, t.secret, body, { header: authWebhookHeader(t.secret, nowSeconds(), rawBody).replace(/t=(\d+)/, (_, s: string) => `t=${Number(s) - 1}`) })],
      ['malformed header', deliver(t.tenantId, t.secret, body, { header: 'sha256=abc' })],
      ['missing header', api({ method: 'POST', path: `/api/v1/auth/webhooks/auth/?tenant=${t.tenantId}`, body })],
    ];
    for (const [label, pending] of attempts) {
      const r = await pending;
      expect([label, r.status, r.body.error.code]).toEqual([label, 400, 'VALIDATION_ERROR']);
      expect(JSON.stringify(r.body.error.details)).toContain('x-supabase-signature');
    }
    // a tenant without a secret cannot receive anything
    const unset = uniqueTenant('aw-unset');
    expect((await deliver(unset, t.secret, body)).status).toBe(400);
    expect(await snapshot(t.tenantId, t.userId, body.id)).toEqual(before);
    expect(await get(authWebhookEventKey(unset, body.id))).toBeUndefined();
  });

  it('answers 400 and changes nothing for a timestamp outside 300 s, either way', async () => {
    const t = await tenantWithSecret('aw-stale');
    const body = event('user.deleted', t.userId);
    const before = await snapshot(t.tenantId, t.userId, body.id);
    for (const timestamp of [nowSeconds() - 301, nowSeconds() + 301]) {
      const r = await deliver(t.tenantId, t.secret, body, { timestamp });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0]).toMatchObject({ field: 'headers.x-supabase-signature', code: 'timestamp_outside_tolerance' });
    }
    expect(await snapshot(t.tenantId, t.userId, body.id)).toEqual(before);
    // 290 s old is inside the window
    expect((await deliver(t.tenantId, t.secret, body, { timestamp: nowSeconds() - 290 })).status).toBe(200);
  });

  it('answers 400 to a replay and changes nothing, even after later events', async () => {
    const t = await tenantWithSecret('aw-replay');
    const first = event('user.updated', t.userId, { full_name: 'First Name' });
    const rawFirst = JSON.stringify(first);
    const header = authWebhookHeader(t.secret, nowSeconds(), rawFirst);
    expect((await deliver(t.tenantId, t.secret, first, { rawBody: rawFirst, header })).status).toBe(200);
    const second = event('user.updated', t.userId, { full_name: 'Second Name' });
    expect((await deliver(t.tenantId, t.secret, second)).status).toBe(200);
    const before = await snapshot(t.tenantId, t.userId, first.id);
    // the captured delivery, byte for byte, and the same event freshly signed
    for (const attempt of [deliver(t.tenantId, t.secret, first, { rawBody: rawFirst, header }), deliver(t.tenantId, t.secret, first)]) {
      const r = await attempt;
      expect(r.status).toBe(400);
      expect(r.body.error.details[0]).toMatchObject({ field: 'body.id', code: 'event_replayed' });
    }
    expect(await snapshot(t.tenantId, t.userId, first.id)).toEqual(before);
    expect(before.profile?.fullName).toBe('Second Name');
    // ten concurrent deliveries of one new event: one takes effect
    const third = event('session.created', t.userId, { session_id: 'sess_1' });
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(t.tenantId, t.secret, third)));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(400)]);
    expect((await snapshot(t.tenantId, t.userId, third.id)).sessions).toHaveLength(1);
  });

  it('records session events, marks a deleted account for erasure once, and records user.created', async () => {
    const t = await tenantWithSecret('aw-events');
    const opened = event('session.created', t.userId, { session_id: 'sess_a' });
    const closed = event('session.ended', t.userId, { session_id: 'sess_a' });
    expect((await deliver(t.tenantId, t.secret, opened)).body.outcome).toBe('processed');
    expect((await deliver(t.tenantId, t.secret, closed)).body.outcome).toBe('processed');
    const sessions = (await snapshot(t.tenantId, t.userId, opened.id)).sessions;
    expect(sessions.map((s) => [s.event, s.sessionId, s.occurredAt])).toEqual([
      ['created', 'sess_a', opened.occurred_at],
      ['ended', 'sess_a', closed.occurred_at],
    ]);
    const deleted = event('user.deleted', t.userId);
    const r = await deliver(t.tenantId, t.secret, deleted);
    expect(r.body.outcome).toBe('processed');
    const request = await get(erasureRequestKey(t.tenantId, t.userId));
    expect(request).toMatchObject({ entity: 'erasureRequest', status: 'pending', source: 'auth_webhook', sourceEventId: deleted.id, userId: t.userId });
    // a second deletion event (another id) leaves the one request as it was
    expect((await deliver(t.tenantId, t.secret, event('user.deleted', t.userId))).body.outcome).toBe('processed');
    expect(await get(erasureRequestKey(t.tenantId, t.userId))).toEqual(request);
    // the account is only marked: its profile is still there (erasure is a later workflow)
    expect(await get(profileKey(t.userId))).toBeDefined();
    const created = event('user.created', randomUUID());
    expect((await deliver(t.tenantId, t.secret, created)).body.outcome).toBe('recorded');
    expect(await get(authWebhookEventKey(t.tenantId, created.id))).toMatchObject({ eventType: 'user.created', outcome: 'recorded' });
  });

  it('ignores events about users outside the tenant, accounts homed elsewhere, and out-of-order updates', async () => {
    const t = await tenantWithSecret('aw-scope');
    const other = await tenantWithSecret('aw-scope-other');
    // a member of the signing tenant whose home tenant is another one: its IdP does not own the profile
    const visitor = await member(t.tenantId, other.tenantId);
    for (const [userId, type] of [[other.userId, 'user.updated'], [other.userId, 'user.deleted'], [other.userId, 'session.created'], [visitor, 'user.updated']] as const) {
      const body = event(type, userId, type === 'user.updated' ? { full_name: 'Hijacked' } : {});
      const r = await deliver(t.tenantId, t.secret, body);
      expect([type, r.status, r.body.outcome]).toEqual([type, 200, 'ignored']);
      expect(await get(authWebhookEventKey(t.tenantId, body.id))).toMatchObject({ outcome: 'ignored' });
    }
    expect((await get(profileKey(other.userId)))?.fullName).toBe('Ada Before');
    expect((await get(profileKey(visitor)))?.fullName).toBe('Ada Before');
    expect(await get(erasureRequestKey(t.tenantId, other.userId))).toBeUndefined();
    expect(await get(erasureRequestKey(other.tenantId, other.userId))).toBeUndefined();
    const newer = event('user.updated', t.userId, { full_name: 'Newer' }, new Date(Date.now() - 1000).toISOString());
    const older = event('user.updated', t.userId, { full_name: 'Older' }, new Date(Date.now() - 60_000).toISOString());
    expect((await deliver(t.tenantId, t.secret, newer)).body.outcome).toBe('processed');
    expect((await deliver(t.tenantId, t.secret, older)).body.outcome).toBe('ignored');
    expect((await get(profileKey(t.userId)))?.fullName).toBe('Newer');
  });

  it('accepts the previous secret during the 24 h after a rotation, and not after', async () => {
    const t = await tenantWithSecret('aw-rotate');
    const rotated = await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token: t.admin, body: {} });
    const fresh = rotated.body.secret as string;
    expect((await deliver(t.tenantId, t.secret, event('session.created', t.userId))).status).toBe(200);
    expect((await deliver(t.tenantId, fresh, event('session.created', t.userId))).status).toBe(200);
    const later = Date.now() + 24 * 3_600_000 + 60_000;
    const tomorrow = httpClient(ROUTES, { authWebhooks: createAuthWebhooksHandler({ rateClasses: unlimited, now: () => later }) });
    const send = (secret: string) => {
      const body = JSON.stringify(event('session.created', t.userId, {}, new Date(later - 1000).toISOString()));
      return tomorrow({ method: 'POST', path: `/api/v1/auth/webhooks/auth/?tenant=${t.tenantId}`, rawBody: body, headers: { 'content-type': 'application/json', 'x-supabase-signature': authWebhookHeader(secret, Math.floor(later / 1000), body) } });
    };
    expect((await send(t.secret)).status).toBe(400);
    expect((await send(fresh)).status).toBe(200);
  });

  it('validates the event strictly (400 naming the field) before anything is written', async () => {
    const t = await tenantWithSecret('aw-400');
    const good = event('user.updated', t.userId);
    const cases: [unknown, string][] = [
      [{ ...good, type: 'user.renamed' }, 'type'],
      [{ ...good, extra: 1 }, 'extra'],
      [{ ...good, data: { ...good.data, email: 'x@example.test' } }, 'email'],
      [{ ...good, data: { ...good.data, avatar_url: 'javascript:alert(1)' } }, 'avatar_url'],
      [{ ...good, occurred_at: 'yesterday' }, 'occurred_at'],
      [{ ...good, id: 'evt#1' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const r = await deliver(t.tenantId, t.secret, body);
      expect([field, r.status]).toEqual([field, 400]);
      expect(JSON.stringify(r.body.error.details)).toContain(field);
    }
    const raw = JSON.stringify(good);
    const noTenant = await api({ method: 'POST', path: '/api/v1/auth/webhooks/auth/', rawBody: raw, headers: { 'content-type': 'application/json', 'x-supabase-signature': authWebhookHeader(t.secret, nowSeconds(), raw) } });
    expect(noTenant.status).toBe(400);
    expect(JSON.stringify(noTenant.body)).toContain('tenant');
    expect((await get(profileKey(t.userId)))?.idpSyncedAt).toBeUndefined();
  });
});
