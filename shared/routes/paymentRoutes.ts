import * as s from '../schemas/payments.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 002 Payments (issue 7): payment intents, the payer's history, the Stripe webhook, and coupon
 * administration for org admins. Every learner-facing read is the caller's own (keys are built from
 * the token's user; another user's payment id is 404). Rate class: seed 002 "Authenticated requests:
 * 1000 requests per hour". The webhook is called by Stripe without a token: its signature is its
 * authentication, checked before anything is read or written, and it is not rate limited (Stripe
 * retries refused deliveries, so a limit would only delay payments).
 *
 * Confirm (`POST /api/v1/payments/intents/{payment_id}/confirm/`) belongs to the enrollment group: it
 * starts the enrollment saga (shared/routes/enrollmentRoutes.ts).
 */
const base = { group: 'payments', auth: { kind: 'authenticated' }, rateClass: 'payments', style: 'rest002', envelope: 'bare', tags: ['payments'] } as const;
const admins = { kind: 'authenticated', roles: ['org_admin'] } as const;

export const PAYMENT_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'payments.createIntent',
    method: 'POST',
    path: '/api/v1/payments/intents/',
    summary:
      'Create a payment intent for a paid, published course: the price is the course\'s, the coupon (optional) is checked and applied; `amount` must equal the list or the discounted price and `currency` the course\'s (else 409 AMOUNT_MISMATCH / CURRENCY_MISMATCH). Optional Idempotency-Key header: a retry returns the same intent.',
    request: { body: s.createIntentBody },
    response: { status: 200, description: 'The intent (confirm it with payment_intent_id)', schema: s.paymentIntentData },
  },
  {
    ...base,
    id: 'payments.getIntent',
    method: 'GET',
    path: '/api/v1/payments/intents/{payment_id}/',
    summary: 'One of the caller\'s payment intents by pay_… or pi_… id, with its current status (poll after 3-D Secure); another user\'s is 404',
    request: { params: s.intentParams },
    response: { status: 200, description: 'The intent', schema: s.paymentIntentDetail },
  },
  {
    ...base,
    id: 'payments.history',
    method: 'GET',
    path: '/api/v1/payments/history/',
    summary: `The caller's payments, newest first: start_date / end_date (YYYY-MM-DD, UTC, inclusive), status (succeeded, failed, refunded, pending), page, page_size (≤ ${s.PAYMENT_LIMITS.pageSizeMax}); total_spent is the net paid (charged − refunded) in the date range`,
    request: { query: s.historyQuery },
    response: { status: 200, description: 'A page of payments', schema: s.paymentHistoryPage },
  },
  {
    ...base,
    id: 'payments.stripeWebhook',
    method: 'POST',
    path: '/api/v1/payments/webhooks/stripe/',
    auth: { kind: 'public' },
    rateClass: 'none',
    maxBodyBytes: s.PAYMENT_LIMITS.webhookBodyBytes,
    summary:
      'Stripe webhook: Stripe-Signature checked over the raw body (300 s tolerance; 400 otherwise, nothing written); each event id processed once; payment_intent.succeeded / payment_failed / charge.refunded converge to the provider\'s current state of the intent; other types are acknowledged and ignored',
    request: { body: s.webhookBody },
    response: { status: 200, description: 'Acknowledged', schema: s.webhookAck },
  },
  {
    ...base,
    auth: admins,
    id: 'payments.createCoupon',
    method: 'POST',
    path: '/api/v1/payments/coupons/',
    summary: 'Create a coupon (org admin): percent (1–100) or fixed (amount in currency), optional max_redemptions, expires_at, course_ids; codes are case-insensitive and unique per organization (409 COUPON_EXISTS)',
    request: { body: s.createCouponBody },
    response: { status: 201, description: 'Created', schema: s.couponData },
  },
  {
    ...base,
    auth: admins,
    id: 'payments.listCoupons',
    method: 'GET',
    path: '/api/v1/payments/coupons/',
    summary: `The organization's coupons by code (org admin): active filter, page, page_size (≤ 100)`,
    request: { query: s.listCouponsQuery },
    response: { status: 200, description: 'A page of coupons', schema: s.couponPage },
  },
  {
    ...base,
    auth: admins,
    id: 'payments.getCoupon',
    method: 'GET',
    path: '/api/v1/payments/coupons/{code}/',
    summary: 'One coupon with its redemption count (org admin)',
    request: { params: s.couponParams },
    response: { status: 200, description: 'The coupon', schema: s.couponData },
  },
  {
    ...base,
    auth: admins,
    id: 'payments.updateCoupon',
    method: 'PATCH',
    path: '/api/v1/payments/coupons/{code}/',
    summary: 'Change a coupon (org admin): active, max_redemptions (not below the redemptions made; null = unlimited), expires_at (null = never), description. Kind, value and courses are fixed at creation.',
    request: { params: s.couponParams, body: s.updateCouponBody },
    response: { status: 200, description: 'The changed coupon', schema: s.couponData },
  },
];
