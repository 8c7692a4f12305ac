/**
 * Cairn's record of a payment intent (issue 7): what the customer is paying for, the price computed
 * on the server, the coupon applied, the provider's intent it belongs to and the payment's status as
 * the API reports it. Amounts in minor units (cents).
 *
 * Statuses: `requires_payment_method` (created, or a confirmation failed and may be retried),
 * `requires_action` (3-D Secure pending), `processing`, `succeeded`, `failed` (last confirmation
 * declined), `canceled`, `refunded` (fully refunded; partial refunds stay `succeeded` with
 * `refundedCents`).
 */
export const PAYMENT_STATUSES = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentIntentRecord {
  tenantId: string;
  /** Cairn's id: `pay_…`. */
  paymentId: string;
  userId: string;
  courseId: string;
  /** Denormalised for the history page (the course's title and instructor at purchase time). */
  courseTitle: string;
  instructorName: string;
  listPriceCents: number;
  discountCents: number;
  /** What the customer pays: list price − discount. */
  amountCents: number;
  /** Upper-case ISO 4217, as the catalog shows it. */
  currency: string;
  couponCode?: string;
  couponKind?: 'percent' | 'fixed';
  couponValue?: number;
  provider: 'stripe' | 'local';
  /** The provider's intent id: `pi_…`. */
  providerIntentId: string;
  clientSecret: string | null;
  status: PaymentStatus;
  /** The provider's own status at the last update. */
  providerStatus: string;
  failureCode?: string;
  refundedCents: number;
  lastRefundId?: string;
  enrollmentRequestId?: string;
  /** The business key of this purchase: the saga's idempotency key, the same on every path (confirm, webhook). */
  idempotencyKey: string;
  /** The client's own metadata (seed 002 `metadata`), kept for reporting, never interpreted. */
  clientMetadata: Record<string, string>;
  /** The provider's receipt of the charge (Stripe's charge `receipt_url`). */
  receiptUrl?: string;
  /** The local provider's receipt PDF (issue 23): where it is stored and when it was last rendered. */
  receiptFileKey?: string;
  receiptRenderedAt?: string;
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
  refundedAt?: string;
}

/** Payment ids Cairn issues: `pay_` + 32 hex characters. */
export const PAYMENT_ID_PATTERN = /^pay_[0-9a-f]{32}$/;

/** Provider intent ids as Stripe (and the local provider) issue them. */
export const PROVIDER_INTENT_ID_PATTERN = /^pi_[A-Za-z0-9_]{6,200}$/;

/** The payment-method types an intent may be created for (seed 002 `payment_method`). */
export const PAYMENT_METHOD_TYPES = ['card'] as const;

/**
 * The smallest amount a card payment may be, in minor units: Stripe refuses less than 0.50 USD (and
 * about as much in other currencies), so a coupon may not bring a price below it (except to nothing,
 * which is a free enrollment, not a payment).
 */
export const MINIMUM_CHARGE_CENTS = 50;
