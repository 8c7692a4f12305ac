import type Stripe from 'stripe';
import {
  PaymentDeclinedError,
  PaymentProviderUnavailableError,
  type ConfirmIntentInput,
  type CreateIntentInput,
  type PaymentIntentStatus,
  type PaymentProvider,
  type ProviderPaymentIntent,
  type ProviderRefund,
  type RefundInput,
} from './paymentProvider.js';
import { stripeApiKey } from './paymentSecrets.js';
import { PaymentRequestRejectedError } from './providerErrors.js';
import { loadStripe } from './stripeSdk.js';

export interface StripeAdapterOptions {
  /** The secret key; by default fetched from Secrets Manager on first use. */
  apiKey?: () => Promise<string>;
  /** Where the SDK sends requests (tests: the fake Stripe server). Default: api.stripe.com over https. */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
  /** SDK network retries (with the same idempotency key, so they never double-charge). */
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

/**
 * The Stripe adapter of the payment provider port, on the official `stripe` SDK. Every call that moves
 * money passes the caller's idempotency key as Stripe's `Idempotency-Key`, so a retry (SDK, saga or
 * webhook) gets the first call's result. Stripe's errors are mapped onto the port's: card errors →
 * PaymentDeclinedError; connection, 5xx, 429 and idempotency-in-flight errors →
 * PaymentProviderUnavailableError (transient, the saga retries); other refusals →
 * PaymentRequestRejectedError (permanent). The SDK client is built once, on first use, with the key
 * from Secrets Manager; the SDK itself is imported then too (loadStripe), not at cold start.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private client: Promise<{ stripe: Stripe; sdk: typeof Stripe }> | undefined;

  constructor(private readonly options: StripeAdapterOptions = {}) {}

  async createIntent(input: CreateIntentInput): Promise<ProviderPaymentIntent> {
    const { stripe, sdk } = await this.stripe();
    const intent = await call(sdk, () =>
      stripe.paymentIntents.create(
        { amount: input.amount, currency: input.currency.toLowerCase(), metadata: input.metadata, allowed_payment_method_types: ['card'] },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toProviderIntent(intent);
  }

  /**
   * Confirms with a payment method. Stripe refuses to confirm an intent that already succeeded
   * (`payment_intent_unexpected_state`); that is answered with the intent as it is, so confirming
   * twice under different keys still charges once and reports success.
   */
  async confirmIntent(input: ConfirmIntentInput): Promise<ProviderPaymentIntent> {
    const { stripe, sdk } = await this.stripe();
    try {
      const intent = await call(sdk, () =>
        stripe.paymentIntents.confirm(input.intentId, { payment_method: input.paymentMethod, expand: ['latest_charge'] }, { idempotencyKey: input.idempotencyKey }),
      );
      return toProviderIntent(intent);
    } catch (err) {
      if (err instanceof PaymentRequestRejectedError && err.code === 'payment_intent_unexpected_state') {
        const current = await this.retrieveIntent(input.intentId);
        if (current.status === 'succeeded') return current;
      }
      throw err;
    }
  }

  async retrieveIntent(intentId: string): Promise<ProviderPaymentIntent> {
    const { stripe, sdk } = await this.stripe();
    const intent = await call(sdk, () => stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] }));
    return toProviderIntent(intent);
  }

  async refund(input: RefundInput): Promise<ProviderRefund> {
    const { stripe, sdk } = await this.stripe();
    const refund = await call(sdk, () =>
      stripe.refunds.create({ payment_intent: input.intentId, ...(input.amount !== undefined ? { amount: input.amount } : {}) }, { idempotencyKey: input.idempotencyKey }),
    );
    const intentId = typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? input.intentId);
    const status = refund.status === 'succeeded' || refund.status === 'failed' ? refund.status : 'pending';
    return { id: refund.id, intentId, amount: refund.amount, status };
  }

  /** A harmless read (no money moves, nothing is created): the account's balance. */
  async ping(): Promise<void> {
    const { stripe, sdk } = await this.stripe();
    await call(sdk, () => stripe.balance.retrieve());
  }

  private stripe(): Promise<{ stripe: Stripe; sdk: typeof Stripe }> {
    this.client ??= Promise.all([(this.options.apiKey ?? stripeApiKey)(), loadStripe()]).then(([key, sdk]) => ({
      sdk,
      stripe: new sdk(key, {
        maxNetworkRetries: this.options.maxNetworkRetries ?? 2,
        timeout: this.options.timeoutMs ?? 10_000,
        ...(this.options.api ? { host: this.options.api.host, port: this.options.api.port, protocol: this.options.api.protocol } : {}),
      }),
    }));
    // A failed key fetch is retried on the next call rather than cached.
    this.client.catch(() => (this.client = undefined));
    return this.client;
  }
}

const KNOWN_STATUSES: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'canceled'];

/** Stripe's PaymentIntent → the port's shape (refunded amount from the expanded latest charge). */
export function toProviderIntent(intent: Stripe.PaymentIntent): ProviderPaymentIntent {
  const status = (KNOWN_STATUSES as readonly string[]).includes(intent.status) ? (intent.status as PaymentIntentStatus) : 'processing';
  const charge = intent.latest_charge && typeof intent.latest_charge === 'object' ? intent.latest_charge : undefined;
  const error = intent.last_payment_error;
  return {
    id: intent.id,
    status,
    amount: intent.amount,
    currency: intent.currency,
    metadata: { ...(intent.metadata ?? {}) },
    clientSecret: intent.client_secret ?? null,
    amountRefunded: charge?.amount_refunded ?? 0,
    receiptUrl: charge?.receipt_url ?? null,
    lastError: error
      ? { code: error.code ?? error.type ?? 'payment_failed', ...(error.decline_code ? { declineCode: error.decline_code } : {}), message: error.message ?? 'Payment failed' }
      : null,
  };
}

/** Runs an SDK call and translates Stripe's error classes into the port's. */
async function call<T>(sdk: typeof Stripe, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    throw translateStripeError(err, sdk);
  }
}

/** The port's error for a Stripe SDK error (anything that is not a Stripe error passes through). */
export function translateStripeError(err: unknown, sdk: typeof Stripe): unknown {
  if (!(err instanceof sdk.errors.StripeError)) return err;
  switch (err.type) {
    case 'StripeCardError':
      return new PaymentDeclinedError(err.code ?? 'card_declined', err.decline_code, err.message);
    case 'StripeConnectionError':
    case 'StripeAPIError':
    case 'StripeRateLimitError':
    case 'StripeIdempotencyError':
      return new PaymentProviderUnavailableError(`Stripe: ${err.message}`);
    default:
      if ((err.statusCode ?? 0) >= 500) return new PaymentProviderUnavailableError(`Stripe: ${err.message}`);
      return new PaymentRequestRejectedError(err.code ?? err.type, err.message, err.statusCode ?? 400);
  }
}
