import { ConflictError, ValidationError } from '../http/errors.js';
import type { CouponErrorCode, CouponRecord, CouponRedemptionRecord } from './coupon.js';
import { discountCents } from './couponPricing.js';

/** The course facts a coupon is checked against. */
export interface PricedCourse {
  courseId: string;
  priceCents: number;
  currency: string;
}

export interface CouponCheck {
  coupon: CouponRecord | undefined;
  /** The user's existing redemption of this coupon, if any. */
  redemption: CouponRedemptionRecord | undefined;
  course: PricedCourse;
  now: Date;
  /** The reservation asking: its own earlier redemption is not "already used". */
  reservationId?: string;
  /** Where the error points (`body.coupon_code`). */
  field: string;
}

/**
 * Whether a user may use a coupon on a course now, and the discount it gives. The order of the
 * checks fixes which single reason a customer sees: unknown or inactive or not for this course
 * (COUPON_INVALID, 400), expired (COUPON_EXPIRED, 400), used by this user already
 * (COUPON_ALREADY_USED, 409), no redemptions left (COUPON_EXHAUSTED, 409). `reserved` is true when
 * the asking reservation already holds the redemption (an idempotent repeat). The race-sensitive part
 * — the count under the cap — is enforced again by the reserving transaction's condition.
 */
export function checkCoupon(check: CouponCheck): { discountCents: number; reserved: boolean } {
  const { coupon, redemption, course, now, field } = check;
  if (!coupon || !coupon.active) throw couponError('COUPON_INVALID', field, 'This coupon code is not valid');
  if (coupon.courseIds.length > 0 && !coupon.courseIds.includes(course.courseId)) {
    throw couponError('COUPON_INVALID', field, 'This coupon does not apply to this course');
  }
  if (coupon.kind === 'fixed' && coupon.currency && coupon.currency.toUpperCase() !== course.currency.toUpperCase()) {
    throw couponError('COUPON_INVALID', field, `This coupon is in ${coupon.currency}, the course is priced in ${course.currency}`);
  }
  if (coupon.validUntil !== undefined && Date.parse(coupon.validUntil) <= now.getTime()) {
    throw couponError('COUPON_EXPIRED', field, `This coupon expired at ${coupon.validUntil}`);
  }
  if (redemption) {
    if (check.reservationId !== undefined && redemption.reservationId === check.reservationId) {
      return { discountCents: redemption.discountCents, reserved: true };
    }
    throw couponError('COUPON_ALREADY_USED', field, 'You have already used this coupon');
  }
  if (coupon.maxRedemptions !== undefined && coupon.redemptionsCount >= coupon.maxRedemptions) {
    throw couponError('COUPON_EXHAUSTED', field, 'This coupon has no redemptions left');
  }
  return { discountCents: discountCents(course.priceCents, coupon), reserved: false };
}

/** The error for a coupon reason: 400 for a coupon that is wrong for the request, 409 for one used up. */
export function couponError(code: CouponErrorCode, field: string, message: string): ValidationError | ConflictError {
  const issue = [{ field, message, code }];
  return code === 'COUPON_INVALID' || code === 'COUPON_EXPIRED' ? new ValidationError(issue, message) : new ConflictError(message, issue);
}
