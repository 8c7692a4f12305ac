import * as z from 'zod';
import { seed002PageFields } from './common.js';
import { COUPON_CODE_PATTERN, COUPON_LIMITS } from '../payments/coupon.js';
import { PAYMENT_ID_PATTERN, PAYMENT_METHOD_TYPES, PROVIDER_INTENT_ID_PATTERN } from '../payments/paymentIntent.js';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 002 Payments contracts (bare bodies, snake_case, DRF page shape) and Cairn's coupon
 * administration. Strict everywhere: price, status, user and tenant are never accepted from a client;
 * the intent's `amount` is only compared with the server's price. The webhook body is Stripe's event,
 * checked by signature, not by schema.
 */
export const PAYMENT_LIMITS = {
  pageSizeMax: 100,
  pageSizeDefault: 20,
  metadataKeysMax: 20,
  metadataKeyMax: 40,
  metadataValueMax: 500,
  /** Largest amount a client may state: 1 000 000.00. */
  amountMax: 1_000_000,
  idempotencyKeyMax: 255,
  /** Webhook bodies: Stripe events are small; this leaves room for expanded objects. */
  webhookBodyBytes: 256 * 1024,
} as const;

const courseId = lazySchema(() => z.uuid({ message: 'Must be a UUID' }));

/** A decimal money amount with at most two decimals (cents), as seed 002 writes prices (49.99). */
export const moneyAmount = (max: number) =>
  z
    .number()
    .positive('Must be greater than 0')
    .max(max)
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, 'At most two decimals');

const currency = lazySchema(() => z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'A 3-letter ISO 4217 code')
  .transform((value) => value.toUpperCase()));

const couponCode = lazySchema(() => z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(COUPON_CODE_PATTERN, '3–32 letters, digits, _ or -')));

const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

// ---- payment intents ----

export const createIntentBody = lazySchema(() => z
  .object({
    course_id: courseId,
    amount: moneyAmount(PAYMENT_LIMITS.amountMax).describe('What the client expects to pay: the list price or the discounted price; checked against the server\'s figure, never used as the price'),
    currency,
    payment_method: z.enum(PAYMENT_METHOD_TYPES).default('card'),
    coupon_code: couponCode.optional(),
    metadata: z
      .record(z.string().min(1).max(PAYMENT_LIMITS.metadataKeyMax).regex(/^[A-Za-z0-9_.-]+$/, 'Letters, digits, _ . -'), z.string().max(PAYMENT_LIMITS.metadataValueMax))
      .refine((value) => Object.keys(value).length <= PAYMENT_LIMITS.metadataKeysMax, `At most ${PAYMENT_LIMITS.metadataKeysMax} keys`)
      .optional(),
  })
  .strict()
  .meta({ id: 'CreatePaymentIntentRequest' }));
export type CreateIntentBody = z.infer<typeof createIntentBody>;

/** The optional `Idempotency-Key` header of intent creation: a retry with it returns the same intent. */
export const idempotencyKeyHeader = lazySchema(() => z
  .string()
  .trim()
  .min(8)
  .max(PAYMENT_LIMITS.idempotencyKeyMax)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'Letters, digits, _ : . -'));

const discountData = lazySchema(() => z.object({
  coupon_code: z.string(),
  discount_amount: z.number(),
  discount_percentage: z.number(),
}));

export const paymentIntentData = lazySchema(() => z
  .object({
    payment_intent_id: z.string().describe('The provider\'s intent id (pi_…): confirm with it'),
    payment_id: z.string().describe('Cairn\'s payment id (pay_…), as the history lists it'),
    client_secret: z.string().nullable(),
    amount: z.number().describe('What will be charged, after the discount'),
    original_amount: z.number().describe('The course\'s list price'),
    currency: z.string(),
    discount: discountData.nullable(),
    status: z.string(),
    course_id: z.string(),
    created_at: z.string(),
  })
  .meta({ id: 'PaymentIntent' }));

export const intentParams = lazySchema(() => z
  .object({
    payment_id: z.string().refine((id) => PAYMENT_ID_PATTERN.test(id) || PROVIDER_INTENT_ID_PATTERN.test(id), 'A payment id (pay_…) or payment intent id (pi_…)'),
  })
  .strict());

export const paymentIntentDetail = lazySchema(() => paymentIntentData
  .extend({
    failure_code: z.string().nullable(),
    refunded_amount: z.number(),
    enrollment_request_id: z.string().nullable(),
    updated_at: z.string(),
    receipt_url: z.string().nullable(),
  })
  .meta({ id: 'PaymentIntentDetail' }));

// ---- history ----

const isoDate = lazySchema(() => z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'Not a calendar date'));

export const HISTORY_STATUS_FILTERS = ['succeeded', 'failed', 'refunded', 'pending'] as const;

export const historyQuery = lazySchema(() => z
  .object({
    start_date: blankIsAbsent(isoDate),
    end_date: blankIsAbsent(isoDate),
    status: blankIsAbsent(z.enum(HISTORY_STATUS_FILTERS, { message: `One of: ${HISTORY_STATUS_FILTERS.join(', ')}` })),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(PAYMENT_LIMITS.pageSizeMax).default(PAYMENT_LIMITS.pageSizeDefault),
  })
  .strict()
  .refine((query) => !query.start_date || !query.end_date || query.start_date <= query.end_date, { message: 'end_date is before start_date', path: ['end_date'] }));
