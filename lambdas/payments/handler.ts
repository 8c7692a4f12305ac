import type * as z from 'zod';
import { pageLinks } from '../../shared/catalog/pageLinks.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { NotFoundError, ValidationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { listCoupons } from '../../shared/payments/couponRepository.js';
import { changeCoupon, couponOrNotFound, createCouponFor } from '../../shared/payments/couponService.js';
import { toMajorUnits } from '../../shared/payments/money.js';
import { paymentHistory } from '../../shared/payments/paymentHistory.js';
import { readPaymentIntent } from '../../shared/payments/paymentIntentRepository.js';
import { createPaymentIntent } from '../../shared/payments/paymentIntentService.js';
import { presentCoupon, presentHistoryItem, presentIntentDetail } from '../../shared/payments/paymentPresenters.js';
import { processStripeEvent, verifyStripeEvent } from '../../shared/payments/stripeWebhook.js';
import { PAYMENT_ROUTES } from '../../shared/routes/paymentRoutes.js';
import * as s from '../../shared/schemas/payments.js';

/** Lambda entry of the payments group (seed 002 Payments, coupons, the Stripe webhook). */
const input = <T extends z.ZodType>(value: unknown) => value as z.infer<T>;

/** The caller (authenticated routes only ever run with a principal). */
function payer(ctx: RouteContext) {
  return { tenantId: ctx.tenantId, userId: ctx.principal?.userId ?? '' };
}

/** The optional Idempotency-Key header, validated like a field. */
function idempotencyKeyOf(ctx: RouteContext): string | undefined {
  const raw = ctx.event.headers?.['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = s.idempotencyKeyHeader.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError([{ field: 'headers.idempotency-key', message: parsed.error.issues[0]?.message ?? 'Invalid', code: 'invalid_format' }]);
  }
  return parsed.data;
}

const handlers: RouteHandlers = {
  'payments.createIntent': async (ctx) => {
    const body = input<typeof s.createIntentBody>(ctx.body);
    return { data: await createPaymentIntent(payer(ctx), body, idempotencyKeyOf(ctx), ctx.now) };
  },
  'payments.getIntent': async (ctx) => {
    const { payment_id } = input<typeof s.intentParams>(ctx.params);
    const record = await readPaymentIntent(ctx.tenantId, payment_id);
    // Another user's payment answers exactly like a missing one.
    if (!record || record.userId !== ctx.principal?.userId) throw new NotFoundError('Payment not found');
    return { data: await presentIntentDetail(record, ctx.now) };
  },
  'payments.history': async (ctx) => {
    const query = input<typeof s.historyQuery>(ctx.query);
    const { userId } = payer(ctx);
    const summary = await paymentHistory(ctx.tenantId, userId, {
      ...(query.start_date ? { startDate: query.start_date } : {}),
      ...(query.end_date ? { endDate: query.end_date } : {}),
      ...(query.status ? { status: query.status } : {}),
      page: query.page,
      pageSize: query.page_size,
    });
    return {
      data: {
        count: summary.count,
        total_spent: toMajorUnits(summary.totalSpentCents),
        currency: summary.currency,
        total_spent_by_currency: Object.fromEntries(Object.entries(summary.totalSpentByCurrency).map(([currency, cents]) => [currency, toMajorUnits(cents)])),
        ...pageLinks(ctx.event, query.page, summary.totalPages),
        page: query.page,
        page_size: query.page_size,
        total_pages: summary.totalPages,
        results: await Promise.all(summary.page.map((record) => presentHistoryItem(record, ctx.now))),
      },
    };
  },
  'payments.stripeWebhook': async (ctx) => {
    const raw = ctx.event.body ?? '';
    const rawBody = ctx.event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    const event = await verifyStripeEvent(rawBody, ctx.event.headers?.['stripe-signature'], ctx.now);
    const outcome = await processStripeEvent(event, ctx.now);
    ctx.log.info('stripe webhook', { eventId: event.id, eventType: event.type, outcome });
    return { data: { received: true, event_id: event.id, outcome } };
  },
  'payments.createCoupon': async (ctx) => {
    const body = input<typeof s.createCouponBody>(ctx.body);
    return { data: presentCoupon(await createCouponFor(ctx.tenantId, payer(ctx).userId, body, ctx.now)) };
  },
  'payments.listCoupons': async (ctx) => {
    const query = input<typeof s.listCouponsQuery>(ctx.query);
    const all = (await listCoupons(ctx.tenantId)).filter((coupon) => query.active === undefined || coupon.active === query.active);
    const totalPages = Math.max(1, Math.ceil(all.length / query.page_size));
    return {
      data: {
        count: all.length,
        ...pageLinks(ctx.event, query.page, totalPages),
        page: query.page,
        page_size: query.page_size,
        total_pages: totalPages,
        results: all.slice((query.page - 1) * query.page_size, query.page * query.page_size).map(presentCoupon),
      },
    };
  },
  'payments.getCoupon': async (ctx) => {
    const { code } = input<typeof s.couponParams>(ctx.params);
    return { data: presentCoupon(await couponOrNotFound(ctx.tenantId, code)) };
  },
  'payments.updateCoupon': async (ctx) => {
    const { code } = input<typeof s.couponParams>(ctx.params);
    const body = input<typeof s.updateCouponBody>(ctx.body);
    return { data: presentCoupon(await changeCoupon(ctx.tenantId, code, body, ctx.now)) };
  },
};

/** The payments group's handler with test overrides (clock, rate classes). */
export function createPaymentsHandler(options: GroupHandlerOptions = {}) {
  return createGroupHandler('payments', PAYMENT_ROUTES, handlers, options);
}

export const handler = createPaymentsHandler();
