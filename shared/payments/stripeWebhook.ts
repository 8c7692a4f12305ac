import type Stripe from 'stripe';
import { tenantIdSchema } from '../auth/principal.js';
import { revokeEnrollment } from '../enrollment/enrollmentWrites.js';
import { paymentSagaIdempotencyKey, startEnrollmentSaga } from '../enrollment/sagaStarter.js';
import { ServiceUnavailableError, ValidationError } from '../http/errors.js';
import { PAYMENT_ID_PATTERN } from './paymentIntent.js';
import { markPaymentIntent, readPaymentIntent } from './paymentIntentRepository.js';
import { PaymentProviderUnavailableError, type ProviderPaymentIntent } from './paymentProvider.js';
import { webhookSigningSecret } from './paymentSecrets.js';
import { PaymentRequestRejectedError } from './providerErrors.js';
import { loadStripe } from './stripeSdk.js';
import { paymentProvider } from './providerFactory.js';
import { claimWebhookEvent, completeWebhookEvent, releaseWebhookEvent } from './webhookEventClaims.js';

/** Stripe's default and the issue's: a signature older than this is refused (replay protection). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Event types the webhook acts on. Seed 002 lists `payment_intent.failed`; Stripe's name is
 * `payment_intent.payment_failed` — both are accepted. Anything else is acknowledged and ignored.
 */
export const HANDLED_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.failed',
  'payment_intent.canceled',
  'payment_intent.processing',
  'payment_intent.requires_action',
  'charge.refunded',
] as const;

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

/**
 * Verifies a Stripe webhook delivery: the `Stripe-Signature` header over the exact raw body with the
 * endpoint's signing secret, the timestamp within 300 s of now. Any failure is a 400 naming
 * `headers.stripe-signature` (`signature_missing`, `signature_invalid`, `timestamp_outside_tolerance`)
 * and nothing has been read or written.
 */
export async function verifyStripeEvent(rawBody: string, signature: string | undefined, now: Date): Promise<Stripe.Event> {
  if (!signature) {
    throw new ValidationError([{ field: 'headers.stripe-signature', message: 'The Stripe-Signature header is required', code: 'signature_missing' }]);
  }
  const [secret, sdk] = await Promise.all([webhookSigningSecret(), loadStripe()]);
  try {
    return sdk.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, now.getTime());
  } catch (err) {
    if (err instanceof sdk.errors.StripeSignatureVerificationError || err instanceof sdk.errors.StripeError) {
      const stale = /tolerance/i.test(err.message);
      throw new ValidationError(
        [{ field: 'headers.stripe-signature', message: stale ? 'The signature timestamp is outside the 300 s tolerance' : 'The signature does not match the payload', code: stale ? 'timestamp_outside_tolerance' : 'signature_invalid' }],
        'Webhook signature verification failed',
      );
    }
    throw new ValidationError([{ field: 'body', message: 'Not a Stripe event', code: 'invalid_event' }], 'Webhook payload is not a Stripe event');
  }
}

/**
 * Processes a verified event. The event only says *which* intent changed; what it changed to is
 * read from the provider (retrieveIntent), so deliveries in any order — `succeeded` after
 * `charge.refunded`, a stale `payment_failed` after a success — converge to the provider's latest
 * state instead of replaying history. The tenant comes from the intent's metadata, written by Cairn
 * when it created the intent; an intent without it is not Cairn's and is ignored.
 *
 * Requests (beyond the provider): ignored → 0; duplicate → 1 PutItem; processed → 1 PutItem (claim),
 * 1 GetItem (record), the saga start or the enrollment revocation, 1 UpdateItem (record), 1 UpdateItem
 * (claim done).
 */
export async function processStripeEvent(event: Stripe.Event, now: Date): Promise<WebhookOutcome> {
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) return 'ignored';
  const intentId = intentIdOf(event);
  if (!intentId) return 'ignored';

  let intent: ProviderPaymentIntent;
  try {
    intent = await paymentProvider().retrieveIntent(intentId);
  } catch (err) {
    if (err instanceof PaymentRequestRejectedError && err.status === 404) return 'ignored';
    if (err instanceof PaymentProviderUnavailableError) throw new ServiceUnavailableError('The payment provider is unavailable; the event will be redelivered');
    throw err;
  }
  const tenantId = intent.metadata.tenantId;
  if (!tenantId || !tenantIdSchema.safeParse(tenantId).success) return 'ignored';

  const token = await claimWebhookEvent(tenantId, event.id, event.type, now);
  if (!token) return 'duplicate';
  try {
    const outcome = await converge(tenantId, intent, refundIdOf(event), now);
    await completeWebhookEvent(tenantId, event.id, token, outcome, now);
    return 'processed';
  } catch (err) {
    await releaseWebhookEvent(tenantId, event.id, token);
    throw err;
  }
}

