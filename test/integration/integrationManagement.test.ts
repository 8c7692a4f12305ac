import { CognitoIdentityProviderClient, InitiateAuthCommand, InternalErrorException } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand } from '../../shared/db/commands.js';
import { randomInt, randomUUID } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { AiServiceError } from '../../shared/ai/aiErrors.js';
import type { ModelPort } from '../../shared/ai/modelPort.js';
import { setAiModelsForTests } from '../../shared/ai/modelProvider.js';
import { resilientModel } from '../../shared/ai/resilientModel.js';
import { localEmbeddingPort } from '../../shared/ai/hashingEmbedding.js';
import { resetRuntimeConfig } from '../../shared/config/runtimeConfig.js';
import { documentClient, flushIntegrationFigures, tableName } from '../../shared/db/client.js';
import { integrationBreakerKey } from '../../shared/db/keys.js';
import { handler as identityHandler } from '../../lambdas/identity/handler.js';
import { createIntegrationHandler } from '../../lambdas/integration/handler.js';
import { guardCognitoClient, setCognito } from '../../shared/identity/cognito.js';
import { recordDependencyCall } from '../../shared/integrations/callFigures.js';
import { forgetLocalBreakers } from '../../shared/integrations/platformBreaker.js';
import { guardedPaymentProvider } from '../../shared/payments/guardedPaymentProvider.js';
import { PaymentProviderUnavailableError, type PaymentProvider } from '../../shared/payments/paymentProvider.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Integration management (issue 20 item 2, seed 003 §8): operator-only routes, mock data only outside
// prod, metrics equal to the recorded calls, breakers that fail fast and close on an operator's reset.
// Stripe, Bedrock and Cognito are counting fakes / aws-sdk-client-mock (they cannot run here); the
// figures, breaker items and resets go through DynamoDB Local.

const unlimited = { standard: { limit: null, windowSeconds: 60 }, integration: { limit: null, windowSeconds: 3600 }, 'integration-reset': { limit: null, windowSeconds: 3600 } };
const api = httpClient(ROUTES, { integration: createIntegrationHandler({ rateClasses: unlimited }), identity: identityHandler });

/** An API whose clock is `at` (the metrics read the hour windows around it). */
const apiAt = (at: Date) => httpClient(ROUTES, { integration: createIntegrationHandler({ rateClasses: unlimited, now: () => at.getTime() }) });

const operator = () => tokenFor({ userId: `op-${randomUUID()}`, tenantId: uniqueTenant('ops'), roles: ['learner'], platformRoles: ['operator'] });
const member = (role: 'learner' | 'trainer' | 'org_admin' | 'instructor', tenantId = uniqueTenant('tn')) => tokenFor({ userId: randomUUID(), tenantId, roles: [role] });

/** A fresh hour far from now, that no other test writes figures into. */
function privateHour(): Date {
  const base = Date.UTC(2031, 0, 1);
  return new Date(base + randomInt(0, 200_000) * 3600_000 + 30 * 60_000);
}

const OPERATOR_ROUTES = [
  { method: 'GET', path: '/api/v1/integration/health' },
  { method: 'GET', path: '/api/v1/integration/status' },
  { method: 'POST', path: '/api/v1/integration/test', body: { serviceName: 'dynamodb' } },
  { method: 'POST', path: '/api/v1/integration/circuit-breaker/reset', body: { serviceName: 'stripe' } },
  { method: 'GET', path: '/api/v1/integration/metrics' },
] as const;

describe('integration routes: who may call them', () => {
  it.each(OPERATOR_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s is for platform operators only', async (_name, route) => {
    const tenantId = uniqueTenant('own');
    for (const role of ['learner', 'instructor', 'trainer', 'org_admin'] as const) {
      const refused = await api({ ...route, token: member(role, tenantId) });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    }
    // An org admin of another tenant is no better; nor is an operator naming a tenant it is not a member of.
    expect((await api({ ...route, token: member('org_admin') })).status).toBe(403);
    expect((await api({ ...route, token: operator(), headers: { 'x-community-id': uniqueTenant('foreign') } })).status).toBe(403);
    expect((await api({ ...route })).status).toBe(401);
    const allowed = await api({ ...route, token: operator() });
    expect(allowed.status).toBe(200);
  });

  it('takes the operator role only from the platform claim: a token claiming it as a tenant role is refused', async () => {
    // "operator" is not a tenant role, so a token listing it there is not a valid Cairn token at all.
    const forged = tokenFor({ userId: randomUUID(), tenantId: uniqueTenant('f'), roles: ['operator' as never] });
    expect((await api({ method: 'GET', path: '/api/v1/integration/status', token: forged })).status).toBe(401);
  });
});

