import { randomUUID } from 'node:crypto';
import { handler } from '../../lambdas/payments/handler.js';
import { ensureEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import { discountCents } from '../../shared/payments/couponPricing.js';
import { LocalPaymentProvider } from '../../shared/payments/localPaymentProvider.js';
import type { PaymentIntentRecord, PaymentStatus } from '../../shared/payments/paymentIntent.js';
import { createPaymentIntentRecord, markPaymentIntent, readPaymentIntent } from '../../shared/payments/paymentIntentRepository.js';
import { setPaymentProvider } from '../../shared/payments/providerFactory.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { caller, storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { uniqueTenant } from '../support/tokens.js';

const api = httpClient(ROUTES, { payments: handler });
const provider = new LocalPaymentProvider();
beforeAll(() => setPaymentProvider(provider));
afterAll(() => setPaymentProvider(undefined));

/** A tenant with a published 49.99 USD course, a learner and an org admin. */
async function shop(priceCents = 4999, fields: Record<string, unknown> = {}) {
  const tenantId = uniqueTenant('pay');
  const courseId = randomUUID();
  await storeCourseRecord(tenantId, courseId, { priceCents, currency: 'USD', title: 'Python 101', instructor: { id: 'i1', name: 'Jane Smith' }, ...fields });
  return { tenantId, courseId, learner: caller(tenantId, 'learner'), admin: caller(tenantId, 'org_admin') };
}

const intentBody = (courseId: string, fields: Record<string, unknown> = {}) => ({ course_id: courseId, amount: 49.99, currency: 'USD', payment_method: 'card', ...fields });

describe('POST /api/v1/payments/intents/', () => {
  it('prices the intent from the course on the server and stores it with its metadata', async () => {
    const { tenantId, courseId, learner } = await shop();
    const response = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId, { metadata: { source: 'web' } }) });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ amount: 49.99, original_amount: 49.99, currency: 'USD', discount: null, status: 'requires_payment_method', course_id: courseId });
    expect(response.body.payment_intent_id).toMatch(/^pi_/);
    expect(response.body.client_secret).toEqual(expect.any(String));
    const providerIntent = await provider.retrieveIntent(response.body.payment_intent_id);
    expect(providerIntent).toMatchObject({ amount: 4999, currency: 'usd', metadata: { tenantId, userId: learner.userId, courseId, paymentId: response.body.payment_id } });
    const stored = await readPaymentIntent(tenantId, response.body.payment_intent_id);
    expect(stored).toMatchObject({ userId: learner.userId, courseId, amountCents: 4999, clientMetadata: { source: 'web' } });
  });

  it('makes 1 BatchGetItem, 1 GetItem (enrollment), 1 TransactWriteItems and the limiter', async () => {
    const { courseId, learner } = await shop();
    const response = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId) });
    expect(response.status).toBe(200);
    expect(response.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, GetItemCommand: 1, TransactWriteItemsCommand: 1, UpdateItemCommand: 1 });
  });

  it('applies a percent coupon and accepts the list price or the discounted price as amount', async () => {
    const { courseId, learner, admin } = await shop();
    await api({ method: 'POST', path: '/api/v1/payments/coupons/', token: admin.token, body: { code: 'SAVE20', kind: 'percent', value: 20 } });
    const expectedDiscount = Math.round(4999 * 0.2); // 999.8 → 1000 cents
    const listed = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId, { coupon_code: 'save20' }) });
    const discounted = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId, { coupon_code: 'SAVE20', amount: (4999 - expectedDiscount) / 100 }) });

    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ amount: (4999 - expectedDiscount) / 100, original_amount: 49.99, discount: { coupon_code: 'SAVE20', discount_amount: expectedDiscount / 100, discount_percentage: 20 } });
    expect(discounted.status).toBe(200);
    expect((await provider.retrieveIntent(listed.body.payment_intent_id)).amount).toBe(4999 - expectedDiscount);
  });

  it('refuses an amount that is neither the list nor the discounted price with 409 naming the field', async () => {
    const { courseId, learner } = await shop();
    const response = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId, { amount: 0.5 }) });
    expect(response.status).toBe(409);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'body.amount', code: 'AMOUNT_MISMATCH' })]);
  });

  it('refuses a currency other than the course\'s with 409', async () => {
    const { courseId, learner } = await shop();
    const response = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId, { currency: 'EUR' }) });
    expect(response.status).toBe(409);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'body.currency', code: 'CURRENCY_MISMATCH' })]);
  });

  it.each([
    ['price', { price: 1 }],
    ['status', { status: 'succeeded' }],
    ['user_id', { user_id: 'someone-else' }],
    ['tenant_id', { tenant_id: 'other' }],
    ['discount', { discount: 49.99 }],
  ])('refuses a client-set %s with 400', async (field, extra) => {
    const { courseId, learner } = await shop();
    const response = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId, extra) });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(response.body.error.details)).toContain(field);
  });

  it.each([
    ['a negative amount', { amount: -5 }, 'body.amount'],
    ['three decimals', { amount: 49.999 }, 'body.amount'],
    ['a bad currency', { currency: 'DOLLARS' }, 'body.currency'],
    ['a course id that is not a UUID', { course_id: 'abc' }, 'body.course_id'],
  ])('refuses %s with 400 on the field', async (_label, extra, field) => {
    const { courseId, learner } = await shop();
    const response = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId, extra) });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers COURSE_NOT_PUBLISHED for a draft, 409 for a free course, ENROLLMENT_EXISTS when enrolled', async () => {
    const { tenantId, courseId, learner } = await shop();
    const draft = randomUUID();
    await storeCourseRecord(tenantId, draft, { priceCents: 4999, status: 'draft' });
    const free = randomUUID();
    await storeCourseRecord(tenantId, free, { priceCents: 0 });
    await ensureEnrollment({ tenantId, userId: learner.userId, courseId, source: 'paid', now: new Date() });

    const draftResponse = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(draft) });
    const freeResponse = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(free) });
    const enrolled = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId) });

    expect(draftResponse.body.error.code).toBe('COURSE_NOT_PUBLISHED');
    expect(freeResponse.status).toBe(409);
    expect(enrolled.status).toBe(409);
    expect(enrolled.body.error.code).toBe('ENROLLMENT_EXISTS');
  });

  it('returns the same intent for a retried Idempotency-Key and refuses the key for another course', async () => {
    const { tenantId, courseId, learner } = await shop();
    const other = randomUUID();
    await storeCourseRecord(tenantId, other, { priceCents: 4999 });
    const headers = { 'idempotency-key': `key-${randomUUID()}` };
    const first = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId), headers });
    const second = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId), headers });
    const reused = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(other), headers });

    expect(second.body.payment_intent_id).toBe(first.body.payment_intent_id);
    expect(provider.listIntents({ tenantId })).toHaveLength(1);
    expect(reused.status).toBe(409);
  });

  it('requires a token (401)', async () => {
    const { courseId } = await shop();
    expect((await api({ method: 'POST', path: '/api/v1/payments/intents/', body: intentBody(courseId) })).status).toBe(401);
  });
});

