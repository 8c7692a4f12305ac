import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../bin/local/dynamoDbLocal.js';
import { createStreamPoller, type StreamPoller } from '../../bin/local/localStreamPoller.js';
import { createProgressHandler } from '../../lambdas/progress/handler.js';
import { createXapiHandler } from '../../lambdas/xapi/handler.js';
import { createXapiDeliveryHandler } from '../../lambdas/xapiDelivery/handler.js';
import { PutCommand } from '../../shared/db/commands.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { profileKey } from '../../shared/db/keys.js';
import { setTestAllowlist } from '../../shared/net/safeFetch.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { xapiStatement } from '../../shared/schemas/xapiStatement.js';
import { VERBS } from '../../shared/xapi/activityStatements.js';
import { sqsDeadLetter, setDeadLetterClient } from '../../shared/xapi/deadLetterQueue.js';
import { resetDeliveryBreakers, type DeliveryOptions } from '../../shared/xapi/lrsDelivery.js';
import { statementIdOf } from '../../shared/xapi/statementId.js';
import { xapiHomePage } from '../../shared/xapi/xapiHome.js';
import { httpClient } from '../support/http.js';
import { startLrsStandIn, type LrsStandIn } from '../support/lrsStandIn.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// xAPI out (issue 22): real progress writes → the table's stream read from DynamoDB Local → the
// delivery Lambda's handler → LRS stand-ins on local HTTPS (reached through safeFetch's test
// allowlist). SQS cannot run here, so the DLQ's SendMessage goes to aws-sdk-client-mock.

const unlimited = Object.fromEntries(['tutorial-chapter', 'tutorial-quiz', 'integration', 'standard'].map((name) => [name, { limit: null, windowSeconds: 60 }]));
const api = httpClient(ROUTES, { progress: createProgressHandler({ rateClasses: unlimited }), xapi: createXapiHandler({ rateClasses: unlimited }) });
const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 };

const sqs = mockClient(SQSClient);
const lrsServers: LrsStandIn[] = [];

async function lrs(): Promise<LrsStandIn> {
  const standIn = await startLrsStandIn();
  lrsServers.push(standIn);
  setTestAllowlist(lrsServers.map((l) => ({ host: l.server.host, port: l.server.port, ca: l.server.ca })));
  return standIn;
}

afterAll(async () => {
  setTestAllowlist([]);
  setDeadLetterClient(undefined);
  sqs.restore();
  await Promise.all(lrsServers.map((l) => l.close()));
});

beforeEach(() => {
  resetDeliveryBreakers();
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  setDeadLetterClient(new SQSClient({ region: 'us-east-1' }));
});

/** A tenant with an org admin, a learner and one LRS pointing at `standIn`. */
async function tenantWithLrs(label: string, standIn: LrsStandIn, extra: { include_email?: boolean } = {}) {
  const tenantId = uniqueTenant(label);
  const admin = tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
  const userId = randomUUID();
  const learner = tokenFor({ userId, tenantId, roles: ['learner'] });
  const set = await api({ method: 'PUT', path: '/api/v1/xapi/lrs/main', token: admin, body: { endpoint: standIn.endpoint, username: 'cairn', password: 'lrs-secret-1', ...extra } });
  expect(set.status).toBe(200);
  return { tenantId, admin, userId, learner };
}

/** A chapter watch (progressed) or completion, and a quiz attempt (passed/failed), through the real routes. */
async function chapter(learner: string, eventId: string, chapterId: string, completed: boolean) {
  const response = await api({ method: 'POST', path: '/v1/tutorials/progress/xapi-intro/chapter', token: learner, headers: { 'idempotency-key': eventId }, body: { chapterId, watchTime: 120, completed } });
  expect(response.status).toBe(200);
}
async function quiz(learner: string, eventId: string, score: number, passed: boolean) {
  const response = await api({ method: 'POST', path: '/v1/tutorials/progress/xapi-intro/quiz', token: learner, headers: { 'idempotency-key': eventId }, body: { quizId: 'q1', score, maxScore: 10, passed } });
  expect(response.status).toBe(200);
}

/** Reads the table's stream (only this file's tenants' records) into `sink`. */
async function pollerFor(tenants: Set<string>, sink: _Record[], startAt: 'LATEST' | 'TRIM_HORIZON' = 'LATEST'): Promise<StreamPoller> {
  return createStreamPoller({
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    tableName: tableName(),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    startAt,
    onRecords: async (records) => {
      sink.push(...records.filter((r) => tenants.has(String(r.dynamodb?.NewImage?.tenantId?.S))));
    },
  });
}

