import type { CouponKind } from './coupon.js';

/**
 * The price a coupon leaves, in minor units. Percent coupons take `value`% of the price off, the
 * discount rounded half up to the cent (so 15% of 9.99 = 1.4985 → 1.50 off, price 8.49): the
 * customer gets the benefit of a tie, and price + discount always equals the list price exactly.
 * Fixed coupons take `value` cents off. Never below zero, never above the list price. Pure, so the
 * intent route, the saga and the tests compute the same figure.
 */
export function priceWithCoupon(priceCents: number, coupon: { kind: CouponKind; value: number }): number {
  return priceCents - discountCents(priceCents, coupon);
}

/** The discount a coupon gives on a price (minor units): the other half of priceWithCoupon's rule. */
export function discountCents(priceCents: number, coupon: { kind: CouponKind; value: number }): number {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0) throw new RangeError('priceCents must be a non-negative integer');
  if (coupon.kind === 'percent') {
    const percent = Math.min(Math.max(coupon.value, 0), 100);
    // Integer arithmetic: floor((p·v + 50) / 100) is p·v/100 rounded half up, exactly.
    return Math.min(priceCents, Math.floor((priceCents * percent + 50) / 100));
  }
  return Math.min(priceCents, Math.max(0, Math.trunc(coupon.value)));
}

/**
 * The discount as a percentage of the list price for display (seed 002 `discount_percentage`): the
 * coupon's own percentage for percent coupons, otherwise discount / price rounded to 2 decimals.
 */
export function discountPercentage(priceCents: number, coupon: { kind: CouponKind; value: number }): number {
  if (coupon.kind === 'percent') return coupon.value;
  if (priceCents === 0) return 0;
  return Math.round((discountCents(priceCents, coupon) * 10_000) / priceCents) / 100;
}