describe('GET /api/v1/payments/intents/{payment_id}/', () => {
  it('shows the owner their intent by either id, and answers 404 to another user and another tenant', async () => {
    const { tenantId, courseId, learner } = await shop();
    const created = await api({ method: 'POST', path: '/api/v1/payments/intents/', token: learner.token, body: intentBody(courseId) });
    const byPay = await api({ method: 'GET', path: `/api/v1/payments/intents/${created.body.payment_id}/`, token: learner.token });
    const byPi = await api({ method: 'GET', path: `/api/v1/payments/intents/${created.body.payment_intent_id}/`, token: learner.token });
    const otherUser = await api({ method: 'GET', path: `/api/v1/payments/intents/${created.body.payment_id}/`, token: caller(tenantId, 'learner').token });
    const otherTenant = await api({ method: 'GET', path: `/api/v1/payments/intents/${created.body.payment_id}/`, token: caller(uniqueTenant('x'), 'org_admin').token });
    const anonymous = await api({ method: 'GET', path: `/api/v1/payments/intents/${created.body.payment_id}/` });

    expect(byPay.status).toBe(200);
    expect(byPay.body).toMatchObject({ payment_id: created.body.payment_id, status: 'requires_payment_method', refunded_amount: 0 });
    expect(byPay.dynamoDbByCommand).toEqual({ GetItemCommand: 1, UpdateItemCommand: 1 });
    expect(byPi.body.payment_id).toBe(created.body.payment_id);
    expect(byPi.dynamoDbByCommand).toEqual({ GetItemCommand: 2, UpdateItemCommand: 1 });
    expect(otherUser.status).toBe(404);
    expect(otherTenant.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /api/v1/payments/history/', () => {
  /** Stores a payment directly with a chosen creation time and status (what intents + webhooks leave behind). */
  async function payment(tenantId: string, userId: string, createdAt: string, amountCents: number, status: PaymentStatus, refundedCents = 0, currency = 'USD') {
    const paymentId = `pay_${randomUUID().replace(/-/g, '')}`;
    const record: PaymentIntentRecord = {
      tenantId, paymentId, userId, courseId: randomUUID(), courseTitle: 'Python 101', instructorName: 'Jane Smith', listPriceCents: amountCents, discountCents: 0, amountCents, currency,
      provider: 'local', providerIntentId: `pi_hist_${paymentId.slice(4)}`, clientSecret: null, status: 'requires_payment_method', providerStatus: 'requires_payment_method', refundedCents: 0,
      idempotencyKey: `payment:${paymentId}`, clientMetadata: {}, createdAt, updatedAt: createdAt,
    };
    await createPaymentIntentRecord(record);
    if (status !== 'requires_payment_method') await markPaymentIntent(tenantId, paymentId, { status, refundedCents }, new Date(createdAt));
    return paymentId;
  }

  it('lists the caller\'s payments newest first with total_spent net of refunds, in one Query', async () => {
    const { tenantId, learner } = await shop();
    await payment(tenantId, learner.userId, '2025-01-10T10:00:00.000Z', 4999, 'succeeded');
    await payment(tenantId, learner.userId, '2025-01-12T10:00:00.000Z', 2000, 'failed');
    await payment(tenantId, learner.userId, '2025-01-14T10:00:00.000Z', 3000, 'refunded', 3000);
    await payment(tenantId, learner.userId, '2025-01-16T10:00:00.000Z', 1500, 'succeeded', 500);
    await payment(tenantId, caller(tenantId, 'learner').userId, '2025-01-11T10:00:00.000Z', 9999, 'succeeded');

    const response = await api({ method: 'GET', path: '/api/v1/payments/history/', token: learner.token });

    expect(response.status).toBe(200);
    expect(response.body.count).toBe(4);
    expect(response.body.total_spent).toBe((4999 + 0 + (1500 - 500)) / 100);
    expect(response.body.results.map((r: { created_at: string }) => r.created_at)).toEqual([
      '2025-01-16T10:00:00.000Z', '2025-01-14T10:00:00.000Z', '2025-01-12T10:00:00.000Z', '2025-01-10T10:00:00.000Z',
    ]);
    expect(response.body.results[3]).toMatchObject({ amount: 49.99, currency: 'USD', status: 'succeeded', description: 'Course: Python 101', course: { title: 'Python 101', instructor: 'Jane Smith' } });
    // Issue 23: the three charged payments (succeeded, refunded, partly refunded) have a receipt_url, the failed one none.
    expect(response.body.results.map((r: { receipt_url: string | null }) => r.receipt_url !== null)).toEqual([true, true, false, true]);
    // Their receipt PDFs are rendered on this first listing: per receipt 1 GetItem (organization name) + 1 UpdateItem (rendered).
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1, UpdateItemCommand: 1 + 3, GetItemCommand: 3 });
    const again = await api({ method: 'GET', path: '/api/v1/payments/history/', token: learner.token });
    expect(again.dynamoDbByCommand).toEqual({ QueryCommand: 1, UpdateItemCommand: 1 });
  });

  it('filters by an inclusive UTC date range and by status, paginating with links', async () => {
    const { tenantId, learner } = await shop();
    await payment(tenantId, learner.userId, '2025-01-09T23:59:59.999Z', 1000, 'succeeded');
    await payment(tenantId, learner.userId, '2025-01-10T00:00:00.000Z', 1100, 'succeeded');
    await payment(tenantId, learner.userId, '2025-01-11T12:00:00.000Z', 1200, 'failed');
    await payment(tenantId, learner.userId, '2025-01-12T23:59:59.999Z', 1300, 'succeeded');
    await payment(tenantId, learner.userId, '2025-01-13T00:00:00.000Z', 1400, 'succeeded');

    const ranged = await api({ method: 'GET', path: '/api/v1/payments/history/?start_date=2025-01-10&end_date=2025-01-12', token: learner.token });
    const succeeded = await api({ method: 'GET', path: '/api/v1/payments/history/?start_date=2025-01-10&end_date=2025-01-12&status=succeeded&page_size=1&page=2', token: learner.token });

    expect(ranged.body.count).toBe(3);
    expect(ranged.body.total_spent).toBe((1100 + 1300) / 100);
    expect(succeeded.body).toMatchObject({ count: 2, page: 2, page_size: 1, total_pages: 2, next: null });
    expect(succeeded.body.results.map((r: { amount: number }) => r.amount)).toEqual([11]);
    expect(succeeded.body.previous).toContain('status=succeeded');
  });

  it.each([
    ['an end before the start', '?start_date=2025-02-01&end_date=2025-01-01', 'query.end_date'],
    ['a non-date', '?start_date=2025-13-45', 'query.start_date'],
    ['an unknown status', '?status=paid', 'query.status'],
    ['an unknown parameter', '?user_id=x', 'query'],
  ])('refuses %s with 400', async (_label, query, field) => {
    const { learner } = await shop();
    const response = await api({ method: 'GET', path: `/api/v1/payments/history/${query}`, token: learner.token });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).join(',')).toContain(field);
  });

  it('never shows another tenant\'s payments and requires a token', async () => {
    const { tenantId, learner } = await shop();
    await payment(tenantId, learner.userId, '2025-01-10T10:00:00.000Z', 4999, 'succeeded');
    const sameUserIdOtherTenant = await api({ method: 'GET', path: '/api/v1/payments/history/', token: caller(uniqueTenant('o'), 'learner').token });
    expect(sameUserIdOtherTenant.body.count).toBe(0);
    expect((await api({ method: 'GET', path: '/api/v1/payments/history/' })).status).toBe(401);
  });
});

// The discount rule the intent test relies on, computed independently there (20% of 49.99 = 9.998 → 10.00).
it('rounds a 20% discount of 49.99 to 10.00', () => {
  expect(discountCents(4999, { kind: 'percent', value: 20 })).toBe(1000);
});