/** Polls until `count` activity inserts of these tenants arrived (DynamoDB Local's stream is immediate; a bound keeps a failure short). */
async function activityRecords(poller: StreamPoller, sink: _Record[], count: number): Promise<_Record[]> {
  const activities = () => sink.filter((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.entity?.S === 'activity');
  for (let round = 0; round < 50 && activities().length < count; round++) {
    await poller.pollOnce();
    if (activities().length < count) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return activities();
}

const deliveryWith = (options: Partial<DeliveryOptions> = {}) => createXapiDeliveryHandler(() => ({ deadLetter: sqsDeadLetter('https://sqs.us-east-1.amazonaws.com/123456789012/cairn-test-xapi-dlq'), retry: FAST_RETRY, ...options }));
const streamEvent = (records: _Record[]) => ({ Records: records as never });

describe('xAPI out: delivery from the table stream', () => {
  it('delivers each statement id exactly once across retries and redeliveries, and every one validates as xAPI 1.0.3', async () => {
    const standIn = await lrs();
    const { tenantId, userId, learner } = await tenantWithLrs('xapi-once', standIn);
    const sink: _Record[] = [];
    const poller = await pollerFor(new Set([tenantId]), sink);
    try {
      await chapter(learner, 'evt-watch-1', 'c1', false);
      await chapter(learner, 'evt-done-1', 'c2', true);
      await quiz(learner, 'evt-quiz-1', 4, false);
      await quiz(learner, 'evt-quiz-2', 9, true);
      // the client retries a write: the ledger keeps one record, so the stream has one insert
      await quiz(learner, 'evt-quiz-2', 9, true);
      const records = await activityRecords(poller, sink, 4);
      expect(records).toHaveLength(4);

      // The LRS is flaky: its first two answers are 503, then it recovers (retries with backoff).
      standIn.failNext = 2;
      const handler = deliveryWith();
      expect(await handler(streamEvent(records))).toEqual({ batchItemFailures: [] });
      // Redeliveries: the event source hands the same batch again, and a new reader replays the whole stream.
      expect(await handler(streamEvent(records))).toEqual({ batchItemFailures: [] });
      const replaySink: _Record[] = [];
      const replay = await pollerFor(new Set([tenantId]), replaySink, 'TRIM_HORIZON');
      try {
        const again = await activityRecords(replay, replaySink, 4);
        expect(again).toHaveLength(4);
        await handler(streamEvent(again));
      } finally {
        await replay.stop();
      }

      const expected = ['evt-watch-1', 'evt-done-1', 'evt-quiz-1', 'evt-quiz-2'].map((e) => statementIdOf(tenantId, userId, e, 'main'));
      const acceptedIds = standIn.accepted.map((s) => s.id);
      expect([...acceptedIds].sort()).toEqual([...expected].sort());
      // 2 failed tries + 1 accepted POST carrying all four; the redeliveries sent nothing.
      expect(standIn.requests.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(standIn.requests[2]!.headers['x-experience-api-version']).toBe('1.0.3');
      expect(standIn.requests[2]!.headers.authorization).toBe(`Basic ${Buffer.from('cairn:lrs-secret-1').toString('base64')}`);
      const verbs = Object.fromEntries(standIn.accepted.map((s) => [s.id as string, (s.verb as { id: string }).id]));
      expect(verbs).toEqual({ [expected[0]!]: VERBS.progressed, [expected[1]!]: VERBS.completed, [expected[2]!]: VERBS.failed, [expected[3]!]: VERBS.passed });
      for (const statement of standIn.accepted) {
        expect(xapiStatement.safeParse(statement).error?.issues ?? []).toEqual([]);
        expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: xapiHomePage(tenantId), name: userId } });
      }
      expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    } finally {
      await poller.stop();
    }
  });

  it('sends a failing LRS\'s statements to the DLQ (breaker opens after 2 failed chunks) while another tenant\'s deliveries go on', async () => {
    const broken = await lrs();
    broken.down = true;
    const healthy = await lrs();
    const a = await tenantWithLrs('xapi-down', broken);
    const b = await tenantWithLrs('xapi-up', healthy);
    const sink: _Record[] = [];
    const poller = await pollerFor(new Set([a.tenantId, b.tenantId]), sink);
    const handler = deliveryWith({ breaker: { failureThreshold: 2, halfOpenAfterMs: 60_000 } });
    try {
      // Three stream batches, each with one record of each tenant.
      const batches: _Record[][] = [];
      for (let i = 1; i <= 3; i++) {
        const before = sink.length;
        await chapter(a.learner, `a-${i}`, `c${i}`, false);
        await chapter(b.learner, `b-${i}`, `c${i}`, false);
        await activityRecords(poller, sink, 2 * i);
        batches.push(sink.slice(before).filter((r) => r.dynamodb?.NewImage?.entity?.S === 'activity'));
      }
      for (const batch of batches) expect(await handler(streamEvent(batch))).toEqual({ batchItemFailures: [] });

      // tenant B: everything delivered, once
      expect(healthy.accepted.map((s) => s.id).sort()).toEqual([1, 2, 3].map((i) => statementIdOf(b.tenantId, b.userId, `b-${i}`, 'main')).sort());
      // tenant A: 3 tries for each of the first two batches, then the breaker is open and the third is not even tried
      expect(broken.requests).toHaveLength(6);
      expect(broken.accepted).toHaveLength(0);
      const messages = sqs.commandCalls(SendMessageCommand).map((call) => JSON.parse(call.args[0].input.MessageBody!) as { tenantId: string; lrsId: string; reason: string; statements: { id: string }[] });
      expect(messages).toHaveLength(3);
      expect(messages.every((m) => m.tenantId === a.tenantId && m.lrsId === 'main')).toBe(true);
      expect(messages.map((m) => m.reason)).toEqual(['The server answered 500', 'The server answered 500', 'circuit open']);
      expect(messages.flatMap((m) => m.statements.map((s) => s.id))).toEqual([1, 2, 3].map((i) => statementIdOf(a.tenantId, a.userId, `a-${i}`, 'main')));
      expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/cairn-test-xapi-dlq');
    } finally {
      await poller.stop();
    }
  });

  it('does not retry an LRS that refuses the statements (4xx): one request, then the DLQ', async () => {
    const refusing = await lrs();
    refusing.down = true;
    refusing.downStatus = 400;
    const a = await tenantWithLrs('xapi-400', refusing);
    const sink: _Record[] = [];
    const poller = await pollerFor(new Set([a.tenantId]), sink);
    try {
      await chapter(a.learner, 'a-1', 'c1', true);
      await deliveryWith()(streamEvent(await activityRecords(poller, sink, 1)));
      expect(refusing.requests.map((r) => r.status)).toEqual([400]);
      const messages = sqs.commandCalls(SendMessageCommand).map((call) => JSON.parse(call.args[0].input.MessageBody!) as { reason: string });
      expect(messages.map((m) => m.reason)).toEqual(['The server answered 400']);
    } finally {
      await poller.stop();
    }
  });

  it('reports the records back to the event source when even the DLQ refuses them', async () => {
    const broken = await lrs();
    broken.down = true;
    const a = await tenantWithLrs('xapi-dlq-down', broken);
    const sink: _Record[] = [];
    const poller = await pollerFor(new Set([a.tenantId]), sink);
    try {
      await chapter(a.learner, 'a-1', 'c1', false);
      const records = await activityRecords(poller, sink, 1);
      sqs.on(SendMessageCommand).rejects(new Error('SQS unavailable'));
      const result = await deliveryWith({ retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 } })(streamEvent(records));
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: records[0]!.dynamodb!.SequenceNumber }] });
    } finally {
      await poller.stop();
    }
  });

  it('identifies learners by email only for an LRS the organization opted in for', async () => {
    const standIn = await lrs();
    const { tenantId, userId, learner } = await tenantWithLrs('xapi-mbox', standIn, { include_email: true });
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...profileKey(userId), type: 'profile', userId, email: 'ada@example.test', timezone: 'UTC' } }));
    const sink: _Record[] = [];
    const poller = await pollerFor(new Set([tenantId]), sink);
    try {
      await chapter(learner, 'evt-mbox', 'c1', true);
      await deliveryWith()(streamEvent(await activityRecords(poller, sink, 1)));
      expect(standIn.accepted.map((s) => s.actor)).toEqual([{ objectType: 'Agent', mbox: 'mailto:ada@example.test' }]);
    } finally {
      await poller.stop();
    }
  });
});
