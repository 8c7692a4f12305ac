import { createPaymentIntentRecord, markPaymentIntent, readPaymentIntent } from '../payments/paymentIntentRepository.js';
import { PaymentDeclinedError, type PaymentIntentStatus, type ProviderPaymentIntent } from '../payments/paymentProvider.js';
import { PaymentRequestRejectedError } from '../payments/providerErrors.js';
import { paymentProvider } from '../payments/providerFactory.js';
import { EnrollmentRejectedError } from './sagaErrors.js';
import { noteSagaPayment } from './sagaRequestRepository.js';
import type { SagaCharge, SagaState } from './sagaState.js';
import { PAYMENT_AUTHENTICATION_DEADLINE_SECONDS } from './sagaTasks.js';

/**
 * The saga's payment steps: Charge (create and confirm, or pick up an intent the payments area
 * created) and CheckPayment (poll one awaiting 3-D Secure). Every provider call that moves money
 * carries an idempotency key derived from the execution name, so a retried step is answered with
 * the first call's result by the provider instead of charging again:
 *
 *   t0  Charge: createIntent(key `<name>-create`) → confirmIntent(key `<name>-confirm`) → charged
 *   t1  the Lambda times out before answering; Step Functions retries Charge
 *   t2  createIntent / confirmIntent with the same keys → the same intent, already succeeded → no new charge
 */

const PENDING: readonly PaymentIntentStatus[] = ['requires_action', 'processing'];

