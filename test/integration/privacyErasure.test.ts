import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, ScanCommand, type ScanCommandOutput } from '../../shared/db/commands.js';
import { mockClient } from 'aws-sdk-client-mock';
import { installLocalPrivacy, type LocalErasureRunner } from '../../bin/local/localErasure.js';
import { createAuthWebhooksHandler } from '../../lambdas/authWebhooks/handler.js';
import { createIdentityHandler } from '../../lambdas/identity/handler.js';
import { authWebhookHeader } from '../../shared/authWebhooks/authWebhookSignature.js';
import { readOrgLearnerTable } from '../../shared/analytics/orgLearnerTable.js';
import { readRollupSnapshot } from '../../shared/analytics/learnerRollups.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { erasureRequestKey, memberKey, paymentIntentKey, profileKey } from '../../shared/db/keys.js';
import { setCognito } from '../../shared/identity/cognito.js';
import { readLeaderboard } from '../../shared/leaderboards/leaderboardRead.js';
import { refreshLeaderboard } from '../../shared/leaderboards/leaderboardRefresh.js';
import { mediaBucketConfig, mediaS3 } from '../../shared/media/mediaBucket.js';
import { setErasureFault } from '../../shared/privacy/erasureSteps.js';
import { erasedUserRef } from '../../shared/privacy/privacyKeys.js';
import { reportBucketConfig, s3Client } from '../../shared/reports/reportBucket.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { appendRecords, ledgerRecord } from '../support/ledger.js';
import { FIXTURE_DATES, learnerWithEverything, type PrivacyFixture } from '../support/privacyFixture.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Issue 20 erasure: the learner or an org admin of their tenant erases an account; the synthesized
// erasure workflow runs locally; afterwards no item of the table or of either index carries the
// learner's id, email or name, payments remain without them, leaderboards and the next nightly run
// exclude them, and a second request returns the same receipt.