describe('mock data', () => {
  it("serves sample payloads to org admins, trainers and operators outside prod; learners get 403", async () => {
    const answer = await api({ method: 'GET', path: '/api/v1/integration/mock-data/stripe', token: member('org_admin') });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ serviceName: 'stripe', mockData: { paymentIntent: { id: 'pi_test_123', amount: 4900 } } });
    expect((await api({ method: 'GET', path: '/api/v1/integration/mock-data/cognito', token: member('trainer') })).status).toBe(200);
    expect((await api({ method: 'GET', path: '/api/v1/integration/mock-data/bedrock', token: operator() })).status).toBe(200);
    expect((await api({ method: 'GET', path: '/api/v1/integration/mock-data/stripe', token: member('learner') })).status).toBe(403);
  });

  it('answers 404 in the prod stage', async () => {
    const stage = process.env.STAGE;
    process.env.STAGE = 'prod';
    resetRuntimeConfig();
    try {
      const answer = await api({ method: 'GET', path: '/api/v1/integration/mock-data/stripe', token: operator() });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(JSON.stringify(answer.body)).not.toContain('pi_test_123');
    } finally {
      process.env.STAGE = stage;
      resetRuntimeConfig();
    }
  });
});

describe('integration routes: bad input', () => {
  it.each([
    ['an unknown mock-data service', { method: 'GET', path: '/api/v1/integration/mock-data/directory-service' }, 'params.serviceName'],
    ['a reset of a dependency without a breaker', { method: 'POST', path: '/api/v1/integration/circuit-breaker/reset', body: { serviceName: 'dynamodb' } }, 'body.serviceName'],
    ['a reset without a service', { method: 'POST', path: '/api/v1/integration/circuit-breaker/reset', body: {} }, 'body.serviceName'],
    ['an unknown field', { method: 'POST', path: '/api/v1/integration/circuit-breaker/reset', body: { serviceName: 'stripe', force: true } }, 'body.force'],
    ['a test of another call than the probe', { method: 'POST', path: '/api/v1/integration/test', body: { serviceName: 'stripe', endpoint: '/v1/refunds' } }, 'body.endpoint'],
    ['an unknown metrics period', { method: 'GET', path: '/api/v1/integration/metrics?period=2d' }, 'query.period'],
  ] as const)('answers 400 with the field for %s', async (_name, request, field) => {
    const answer = await api({ ...request, token: operator() });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(answer.body.error.details)).toContain(field);
  });
});