/** Charge: the learner pays; declines are EnrollmentRejected (nothing charged), everything else propagates. */
export async function chargeStep(state: SagaState): Promise<SagaState> {
  const validation = state.validation;
  if (!validation) throw new Error('Charge needs the Validate result');
  const provider = paymentProvider();
  const now = new Date();
  const deadline = new Date(Date.parse(state.requestedAt) + PAYMENT_AUTHENTICATION_DEADLINE_SECONDS * 1000).toISOString();

  if (validation.intent) {
    const { paymentId, providerIntentId } = validation.intent;
    let intent = await provider.retrieveIntent(providerIntentId);
    if (intent.status !== 'succeeded' && !PENDING.includes(intent.status)) {
      if (!state.paymentMethod) throw new EnrollmentRejectedError('PAYMENT_METHOD_REQUIRED', 'The payment has not been completed; confirm it with a payment method');
      intent = await confirm(() => provider.confirmIntent({ intentId: providerIntentId, paymentMethod: state.paymentMethod ?? '', idempotencyKey: `${state.executionName}-confirm` }), state, paymentId);
    }
    const charge = chargeOf(intent, paymentId, deadline);
    await markPaymentIntent(state.tenantId, paymentId, { status: intent.status, providerStatus: intent.status, enrollmentRequestId: state.executionName, ...receiptOf(intent) }, now);
    if (charge.status === 'pending') await noteSagaPayment(state.tenantId, state.executionName, { providerIntentId, amountCents: intent.amount, currency: intent.currency, requiresAction: { clientSecret: intent.clientSecret } }, now);
    return { ...state, charge };
  }

  const amountCents = Math.max(0, validation.priceCents - (state.coupon?.discountCents ?? 0));
  if (amountCents === 0) {
    // A coupon covering the whole price: nothing to charge (the provider refuses zero amounts).
    return { ...state, charge: { status: 'not_required', paymentId: `free_${state.executionName}`, amountCents: 0, currency: validation.currency } };
  }
  if (!state.paymentMethod) throw new EnrollmentRejectedError('PAYMENT_METHOD_REQUIRED', 'A payment method is required for a paid course');
  const paymentId = sagaPaymentId(state.executionName);
  const created = await provider.createIntent({
    amount: amountCents,
    currency: validation.currency.toLowerCase(),
    // The same keys as an intent made through /payments/intents/: the webhook finds the tenant and
    // the payment record of every Cairn intent by them.
    metadata: {
      tenantId: state.tenantId,
      userId: state.userId,
      courseId: state.courseId,
      paymentId,
      enrollmentRequestId: state.executionName,
      ...(state.coupon ? { couponCode: state.coupon.couponCode } : {}),
    },
    idempotencyKey: `${state.executionName}-create`,
  });
  // Recorded before confirming — so a compensation finds the charge even if this task dies right
  // after it, and the payment shows in the learner's history like one made through an intent.
  await createPaymentIntentRecord({
    tenantId: state.tenantId,
    paymentId,
    userId: state.userId,
    courseId: state.courseId,
    courseTitle: validation.courseTitle,
    instructorName: validation.instructorName,
    listPriceCents: validation.priceCents,
    discountCents: state.coupon?.discountCents ?? 0,
    amountCents,
    currency: validation.currency.toUpperCase(),
    ...(state.coupon ? { couponCode: state.coupon.couponCode } : {}),
    provider: provider.name,
    providerIntentId: created.id,
    clientSecret: created.clientSecret,
    status: created.status,
    providerStatus: created.status,
    refundedCents: 0,
    enrollmentRequestId: state.executionName,
    idempotencyKey: state.idempotencyKey,
    clientMetadata: { source: 'enroll' },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  await noteSagaPayment(state.tenantId, state.executionName, { providerIntentId: created.id, amountCents, currency: created.currency }, now);
  const intent = await confirm(() => provider.confirmIntent({ intentId: created.id, paymentMethod: state.paymentMethod ?? '', idempotencyKey: `${state.executionName}-confirm` }), state, paymentId);
  const charge = chargeOf(intent, paymentId, deadline);
  await markPaymentIntent(state.tenantId, paymentId, { status: intent.status, providerStatus: intent.status, enrollmentRequestId: state.executionName, ...receiptOf(intent) }, now);
  if (charge.status === 'pending') await noteSagaPayment(state.tenantId, state.executionName, { providerIntentId: intent.id, amountCents, currency: intent.currency, requiresAction: { clientSecret: intent.clientSecret } }, now);
  return { ...state, charge };
}

/**
 * The payment id (`pay_` + 32 hex) of the payment a paid enroll request makes: derived from the
 * execution name, so every retry of Charge and every compensation names the same payment record.
 */
export function sagaPaymentId(executionName: string): string {
  return `pay_${executionName.replace(/^enroll-/, '').slice(0, 32)}`;
}

/** The payment record of this saga's charge (confirm path: the intent's; enroll path: the derived one), if any. */
export async function sagaPaymentRecord(state: SagaState) {
  return readPaymentIntent(state.tenantId, state.validation?.intent?.paymentId ?? sagaPaymentId(state.executionName));
}

/**
 * CheckPayment: after each wait, where the pending payment stands. Succeeded → on to the enrollment;
 * still pending before the deadline → wait again; failed, cancelled or past the deadline → rejected
 * (the compensation path then refunds if anything was captured after all and releases the coupon).
 */
export async function checkPaymentStep(state: SagaState): Promise<SagaState> {
  const charge = state.charge;
  if (!charge?.providerIntentId) throw new Error('CheckPayment needs a pending charge');
  const intent = await paymentProvider().retrieveIntent(charge.providerIntentId);
  const now = new Date();
  const next = chargeOf(intent, charge.paymentId, charge.authenticationDeadline ?? now.toISOString());
  const intentPaymentId = charge.paymentId.startsWith('pay_') ? charge.paymentId : undefined;
  if (next.status === 'succeeded') {
    if (intentPaymentId) await markPaymentIntent(state.tenantId, intentPaymentId, { status: 'succeeded', providerStatus: intent.status, enrollmentRequestId: state.executionName, ...receiptOf(intent) }, now);
    await noteSagaPayment(state.tenantId, state.executionName, { providerIntentId: intent.id, amountCents: intent.amount, currency: intent.currency, requiresAction: null }, now);
    return { ...state, charge: next };
  }
  if (next.status === 'pending' && now.toISOString() < (charge.authenticationDeadline ?? '')) return { ...state, charge: next };
  if (intentPaymentId) await markPaymentIntent(state.tenantId, intentPaymentId, { status: 'failed', providerStatus: intent.status, failureCode: 'authentication_incomplete' }, now);
  throw new EnrollmentRejectedError('PAYMENT_AUTHENTICATION_EXPIRED', 'The payment was not authenticated in time; nothing was charged');
}

/** Stripe's receipt of the charge, kept on the payment record (issue 23: every succeeded payment has a receipt_url). */
export function receiptOf(intent: ProviderPaymentIntent): { receiptUrl?: string } {
  return intent.receiptUrl ? { receiptUrl: intent.receiptUrl } : {};
}

/** Maps a provider intent to the saga's view: declines were thrown earlier, other end states are failures. */
function chargeOf(intent: ProviderPaymentIntent, paymentId: string, deadline: string): SagaCharge {
  const base = { paymentId, providerIntentId: intent.id, amountCents: intent.amount, currency: intent.currency.toUpperCase() };
  if (intent.status === 'succeeded') return { ...base, status: 'succeeded' };
  if (PENDING.includes(intent.status)) return { ...base, status: 'pending', authenticationDeadline: deadline };
  throw new EnrollmentRejectedError('PAYMENT_FAILED', intent.lastError?.message ?? 'The payment was not completed');
}

/** Runs a confirmation, turning a decline into the seed's codes (and recording it on the intent record). */
async function confirm(call: () => Promise<ProviderPaymentIntent>, state: SagaState, paymentId: string | undefined): Promise<ProviderPaymentIntent> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof PaymentDeclinedError) {
      if (paymentId) await markPaymentIntent(state.tenantId, paymentId, { status: 'failed', providerStatus: 'requires_payment_method', failureCode: err.declineCode ?? err.code }, new Date());
      const insufficient = err.declineCode === 'insufficient_funds' || err.code === 'insufficient_funds';
      throw new EnrollmentRejectedError(insufficient ? 'PAYMENT_INSUFFICIENT_FUNDS' : 'PAYMENT_FAILED', insufficient ? 'Insufficient funds' : `The card was declined${err.declineCode ? ` (${err.declineCode})` : ''}`);
    }
    if (err instanceof PaymentRequestRejectedError) throw new EnrollmentRejectedError('PAYMENT_FAILED', err.message);
    throw err;
  }
}
