import { GetCommand, PutCommand, QueryCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { createProgressHandler } from '../../lambdas/progress/handler.js';
import { createXapiHandler } from '../../lambdas/xapi/handler.js';
import { handler as authoringHandler } from '../../lambdas/authoring/handler.js';
import { handler as catalogHandler } from '../../lambdas/catalog/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { memberKey, xapiLearnerStatementsPartition, xapiLrsKey } from '../../shared/db/keys.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { xapiHomePage } from '../../shared/xapi/xapiHome.js';
import { caller, publishedCourse } from '../support/catalog.js';
import { httpClient, type CallOptions } from '../support/http.js';
import { ledgerOf } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// xAPI in (issue 22): POST / PUT / GET /xapi/statements with a learner's bearer token or the tenant's
// HTTP Basic LRS credential, mapped onto the progress engine with the statement id as the event id;
// and the org admin's LRS and credential routes.

const unlimited = Object.fromEntries(['standard', 'integration', 'tutorial-read', 'authenticated-hourly'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { xapi: createXapiHandler({ rateClasses: unlimited }), progress: createProgressHandler({ rateClasses: unlimited }), catalog: catalogHandler, authoring: authoringHandler });
const VERSION = { 'x-experience-api-version': '1.0.3' };
const V = (verb: string) => `http://adlnet.gov/expapi/verbs/${verb}`;

function learnerOf(tenantId: string) {
  const userId = randomUUID();
  return { tenantId, userId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
}

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

function quizStatement(tenantId: string, userId: string, fields: { id?: string; verb?: string; raw?: number; max?: number; quizId?: string } = {}) {
  return {
    ...(fields.id ? { id: fields.id } : {}),
    actor: { objectType: 'Agent', account: { homePage: xapiHomePage(tenantId), name: userId } },
    verb: { id: fields.verb ?? V('passed'), display: { 'en-US': 'passed' } },
    object: { objectType: 'Activity', id: `${xapiHomePage(tenantId)}/activities/tutorials/xapi-in/quizzes/${fields.quizId ?? 'q1'}` },
    result: { score: { raw: fields.raw ?? 8, min: 0, max: fields.max ?? 10 }, success: true },
  };
}

const post = (body: unknown, auth: Partial<CallOptions> = {}, headers: Record<string, string> = VERSION) => api({ method: 'POST', path: '/xapi/statements', body, ...auth, headers: { ...headers, ...auth.headers } });
const tutorialOf = (learner: { token: string }) => api({ method: 'GET', path: '/v1/tutorials/progress/xapi-in', token: learner.token });

async function credentialFor(tenantId: string) {
  const admin = tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
  const created = await api({ method: 'POST', path: '/api/v1/xapi/credentials', token: admin, body: { label: 'content server' } });
  expect(created.status).toBe(201);
  return { admin, username: created.body.data.username as string, password: created.body.data.password as string, keyId: created.body.data.key_id as string };
}

/** The learner's statement index entries (issue 20: export and erasure find their statements through them). */
async function indexedStatements(tenantId: string, userId: string): Promise<string[]> {
  const page = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': xapiLearnerStatementsPartition(tenantId, userId) }, ConsistentRead: true }));
  return (page.Items ?? []).map((item) => `${item.sk as string}=${item.statementId as string}`);
}

async function addMember(tenantId: string, userId: string) {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, userId), type: 'member', tenantId, userId, roles: ['learner'], joinedAt: '2026-01-01T00:00:00.000Z' } }));
}

describe('xAPI in: version header', () => {
  it('refuses a missing or unsupported X-Experience-API-Version with 400 naming the header, and sets it on answers', async () => {
    const learner = learnerOf(uniqueTenant('xin-version'));
    const missing = await post(quizStatement(learner.tenantId, learner.userId), { token: learner.token }, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ field: 'headers.x-experience-api-version', code: 'required' })]);
    const unsupported = await post(quizStatement(learner.tenantId, learner.userId), { token: learner.token }, { 'x-experience-api-version': '0.95' });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error.details).toEqual([expect.objectContaining({ field: 'headers.x-experience-api-version', code: 'unsupported_version' })]);
    const ok = await post(quizStatement(learner.tenantId, learner.userId), { token: learner.token }, { 'x-experience-api-version': '1.0.0' });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-experience-api-version']).toBe('1.0.3');
    // nothing was applied by the refused calls: one ledger record
    expect(await ledgerOf(learner.tenantId, learner.userId)).toHaveLength(1);
  });
});