describe('metrics', () => {
  it('equal the recorded calls: counts, success rate, mean and nearest-rank p95 summed over windows and containers', async () => {
    const hour = privateHour();
    const previousHour = hour.getTime() - 3600_000;
    // Stripe: 20 calls of 10, 20, …, 200 ms; the 5th and 15th failed. 12 in the previous hour, 8 in this one,
    // flushed in three batches (three containers adding to the same items).
    for (let i = 1; i <= 20; i++) {
      recordDependencyCall('stripe', i * 10, i === 5 || i === 15 ? 'PaymentProviderUnavailableError' : undefined, i <= 12 ? previousHour : hour.getTime());
      if (i === 6 || i === 12) await flushIntegrationFigures();
    }
    // Cognito: 3 calls of 40 ms, 40 ms and 1,200 ms.
    for (const ms of [40, 40, 1200]) recordDependencyCall('cognito', ms, undefined, hour.getTime());
    await flushIntegrationFigures();

    const at = apiAt(hour);
    const day = await at({ method: 'GET', path: '/api/v1/integration/metrics?period=24h', token: operator() });
    expect(day.status).toBe(200);
    expect(day.body.period).toBe('24h');
    // Mean = (10 + … + 200) / 20 = 2,100 / 20 = 105 ms. p95: rank ⌈0.95 × 20⌉ = 19 → 190 ms, bucket (150, 200] → 200.
    // p99: rank 20 → 200 ms → 200. Success rate 18 / 20 = 90 %.
    expect(day.body.metrics.stripe).toEqual({ totalRequests: 20, successfulRequests: 18, failedRequests: 2, successRate: 90, averageResponseTime: 105, p95ResponseTime: 200, p99ResponseTime: 200, circuitBreakerTrips: 0, mockDataFallbacks: 0 });
    // Cognito: mean (40 + 40 + 1,200) / 3 = 426.67; p95 rank ⌈2.85⌉ = 3 → 1,200 ms → bucket (1000, 1500] → 1500; p50 would be 50.
    expect(day.body.metrics.cognito).toEqual({ totalRequests: 3, successfulRequests: 3, failedRequests: 0, successRate: 100, averageResponseTime: 426.67, p95ResponseTime: 1500, p99ResponseTime: 1500, circuitBreakerTrips: 0, mockDataFallbacks: 0 });
    expect(day.body.metrics.bedrock).toMatchObject({ totalRequests: 0, successRate: null, averageResponseTime: null, p95ResponseTime: null });
    expect(day.body.summary).toMatchObject({ totalRequests: 23, totalFailedRequests: 2, totalSuccessfulRequests: 21 });

    // Only this hour: stripe calls 13..20 (130 … 200 ms, the 15th failed): mean 1,320 / 8 = 165, success 7 / 8 = 87.5 %,
    // p95 rank ⌈7.6⌉ = 8 → 200 ms → 200; p50 rank 4 → 160 ms → bucket (150, 200] → 200 as well.
    const lastHour = await at({ method: 'GET', path: '/api/v1/integration/metrics?period=1h', token: operator() });
    expect(lastHour.body.metrics.stripe).toMatchObject({ totalRequests: 8, failedRequests: 1, successRate: 87.5, averageResponseTime: 165, p95ResponseTime: 200 });
  });

  it('costs one Query plus the flush of its own container, one UpdateItem per dependency it touched', async () => {
    const operatorToken = operator();
    await api({ method: 'GET', path: '/api/v1/integration/metrics', token: operatorToken });
    // The first call's own DynamoDB requests are the only figures buffered now: one dependency, one item.
    const second = await api({ method: 'GET', path: '/api/v1/integration/metrics', token: operatorToken });
    expect(second.status).toBe(200);
    expect(second.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1 });
  });
});

/** A payment provider that counts calls and is down (PaymentProviderUnavailableError) while `down`. */
function countingStripe() {
  const state = { calls: 0, down: true };
  const provider: PaymentProvider = {
    name: 'stripe',
    createIntent: async (input) => {
      state.calls += 1;
      if (state.down) throw new PaymentProviderUnavailableError('Stripe: connection reset');
      return { id: 'pi_1', status: 'requires_payment_method', amount: input.amount, currency: input.currency, metadata: input.metadata, clientSecret: 's', amountRefunded: 0, receiptUrl: null, lastError: null };
    },
    confirmIntent: async () => { throw new Error('unused'); },
    retrieveIntent: async () => { throw new Error('unused'); },
    refund: async () => { throw new Error('unused'); },
  };
  return { state, provider };
}

const intent = () => ({ amount: 4900, currency: 'usd', metadata: {}, idempotencyKey: randomUUID() });
const breakerItem = async (dependency: string) =>
  (await documentClient().send(new GetCommand({ TableName: tableName(), Key: integrationBreakerKey(dependency), ConsistentRead: true }))).Item;

