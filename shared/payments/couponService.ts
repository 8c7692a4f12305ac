import type { CreateCouponBody, UpdateCouponBody } from '../schemas/payments.js';
import type { CouponRecord } from './coupon.js';
import { createCoupon, readCoupon, updateCoupon } from './couponRepository.js';
import { toMinorUnits } from './money.js';
import { NotFoundError, ValidationError } from '../http/errors.js';

/**
 * The org admin's coupon management. A coupon's kind, value, currency and courses are fixed at
 * creation (customers may already hold quotes computed from them); what an admin changes later is
 * whether it is active, its cap, its expiry and its description.
 */

/** Creates a coupon from the admin's request; an expiry in the past is refused (400). */
export async function createCouponFor(tenantId: string, adminId: string, body: CreateCouponBody, now: Date): Promise<CouponRecord> {
  if (body.expires_at !== undefined) assertFuture(body.expires_at, now);
  const coupon: CouponRecord = {
    tenantId,
    code: body.code,
    kind: body.kind,
    value: body.kind === 'fixed' ? toMinorUnits(body.value) : body.value,
    ...(body.currency ? { currency: body.currency } : {}),
    ...(body.max_redemptions !== undefined ? { maxRedemptions: body.max_redemptions } : {}),
    redemptionsCount: 0,
    ...(body.expires_at !== undefined ? { validUntil: new Date(body.expires_at).toISOString() } : {}),
    courseIds: body.course_ids ?? [],
    active: body.active,
    ...(body.description ? { description: body.description } : {}),
    createdBy: adminId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return createCoupon(coupon);
}

/** Applies an admin's change (one conditional UpdateItem); unknown code → 404. */
export async function changeCoupon(tenantId: string, code: string, body: UpdateCouponBody, now: Date): Promise<CouponRecord> {
  if (body.expires_at) assertFuture(body.expires_at, now);
  return updateCoupon(
    tenantId,
    code,
    {
      ...(body.active !== undefined ? { active: body.active } : {}),
      ...(body.max_redemptions !== undefined ? { maxRedemptions: body.max_redemptions } : {}),
      ...(body.expires_at !== undefined ? { validUntil: body.expires_at === null ? null : new Date(body.expires_at).toISOString() } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
    },
    now,
  );
}

/** One coupon or 404. */
export async function couponOrNotFound(tenantId: string, code: string): Promise<CouponRecord> {
  const coupon = await readCoupon(tenantId, code);
  if (!coupon) throw new NotFoundError('Coupon not found');
  return coupon;
}

function assertFuture(instant: string, now: Date): void {
  if (Date.parse(instant) <= now.getTime()) {
    throw new ValidationError([{ field: 'body.expires_at', message: 'Must be in the future', code: 'in_past' }]);
  }
}