/** The payment intent an event is about: the object itself, or a charge's `payment_intent`. */
function intentIdOf(event: Stripe.Event): string | undefined {
  const object = event.data?.object as unknown as Record<string, unknown> | undefined;
  if (!object) return undefined;
  if (object.object === 'payment_intent' && typeof object.id === 'string') return object.id;
  const intent = object.payment_intent;
  if (typeof intent === 'string') return intent;
  if (intent && typeof intent === 'object' && typeof (intent as { id?: unknown }).id === 'string') return (intent as { id: string }).id;
  return undefined;
}

/** The refund a `charge.refunded` event reports (latest refund id, else the charge id). */
function refundIdOf(event: Stripe.Event): string | undefined {
  if (event.type !== 'charge.refunded') return undefined;
  const charge = event.data.object as unknown as { id?: string; refunds?: { data?: { id?: string }[] } };
  return charge.refunds?.data?.[0]?.id ?? charge.id;
}

/**
 * Brings Cairn's state to the provider's: fully refunded → the payment `refunded` and the
 * enrollment revoked; succeeded → the payment `succeeded` and the enrollment saga started with the
 * payment record's business key (the key the confirm route or the enroll request used, so every path
 * names one execution and the saga charges nothing more); declined → `failed`; others → their status. Intents the saga
 * created itself (no payment record, `enrollmentRequestId` in metadata) are the saga's to finish;
 * only their refunds revoke here.
 */
async function converge(tenantId: string, intent: ProviderPaymentIntent, refundId: string | undefined, now: Date): Promise<string> {
  const fullyRefunded = intent.amountRefunded > 0 && intent.amountRefunded >= intent.amount;
  const { userId, courseId, paymentId } = intent.metadata;
  const record = paymentId && PAYMENT_ID_PATTERN.test(paymentId) ? await readPaymentIntent(tenantId, paymentId) : undefined;
  const owner = record ? { userId: record.userId, courseId: record.courseId } : userId && courseId ? { userId, courseId } : undefined;
  if (!owner) return 'not_ours';

  if (intent.amountRefunded > 0) {
    if (record) {
      await markPaymentIntent(tenantId, record.paymentId, {
        status: fullyRefunded ? 'refunded' : 'succeeded',
        providerStatus: intent.status,
        refundedCents: intent.amountRefunded,
        ...(refundId ? { refundId } : {}),
      }, now);
    }
    if (fullyRefunded) {
      // Only the enrollment this payment bought: a late refund of an earlier purchase leaves a
      // re-enrollment paid for by another payment alone.
      const paidBy = record?.paymentId ?? (paymentId && PAYMENT_ID_PATTERN.test(paymentId) ? paymentId : undefined);
      await revokeEnrollment({ tenantId, userId: owner.userId, courseId: owner.courseId, refundId: refundId ?? `refund:${intent.id}`, ...(paidBy ? { paymentId: paidBy } : {}), now });
      return 'refunded';
    }
    return 'partially_refunded';
  }
  if (!record) return 'saga_owned';

  switch (intent.status) {
    case 'succeeded': {
      const { executionName } = await startEnrollmentSaga({
        tenantId,
        userId: record.userId,
        courseId: record.courseId,
        // The record's own key: an intent made through /payments/intents/ carries
        // paymentSagaIdempotencyKey(paymentId), one the enroll saga charged carries its request's key,
        // so the event names the execution that already exists instead of starting a second one.
        idempotencyKey: record.idempotencyKey || paymentSagaIdempotencyKey(record.paymentId),
        paymentId: record.paymentId,
        ...(record.couponCode ? { couponCode: record.couponCode } : {}),
        requestedAt: now.toISOString(),
      });
      await markPaymentIntent(tenantId, record.paymentId, { status: 'succeeded', providerStatus: intent.status, enrollmentRequestId: executionName, ...(intent.receiptUrl ? { receiptUrl: intent.receiptUrl } : {}) }, now);
      return 'enrollment_started';
    }
    case 'requires_payment_method':
      if (!intent.lastError) return 'unchanged';
      await markPaymentIntent(tenantId, record.paymentId, { status: 'failed', providerStatus: intent.status, failureCode: intent.lastError.declineCode ?? intent.lastError.code }, now);
      return 'failed';
    case 'canceled':
    case 'processing':
    case 'requires_action':
    case 'requires_confirmation':
      await markPaymentIntent(tenantId, record.paymentId, { status: intent.status, providerStatus: intent.status }, now);
      return intent.status;
  }
}
