import { randomBytes, randomUUID } from 'node:crypto';
import { installLocalEnrollmentSaga, type LocalSagaRunner } from '../../bin/local/localStateMachine.js';
import { handler as enrollmentHandler } from '../../lambdas/enrollment/handler.js';
import { readEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import { LocalPaymentProvider } from '../../shared/payments/localPaymentProvider.js';
import { createPaymentIntentRecord } from '../../shared/payments/paymentIntentRepository.js';
import { setPaymentProvider } from '../../shared/payments/providerFactory.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// POST /api/v1/courses/{course_id}/enroll/, POST /api/v1/payments/intents/{payment_id}/confirm/ and
// GET /api/v1/enrollments/requests/{request_id}/ (seed 002) through the HTTP layer, with the saga
// run locally from its CDK definition and the local test-mode payment provider.

const api = httpClient(ROUTES, { enrollment: enrollmentHandler });
const PRICE_CENTS = 4999;

let provider: LocalPaymentProvider;
let runner: LocalSagaRunner;

beforeEach(async () => {
  provider = new LocalPaymentProvider();
  setPaymentProvider(provider);
  runner = await installLocalEnrollmentSaga({ retryIntervalMs: 1, authenticationPollMs: 20 });
});

afterAll(() => setPaymentProvider(undefined));

function learner(tenantId: string) {
  const userId = `learner-${randomUUID().slice(0, 8)}`;
  return { userId, token: tokenFor({ userId, tenantId, roles: ['learner'] }) };
}

async function course(tenantId: string, fields: { priceCents?: number; status?: 'draft' | 'published' } = {}): Promise<string> {
  const courseId = randomUUID();
  await storeCourseRecord(tenantId, courseId, { priceCents: fields.priceCents ?? 0, currency: 'USD', status: fields.status ?? 'published' });
  return courseId;
}

const enroll = (courseId: string, token: string | undefined, body?: unknown, headers?: Record<string, string>) =>
  api({ method: 'POST', path: `/api/v1/courses/${courseId}/enroll/`, ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

describe('POST /api/v1/courses/{course_id}/enroll/ (free course)', () => {
  it('enrolls at once with the seed body (201) in a fixed number of DynamoDB requests', async () => {
    const tenant = uniqueTenant('enroll');
    const me = learner(tenant);
    const courseId = await course(tenant);
    const response = await enroll(courseId, me.token);

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      enrollment_id: expect.stringMatching(/^enr_/),
      course_id: courseId,
      user_id: me.userId,
      enrolled_at: expect.any(String),
      payment: { amount: 0, currency: 'USD', status: 'free', payment_id: null },
      message: 'Successfully enrolled in course',
    });
    // Limiter + course + enrollment reads + one transaction (enrollment, count, notification).
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, GetItemCommand: 2, TransactWriteItemsCommand: 1 });
    expect((await readEnrollment(tenant, me.userId, courseId))?.enrollmentId).toBe(response.body.enrollment_id);
  });

  it('answers a second enroll with 409 ENROLLMENT_EXISTS', async () => {
    const tenant = uniqueTenant('enroll');
    const me = learner(tenant);
    const courseId = await course(tenant);
    expect((await enroll(courseId, me.token)).status).toBe(201);
    const second = await enroll(courseId, me.token);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ENROLLMENT_EXISTS');
  });

  it('refuses a draft course with COURSE_NOT_PUBLISHED and an unknown one with COURSE_NOT_FOUND', async () => {
    const tenant = uniqueTenant('enroll');
    const me = learner(tenant);
    const draft = await enroll(await course(tenant, { status: 'draft' }), me.token);
    expect(draft.status).toBe(400);
    expect(draft.body.error.code).toBe('COURSE_NOT_PUBLISHED');
    const unknown = await enroll(randomUUID(), me.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('COURSE_NOT_FOUND');
  });

  it('enrolls only the caller: another learner of the tenant is enrolled separately, another tenant never sees the course', async () => {
    const tenant = uniqueTenant('enroll');
    const courseId = await course(tenant);
    const [a, b] = [learner(tenant), learner(tenant)];
    expect((await enroll(courseId, a.token)).status).toBe(201);
    expect((await enroll(courseId, b.token)).status).toBe(201);
    expect(await readEnrollment(tenant, b.userId, courseId)).toBeDefined();
    const outsider = learner(uniqueTenant('other'));
    const foreign = await enroll(courseId, outsider.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('COURSE_NOT_FOUND');
  });

  it('requires a token (401)', async () => {
    const tenant = uniqueTenant('enroll');
    expect((await enroll(await course(tenant), undefined)).status).toBe(401);
  });

  it.each([
    ['price', { price: 0 }],
    ['amount', { amount: 0 }],
    ['status', { status: 'active' }],
    ['user_id', { user_id: 'someone-else' }],
  ])('refuses a client-set %s with 400 on that field', async (field, body) => {
    const tenant = uniqueTenant('enroll');
    const response = await enroll(await course(tenant), learner(tenant).token, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(response.body.error.details)).toContain(field);
  });
});

describe('POST /api/v1/courses/{course_id}/enroll/ (paid course, the saga)', () => {
  it('charges and enrolls within the wait: 201 with the seed body and the payment', async () => {
    const tenant = uniqueTenant('paid');
    const me = learner(tenant);
    const courseId = await course(tenant, { priceCents: PRICE_CENTS });
    const response = await enroll(courseId, me.token, { payment_method_id: 'pm_card_visa' });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      course_id: courseId,
      user_id: me.userId,
      payment: { amount: PRICE_CENTS / 100, currency: 'USD', status: 'completed', payment_id: expect.stringMatching(/^pay_/) },
    });
    // Limiter, course + enrollment reads, the saga's request claim, its outcome and the enrollment.
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, GetItemCommand: 4, PutItemCommand: 1 });
    expect(provider.totalCharges({ tenantId: tenant })).toBe(1);
  });

  it('turns 10 concurrent identical requests into 1 execution, 1 charge and 1 enrollment', async () => {
    const tenant = uniqueTenant('paid');
    const me = learner(tenant);
    const courseId = await course(tenant, { priceCents: PRICE_CENTS });
    const responses = await Promise.all(Array.from({ length: 10 }, () => enroll(courseId, me.token, { payment_method_id: 'pm_card_visa' })));
    await runner.settleAll();

    expect(responses.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'ENROLLMENT_EXISTS'))).toBe(true);
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.enrollment_id)).size).toBe(1);
    expect([...runner.executions.values()].filter((e) => e.input.tenantId === tenant)).toHaveLength(1);
    expect(provider.totalCharges({ tenantId: tenant })).toBe(1);
    expect((await readEnrollment(tenant, me.userId, courseId))?.enrollmentId).toBe(created[0]?.body.enrollment_id);
  });

  it.each([
    ['pm_card_chargeDeclined', 'PAYMENT_FAILED'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'PAYMENT_INSUFFICIENT_FUNDS'],
  ])('a decline with %s is 402 %s and enrolls nothing', async (method, code) => {
    const tenant = uniqueTenant('paid');
    const me = learner(tenant);
    const courseId = await course(tenant, { priceCents: PRICE_CENTS });
    const response = await enroll(courseId, me.token, { payment_method_id: method });
    expect(response.status).toBe(402);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.details[0].field).toBe('body.payment_method_id');
    expect(await readEnrollment(tenant, me.userId, courseId)).toBeUndefined();
  });

  it('asks for a payment method on a paid course (400 on body.payment_method_id)', async () => {
    const tenant = uniqueTenant('paid');
    const response = await enroll(await course(tenant, { priceCents: PRICE_CENTS }), learner(tenant).token);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body.payment_method_id');
  });

  it('answers 202 with a request to poll while 3-D Secure is pending; the owner polls it to success', async () => {
    const tenant = uniqueTenant('paid');
    const me = learner(tenant);
    const courseId = await course(tenant, { priceCents: PRICE_CENTS });
    const started = await enroll(courseId, me.token, { payment_method_id: 'pm_card_authenticationRequired' }, { 'idempotency-key': 'checkout-3ds-0001' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'requires_action', course_id: courseId, client_secret: expect.any(String), enrollment: null, error: null });
    expect(started.headers.location).toBe(started.body.status_url);

    const [intent] = provider.listIntents({ tenantId: tenant });
    provider.completeAuthentication(intent?.id ?? '', 'succeeded');
    await runner.settleAll();

    const polled = await api({ method: 'GET', path: started.body.status_url, token: me.token });
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ request_id: started.body.request_id, status: 'succeeded', enrollment: { course_id: courseId, user_id: me.userId }, error: null });
    expect(polled.dynamoDbByCommand).toEqual({ GetItemCommand: 2 });

    const otherUser = await api({ method: 'GET', path: started.body.status_url, token: learner(tenant).token });
    expect(otherUser.status).toBe(404);
    const otherTenant = await api({ method: 'GET', path: started.body.status_url, token: tokenFor({ userId: me.userId, tenantId: uniqueTenant('x'), roles: ['learner'] }) });
    expect(otherTenant.status).toBe(404);
    expect((await api({ method: 'GET', path: started.body.status_url })).status).toBe(401);
  });

  it('refuses a malformed Idempotency-Key header with 400 on that header', async () => {
    const tenant = uniqueTenant('paid');
    const response = await enroll(await course(tenant, { priceCents: PRICE_CENTS }), learner(tenant).token, { payment_method_id: 'pm_card_visa' }, { 'idempotency-key': 'bad key!' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('headers.idempotency-key');
  });
});

