import { createHash, randomBytes } from 'node:crypto';
import type { CourseRecord } from '../catalog/course.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { couponKey, couponRedemptionKey, courseKey, paymentIntentKey } from '../db/keys.js';
import { readEnrollment } from '../enrollment/enrollmentWrites.js';
import { paymentSagaIdempotencyKey } from '../enrollment/sagaStarter.js';
import { CourseNotEnrollableError, EnrollmentExistsError } from '../enrollment/enrollmentErrors.js';
import { ConflictError, ServiceUnavailableError } from '../http/errors.js';
import type { CouponRecord } from './coupon.js';
import { couponOf, redemptionOf } from './couponRepository.js';
import { checkCoupon } from './couponRules.js';
import { toMajorUnits, toMinorUnits } from './money.js';
import { MINIMUM_CHARGE_CENTS, type PaymentIntentRecord } from './paymentIntent.js';
import { createPaymentIntentRecord, readPaymentIntent } from './paymentIntentRepository.js';
import { PaymentProviderUnavailableError } from './paymentProvider.js';
import { presentIntent } from './paymentPresenters.js';
import { paymentProvider } from './providerFactory.js';
import type { CreateIntentBody } from '../schemas/payments.js';

export interface Payer {
  tenantId: string;
  userId: string;
}

/**
 * Seed 002 "Create Payment Intent". The price is the course's, read on the server; a coupon is
 * checked (not yet reserved: the saga reserves it when the payment is confirmed, so an abandoned
 * intent never holds a redemption) and its discount applied by priceWithCoupon; the client's
 * `amount` and `currency` are only compared — with the list price or the discounted price — and a
 * mismatch is a 409 naming the server's figure. The provider's intent carries tenant, user, course,
 * payment id and coupon in its metadata, which is how the webhook finds its way back.
 *
 * With an Idempotency-Key header the payment id is derived from (tenant, user, key), so a retried
 * create finds the stored intent and answers it (same course) or 409 (another course), and the
 * provider call carries the same key. Requests: 1 BatchGetItem (course, coupon, redemption, replay),
 * 1 GetItem (enrollment), 1 TransactWriteItems (record + alias).
 */
