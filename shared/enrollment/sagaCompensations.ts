import { createNotification } from '../notifications/notificationWrites.js';
import { releaseCoupon } from '../payments/couponRedemptions.js';
import { markPaymentIntent } from '../payments/paymentIntentRepository.js';
import { paymentProvider } from '../payments/providerFactory.js';
import { readEnrollment } from './enrollmentWrites.js';
import { failureOf } from './sagaErrors.js';
import { sagaPaymentId, sagaPaymentRecord } from './sagaPayment.js';
import { markSagaFailed } from './sagaRequestRepository.js';
import type { SagaState } from './sagaState.js';

/**
 * The saga's compensations, run in reverse order of the forward steps (Refund, then ReleaseCoupon),
 * then RecordFailure. Each one is idempotent — running it again changes nothing — because each asks
 * the system of record where things stand instead of remembering what it did:
 *
 *   Refund         the provider's intent says how much is left to refund; the refund's idempotency
 *                  key is fixed per execution, so even two concurrent refunds are one refund.
 *   ReleaseCoupon  deletes the redemption only if it still belongs to this reservation.
 *   RecordFailure  never overwrites a request that succeeded.
 */

/**
 * Refund: first, did this saga's enrollment commit after all (WriteEnrollment committed but its
 * answer was lost)? Then the saga is complete and nothing is refunded (`refund.enrolled`). Otherwise
 * refunds whatever the provider says is still captured. Requests: 1 GetItem (+1 GetItem when the
 * charge's intent id is only on the payment record, +1 UpdateItem on the payment record).
 */
export async function refundStep(state: SagaState): Promise<SagaState> {
  const now = new Date();
  let providerIntentId = state.charge?.providerIntentId ?? state.validation?.intent?.providerIntentId;
  const enrollment = await readEnrollment(state.tenantId, state.userId, state.courseId);
  // Charge died before answering: its payment record (written before confirming) names the intent.
  if (!providerIntentId && !state.charge) providerIntentId = (await sagaPaymentRecord(state))?.providerIntentId;
  const paymentId = state.charge?.paymentId ?? state.validation?.intent?.paymentId ?? sagaPaymentId(state.executionName);
  if (enrollment?.status === 'active' && paymentId && enrollment.paymentId === paymentId) {
    return { ...state, refund: { enrolled: true, refundedCents: 0 } };
  }
  if (!providerIntentId) return { ...state, refund: { enrolled: false, refundedCents: 0 } };

  const provider = paymentProvider();
  const intent = await provider.retrieveIntent(providerIntentId);
  const remaining = intent.status === 'succeeded' ? intent.amount - intent.amountRefunded : 0;
  let refundedCents = 0;
  if (remaining > 0) {
    const refund = await provider.refund({ intentId: providerIntentId, idempotencyKey: `${state.executionName}-refund`, amount: remaining });
    refundedCents = refund.amount;
  }
  if (paymentId.startsWith('pay_') && intent.status === 'succeeded') {
    await markPaymentIntent(state.tenantId, paymentId, { status: 'refunded', providerStatus: intent.status, refundedCents: intent.amountRefunded + refundedCents }, now);
  }
  return { ...state, refund: { enrolled: false, refundedCents } };
}

/** ReleaseCoupon: gives back this reservation's redemption (a no-op without a coupon). Requests: 0 or 1 TransactWriteItems. */
export async function releaseCouponStep(state: SagaState): Promise<SagaState> {
  const couponCode = state.coupon?.couponCode ?? state.validation?.couponCode;
  if (!couponCode || !state.validation) return { ...state, released: false };
  await releaseCoupon({ tenantId: state.tenantId, userId: state.userId, couponCode, reservationId: state.validation.reservationId, now: new Date() });
  return { ...state, released: true };
}

/**
 * RecordFailure: the request's outcome becomes `failed` with the rejection's code (or
 * ENROLLMENT_FAILED for a technical failure), and a declined payment gets a "payment failed"
 * notification. Requests: 1 UpdateItem (+1 TransactWriteItems for a payment failure).
 */
export async function recordFailureStep(state: SagaState): Promise<SagaState> {
  const failure = failureOf(state.error);
  const now = new Date();
  const recorded = await markSagaFailed(state.tenantId, state.executionName, failure, now);
  if (recorded && (failure.code === 'PAYMENT_FAILED' || failure.code === 'PAYMENT_INSUFFICIENT_FUNDS' || failure.code === 'PAYMENT_AUTHENTICATION_EXPIRED')) {
    await createNotification({
      tenantId: state.tenantId,
      userId: state.userId,
      kind: 'payment_failed',
      sourceId: state.paymentId ?? state.executionName,
      title: 'Payment failed',
      message: `Your payment for ${state.validation?.courseTitle ?? 'the course'} did not go through: ${failure.message}`,
      data: { course_id: state.courseId, code: failure.code },
      createdAt: new Date(state.requestedAt),
    });
  }
  return state;
}
