/**
 * Coupons (issue 7): a per-tenant code worth a percentage or a fixed amount off a course's price,
 * with an optional expiry, an optional cap on redemptions and an optional list of courses it applies
 * to. Each user redeems a coupon at most once. Money is in minor units (cents), as the catalog keeps it.
 */
export type CouponKind = 'percent' | 'fixed';

export interface CouponRecord {
  tenantId: string;
  /** Upper-case `[A-Z0-9_-]`, 3–32 characters. */
  code: string;
  kind: CouponKind;
  /** Percent: whole percent 1–100. Fixed: minor units (cents) of `currency`. */
  value: number;
  /** Fixed coupons only: the currency their value is in (upper-case ISO 4217). */
  currency?: string;
  /** Absent = unlimited. */
  maxRedemptions?: number;
  /** Reserved or completed redemptions; moved only by conditional transactions (couponRedemptions.ts). */
  redemptionsCount: number;
  /** Absent = never expires. Deliberately not `expiresAt`, the table's TTL attribute. */
  validUntil?: string;
  /** Empty = every course of the tenant. */
  courseIds: string[];
  active: boolean;
  description?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One user's redemption: exists while reserved or used; a released reservation deletes it. */
export interface CouponRedemptionRecord {
  tenantId: string;
  code: string;
  userId: string;
  courseId: string;
  reservationId: string;
  discountCents: number;
  reservedAt: string;
}

export const COUPON_CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/;

export const COUPON_LIMITS = {
  maxRedemptionsMax: 1_000_000,
  /** Largest fixed discount: 100 000.00 in the coupon's currency. */
  fixedValueMaxCents: 10_000_000,
  coursesMax: 50,
  descriptionMax: 200,
  pageSizeMax: 100,
  pageSizeDefault: 20,
} as const;

/** The stable reasons a coupon cannot be used, as field codes on the error (contract with the saga). */
export type CouponErrorCode = 'COUPON_INVALID' | 'COUPON_EXPIRED' | 'COUPON_EXHAUSTED' | 'COUPON_ALREADY_USED';

/** Codes are case-insensitive for customers: `save20` and `SAVE20` are one coupon. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}
