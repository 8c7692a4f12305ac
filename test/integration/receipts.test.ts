import { PutCommand } from '../../shared/db/commands.js';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { installLocalEnrollmentSaga } from '../../bin/local/localStateMachine.js';
import { handler as enrollmentHandler } from '../../lambdas/enrollment/handler.js';
import { createPaymentsHandler } from '../../lambdas/payments/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { organizationKey } from '../../shared/db/keys.js';
import { LocalPaymentProvider } from '../../shared/payments/localPaymentProvider.js';
import type { PaymentIntentRecord } from '../../shared/payments/paymentIntent.js';
import { createPaymentIntentRecord, markPaymentIntent, readPaymentIntent } from '../../shared/payments/paymentIntentRepository.js';
import { setPaymentProvider } from '../../shared/payments/providerFactory.js';
import { receiptUrlOf } from '../../shared/payments/receiptLinks.js';
import { toProviderIntent } from '../../shared/payments/stripePaymentProvider.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Issue 23, receipts: every succeeded payment has a `receipt_url` — the local test-mode provider's is
 * our receipt PDF in S3 behind a presigned link, showing the amount actually charged after the coupon;
 * Stripe's is the charge's own receipt URL, kept on the payment record when it succeeds.
 */
const api = httpClient(ROUTES, { enrollment: enrollmentHandler, payments: createPaymentsHandler({ rateClasses: { payments: { limit: null, windowSeconds: 3600 } } }) });
const ARTIFACTS = mkdtempSync(join(tmpdir(), 'cairn-receipts-'));

let provider: LocalPaymentProvider;
beforeEach(async () => {
  provider = new LocalPaymentProvider();
  setPaymentProvider(provider);
  await installLocalEnrollmentSaga({ retryIntervalMs: 1, authenticationPollMs: 20 });
});
afterAll(() => setPaymentProvider(undefined));

describe('local test-mode receipts', () => {
  it('a payment with a 20 % coupon has a receipt_url whose PDF shows the 39.99 USD actually charged', async () => {
    // Hand computation: list price 49.99 USD; SAVE20 takes 20 % = 9.998 → 10.00 (half up to the cent); charged 39.99.
    const tenantId = uniqueTenant('receipt');
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...organizationKey(tenantId), type: 'organization', tenantId, name: 'Acme Academy', createdAt: new Date().toISOString() } }));
    const adminId = randomUUID();
    const admin = tokenFor({ userId: adminId, tenantId, roles: ['org_admin'] });
    expect((await api({ method: 'POST', path: '/api/v1/payments/coupons/', token: admin, body: { code: 'SAVE20', kind: 'percent', value: 20 } })).status).toBe(201);
    const courseId = randomUUID();
    await storeCourseRecord(tenantId, courseId, { title: 'Serverless Payments in Practice', priceCents: 4999, currency: 'USD', status: 'published' });
    const userId = randomUUID();
    const token = tokenFor({ userId, tenantId, roles: ['learner'] });

    const enrolled = await api({ method: 'POST', path: `/api/v1/courses/${courseId}/enroll/`, token, body: { payment_method_id: 'pm_card_visa', coupon_code: 'SAVE20' } });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.payment).toMatchObject({ amount: 39.99, currency: 'USD', status: 'completed' });
    const paymentId = enrolled.body.payment.payment_id as string;

    const history = await api({ method: 'GET', path: '/api/v1/payments/history/', token });
    expect(history.status).toBe(200);
    const row = history.body.results[0];
    expect(row).toMatchObject({ payment_id: paymentId, amount: 39.99, status: 'succeeded', discount: { coupon_code: 'SAVE20', discount_amount: 10 } });
    expect(row.receipt_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/cairn-reports/${tenantId}/receipts/${paymentId}\\.pdf\\?`));
    const detail = await api({ method: 'GET', path: `/api/v1/payments/intents/${paymentId}/`, token });
    expect(detail.body.receipt_url).toEqual(expect.stringContaining(`/receipts/${paymentId}.pdf`));

    const response = await fetch(row.receipt_url);
    expect(response.status).toBe(200);
    const pdfPath = join(ARTIFACTS, `${paymentId}.pdf`);
    writeFileSync(pdfPath, Buffer.from(await response.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
    expect(text).toMatch(/Amount charged\s+39\.99 USD/);
    expect(text).toContain('49.99 USD');
    expect(text).toContain('− 10.00 USD (coupon SAVE20)');
    expect(text).toContain('Serverless Payments in Practice');
    expect(text).toContain(paymentId);
    expect(text).toContain('Acme Academy');
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', pdfPath, join(ARTIFACTS, 'receipt')]);

    // Rendered once: the record remembers where, and a second look hands out the same object.
    const stored = await readPaymentIntent(tenantId, paymentId);
    expect(stored?.receiptFileKey).toBe(`${tenantId}/receipts/${paymentId}.pdf`);
  });

  it('has no receipt before anything was charged', async () => {
    const now = new Date().toISOString();
    const pending = { tenantId: 't', paymentId: `pay_${'3'.repeat(32)}`, userId: 'u', courseId: 'c', courseTitle: 'C', instructorName: 'I', listPriceCents: 100, discountCents: 0, amountCents: 100, currency: 'USD', provider: 'local', providerIntentId: 'pi_local_1', clientSecret: null, status: 'requires_payment_method', providerStatus: 'requires_payment_method', refundedCents: 0, idempotencyKey: 'k', clientMetadata: {}, createdAt: now, updatedAt: now } satisfies PaymentIntentRecord;
    expect(await receiptUrlOf(pending, new Date())).toBeNull();
    expect(await receiptUrlOf({ ...pending, status: 'failed' }, new Date())).toBeNull();
  });
});

describe('Stripe receipts', () => {
  it('takes the charge\'s receipt_url from the expanded latest charge and keeps it on the payment record', async () => {
    const receipt = 'https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xTest';
    const intent = toProviderIntent({ id: 'pi_test_123', object: 'payment_intent', status: 'succeeded', amount: 3999, currency: 'usd', metadata: {}, client_secret: null, last_payment_error: null, latest_charge: { id: 'ch_1', object: 'charge', amount_refunded: 0, receipt_url: receipt } } as unknown as Stripe.PaymentIntent);
    expect(intent.receiptUrl).toBe(receipt);

    const tenantId = uniqueTenant('receipt');
    const paymentId = `pay_${randomUUID().replace(/-/g, '')}`;
    const now = new Date().toISOString();
    await createPaymentIntentRecord({ tenantId, paymentId, userId: 'u1', courseId: 'c1', courseTitle: 'C', instructorName: 'I', listPriceCents: 3999, discountCents: 0, amountCents: 3999, currency: 'USD', provider: 'stripe', providerIntentId: 'pi_test_123', clientSecret: null, status: 'processing', providerStatus: 'processing', refundedCents: 0, idempotencyKey: 'k', clientMetadata: {}, createdAt: now, updatedAt: now });
    await markPaymentIntent(tenantId, paymentId, { status: 'succeeded', providerStatus: 'succeeded', receiptUrl: receipt }, new Date());
    const record = await readPaymentIntent(tenantId, paymentId);
    expect(await receiptUrlOf(record as PaymentIntentRecord, new Date())).toBe(receipt);
  });
});