describe('xAPI in: statements with the learner\'s bearer token', () => {
  it('applies a statement once: a replay answers the same id and changes nothing (one ledger record, one attempt)', async () => {
    const learner = learnerOf(uniqueTenant('xin-replay'));
    const id = randomUUID();
    const first = await post(quizStatement(learner.tenantId, learner.userId, { id }), { token: learner.token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual([id]);
    // a new statement: its stored check (GetItem), the quiz write as the tutorial route makes it
    // (Query of the tutorial, BatchGet of the gamification items, one transaction), and the transaction
    // that stores the statement with the learner's index entry (issue 20: export and erasure find it)
    expect(first.dynamoDbByCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 2 });
    const replay = await post(quizStatement(learner.tenantId, learner.userId, { id }), { token: learner.token });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual([id]);
    // a replay is one GetItem (the stored statement) and nothing else
    expect(replay.dynamoDbByCommand).toEqual({ GetItemCommand: 1 });
    const put = await api({ method: 'PUT', path: `/xapi/statements?statementId=${id}`, token: learner.token, headers: VERSION, body: quizStatement(learner.tenantId, learner.userId, { id }) });
    expect(put.status).toBe(204);
    const ledger = await ledgerOf(learner.tenantId, learner.userId);
    expect(ledger.map((r) => [r.eventId, r.source, r.score, r.maxScore, r.passed])).toEqual([[id, 'tutorial.quiz', 8, 10, true]]);
    const progress = await tutorialOf(learner);
    expect(progress.body.quizScores).toEqual([expect.objectContaining({ quizId: 'q1', score: 8, maxScore: 10, passed: true, attempts: 1 })]);
    const got = await api({ method: 'GET', path: `/xapi/statements?statementId=${id}`, token: learner.token, headers: VERSION });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, verb: { id: V('passed') }, version: '1.0.0', authority: { account: { homePage: xapiHomePage(learner.tenantId), name: learner.userId } } });
    expect(typeof got.body.stored).toBe('string');
    // one index entry under the learner, written with the statement (the replay and the PUT add none)
    expect(await indexedStatements(learner.tenantId, learner.userId)).toEqual([`S#${id}=${id}`]);
  });

  it('applies five concurrent copies of one statement once', async () => {
    const learner = learnerOf(uniqueTenant('xin-race'));
    const id = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(quizStatement(learner.tenantId, learner.userId, { id }), { token: learner.token })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await ledgerOf(learner.tenantId, learner.userId)).toHaveLength(1);
    expect((await tutorialOf(learner)).body.quizScores).toEqual([expect.objectContaining({ attempts: 1 })]);
  });

  it('answers 409 for the same id with different content, and applies nothing', async () => {
    const learner = learnerOf(uniqueTenant('xin-409'));
    const id = randomUUID();
    expect((await post(quizStatement(learner.tenantId, learner.userId, { id, raw: 8 }), { token: learner.token })).status).toBe(200);
    const conflict = await post(quizStatement(learner.tenantId, learner.userId, { id, raw: 3 }), { token: learner.token });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('CONFLICT');
    const viaPut = await api({ method: 'PUT', path: `/xapi/statements?statementId=${id}`, token: learner.token, headers: VERSION, body: quizStatement(learner.tenantId, learner.userId, { raw: 5 }) });
    expect(viaPut.status).toBe(409);
    expect(await ledgerOf(learner.tenantId, learner.userId)).toHaveLength(1);
    expect((await tutorialOf(learner)).body.quizScores).toEqual([expect.objectContaining({ score: 8, attempts: 1 })]);
    expect(await indexedStatements(learner.tenantId, learner.userId)).toEqual([`S#${id}=${id}`]);
  });

  it('refuses a verb Cairn cannot map with 400 naming the verb, and nothing of the list is applied', async () => {
    const learner = learnerOf(uniqueTenant('xin-verb'));
    const good = quizStatement(learner.tenantId, learner.userId, { id: randomUUID() });
    const attempted = { ...quizStatement(learner.tenantId, learner.userId), verb: { id: V('attempted') } };
    const response = await post([good, attempted], { token: learner.token });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'body.1.verb.id', code: 'unmappable_verb', message: expect.stringContaining(V('attempted')) })]);
    const earned = await post({ ...quizStatement(learner.tenantId, learner.userId), verb: { id: 'http://id.tincanapi.com/verb/earned' } }, { token: learner.token });
    expect(earned.status).toBe(400);
    expect(earned.body.error.details[0].message).toContain('http://id.tincanapi.com/verb/earned');
    const foreignActivity = await post({ ...quizStatement(learner.tenantId, learner.userId), object: { id: 'https://lms.example.org/activities/quiz-1' } }, { token: learner.token });
    expect(foreignActivity.status).toBe(400);
    expect(foreignActivity.body.error.details).toEqual([expect.objectContaining({ field: 'body.object.id', code: 'unmappable_activity' })]);
    const invalid = await post({ ...quizStatement(learner.tenantId, learner.userId), colour: 'red' }, { token: learner.token });
    expect(invalid.status).toBe(400);
    expect(await ledgerOf(learner.tenantId, learner.userId)).toHaveLength(0);
  });

  it('refuses a statement about another learner (403), reads only the caller\'s own statements, and 401 without credentials', async () => {
    const tenantId = uniqueTenant('xin-own');
    const ada = learnerOf(tenantId);
    const bob = learnerOf(tenantId);
    const forBob = await post(quizStatement(tenantId, bob.userId), { token: ada.token });
    expect(forBob.status).toBe(403);
    const id = randomUUID();
    expect((await post(quizStatement(tenantId, ada.userId, { id }), { token: ada.token })).status).toBe(200);
    expect((await api({ method: 'GET', path: `/xapi/statements?statementId=${id}`, token: bob.token, headers: VERSION })).status).toBe(404);
    expect((await api({ method: 'GET', path: `/xapi/statements?statementId=${id}`, headers: VERSION })).status).toBe(401);
    expect((await post(quizStatement(tenantId, ada.userId))).status).toBe(401);
    const other = learnerOf(uniqueTenant('xin-own-other'));
    expect((await api({ method: 'GET', path: `/xapi/statements?statementId=${id}`, token: other.token, headers: VERSION })).status).toBe(404);
    // an actor on another tenant's home page is refused
    const foreignHome = await post(quizStatement(tenantId, other.userId), { token: other.token });
    expect(foreignHome.status).toBe(400);
    expect(foreignHome.body.error.details).toEqual([expect.objectContaining({ field: 'body.actor.account.homePage', code: 'foreign_home_page' })]);
  });

  it('maps completed on a course lesson onto the course progress', async () => {
    const tenantId = uniqueTenant('xin-lesson');
    const author = caller(tenantId, 'instructor');
    const { courseId, lessonId } = await publishedCourse(author, { price: 0 });
    const learner = learnerOf(tenantId);
    const statement = {
      actor: { account: { homePage: xapiHomePage(tenantId), name: learner.userId } },
      verb: { id: V('completed') },
      object: { id: `${xapiHomePage(tenantId)}/activities/courses/${courseId}/lessons/${lessonId}` },
      result: { completion: true, duration: 'PT5M' },
    };
    const response = await post(statement, { token: learner.token });
    expect(response.status).toBe(200);
    const ledger = await ledgerOf(tenantId, learner.userId);
    expect(ledger.map((r) => [r.eventId, r.source, r.itemId, r.itemCompleted, r.contentCompleted, r.seconds])).toEqual([[response.body[0], 'lesson.progress', lessonId, true, true, 300]]);
    const unknownLesson = await post({ ...statement, object: { id: `${xapiHomePage(tenantId)}/activities/courses/${courseId}/lessons/nope` } }, { token: learner.token });
    expect(unknownLesson.status).toBe(404);
    // the refused statement was not stored, so it has no index entry either
    expect(await indexedStatements(tenantId, learner.userId)).toEqual([`S#${response.body[0]}=${response.body[0]}`]);
  });
});