describe('circuit breakers', () => {
  afterEach(() => setCognito(undefined));

  it('Stripe: an open breaker fails fast without calling Stripe; an operator reset in another container closes it', async () => {
    const fake = countingStripe();
    const options = { failureThreshold: 3, halfOpenAfterMs: 600_000, resetCheckMs: 0 };
    const stripe = guardedPaymentProvider(fake.provider, options);
    for (let i = 0; i < 3; i++) await expect(stripe.createIntent(intent())).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    expect(fake.state.calls).toBe(3);
    expect((await stripe.breaker()).state).toBe('open');
    expect(await breakerItem('stripe')).toMatchObject({ state: 'open', lastErrorName: 'PaymentProviderUnavailableError' });

    await expect(stripe.createIntent(intent())).rejects.toThrow(/circuit open/);
    await expect(stripe.createIntent(intent())).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    expect(fake.state.calls).toBe(3); // Stripe was not called again.

    const status = await api({ method: 'GET', path: '/api/v1/integration/status', token: operator() });
    const stripeStatus = status.body.services.find((s: { name: string }) => s.name === 'stripe');
    expect(stripeStatus).toMatchObject({ status: 'unhealthy', circuitBreaker: { state: 'OPEN' } });
    expect(stripeStatus.lastError.name).toBe('PaymentProviderUnavailableError');

    // The breaker lives in another container: the reset route cannot touch it, only the platform item.
    forgetLocalBreakers();
    fake.state.down = false;
    const reset = await api({ method: 'POST', path: '/api/v1/integration/circuit-breaker/reset', token: operator(), body: { serviceName: 'stripe' } });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ serviceName: 'stripe', action: 'reset', result: 'success', previousState: 'OPEN', newState: 'CLOSED' });
    expect(reset.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1 });
    expect(await breakerItem('stripe')).toMatchObject({ state: 'closed', resetBy: expect.stringMatching(/^op-/) });

    await expect(stripe.createIntent(intent())).resolves.toMatchObject({ id: 'pi_1' });
    expect(fake.state.calls).toBe(4);
    expect((await stripe.breaker()).state).toBe('closed');
  });

  it('a breaker that opened after the reset stays open (a new outage is not forgiven by an old reset)', async () => {
    const reset = await api({ method: 'POST', path: '/api/v1/integration/circuit-breaker/reset', token: operator(), body: { serviceName: 'stripe' } });
    expect(reset.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    forgetLocalBreakers();
    const fake = countingStripe();
    const stripe = guardedPaymentProvider(fake.provider, { failureThreshold: 2, halfOpenAfterMs: 600_000, resetCheckMs: 0 });
    for (let i = 0; i < 2; i++) await expect(stripe.createIntent(intent())).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    fake.state.down = false;
    await expect(stripe.createIntent(intent())).rejects.toThrow(/circuit open/);
    expect(fake.state.calls).toBe(2);
  });

  it('Bedrock: an open breaker refuses without calling the model', async () => {
    let calls = 0;
    const model: ModelPort = {
      modelId: 'amazon.nova-lite-v1:0',
      kind: 'bedrock',
      converse: async () => {
        calls += 1;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      },
      converseStream: () => { throw new Error('unused'); },
    };
    const chat = resilientModel(model, undefined, { timeoutMs: 2000, failureThreshold: 2, resetTimeoutMs: 600_000, resetCheckMs: 0 });
    const request = { system: 's', messages: [{ role: 'user' as const, text: 'hi' }], documents: [], query: 'hi', maxTokens: 10, temperature: 0 };
    for (let i = 0; i < 2; i++) await expect(chat.converse(request)).rejects.toBeInstanceOf(AiServiceError);
    expect(calls).toBe(2);
    await expect(chat.converse(request)).rejects.toBeInstanceOf(AiServiceError);
    expect(calls).toBe(2);
    expect(chat.breakers.primary.state).toBe(1); // CircuitState.Open
  });

  it('Cognito: sign-in answers 503 at once while the breaker is open, without calling Cognito; the reset lets it through', async () => {
    const client = new CognitoIdentityProviderClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const cognitoMock = mockClient(client);
    cognitoMock.on(InitiateAuthCommand).rejects(new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }));
    forgetLocalBreakers();
    setCognito({ client: guardCognitoClient(client, { failureThreshold: 2, halfOpenAfterMs: 600_000, resetCheckMs: 0 }), userPoolId: 'us-east-1_test', clientId: 'test-client' });
    const signIn = () => api({ method: 'POST', path: '/auth/login', body: { email: `${randomUUID()}@example.com`, password: 'Correct-Horse-9!' } });

    for (let i = 0; i < 2; i++) expect((await signIn()).status).toBe(500);
    expect(cognitoMock.commandCalls(InitiateAuthCommand)).toHaveLength(2);
    const refused = await signIn();
    expect(refused.status).toBe(503);
    expect(cognitoMock.commandCalls(InitiateAuthCommand)).toHaveLength(2);

    const status = await api({ method: 'GET', path: '/api/v1/integration/status', token: operator() });
    expect(status.body.services.find((s: { name: string }) => s.name === 'cognito')).toMatchObject({ status: 'unhealthy', circuitBreaker: { state: 'OPEN' }, lastError: { name: 'InternalErrorException' } });

    const reset = await api({ method: 'POST', path: '/api/v1/integration/circuit-breaker/reset', token: operator(), body: { serviceName: 'cognito' } });
    expect(reset.body).toMatchObject({ previousState: 'OPEN', newState: 'CLOSED' });
    cognitoMock.on(InitiateAuthCommand).rejects(Object.assign(new Error('Incorrect username or password.'), { name: 'NotAuthorizedException', $fault: 'client', $metadata: { httpStatusCode: 400 } }));
    const afterReset = await signIn();
    expect(afterReset.status).toBe(401);
    expect(cognitoMock.commandCalls(InitiateAuthCommand)).toHaveLength(3);
  });
});