export async function createPaymentIntent(payer: Payer, body: CreateIntentBody, idempotencyKey: string | undefined, now: Date) {
  const paymentId = idempotencyKey
    ? `pay_${createHash('sha256').update(`${payer.tenantId}\u0000${payer.userId}\u0000${idempotencyKey}`).digest('hex').slice(0, 32)}`
    : `pay_${randomBytes(16).toString('hex')}`;

  const keys = {
    course: courseKey(payer.tenantId, body.course_id),
    replay: paymentIntentKey(payer.tenantId, paymentId),
    ...(body.coupon_code
      ? { coupon: couponKey(payer.tenantId, body.coupon_code), redemption: couponRedemptionKey(payer.tenantId, body.coupon_code, payer.userId) }
      : {}),
  };
  const [items, enrollment] = await Promise.all([batchGetItems(Object.values(keys), true), readEnrollment(payer.tenantId, payer.userId, body.course_id)]);

  const replayed = items.get(itemId(keys.replay));
  if (replayed) return replayOf(replayed, body);

  const courseItem = items.get(itemId(keys.course));
  if (!courseItem) throw new CourseNotEnrollableError('COURSE_NOT_FOUND', body.course_id, 'body.course_id');
  const course = courseItem as unknown as CourseRecord;
  if (course.status !== 'published') throw new CourseNotEnrollableError('COURSE_NOT_PUBLISHED', body.course_id, 'body.course_id');
  if (!(course.priceCents > 0)) {
    throw new ConflictError('The course is free: enroll without a payment', [{ field: 'body.course_id', message: 'Free course', code: 'COURSE_FREE' }]);
  }
  if (enrollment && enrollment.status === 'active') throw new EnrollmentExistsError(body.course_id, 'body.course_id');

  let coupon: CouponRecord | undefined;
  let discount = 0;
  if (body.coupon_code && keys.coupon && keys.redemption) {
    const couponItem = items.get(itemId(keys.coupon));
    const redemptionItem = items.get(itemId(keys.redemption));
    coupon = couponItem ? couponOf(couponItem) : undefined;
    discount = checkCoupon({
      coupon,
      redemption: redemptionItem ? redemptionOf(redemptionItem) : undefined,
      course: { courseId: course.courseId, priceCents: course.priceCents, currency: course.currency },
      now,
      field: 'body.coupon_code',
    }).discountCents;
  }
  const amountCents = course.priceCents - discount;
  if (amountCents < MINIMUM_CHARGE_CENTS) {
    throw new ConflictError('The discounted price is below the smallest card payment', [
      { field: 'body.coupon_code', message: `Leaves ${toMajorUnits(amountCents)}; a card payment is at least ${toMajorUnits(MINIMUM_CHARGE_CENTS)}`, code: 'AMOUNT_BELOW_MINIMUM' },
    ]);
  }
  checkClientFigures(body, course, amountCents);

  const metadata: Record<string, string> = {
    tenantId: payer.tenantId,
    userId: payer.userId,
    courseId: course.courseId,
    paymentId,
    ...(coupon ? { couponCode: coupon.code } : {}),
  };
  const provider = paymentProvider();
  let intent;
  try {
    intent = await provider.createIntent({ amount: amountCents, currency: course.currency.toLowerCase(), metadata, idempotencyKey: `intent-create:${paymentId}` });
  } catch (err) {
    if (err instanceof PaymentProviderUnavailableError) throw new ServiceUnavailableError('The payment provider is unavailable; try again');
    throw err;
  }

  const record: PaymentIntentRecord = {
    tenantId: payer.tenantId,
    paymentId,
    userId: payer.userId,
    courseId: course.courseId,
    courseTitle: course.title,
    instructorName: course.instructor?.name ?? '',
    listPriceCents: course.priceCents,
    discountCents: discount,
    amountCents,
    currency: course.currency.toUpperCase(),
    ...(coupon ? { couponCode: coupon.code, couponKind: coupon.kind, couponValue: coupon.value } : {}),
    provider: provider.name,
    providerIntentId: intent.id,
    clientSecret: intent.clientSecret,
    status: 'requires_payment_method',
    providerStatus: intent.status,
    refundedCents: 0,
    idempotencyKey: paymentSagaIdempotencyKey(paymentId),
    clientMetadata: body.metadata ?? {},
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  if (!(await createPaymentIntentRecord(record))) {
    // A concurrent create with the same Idempotency-Key won: answer with what it stored.
    const stored = await readPaymentIntent(payer.tenantId, paymentId);
    if (!stored) throw new ConflictError('Another request is creating this payment; retry');
    return replayOf(stored as unknown as Record<string, unknown>, body);
  }
  return presentIntent(record);
}

/** The stored intent for a replayed Idempotency-Key, if it was for the same course. */
function replayOf(item: Record<string, unknown>, body: CreateIntentBody) {
  const record = item as unknown as PaymentIntentRecord;
  if (record.courseId !== body.course_id) {
    throw new ConflictError('This Idempotency-Key was used for another payment', [
      { field: 'headers.idempotency-key', message: 'Already used for another course', code: 'idempotency_key_reused' },
    ]);
  }
  return presentIntent(record);
}

/**
 * The client's figures must agree with the server's: the currency with the course's, the amount with
 * either the list price (seed 002's example sends 49.99 for a 39.99 discounted charge) or the
 * discounted price. A malformed figure was already a 400 (schema); a disagreeing one is a 409.
 */
function checkClientFigures(body: CreateIntentBody, course: CourseRecord, amountCents: number): void {
  const issues = [];
  if (body.currency !== course.currency.toUpperCase()) {
    issues.push({ field: 'body.currency', message: `The course is priced in ${course.currency.toUpperCase()}`, code: 'CURRENCY_MISMATCH' });
  }
  const stated = toMinorUnits(body.amount);
  if (stated !== course.priceCents && stated !== amountCents) {
    const expected = amountCents === course.priceCents ? `${toMajorUnits(amountCents)}` : `${toMajorUnits(course.priceCents)} (list) or ${toMajorUnits(amountCents)} (after discount)`;
    issues.push({ field: 'body.amount', message: `Expected ${expected}`, code: 'AMOUNT_MISMATCH' });
  }
  if (issues.length > 0) throw new ConflictError('The amount or currency does not match the course price', issues);
}