const unlimited = Object.fromEntries(['standard', 'bulk'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { identity: createIdentityHandler({ rateClasses: unlimited }), authWebhooks: createAuthWebhooksHandler({ rateClasses: { ...unlimited, auth: { limit: null, windowSeconds: 60 } } }) });
const db = documentClient();

const cognitoClient = new CognitoIdentityProviderClient({ region: 'us-east-1' });
const cognitoMock = mockClient(cognitoClient);
let runner: LocalErasureRunner;

beforeAll(() => {
  setCognito({ client: cognitoClient, userPoolId: 'us-east-1_test', clientId: 'client-test' });
  runner = installLocalPrivacy().erasure;
});
beforeEach(() => {
  cognitoMock.reset();
  cognitoMock.on(AdminDeleteUserCommand).resolves({});
});
afterAll(() => setCognito(undefined));

/** Test-only: every item of the table, gsi1 and gsi2 (a full Scan of each) that mentions one of `needles`. */
async function itemsMentioning(needles: readonly string[]): Promise<{ where: string; item: Record<string, unknown> }[]> {
  const found: { where: string; item: Record<string, unknown> }[] = [];
  for (const indexName of [undefined, 'gsi1', 'gsi2'] as const) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await db.send(new ScanCommand({ TableName: tableName(), ...(indexName ? { IndexName: indexName } : {}), ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) {
        const text = JSON.stringify(item, (_k, v: unknown) => (v instanceof Set ? [...v] : v instanceof Uint8Array ? 'binary' : v)).toLowerCase();
        if (needles.some((needle) => text.includes(needle.toLowerCase()))) found.push({ where: indexName ?? 'table', item });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return found;
}

async function objectExists(bucket: 'media' | 'files', key: string): Promise<boolean> {
  const [client, name] = bucket === 'media' ? [await mediaS3(), mediaBucketConfig().bucket] : [await s3Client(), reportBucketConfig().bucket];
  try {
    await client.send(new HeadObjectCommand({ Bucket: name, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

const learnerToken = (f: PrivacyFixture) => tokenFor({ userId: f.userId, tenantId: f.tenantId, roles: ['learner'], email: f.email });
const erase = (f: PrivacyFixture, token = learnerToken(f)) => api({ method: 'POST', path: `/api/users/${f.userId}/erasure`, token, body: {} });
/** Erasure's state: the answer of a repeated POST (idempotent; no GET route, see shared/routes/privacyRoutes.ts). */
const status = erase;

describe('erasure of a learner with activity in every feature', () => {
  let f: PrivacyFixture;
  let first: Awaited<ReturnType<typeof api>>;
  let done: Awaited<ReturnType<typeof api>>;
  let deleteCalls: unknown[];

  beforeAll(async () => {
    f = await learnerWithEverything(uniqueTenant('erase'));
    // Sanity: before erasure the scan finds the learner in the table and in both indexes.
    const before = await itemsMentioning([f.userId]);
    expect(new Set(before.map((b) => b.where))).toEqual(new Set(['table', 'gsi1', 'gsi2']));
    first = await erase(f);
    await runner.settleAll();
    done = await status(f);
    deleteCalls = cognitoMock.commandCalls(AdminDeleteUserCommand).map((c) => c.args[0].input);
  }, 120_000);

  it('answers 202 while it runs and then the receipt, which names no one', () => {
    expect(first.status).toBe(202);
    expect(first.body.data).toMatchObject({ status: 'pending', attempt: 1, receipt: null });
    expect(done.status).toBe(200);
    expect(done.body.data.status).toBe('erased');
    const receipt = done.body.data.receipt;
    expect(receipt).toMatchObject({ tenantId: f.tenantId, userRef: erasedUserRef(f.tenantId, f.userId), source: 'self', attempts: 1, tenants: 1, cognitoUser: 'deleted' });
    const text = JSON.stringify(receipt);
    for (const needle of [f.userId, f.email, f.fullName]) expect(text).not.toContain(needle);
    // Hand-counted from the fixture: 4 media-bucket objects (media source + thumbnail, upload, content file).
    expect(receipt.entities.media).toEqual({ deleted: 1, anonymised: 0, files: 2 });
    expect(receipt.entities.payment).toEqual({ deleted: 0, anonymised: 1, files: 1 });
    expect(receipt.entities.certificate).toEqual({ deleted: 3, anonymised: 0, files: 1 });
    expect(receipt.entities.courseReview).toEqual({ deleted: 1, anonymised: 0, files: 0 });
    // The one received xAPI statement and the learner's index entry of it.
    expect(receipt.entities.xapiStatement).toEqual({ deleted: 2, anonymised: 0, files: 0 });
  });

  it('leaves no item in the table, gsi1 or gsi2 that carries their id, email or name', async () => {
    expect(await itemsMentioning([f.userId, f.email, f.fullName])).toEqual([]);
  });

  it('deletes the S3 objects they owned (media, uploads, content, certificate, receipt, their report)', async () => {
    for (const key of f.mediaObjects) expect([key, await objectExists('media', key)]).toEqual([key, false]);
    for (const key of f.fileObjects) expect([key, await objectExists('files', key)]).toEqual([key, false]);
  });

  it('deletes the Cognito user', () => {
    expect(deleteCalls).toEqual([{ UserPoolId: 'us-east-1_test', Username: f.email }]);
  });

  it('keeps the payment, anonymised', async () => {
    const payment = (await db.send(new GetCommand({ TableName: tableName(), Key: paymentIntentKey(f.tenantId, f.paymentId), ConsistentRead: true }))).Item!;
    expect(payment).toMatchObject({ paymentId: f.paymentId, amountCents: 4900, currency: 'USD', courseId: f.courseId, status: 'succeeded', couponCode: 'SAVE10', userId: erasedUserRef(f.tenantId, f.userId), clientMetadata: {} });
    expect(payment.gsi1pk).toBeUndefined();
    expect(payment.receiptFileKey).toBeUndefined();
    expect(typeof payment.anonymisedAt).toBe('string');
  });

  it('removes them from every leaderboard, now and after the next refresh', async () => {
    const view = await readLeaderboard({ tenantId: f.tenantId, userId: f.otherId, period: 'alltime', type: 'overall', page: 1, limit: 10, now: new Date() });
    expect(JSON.stringify(view)).not.toContain(f.userId);
    // The other learner moved up to rank 1 of 1 (they were 2nd of 2 with 100 points against 500).
    expect(view.data.pagination.totalEntries).toBe(1);
    expect(view.data.entries).toHaveLength(1);
    expect(view.data.currentUser).toMatchObject({ rank: 1, points: 100 });
    for (const period of f.periods) await refreshLeaderboard(f.tenantId, period, new Date());
    expect(await itemsMentioning([f.userId])).toEqual([]);
  });

  it('leaves them out of the next nightly aggregates (rollups, org learner table)', async () => {
    const next = '2026-11-04';
    await appendRecords([ledgerRecord({ tenantId: f.tenantId, userId: f.otherId, timeZone: 'UTC', now: new Date(`${next}T10:00:00Z`), contentType: 'course', contentId: f.courseId, itemId: 'l3', seconds: 60 })]);
    await aggregateTenant({ tenantId: f.tenantId, date: next, trigger: 'nightly' });
    const snapshot = (await readRollupSnapshot(f.tenantId, next)).snapshot;
    expect([...snapshot.keys()]).toEqual([f.otherId]);
    // The other learner's cumulative totals (hand-counted): 3 events over 3 dates (200 + 100 + 60 s).
    expect(snapshot.get(f.otherId)!.t.slice(0, 2)).toEqual([3, 360]);
    expect([...(await readOrgLearnerTable(f.tenantId)).keys()]).toEqual([f.otherId]);
    expect(await itemsMentioning([f.userId])).toEqual([]);
  });

  it('keeps the other learner\'s data', async () => {
    const member = await db.send(new GetCommand({ TableName: tableName(), Key: memberKey(f.tenantId, f.otherId) }));
    expect(member.Item?.userId).toBe(f.otherId);
    const snapshot = (await readRollupSnapshot(f.tenantId, FIXTURE_DATES[1])).snapshot;
    expect([...snapshot.keys()]).toEqual([f.otherId]);
  });

  it('returns the same receipt to a second erasure request (and starts nothing)', async () => {
    const executions = runner.executions.size;
    const again = await erase(f);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(done.body.data);
    // DynamoDB requests per call (docs/data-model.md "Erasure workflow requests"): the receipt's GetItem only.
    expect([again.dynamoDbRequests, again.dynamoDbByCommand]).toEqual([1, { GetItemCommand: 1 }]);
    expect(runner.executions.size).toBe(executions);
    expect(cognitoMock.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
  });
});

describe('erasure deletes the Cognito user', () => {
  it('calls AdminDeleteUser with the account\'s sign-in name, once', async () => {
    const tenantId = uniqueTenant('erase-cog');
    const userId = `u-${randomUUID()}`;
    const email = `${userId}@example.test`;
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...profileKey(userId), userId, email, fullName: 'Cog Nito', homeTenantId: tenantId, memberships: { [tenantId]: { roles: ['learner'] } } } }));
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, userId), userId, tenantId, roles: ['learner'] } }));
    const r = await api({ method: 'POST', path: `/api/users/${userId}/erasure`, token: tokenFor({ userId, tenantId, roles: ['learner'] }), body: {} });
    expect(r.status).toBe(202);
    await runner.settleAll();
    expect(cognitoMock.commandCalls(AdminDeleteUserCommand).map((c) => c.args[0].input)).toEqual([{ UserPoolId: 'us-east-1_test', Username: email }]);
    expect(await itemsMentioning([userId, email])).toEqual([]);
  });
});

describe('the account lifecycle webhook\'s user.deleted', () => {
  it('erases the account through the workflow, with a receipt whose source is the webhook', async () => {
    const f = await learnerWithEverything(uniqueTenant('erase-hook'));
    const admin = tokenFor({ userId: `a-${randomUUID()}`, tenantId: f.tenantId, roles: ['org_admin'] });
    const secret = (await api({ method: 'PUT', path: '/api/v1/auth/webhooks/auth/secret/', token: admin, body: {} })).body.secret as string;
    const rawBody = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'user.deleted', occurred_at: new Date(Date.now() - 1000).toISOString(), data: { user_id: f.userId } });
    const delivered = await api({ method: 'POST', path: `/api/v1/auth/webhooks/auth/?tenant=${f.tenantId}`, rawBody, headers: { 'content-type': 'application/json', 'x-supabase-signature': authWebhookHeader(secret, Math.floor(Date.now() / 1000), rawBody) } });
    expect(delivered.status).toBe(200);
    expect(delivered.body.outcome).toBe('processed');
    await runner.settleAll();
    const done = await api({ method: 'POST', path: `/api/users/${f.userId}/erasure`, token: admin, body: {} });
    expect(done.body.data).toMatchObject({ status: 'erased', receipt: { source: 'auth_webhook', cognitoUser: 'deleted' } });
    // The webhook's own claim of the event named the user: it is anonymised too.
    expect(await itemsMentioning([f.userId, f.email, f.fullName])).toEqual([]);
  }, 120_000);
});

