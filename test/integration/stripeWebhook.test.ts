import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '../../shared/db/commands.js';
import Stripe from 'stripe';
import { installLocalEnrollmentSaga, type LocalSagaRunner } from '../../bin/local/localStateMachine.js';
import { handler as enrollmentHandler } from '../../lambdas/enrollment/handler.js';
import { handler } from '../../lambdas/payments/handler.js';
import { readEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { enrollmentKey } from '../../shared/db/keys.js';
import { setSagaRunner } from '../../shared/enrollment/sagaRunner.js';
import { LocalPaymentProvider } from '../../shared/payments/localPaymentProvider.js';
import { LOCAL_WEBHOOK_SECRET } from '../../shared/payments/paymentConfig.js';
import { readPaymentIntent } from '../../shared/payments/paymentIntentRepository.js';
import { setPaymentProvider } from '../../shared/payments/providerFactory.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { caller, storeCourseRecord } from '../support/catalog.js';
import { stripeIntentJson } from '../support/fakeStripeServer.js';
import { httpClient } from '../support/http.js';
import { uniqueTenant } from '../support/tokens.js';

const api = httpClient(ROUTES, { payments: handler, enrollment: enrollmentHandler });
const provider = new LocalPaymentProvider();
let runner: LocalSagaRunner;
beforeAll(async () => {
  setPaymentProvider(provider);
  runner = await installLocalEnrollmentSaga({ retryIntervalMs: 1 });
});
afterAll(() => {
  setPaymentProvider(undefined);
  setSagaRunner(undefined);
});

/** A learner with a created (not yet confirmed) intent for a 49.99 course. */
async function purchase() {
  const tenantId = uniqueTenant('wh');
  const courseId = randomUUID();
  await storeCourseRecord(tenantId, courseId, { priceCents: 4999, currency: 'USD' });
  const learner = caller(tenantId, 'learner');
  const created = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: { course_id: courseId, amount: 49.99, currency: 'USD' } });
  if (created.status !== 200) throw new Error(`intent: ${created.status} ${created.rawBody}`);
  return { tenantId, courseId, learner, paymentId: created.body.payment_id as string, intentId: created.body.payment_intent_id as string };
}

/** A Stripe event about an intent, as Stripe would post it (the object as it was when the event was made). */
function eventJson(type: string, intentId: string, id = `evt_${randomUUID().replace(/-/g, '')}`) {
  const intent = stripeIntentJson(provider, provider.listIntents().find((i) => i.id === intentId) ?? (() => { throw new Error('no intent'); })());
  const object = type.startsWith('charge.') ? { id: `ch_${intentId.slice(3)}`, object: 'charge', payment_intent: intentId, amount_refunded: intent.amount, refunds: { data: [{ id: `re_${id}` }] } } : intent;
  return JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28', created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
}

const signed = (payload: string, timestamp = Math.floor(Date.now() / 1000), secret = LOCAL_WEBHOOK_SECRET) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

const deliver = (payload: string, signature: string | undefined = signed(payload)) =>
  api({ method: 'POST', path: '/api/v1/payments/webhooks/stripe/', rawBody: payload, headers: { 'content-type': 'application/json; charset=utf-8', ...(signature ? { 'stripe-signature': signature } : {}) } });

