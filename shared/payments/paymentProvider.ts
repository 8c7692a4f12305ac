/**
 * The payment provider port (issue 7). The enrollment saga, the payment-intent routes and the webhook
 * talk to a provider only through this interface. Two adapters implement it: Stripe (the `stripe`
 * SDK, secrets from Secrets Manager) and a local test-mode provider used by `npm start` and the tests,
 * which honours Stripe's documented test payment methods. Amounts are integers in the currency's minor
 * unit (cents), as Stripe takes them.
 *
 * Every call that changes money carries an idempotency key: the provider answers a repeated key with
 * the first call's result instead of charging or refunding again, so a retried saga step is harmless.
 */

/** Stripe's PaymentIntent statuses (the subset this product reaches). */
export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'succeeded'
  | 'canceled';

export interface ProviderPaymentIntent {
  id: string;
  status: PaymentIntentStatus;
  /** Minor units (cents). */
  amount: number;
  /** Lower-case ISO 4217 (`usd`). */
  currency: string;
  /** What the intent is for: tenant, user, course, coupon, enrollment request id … (strings only, as Stripe). */
  metadata: Record<string, string>;
  clientSecret: string | null;
  /** The amount refunded so far (minor units). */
  amountRefunded: number;
  /** The charge's receipt page (Stripe's `latest_charge.receipt_url`); null before a charge and for the local provider. */
  receiptUrl: string | null;
  /** Why the last confirmation failed, when it did. */
  lastError: { code: string; declineCode?: string; message: string } | null;
}

export interface CreateIntentInput {
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  idempotencyKey: string;
}

export interface ConfirmIntentInput {
  intentId: string;
  /** A payment method id (`pm_card_visa`, `pm_card_chargeDeclined` …). */
  paymentMethod: string;
  idempotencyKey: string;
}

export interface RefundInput {
  intentId: string;
  idempotencyKey: string;
  /** Minor units; the whole remaining amount when omitted. */
  amount?: number;
}

export interface ProviderRefund {
  id: string;
  intentId: string;
  amount: number;
  status: 'succeeded' | 'pending' | 'failed';
}

export interface PaymentProvider {
  readonly name: 'stripe' | 'local';
  createIntent(input: CreateIntentInput): Promise<ProviderPaymentIntent>;
  /**
   * Confirms with a payment method. A decline throws PaymentDeclinedError; authentication required
   * resolves with status `requires_action` (the client completes it, the webhook reports the outcome).
   */
  confirmIntent(input: ConfirmIntentInput): Promise<ProviderPaymentIntent>;
  retrieveIntent(intentId: string): Promise<ProviderPaymentIntent>;
  refund(input: RefundInput): Promise<ProviderRefund>;
  /**
   * A harmless read that proves the provider answers (integration `health` and `test`, issue 20):
   * Stripe's balance retrieval; nothing for the local provider. Optional so test doubles may omit it.
   */
  ping?(): Promise<void>;
}

/** The card was declined: permanent for this attempt, never retried by the saga. */
export class PaymentDeclinedError extends Error {
  constructor(
    readonly code: string,
    readonly declineCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentDeclinedError';
  }
}

/** The provider could not be reached or answered 5xx / 429: transient, the saga retries it. */
export class PaymentProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentProviderUnavailableError';
  }
}
