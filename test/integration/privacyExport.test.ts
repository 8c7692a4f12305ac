import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PutCommand } from '../../shared/db/commands.js';
import { installLocalPrivacy } from '../../bin/local/localErasure.js';
import { createIdentityHandler } from '../../lambdas/identity/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { memberKey, profileKey } from '../../shared/db/keys.js';
import { EXPORT_FORMAT, EXPORTS_PER_DAY } from '../../shared/privacy/exportService.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { appendRecords, ledgerRecord } from '../support/ledger.js';
import { learnerWithEverything } from '../support/privacyFixture.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Issue 20 data export: a learner's JSON archive in S3 behind a presigned URL, built at once for a
// small account and by the export worker for a large one; complete against docs/data-model.md.

const unlimited = Object.fromEntries(['standard', 'bulk'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { identity: createIdentityHandler({ rateClasses: unlimited }) });
const db = documentClient();
let worker: ReturnType<typeof installLocalPrivacy>['exports'];
beforeAll(() => {
  worker = installLocalPrivacy().exports;
});

/** The entities docs/data-model.md lists in its machine-read "User data" table. */
function documentedEntities(): string[] {
  const doc = readFileSync(new URL('../../docs/data-model.md', import.meta.url), 'utf8');
  const table = /<!-- user-data-entities:start -->([\s\S]*?)<!-- user-data-entities:end -->/.exec(doc)?.[1] ?? '';
  return [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]!);
}

async function download(url: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- the archive is arbitrary JSON
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return JSON.parse(await response.text());
}

async function plainLearner(tenantId: string) {
  const userId = `u-${randomUUID()}`;
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...profileKey(userId), userId, email: `${userId}@example.test`, fullName: 'Plain Learner', homeTenantId: tenantId, memberships: { [tenantId]: { roles: ['learner'] } } } }));
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, userId), userId, tenantId, roles: ['learner'] } }));
  return { userId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
}