describe('POST /api/v1/payments/intents/{payment_id}/confirm/', () => {
  /** An intent as the payments area stores it (the provider's intent plus Cairn's record). */
  async function intentFor(tenantId: string, userId: string, courseId: string): Promise<string> {
    const paymentId = `pay_${randomBytes(16).toString('hex')}`;
    const created = await provider.createIntent({ amount: PRICE_CENTS, currency: 'usd', metadata: { tenantId, paymentId }, idempotencyKey: `create-${paymentId}` });
    const now = new Date().toISOString();
    await createPaymentIntentRecord({
      tenantId, paymentId, userId, courseId, courseTitle: 'Course', instructorName: 'Author', listPriceCents: PRICE_CENTS, discountCents: 0, amountCents: PRICE_CENTS, currency: 'USD',
      provider: 'local', providerIntentId: created.id, clientSecret: created.clientSecret, status: 'requires_payment_method', providerStatus: created.status, refundedCents: 0,
      idempotencyKey: `intent:${paymentId}`, clientMetadata: {}, createdAt: now, updatedAt: now,
    });
    return paymentId;
  }

  it('confirms the caller\'s intent, charges once and answers with the seed shape and the enrollment', async () => {
    const tenant = uniqueTenant('confirm');
    const me = learner(tenant);
    const courseId = await course(tenant, { priceCents: PRICE_CENTS });
    const paymentId = await intentFor(tenant, me.userId, courseId);
    const response = await api({ method: 'POST', path: `/api/v1/payments/intents/${paymentId}/confirm/`, token: me.token, body: { payment_method_id: 'pm_card_visa' } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'succeeded',
      payment_id: paymentId,
      stripe_payment_intent: expect.stringMatching(/^pi_/),
      enrollment: { enrollment_id: expect.stringMatching(/^enr_/), course_id: courseId, enrolled_at: expect.any(String) },
      message: 'Payment successful. You are now enrolled in the course.',
    });
    // Limiter, intent, the saga's request claim, its outcome and the enrollment; issue 23: the paid
    // record read again for receipt_url, whose receipt PDF is rendered now (GetItem organization, UpdateItem rendered).
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2, GetItemCommand: 5, PutItemCommand: 1 });
    expect(response.body.receipt_url).toEqual(expect.stringContaining(`/receipts/${paymentId}.pdf`));
    expect(provider.totalCharges({ tenantId: tenant })).toBe(1);

    const again = await api({ method: 'POST', path: `/api/v1/payments/intents/${paymentId}/confirm/`, token: me.token, body: { payment_method_id: 'pm_card_visa' } });
    expect(again.body.enrollment.enrollment_id).toBe(response.body.enrollment.enrollment_id);
    expect(provider.totalCharges({ tenantId: tenant })).toBe(1);
  });

  it('a declined card is 402 PAYMENT_FAILED', async () => {
    const tenant = uniqueTenant('confirm');
    const me = learner(tenant);
    const paymentId = await intentFor(tenant, me.userId, await course(tenant, { priceCents: PRICE_CENTS }));
    const response = await api({ method: 'POST', path: `/api/v1/payments/intents/${paymentId}/confirm/`, token: me.token, body: { payment_method_id: 'pm_card_chargeDeclined' } });
    expect(response.status).toBe(402);
    expect(response.body.error.code).toBe('PAYMENT_FAILED');
  });

  it('authentication required answers requires_action with the client secret', async () => {
    const tenant = uniqueTenant('confirm');
    const me = learner(tenant);
    const paymentId = await intentFor(tenant, me.userId, await course(tenant, { priceCents: PRICE_CENTS }));
    const response = await api({ method: 'POST', path: `/api/v1/payments/intents/${paymentId}/confirm/`, token: me.token, body: { payment_method_id: 'pm_card_authenticationRequired' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'requires_action', client_secret: expect.any(String), enrollment: null });
    expect(provider.totalCharges({ tenantId: tenant })).toBe(0);
  });

  it('another user\'s or another tenant\'s intent is 404, no token is 401, and the client cannot set the amount', async () => {
    const tenant = uniqueTenant('confirm');
    const owner = learner(tenant);
    const paymentId = await intentFor(tenant, owner.userId, await course(tenant, { priceCents: PRICE_CENTS }));
    const path = `/api/v1/payments/intents/${paymentId}/confirm/`;
    expect((await api({ method: 'POST', path, token: learner(tenant).token, body: { payment_method_id: 'pm_card_visa' } })).status).toBe(404);
    const foreign = tokenFor({ userId: owner.userId, tenantId: uniqueTenant('x'), roles: ['learner'] });
    expect((await api({ method: 'POST', path, token: foreign, body: { payment_method_id: 'pm_card_visa' } })).status).toBe(404);
    expect((await api({ method: 'POST', path, body: { payment_method_id: 'pm_card_visa' } })).status).toBe(401);
    const amount = await api({ method: 'POST', path, token: owner.token, body: { payment_method_id: 'pm_card_visa', amount: 1 } });
    expect(amount.status).toBe(400);
    expect(amount.body.error.details[0].field).toBe('body.amount');
    expect(provider.totalCharges({ tenantId: tenant })).toBe(0);
  });
});