describe('health and test probes', () => {
  it('probes every dependency and reports measured latency; unconfigured ones say so', async () => {
    const answer = await api({ method: 'GET', path: '/api/v1/integration/health', token: operator() });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.services).sort()).toEqual(['bedrock', 'cognito', 'dynamodb', 's3', 'step-functions', 'stripe']);
    for (const name of ['dynamodb', 'stripe', 'bedrock', 's3']) {
      expect(answer.body.services[name]).toMatchObject({ status: expect.stringMatching(/^(healthy|degraded)$/), lastChecked: answer.body.timestamp });
      expect(answer.body.services[name].responseTime).toBeGreaterThanOrEqual(0);
    }
    // The local stack runs the saga in-process: no state machine to describe, and nothing made up.
    expect(answer.body.services['step-functions']).toMatchObject({ status: 'not_configured', responseTime: null });
    expect(Object.keys(answer.body.circuitBreakers).sort()).toEqual(['bedrock', 'cognito', 'stripe']);
  });

  it('reports Bedrock degraded when its probe was answered by the fallback model', async () => {
    let primaryCalls = 0;
    const model = (modelId: string, fails: boolean): ModelPort => ({
      modelId,
      kind: 'bedrock',
      converse: async () => {
        if (fails) {
          primaryCalls += 1;
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        }
        return { text: 'pong', usage: { inputTokens: 10, outputTokens: 1 }, modelId };
      },
      converseStream: () => { throw new Error('unused'); },
    });
    const chat = resilientModel(model('amazon.nova-lite-v1:0', true), model('amazon.nova-micro-v1:0', false), { timeoutMs: 2000, failureThreshold: 5, resetTimeoutMs: 600_000 });
    setAiModelsForTests({ chat, embedding: localEmbeddingPort(256) });
    try {
      const answer = await api({ method: 'GET', path: '/api/v1/integration/health', token: operator() });
      expect(answer.body.services.bedrock).toMatchObject({ status: 'degraded', issue: 'Primary model unavailable; the fallback model answered' });
      expect(answer.body.status).not.toBe('healthy');
      expect(primaryCalls).toBe(1);
    } finally {
      setAiModelsForTests(undefined);
    }
  });

  it('the probes are recorded: metrics count them', async () => {
    const before = await api({ method: 'GET', path: '/api/v1/integration/metrics', token: operator() });
    const probe = await api({ method: 'POST', path: '/api/v1/integration/test', token: operator(), body: { serviceName: 's3', endpoint: 'HeadBucket' } });
    expect(probe.status).toBe(200);
    expect(probe.body).toMatchObject({ serviceName: 's3', endpoint: 'HeadBucket', testResult: 'success', error: null });
    const after = await api({ method: 'GET', path: '/api/v1/integration/metrics', token: operator() });
    expect(after.body.metrics.s3.totalRequests - before.body.metrics.s3.totalRequests).toBe(1);
  });

  it('test runs the Step Functions probe (DescribeStateMachine) where a state machine is configured', async () => {
    const sfn = mockClient(SFNClient);
    sfn.on(DescribeStateMachineCommand).resolves({ status: 'ACTIVE', name: 'saga', stateMachineArn: 'arn', definition: '{}', roleArn: 'r', type: 'STANDARD', creationDate: new Date() });
    process.env.ENROLLMENT_SAGA_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:cairn-test-saga';
    try {
      const probe = await api({ method: 'POST', path: '/api/v1/integration/test', token: operator(), body: { serviceName: 'step-functions' } });
      expect(probe.body).toMatchObject({ testResult: 'success', endpoint: 'DescribeStateMachine', response: { status: 'ACTIVE' } });
      expect(sfn.commandCalls(DescribeStateMachineCommand)).toHaveLength(1);
      expect(sfn.commandCalls(DescribeStateMachineCommand)[0]!.args[0].input).toEqual({ stateMachineArn: process.env.ENROLLMENT_SAGA_ARN });
    } finally {
      delete process.env.ENROLLMENT_SAGA_ARN;
      sfn.restore();
    }
  });
});