describe('erasure is resumable', () => {
  it('a step that fails leaves the request failed; a new request resumes and completes it with one receipt', async () => {
    const f = await learnerWithEverything(uniqueTenant('erase-resume'));
    let injected = 0;
    setErasureFault((target) => {
      if (target.entity === 'learnerRollup' && injected++ === 0) throw new Error('injected fault');
    });
    try {
      expect((await erase(f)).status).toBe(202);
      await runner.settleAll();
      // The own-data phase ran before the fault (shared views are next): the ledger is gone, the rollups not yet.
      const request = (await db.send(new GetCommand({ TableName: tableName(), Key: erasureRequestKey(f.tenantId, f.userId), ConsistentRead: true }))).Item!;
      expect(request).toMatchObject({ status: 'failed', attempt: 1, lastError: 'Error' });
      expect(request.counts.activityLedger.deleted).toBe(4);
      expect(request.counts.learnerRollup).toBeUndefined();
      expect((await readRollupSnapshot(f.tenantId, FIXTURE_DATES[1])).snapshot.has(f.userId)).toBe(true);

      const resumed = await erase(f);
      expect(resumed.status).toBe(202);
      expect(resumed.body.data).toMatchObject({ status: 'pending', attempt: 2 });
      await runner.settleAll();
      const done = await status(f);
      expect(done.body.data).toMatchObject({ status: 'erased', attempt: 2 });
      expect(done.body.data.receipt.attempts).toBe(2);
      // Counted once across both attempts: the ledger's 4 records (3 appended, 1 from the xAPI statement).
      expect(done.body.data.receipt.entities.activityLedger).toEqual({ deleted: 4, anonymised: 0, files: 0 });
      expect(await itemsMentioning([f.userId, f.email, f.fullName])).toEqual([]);
      expect(injected).toBe(2);
    } finally {
      setErasureFault(undefined);
    }
  }, 120_000);
});