describe('xAPI in: HTTP Basic LRS credentials (server to server)', () => {
  it('accepts the tenant\'s credential for its members, refuses wrong credentials with 401, and cannot reach another tenant', async () => {
    const tenantId = uniqueTenant('xin-basic');
    const cred = await credentialFor(tenantId);
    const learner = learnerOf(tenantId);
    await addMember(tenantId, learner.userId);
    const id = randomUUID();
    const accepted = await post(quizStatement(tenantId, learner.userId, { id, verb: V('failed'), raw: 2 }), { headers: { authorization: basic(cred.username, cred.password) } });
    expect(accepted.status).toBe(200);
    const ledger = await ledgerOf(tenantId, learner.userId);
    expect(ledger.map((r) => [r.eventId, r.actorId, r.passed])).toEqual([[id, `xapi:${cred.keyId}`, false]]);
    // the index entry is the actor's, not the sender's
    expect(await indexedStatements(tenantId, learner.userId)).toEqual([`S#${id}=${id}`]);
    // the credential reads any statement of its tenant
    expect((await api({ method: 'GET', path: `/xapi/statements?statementId=${id}`, headers: { ...VERSION, authorization: basic(cred.username, cred.password) } })).status).toBe(200);

    for (const [label, header] of [
      ['wrong password', basic(cred.username, `${cred.password}x`)],
      ['unknown key', basic(`${tenantId}.xk_AAAAAAAAAAAA`, cred.password)],
      ['malformed', 'Basic !!!'],
    ] as const) {
      const refused = await post(quizStatement(tenantId, learner.userId), { headers: { authorization: header } });
      expect([label, refused.status, refused.body.error?.code]).toEqual([label, 401, 'UNAUTHORIZED']); // seed 003's code for AUTHENTICATION_FAILED
    }
    // a non-member actor is refused
    const stranger = await post(quizStatement(tenantId, randomUUID()), { headers: { authorization: basic(cred.username, cred.password) } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details).toEqual([expect.objectContaining({ field: 'body.actor.account.name', code: 'unknown_actor' })]);

    // Another tenant: its credential cannot read this tenant's statement nor post for its learners.
    const otherTenant = uniqueTenant('xin-basic-other');
    const other = await credentialFor(otherTenant);
    expect((await api({ method: 'GET', path: `/xapi/statements?statementId=${id}`, headers: { ...VERSION, authorization: basic(other.username, other.password) } })).status).toBe(404);
    const cross = await post(quizStatement(tenantId, learner.userId), { headers: { authorization: basic(other.username, other.password) } });
    expect(cross.status).toBe(400);
    expect(cross.body.error.details).toEqual([expect.objectContaining({ field: 'body.actor.account.homePage' })]);
    // x-community-id cannot redirect a credential to another tenant
    const steer = await api({ method: 'GET', path: `/xapi/statements?statementId=${id}`, headers: { ...VERSION, authorization: basic(other.username, other.password), 'x-community-id': tenantId } });
    expect(steer.status).toBe(404);
    expect(await ledgerOf(tenantId, learner.userId)).toHaveLength(1);

    // a revoked credential is refused
    expect((await api({ method: 'DELETE', path: `/api/v1/xapi/credentials/${cred.keyId}`, token: cred.admin })).status).toBe(200);
    expect((await post(quizStatement(tenantId, learner.userId), { headers: { authorization: basic(cred.username, cred.password) } })).status).toBe(401);
  });
});

describe('xAPI administration: LRS endpoints and credentials', () => {
  it('lets an org admin set, list and delete LRSs; the password is never returned and is stored encrypted', async () => {
    const tenantId = uniqueTenant('xin-admin');
    const admin = tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
    // a literal public address passes the SSRF rules without DNS
    const set = await api({ method: 'PUT', path: '/api/v1/xapi/lrs/primary', token: admin, body: { endpoint: 'https://93.184.216.34/xapi/', username: 'key', password: 'very-secret-lrs-password' } });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ lrs_id: 'primary', endpoint: 'https://93.184.216.34/xapi/', username: 'key', include_email: false, enabled: true });
    expect(set.rawBody).not.toContain('very-secret-lrs-password');
    const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: xapiLrsKey(tenantId, 'primary') }))).Item;
    expect(JSON.stringify(item)).not.toContain('very-secret-lrs-password');
    const list = await api({ method: 'GET', path: '/api/v1/xapi/lrs', token: admin });
    expect(list.body.data.map((l: { lrs_id: string }) => l.lrs_id)).toEqual(['primary']);
    expect(list.rawBody).not.toContain('very-secret');
    // another tenant's admin neither sees nor deletes it
    const otherAdmin = tokenFor({ userId: randomUUID(), tenantId: uniqueTenant('xin-admin-other'), roles: ['org_admin'] });
    expect((await api({ method: 'GET', path: '/api/v1/xapi/lrs', token: otherAdmin })).body.data).toEqual([]);
    expect((await api({ method: 'DELETE', path: '/api/v1/xapi/lrs/primary', token: otherAdmin })).status).toBe(404);
    // a learner and an anonymous caller are refused
    expect((await api({ method: 'GET', path: '/api/v1/xapi/lrs', token: tokenFor({ userId: randomUUID(), tenantId, roles: ['learner'] }) })).status).toBe(403);
    expect((await api({ method: 'GET', path: '/api/v1/xapi/lrs' })).status).toBe(401);
    expect((await api({ method: 'DELETE', path: '/api/v1/xapi/lrs/primary', token: admin })).status).toBe(200);
    expect((await api({ method: 'GET', path: '/api/v1/xapi/lrs', token: admin })).body.data).toEqual([]);
  });

  it.each([
    ['http://93.184.216.34/xapi/', 'not_https'],
    ['https://10.0.0.8/xapi/', 'private_address'],
    ['https://169.254.169.254/latest/', 'private_address'],
    ['https://user:pw@93.184.216.34/xapi/', 'credentials_in_url'],
    ['https://93.184.216.34:8443/xapi/', 'port_not_allowed'],
  ])('refuses the LRS endpoint %s (400 %s on body.endpoint), writing nothing', async (endpoint, code) => {
    const tenantId = uniqueTenant('xin-ssrf');
    const admin = tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
    const response = await api({ method: 'PUT', path: '/api/v1/xapi/lrs/x', token: admin, body: { endpoint, username: 'u', password: 'p' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'body.endpoint', code })]);
    expect((await documentClient().send(new GetCommand({ TableName: tableName(), Key: xapiLrsKey(tenantId, 'x') }))).Item).toBeUndefined();
  });

  it('shows a credential\'s password once; lists never show it; another tenant cannot revoke it', async () => {
    const tenantId = uniqueTenant('xin-cred');
    const cred = await credentialFor(tenantId);
    expect(cred.username).toBe(`${tenantId}.${cred.keyId}`);
    expect(cred.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await api({ method: 'GET', path: '/api/v1/xapi/credentials', token: cred.admin });
    expect(list.body.data).toEqual([expect.objectContaining({ key_id: cred.keyId, label: 'content server', username: cred.username })]);
    expect(list.rawBody).not.toContain(cred.password);
    const otherAdmin = tokenFor({ userId: randomUUID(), tenantId: uniqueTenant('xin-cred-other'), roles: ['org_admin'] });
    expect((await api({ method: 'DELETE', path: `/api/v1/xapi/credentials/${cred.keyId}`, token: otherAdmin })).status).toBe(404);
    expect((await api({ method: 'POST', path: '/api/v1/xapi/credentials', token: tokenFor({ userId: randomUUID(), tenantId, roles: ['trainer'] }), body: { label: 'x' } })).status).toBe(403);
    expect((await api({ method: 'POST', path: '/api/v1/xapi/credentials', body: { label: 'x' } })).status).toBe(401);
  });
});
