import fc from 'fast-check';
import { discountCents, discountPercentage, priceWithCoupon } from '../../shared/payments/couponPricing.js';
import { summarizeHistory } from '../../shared/payments/paymentHistory.js';
import type { PaymentIntentRecord } from '../../shared/payments/paymentIntent.js';
import { blockedSources } from '../../shared/payments/paymentIntentRepository.js';
import { testCardOutcome } from '../../shared/payments/testPaymentMethods.js';

describe('coupon pricing', () => {
  it('takes a percentage off, the discount rounded half up to the cent', () => {
    expect(priceWithCoupon(999, { kind: 'percent', value: 15 })).toBe(849); // 149.85 → 150 off
    expect(priceWithCoupon(4999, { kind: 'percent', value: 20 })).toBe(3999); // 999.8 → 1000 off
    expect(priceWithCoupon(1000, { kind: 'percent', value: 100 })).toBe(0);
  });

  it('takes a fixed amount off, never below zero', () => {
    expect(priceWithCoupon(4999, { kind: 'fixed', value: 1000 })).toBe(3999);
    expect(priceWithCoupon(500, { kind: 'fixed', value: 1000 })).toBe(0);
  });

  it('always splits the list price exactly into price + discount, within [0, price]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.oneof(fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 100 }) }), fc.record({ kind: fc.constant('fixed' as const), value: fc.integer({ min: 1, max: 10_000_000 }) })), (price, coupon) => {
        const after = priceWithCoupon(price, coupon);
        expect(after + discountCents(price, coupon)).toBe(price);
        expect(after).toBeGreaterThanOrEqual(0);
        expect(after).toBeLessThanOrEqual(price);
      }),
    );
  });

  it('matches the exact rational discount to within half a cent for percent coupons', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 100 }), (price, percent) => {
        const exact = (price * percent) / 100;
        expect(Math.abs(discountCents(price, { kind: 'percent', value: percent }) - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('shows a fixed discount as a percentage of the list price with two decimals', () => {
    expect(discountPercentage(4999, { kind: 'fixed', value: 1000 })).toBe(20);
    expect(discountPercentage(3000, { kind: 'fixed', value: 1000 })).toBe(33.33);
  });
});

describe('payment status moves forward only', () => {
  it('never leaves refunded, and a success only becomes refunded', () => {
    expect(blockedSources('failed')).toEqual(['succeeded', 'refunded']);
    expect(blockedSources('succeeded')).toEqual(['refunded']);
    expect(blockedSources('refunded')).toEqual([]);
  });
});

describe('payment history summary', () => {
  const record = (amountCents: number, status: PaymentIntentRecord['status'], refundedCents = 0, currency = 'USD') => ({ amountCents, status, refundedCents, currency }) as PaymentIntentRecord;

  it('sums net paid amounts of charged payments per currency, whatever the status filter', () => {
    const records = [record(1000, 'succeeded', 200, 'EUR'), record(5000, 'succeeded'), record(3000, 'refunded', 3000), record(700, 'failed'), record(800, 'requires_action')];
    const summary = summarizeHistory(records, 'failed', 1, 20);
    expect(summary.count).toBe(1);
    expect(summary.totalSpentByCurrency).toEqual({ EUR: 800, USD: 5000 });
    expect(summary.currency).toBe('EUR');
    expect(summary.totalSpentCents).toBe(800);
  });

  it('pages the filtered list', () => {
    const records = Array.from({ length: 5 }, (_, i) => record(100 * (i + 1), 'succeeded'));
    const summary = summarizeHistory(records, undefined, 2, 2);
    expect(summary.totalPages).toBe(3);
    expect(summary.page.map((r) => r.amountCents)).toEqual([300, 400]);
  });
});

describe('Stripe test payment methods', () => {
  it.each([
    ['pm_card_visa', 'succeeds'],
    ['4242 4242 4242 4242', 'succeeds'],
    ['pm_card_chargeDeclined', 'declined'],
    ['4000000000000002', 'declined'],
    ['4000000000009995', 'declined'],
    ['pm_card_authenticationRequired', 'requires_action'],
    ['4000002760003184', 'requires_action'],
  ])('%s %s', (method, kind) => {
    expect(testCardOutcome(method)?.kind).toBe(kind);
  });

  it('knows insufficient funds apart from a generic decline', () => {
    expect(testCardOutcome('pm_card_chargeDeclinedInsufficientFunds')).toMatchObject({ declineCode: 'insufficient_funds' });
    expect(testCardOutcome('pm_card_chargeDeclined')).toMatchObject({ declineCode: 'generic_decline' });
    expect(testCardOutcome('pm_card_unknown')).toBeUndefined();
  });
});
