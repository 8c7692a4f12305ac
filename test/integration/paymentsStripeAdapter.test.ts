import { PaymentDeclinedError, PaymentProviderUnavailableError } from '../../shared/payments/paymentProvider.js';
import { PaymentRequestRejectedError } from '../../shared/payments/providerErrors.js';
import { StripePaymentProvider } from '../../shared/payments/stripePaymentProvider.js';
import { startFakeStripeServer, type FakeStripeServer } from '../support/fakeStripeServer.js';

// The Stripe adapter with the real `stripe` SDK, pointed (host/port/protocol) at a local server that answers like Stripe.
describe('Stripe payment provider adapter', () => {
  let server: FakeStripeServer;
  let adapter: StripePaymentProvider;

  beforeAll(async () => {
    server = await startFakeStripeServer();
    adapter = new StripePaymentProvider({ apiKey: async () => 'sk_test_fake', api: { host: server.host, port: server.port, protocol: 'http' }, maxNetworkRetries: 1, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await server.close();
  });

  const create = (key: string, amount = 3999) => adapter.createIntent({ amount, currency: 'usd', metadata: { tenantId: 't1', paymentId: key }, idempotencyKey: `create-${key}` });

  it('creates an intent with the amount, currency and metadata, authenticated with the secret key and the idempotency key', async () => {
    const intent = await create('a1');
    expect(intent).toMatchObject({ status: 'requires_payment_method', amount: 3999, currency: 'usd', metadata: { tenantId: 't1', paymentId: 'a1' }, amountRefunded: 0 });
    expect(intent.id).toMatch(/^pi_/);
    const request = server.requests.find((r) => r.path === '/v1/payment_intents' && r.idempotencyKey === 'create-a1');
    expect(request?.authorization).toBe('Bearer sk_test_fake');
    expect(request?.form['metadata[tenantId]']).toBe('t1');
    expect(request?.form['allowed_payment_method_types[0]']).toBe('card');
  });

  it('returns the same intent for a repeated idempotency key', async () => {
    const first = await create('a2');
    const second = await create('a2');
    expect(second.id).toBe(first.id);
  });

  it('confirms with pm_card_visa: succeeded, charged once even when confirmed again', async () => {
    const intent = await create('a3');
    const confirmed = await adapter.confirmIntent({ intentId: intent.id, paymentMethod: 'pm_card_visa', idempotencyKey: 'confirm-a3' });
    const again = await adapter.confirmIntent({ intentId: intent.id, paymentMethod: 'pm_card_visa', idempotencyKey: 'confirm-a3-other' });
    expect(confirmed.status).toBe('succeeded');
    expect(again.status).toBe('succeeded');
    expect(server.engine.chargesOf(intent.id)).toBe(1);
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
  ])('maps a decline with %s to PaymentDeclinedError (%s)', async (method, declineCode) => {
    const intent = await create(`decline-${method}`);
    const error = await adapter.confirmIntent({ intentId: intent.id, paymentMethod: method, idempotencyKey: `c-${method}` }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PaymentDeclinedError);
    expect((error as PaymentDeclinedError).declineCode).toBe(declineCode);
    const after = await adapter.retrieveIntent(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.lastError?.declineCode).toBe(declineCode);
  });

  it('leaves an intent in requires_action for pm_card_authenticationRequired, without charging', async () => {
    const intent = await create('a4');
    const confirmed = await adapter.confirmIntent({ intentId: intent.id, paymentMethod: 'pm_card_authenticationRequired', idempotencyKey: 'confirm-a4' });
    expect(confirmed.status).toBe('requires_action');
    expect(server.engine.chargesOf(intent.id)).toBe(0);
  });

  it('refunds once per idempotency key and reports the refunded amount on retrieve', async () => {
    const intent = await create('a5', 5000);
    await adapter.confirmIntent({ intentId: intent.id, paymentMethod: 'pm_card_visa', idempotencyKey: 'confirm-a5' });
    const refund = await adapter.refund({ intentId: intent.id, idempotencyKey: 'refund-a5' });
    const repeat = await adapter.refund({ intentId: intent.id, idempotencyKey: 'refund-a5' });
    expect(refund).toMatchObject({ amount: 5000, status: 'succeeded', intentId: intent.id });
    expect(repeat.id).toBe(refund.id);
    expect(server.engine.refundsOf(intent.id)).toHaveLength(1);
    expect((await adapter.retrieveIntent(intent.id)).amountRefunded).toBe(5000);
  });

  it('maps an unknown intent to a permanent 404 rejection', async () => {
    const error = await adapter.retrieveIntent('pi_doesnotexist').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PaymentRequestRejectedError);
    expect((error as PaymentRequestRejectedError).status).toBe(404);
  });

  it('retries a 500 through the SDK with the same idempotency key, and reports a lasting outage as unavailable', async () => {
    server.failNextRequests(1);
    const intent = await create('a6');
    const attempts = server.requests.filter((r) => r.idempotencyKey === 'create-a6');
    expect(intent.status).toBe('requires_payment_method');
    expect(attempts.length).toBe(2);

    server.failNextRequests(5);
    const error = await create('a7').catch((err: unknown) => err);
    server.failNextRequests(0);
    expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
  });
});