describe('POST /api/v1/payments/webhooks/stripe/', () => {
  it('refuses a bad signature with 400 and touches nothing', async () => {
    const { intentId } = await purchase();
    const payload = eventJson('payment_intent.succeeded', intentId);
    const response = await deliver(payload, signed(payload, undefined, 'whsec_someone_else'));
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: 'headers.stripe-signature', code: 'signature_invalid' });
    expect(response.dynamoDbRequests).toBe(0);
  });

  it('refuses a signature older than 300 s with 400 and touches nothing', async () => {
    const { intentId } = await purchase();
    const payload = eventJson('payment_intent.succeeded', intentId);
    const response = await deliver(payload, signed(payload, Math.floor(Date.now() / 1000) - 301));
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].code).toBe('timestamp_outside_tolerance');
    expect(response.dynamoDbRequests).toBe(0);
  });

  it('refuses a missing signature and a body altered after signing', async () => {
    const { intentId } = await purchase();
    const payload = eventJson('payment_intent.succeeded', intentId);
    expect((await deliver(payload, '')).status).toBe(400);
    const tampered = await deliver(payload.replace('"livemode":false', '"livemode":true'), signed(payload));
    expect(tampered.status).toBe(400);
  });

  it('acknowledges an unknown event type with 200 and ignores it', async () => {
    const payload = JSON.stringify({ id: 'evt_unknown_1', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
    const response = await deliver(payload);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: true, event_id: 'evt_unknown_1', outcome: 'ignored' });
    expect(response.dynamoDbRequests).toBe(0);
  });

  it('turns 10 deliveries of one payment_intent.succeeded into 1 charge, 1 enrollment, 1 saga execution', async () => {
    const { tenantId, courseId, learner, paymentId, intentId } = await purchase();
    await provider.confirmIntent({ intentId, paymentMethod: 'pm_card_visa', idempotencyKey: `client-confirm-${intentId}` });
    const payload = eventJson('payment_intent.succeeded', intentId);
    const executionsBefore = runner.executions.size;

    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(payload)));
    await runner.settleAll();

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(responses.filter((r) => r.body.outcome === 'processed')).toHaveLength(1);
    expect(responses.filter((r) => r.body.outcome === 'duplicate')).toHaveLength(9);
    expect(provider.chargesOf(intentId)).toBe(1);
    expect(runner.executions.size - executionsBefore).toBe(1);
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toMatchObject({ status: 'active' });
    expect(await readPaymentIntent(tenantId, paymentId)).toMatchObject({ status: 'succeeded', enrollmentRequestId: expect.any(String) });
  });

  it('finds the enroll request\'s execution for a payment the saga charged: 5 deliveries start nothing more', async () => {
    const tenantId = uniqueTenant('wh');
    const courseId = randomUUID();
    await storeCourseRecord(tenantId, courseId, { priceCents: 4999, currency: 'USD' });
    const learner = caller(tenantId, 'learner');
    const executionsBefore = runner.executions.size;
    const enrolled = await api({ method: 'POST', path: `/api/v1/courses/${courseId}/enroll/`, token: learner.token, body: { payment_method_id: 'pm_card_visa' }, headers: { 'idempotency-key': `wh-${randomUUID()}` } });
    await runner.settleAll();
    expect([201, 202]).toContain(enrolled.status);
    const intent = provider.listIntents().find((i) => i.metadata.tenantId === tenantId);
    expect(intent).toMatchObject({ status: 'succeeded' });
    expect(runner.executions.size - executionsBefore).toBe(1);

    const payload = eventJson('payment_intent.succeeded', intent!.id);
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(payload)));
    await runner.settleAll();

    expect(responses.filter((r) => r.body.outcome === 'processed')).toHaveLength(1);
    expect(runner.executions.size - executionsBefore).toBe(1);
    expect(provider.chargesOf(intent!.id)).toBe(1);
    const paymentId = intent!.metadata.paymentId!;
    expect(await readPaymentIntent(tenantId, paymentId)).toMatchObject({ status: 'succeeded', enrollmentRequestId: enrolled.body.request_id ?? expect.stringMatching(/^enroll-/) });
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toMatchObject({ status: 'active', paymentId });

    // A refund made at the provider (dashboard, support) reaches this enrollment too.
    await provider.refund({ intentId: intent!.id, idempotencyKey: `r-${intent!.id}` });
    expect((await deliver(eventJson('charge.refunded', intent!.id))).body.outcome).toBe('processed');
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toMatchObject({ status: 'revoked' });
    expect(await readPaymentIntent(tenantId, paymentId)).toMatchObject({ status: 'refunded', refundedCents: 4999 });
  });

  it('revokes only the enrollment the refunded payment bought', async () => {
    const { tenantId, courseId, learner, intentId } = await purchase();
    await provider.confirmIntent({ intentId, paymentMethod: 'pm_card_visa', idempotencyKey: `c-${intentId}` });
    await deliver(eventJson('payment_intent.succeeded', intentId));
    await runner.settleAll();
    // The learner's enrollment is now paid by another payment (refunded and bought again).
    await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: enrollmentKey(tenantId, learner.userId, courseId), UpdateExpression: 'SET paymentId = :p', ExpressionAttributeValues: { ':p': `pay_${'0'.repeat(32)}` } }));
    await provider.refund({ intentId, idempotencyKey: `r-${intentId}` });

    expect((await deliver(eventJson('charge.refunded', intentId))).body.outcome).toBe('processed');
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toMatchObject({ status: 'active' });
  });

  it('marks the attempt failed on payment_intent.payment_failed (1 PutItem, 1 GetItem, 2 UpdateItems)', async () => {
    const { tenantId, paymentId, intentId } = await purchase();
    await provider.confirmIntent({ intentId, paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds', idempotencyKey: `c-${intentId}` }).catch(() => undefined);
    const response = await deliver(eventJson('payment_intent.payment_failed', intentId));
    expect(response.body.outcome).toBe('processed');
    expect(response.dynamoDbByCommand).toEqual({ PutItemCommand: 1, GetItemCommand: 1, UpdateItemCommand: 2 });
    expect(await readPaymentIntent(tenantId, paymentId)).toMatchObject({ status: 'failed', failureCode: 'insufficient_funds' });
  });

  it('converges to the provider\'s state: a late payment_failed after a success changes nothing', async () => {
    const { tenantId, paymentId, intentId } = await purchase();
    await provider.confirmIntent({ intentId, paymentMethod: 'pm_card_chargeDeclined', idempotencyKey: `c1-${intentId}` }).catch(() => undefined);
    const failedEvent = eventJson('payment_intent.payment_failed', intentId);
    await provider.confirmIntent({ intentId, paymentMethod: 'pm_card_visa', idempotencyKey: `c2-${intentId}` });
    await deliver(eventJson('payment_intent.succeeded', intentId));
    await runner.settleAll();
    await deliver(failedEvent);
    expect(await readPaymentIntent(tenantId, paymentId)).toMatchObject({ status: 'succeeded' });
  });

  it('revokes the enrollment and records the refund on charge.refunded; a late succeeded does not re-enroll', async () => {
    const { tenantId, courseId, learner, paymentId, intentId } = await purchase();
    await provider.confirmIntent({ intentId, paymentMethod: 'pm_card_visa', idempotencyKey: `c-${intentId}` });
    const succeeded = eventJson('payment_intent.succeeded', intentId);
    await deliver(succeeded);
    await runner.settleAll();
    await provider.refund({ intentId, idempotencyKey: `r-${intentId}` });

    const refunded = await deliver(eventJson('charge.refunded', intentId));
    const lateSucceeded = await deliver(eventJson('payment_intent.succeeded', intentId));
    await runner.settleAll();

    expect(refunded.body.outcome).toBe('processed');
    expect(lateSucceeded.body.outcome).toBe('processed');
    expect(await readPaymentIntent(tenantId, paymentId)).toMatchObject({ status: 'refunded', refundedCents: 4999 });
    expect(await readEnrollment(tenantId, learner.userId, courseId)).toMatchObject({ status: 'revoked' });
    expect(provider.chargesOf(intentId)).toBe(1);
  });

  it('ignores events about intents that are not Cairn\'s', async () => {
    const foreign = await provider.createIntent({ amount: 1000, currency: 'usd', metadata: {}, idempotencyKey: randomUUID() });
    const response = await deliver(eventJson('payment_intent.succeeded', foreign.id));
    expect(response.body.outcome).toBe('ignored');
    expect(response.dynamoDbRequests).toBe(0);
  });
});
