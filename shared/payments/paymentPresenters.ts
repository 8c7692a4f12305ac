import type { CouponRecord } from './coupon.js';
import { discountPercentage } from './couponPricing.js';
import { toMajorUnits } from './money.js';
import type { PaymentIntentRecord } from './paymentIntent.js';
import { receiptUrlOf } from './receiptLinks.js';

/**
 * Records → seed 002 bodies (snake_case, decimal amounts). One place, so the create answer, its
 * replay, the intent detail and the history show the same figures for the same payment.
 */

/** The create-intent answer (seed 002 shape plus `payment_id`, `original_amount`, `course_id`). */
export function presentIntent(record: PaymentIntentRecord) {
  return {
    payment_intent_id: record.providerIntentId,
    payment_id: record.paymentId,
    client_secret: record.clientSecret,
    amount: toMajorUnits(record.amountCents),
    original_amount: toMajorUnits(record.listPriceCents),
    currency: record.currency,
    discount:
      record.couponCode && record.couponKind && record.couponValue !== undefined
        ? {
            coupon_code: record.couponCode,
            discount_amount: toMajorUnits(record.discountCents),
            discount_percentage: discountPercentage(record.listPriceCents, { kind: record.couponKind, value: record.couponValue }),
          }
        : null,
    status: record.status,
    course_id: record.courseId,
    created_at: record.createdAt,
  };
}

/** The intent as its owner polls it (after 3-D Secure, after a webhook), with its receipt once charged. */
export async function presentIntentDetail(record: PaymentIntentRecord, now: Date) {
  return {
    ...presentIntent(record),
    receipt_url: await receiptUrlOf(record, now),
    failure_code: record.failureCode ?? null,
    refunded_amount: toMajorUnits(record.refundedCents ?? 0),
    enrollment_request_id: record.enrollmentRequestId ?? null,
    updated_at: record.updatedAt,
  };
}

/** One row of seed 002 "Get Payment History"; `receipt_url` for every charged payment (receiptLinks.ts). */
export async function presentHistoryItem(record: PaymentIntentRecord, now: Date) {
  return {
    payment_id: record.paymentId,
    payment_intent_id: record.providerIntentId,
    amount: toMajorUnits(record.amountCents),
    currency: record.currency,
    status: record.status,
    description: `Course: ${record.courseTitle}`,
    course: { id: record.courseId, title: record.courseTitle, instructor: record.instructorName },
    discount: record.couponCode ? { coupon_code: record.couponCode, discount_amount: toMajorUnits(record.discountCents) } : null,
    refunded_amount: toMajorUnits(record.refundedCents ?? 0),
    receipt_url: await receiptUrlOf(record, now),
    created_at: record.createdAt,
  };
}

/** A coupon as the org admin sees it. */
export function presentCoupon(coupon: CouponRecord) {
  return {
    code: coupon.code,
    kind: coupon.kind,
    value: coupon.kind === 'fixed' ? toMajorUnits(coupon.value) : coupon.value,
    currency: coupon.currency ?? null,
    max_redemptions: coupon.maxRedemptions ?? null,
    redemptions_count: coupon.redemptionsCount,
    remaining_redemptions: coupon.maxRedemptions === undefined ? null : Math.max(0, coupon.maxRedemptions - coupon.redemptionsCount),
    expires_at: coupon.validUntil ?? null,
    course_ids: coupon.courseIds,
    active: coupon.active,
    description: coupon.description ?? null,
    created_at: coupon.createdAt,
    updated_at: coupon.updatedAt,
  };
}
