/**
 * The document that flows through the enrollment saga. Every task Lambda receives the whole state and
 * returns it with its own result added (the task's OutputPath is `$.Payload`), so a step reads what
 * earlier steps decided instead of re-deriving it, and a retried step sees exactly the same input.
 */
export interface SagaExecutionInput {
  executionName: string;
  tenantId: string;
  userId: string;
  courseId: string;
  /** The business key of the purchase: same key → same execution → at most one charge. */
  idempotencyKey: string;
  /** Cairn's payment id when the saga confirms an existing payment intent (confirm route, webhook). */
  paymentId?: string;
  /** The payment method to confirm with; absent for a webhook that reports an already settled payment. */
  paymentMethod?: string;
  couponCode?: string;
  requestedAt: string;
}

export interface SagaValidation {
  courseTitle: string;
  instructorName: string;
  priceCents: number;
  currency: string;
  /** The coupon to reserve (the request's, or the one the payment intent was priced with). */
  couponCode?: string;
  /** The key coupon reservation and release use: the payment's id (the intent's, or the one derived for an enroll request). */
  reservationId: string;
  /** Confirm path: the intent as created by the payments area (amount fixed there, coupon applied). */
  intent?: { paymentId: string; providerIntentId: string; amountCents: number; currency: string };
}

export interface SagaCoupon {
  couponCode: string;
  discountCents: number;
}

export interface SagaCharge {
  /** `pending`: waiting for 3-D Secure or the provider's processing; the saga polls it (CheckPayment). */
  status: 'succeeded' | 'pending' | 'not_required';
  /** Cairn's payment id (the intent record's id, or the provider intent id on the enroll path). */
  paymentId: string;
  providerIntentId?: string;
  amountCents: number;
  currency: string;
  /** When to stop waiting for 3-D Secure (ISO). */
  authenticationDeadline?: string;
}

export interface SagaEnrollment {
  enrollmentId: string;
  enrolledAt: string;
  created: boolean;
}

export interface SagaRefund {
  /** True when the enrollment of this very saga turned out to exist: nothing is refunded, the saga succeeds. */
  enrolled: boolean;
  refundedCents: number;
}

/** A Catch's record of a failure (`ResultPath: $.error` / `$.compensationError`). */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

export interface SagaState extends SagaExecutionInput {
  validation?: SagaValidation;
  coupon?: SagaCoupon;
  charge?: SagaCharge;
  enrollment?: SagaEnrollment;
  refund?: SagaRefund;
  released?: boolean;
  notified?: boolean;
  error?: CaughtError;
  compensationError?: CaughtError;
}