describe('who may erase an account', () => {
  async function account(tenantId: string, home = tenantId) {
    const userId = `u-${randomUUID()}`;
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...profileKey(userId), userId, email: `${userId}@example.test`, fullName: 'Role Test', homeTenantId: home, memberships: { [tenantId]: { roles: ['learner'] } } } }));
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, userId), userId, tenantId, roles: ['learner'] } }));
    return userId;
  }

  it('own: 202; another learner: 403; org admin of the tenant: 202; org admin of another tenant: 404; no token: 401', async () => {
    const tenantId = uniqueTenant('erase-roles');
    const [self, victim, byAdmin] = [await account(tenantId), await account(tenantId), await account(tenantId)];
    const other = uniqueTenant('erase-other');
    const path = (id: string) => `/api/users/${id}/erasure`;
    expect((await api({ method: 'POST', path: path(self), token: tokenFor({ userId: self, tenantId, roles: ['learner'] }), body: {} })).status).toBe(202);
    const peer = await api({ method: 'POST', path: path(victim), token: tokenFor({ userId: self, tenantId, roles: ['learner'] }), body: {} });
    expect([peer.status, peer.body.error.code]).toEqual([403, 'AUTHORIZATION_DENIED']);
    const admin = tokenFor({ userId: `a-${randomUUID()}`, tenantId, roles: ['org_admin'] });
    expect((await api({ method: 'POST', path: path(byAdmin), token: admin, body: {} })).status).toBe(202);
    const foreignAdmin = tokenFor({ userId: `a-${randomUUID()}`, tenantId: other, roles: ['org_admin'] });
    expect((await api({ method: 'POST', path: path(victim), token: foreignAdmin, body: {} })).status).toBe(404);
    expect((await api({ method: 'POST', path: path(victim), body: {} })).status).toBe(401);
    await runner.settleAll();
    expect((await api({ method: 'POST', path: path(byAdmin), token: admin, body: {} })).body.data.receipt.source).toBe('org_admin');
    // The victim was never erased: still a member.
    expect((await db.send(new GetCommand({ TableName: tableName(), Key: memberKey(tenantId, victim) }))).Item).toBeDefined();
  }, 60_000);

  it('an org admin cannot erase a member whose account belongs to another organization (403), and unknown fields are 400', async () => {
    const tenantId = uniqueTenant('erase-home');
    const guest = await account(tenantId, uniqueTenant('home'));
    const admin = tokenFor({ userId: `a-${randomUUID()}`, tenantId, roles: ['org_admin'] });
    expect((await api({ method: 'POST', path: `/api/users/${guest}/erasure`, token: admin, body: {} })).status).toBe(403);
    const bad = await api({ method: 'POST', path: `/api/users/${guest}/erasure`, token: tokenFor({ userId: guest, tenantId, roles: ['learner'] }), body: { userId: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    expect((await db.send(new GetCommand({ TableName: tableName(), Key: erasureRequestKey(tenantId, guest) }))).Item).toBeUndefined();
  });
});