export type HistoryQuery = z.infer<typeof historyQuery>;

export const paymentHistoryItem = lazySchema(() => z
  .object({
    payment_id: z.string(),
    payment_intent_id: z.string(),
    amount: z.number(),
    currency: z.string(),
    status: z.string(),
    description: z.string(),
    course: z.object({ id: z.string(), title: z.string(), instructor: z.string() }),
    discount: z.object({ coupon_code: z.string(), discount_amount: z.number() }).nullable(),
    refunded_amount: z.number(),
    receipt_url: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'PaymentHistoryItem' }));

export const paymentHistoryPage = lazySchema(() => z
  .object({
    count: z.number().int().describe('Payments matching the filters'),
    total_spent: z.number().describe('Net amount paid (charged − refunded) by succeeded and refunded payments in the date range, in `currency`'),
    currency: z.string().nullable(),
    total_spent_by_currency: z.record(z.string(), z.number()),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    page: z.number().int(),
    page_size: z.number().int(),
    total_pages: z.number().int(),
    results: z.array(paymentHistoryItem),
  })
  .meta({ id: 'PaymentHistoryPage' }));

// ---- coupons (org admin) ----

const futureInstant = lazySchema(() => z.iso.datetime({ offset: true, message: 'An ISO 8601 date-time' }));

export const createCouponBody = lazySchema(() => z
  .object({
    code: couponCode,
    kind: z.enum(['percent', 'fixed']),
    value: z.number().positive('Must be greater than 0'),
    currency: currency.optional().describe('Required for fixed coupons; not allowed for percent coupons'),
    max_redemptions: z.number().int().min(1).max(COUPON_LIMITS.maxRedemptionsMax).optional(),
    expires_at: futureInstant.optional(),
    course_ids: z.array(courseId).max(COUPON_LIMITS.coursesMax).optional(),
    active: z.boolean().default(true),
    description: z.string().trim().min(1).max(COUPON_LIMITS.descriptionMax).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.kind === 'percent') {
      if (!Number.isInteger(body.value) || body.value > 100) ctx.addIssue({ code: 'custom', path: ['value'], message: 'A whole percentage from 1 to 100' });
      if (body.currency !== undefined) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Only fixed coupons have a currency' });
    } else {
      if (Math.abs(Math.round(body.value * 100) - body.value * 100) >= 1e-6) ctx.addIssue({ code: 'custom', path: ['value'], message: 'At most two decimals' });
      if (body.value * 100 > COUPON_LIMITS.fixedValueMaxCents) ctx.addIssue({ code: 'custom', path: ['value'], message: `At most ${COUPON_LIMITS.fixedValueMaxCents / 100}` });
      if (body.currency === undefined) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Required for fixed coupons' });
    }
    if (body.course_ids && new Set(body.course_ids).size !== body.course_ids.length) ctx.addIssue({ code: 'custom', path: ['course_ids'], message: 'Duplicate course ids' });
  })
  .meta({ id: 'CreateCouponRequest' }));
export type CreateCouponBody = z.infer<typeof createCouponBody>;

export const updateCouponBody = lazySchema(() => z
  .object({
    active: z.boolean().optional(),
    max_redemptions: z.number().int().min(1).max(COUPON_LIMITS.maxRedemptionsMax).nullable().optional(),
    expires_at: futureInstant.nullable().optional(),
    description: z.string().trim().min(1).max(COUPON_LIMITS.descriptionMax).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change')
  .meta({ id: 'UpdateCouponRequest' }));
export type UpdateCouponBody = z.infer<typeof updateCouponBody>;

export const couponParams = lazySchema(() => z.object({ code: couponCode }).strict());

export const listCouponsQuery = lazySchema(() => z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(COUPON_LIMITS.pageSizeMax).default(COUPON_LIMITS.pageSizeDefault),
    active: blankIsAbsent(z.enum(['true', 'false']).transform((value) => value === 'true')),
  })
  .strict());

export const couponData = lazySchema(() => z
  .object({
    code: z.string(),
    kind: z.enum(['percent', 'fixed']),
    value: z.number().describe('Percent (1–100) or the fixed amount in `currency`'),
    currency: z.string().nullable(),
    max_redemptions: z.number().int().nullable(),
    redemptions_count: z.number().int(),
    remaining_redemptions: z.number().int().nullable(),
    expires_at: z.string().nullable(),
    course_ids: z.array(z.string()),
    active: z.boolean(),
    description: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Coupon' }));

export const couponPage = lazySchema(() => z.object({
  ...seed002PageFields(),
  results: z.array(couponData),
}));

// ---- webhook ----

/** Stripe's event as JSON; its authenticity is the signature's business, so the shape is open here. */
export const webhookBody = lazySchema(() => z.record(z.string(), z.unknown()).meta({ id: 'StripeEvent' }));

export const webhookAck = lazySchema(() => z
  .object({
    received: z.literal(true),
    event_id: z.string(),
    outcome: z.enum(['processed', 'duplicate', 'ignored']),
  })
  .meta({ id: 'WebhookAck' }));