describe('data export', () => {
  it('is complete: every entity docs/data-model.md lists as user data is in a learner\'s archive, with only their entries of shared items', async () => {
    const f = await learnerWithEverything(uniqueTenant('export'));
    const token = tokenFor({ userId: f.userId, tenantId: f.tenantId, roles: ['learner'], email: f.email });
    const created = await api({ method: 'POST', path: '/api/users/export', token, body: {} });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ success: true, data: { status: 'ready', mode: 'inline', error: null } });
    const archive = await download(created.body.data.downloadUrl);
    expect(archive).toMatchObject({ format: EXPORT_FORMAT, userId: f.userId, tenantId: f.tenantId, exportId: created.body.data.exportId });
    const entities = documentedEntities();
    expect(entities.length).toBeGreaterThanOrEqual(40);
    const missing = entities.filter((name) => !(Array.isArray(archive.entities[name]) && archive.entities[name].length > 0));
    expect(missing).toEqual([]);
    // Counts in the answer match the archive.
    for (const name of entities) expect([name, created.body.data.entities[name]]).toEqual([name, archive.entities[name].length]);
    // Shared items (rollups, active sets, peer and org tables, leaderboards) show only this learner.
    expect(JSON.stringify(archive)).not.toContain(f.otherId);
    // Hand-checked values: the ledger's four records (three appended, one from the xAPI statement), the
    // profile's name and the payment's amount.
    expect(archive.entities.activityLedger).toHaveLength(4);
    // The received xAPI statement, as stored (its index entry is not shown), with the name and email it carries.
    expect(archive.entities.xapiStatement).toHaveLength(1);
    expect(archive.entities.xapiStatement[0]).toMatchObject({ statementId: f.xapiStatementId, userId: f.userId, statement: { id: f.xapiStatementId, actor: { name: f.fullName, account: { name: f.userId } }, context: { extensions: { 'https://lms.example.test/xapi/learner-email': f.email } } } });
    expect(archive.entities.xapiStatement[0].pk).toBeUndefined();
    expect(archive.entities.profile.find((p: { sk?: string; fullName?: string }) => p.fullName)?.fullName).toBe(f.fullName);
    expect(archive.entities.payment[0]).toMatchObject({ paymentId: f.paymentId, amountCents: 4900 });
    expect(archive.entities.memory.find((m: { vector?: string }) => m.vector)?.vector).toBe(Buffer.from([1, 2, 3]).toString('base64'));
    for (const item of archive.entities.activityLedger) expect(item.pk).toBeUndefined();
  }, 120_000);

  it('builds a large account\'s archive in the background: 202 queued, then ready on the status route', async () => {
    const tenantId = uniqueTenant('export-bg');
    const learner = await plainLearner(tenantId);
    await appendRecords([1, 2, 3].map((i) => ledgerRecord({ tenantId, userId: learner.userId, timeZone: 'UTC', now: new Date(`2026-11-0${i}T10:00:00Z`), contentId: 'c1', itemId: `l${i}`, seconds: 60 })));
    process.env.EXPORT_SYNC_LEDGER_LIMIT = '3';
    try {
      const queued = await api({ method: 'POST', path: '/api/users/export', token: learner.token, body: {} });
      expect(queued.status).toBe(202);
      expect(queued.body.data).toMatchObject({ status: 'queued', mode: 'background', downloadUrl: null });
      // One at a time: a second request while it is queued answers the same export.
      const again = await api({ method: 'POST', path: '/api/users/export', token: learner.token, body: {} });
      expect([again.status, again.body.data.exportId]).toEqual([202, queued.body.data.exportId]);
      await worker.idle();
      const ready = await api({ method: 'GET', path: `/api/users/export/${queued.body.data.exportId}`, token: learner.token });
      expect(ready.status).toBe(200);
      expect(ready.body.data).toMatchObject({ status: 'ready', mode: 'background' });
      expect(ready.body.data.entities.activityLedger).toBe(3);
      const archive = await download(ready.body.data.downloadUrl);
      expect(archive.entities.activityLedger).toHaveLength(3);
    } finally {
      delete process.env.EXPORT_SYNC_LEDGER_LIMIT;
    }
  });

  it('allows 5 exports a day (429 beyond) and unknown fields are 400', async () => {
    const tenantId = uniqueTenant('export-limit');
    const learner = await plainLearner(tenantId);
    for (let i = 0; i < EXPORTS_PER_DAY; i++) expect((await api({ method: 'POST', path: '/api/users/export', token: learner.token, body: {} })).status).toBe(201);
    const refused = await api({ method: 'POST', path: '/api/users/export', token: learner.token, body: {} });
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    const bad = await api({ method: 'POST', path: '/api/users/export', token: learner.token, body: { userId: 'someone-else' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('is the owner\'s only: another learner, an org admin of the tenant and another tenant get 404; no token 401', async () => {
    const tenantId = uniqueTenant('export-roles');
    const owner = await plainLearner(tenantId);
    const created = await api({ method: 'POST', path: '/api/users/export', token: owner.token, body: {} });
    const path = `/api/users/export/${created.body.data.exportId}`;
    const own = await api({ method: 'GET', path, token: owner.token });
    expect(own.status).toBe(200);
    // DynamoDB requests per call (docs/data-model.md): one GetItem of the export.
    expect([own.dynamoDbRequests, own.dynamoDbByCommand]).toEqual([1, { GetItemCommand: 1 }]);
    const peer = await plainLearner(tenantId);
    expect((await api({ method: 'GET', path, token: peer.token })).status).toBe(404);
    expect((await api({ method: 'GET', path, token: tokenFor({ userId: `a-${randomUUID()}`, tenantId, roles: ['org_admin'] }) })).status).toBe(404);
    expect((await api({ method: 'GET', path, token: tokenFor({ userId: owner.userId, tenantId: uniqueTenant('x'), roles: ['learner'] }) })).status).toBe(404);
    expect((await api({ method: 'GET', path })).status).toBe(401);
    expect((await api({ method: 'POST', path: '/api/users/export', body: {} })).status).toBe(401);
  });
});
