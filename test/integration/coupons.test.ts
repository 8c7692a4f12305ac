import { randomUUID } from 'node:crypto';
import { handler } from '../../lambdas/payments/handler.js';
import { readCoupon } from '../../shared/payments/couponRepository.js';
import { readRedemption, releaseCoupon, reserveCoupon } from '../../shared/payments/couponRedemptions.js';
import { AppError } from '../../shared/http/errors.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { caller, storeCourseRecord } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { uniqueTenant } from '../support/tokens.js';

const api = httpClient(ROUTES, { payments: handler });

async function setup(coupon: Record<string, unknown> = {}) {
  const tenantId = uniqueTenant('cpn');
  const courseId = randomUUID();
  await storeCourseRecord(tenantId, courseId, { priceCents: 10000, currency: 'USD' });
  const admin = caller(tenantId, 'org_admin');
  const created = await api({ method: 'POST', path: '/api/v1/payments/coupons/', token: admin.token, body: { code: 'SPRING', kind: 'percent', value: 25, ...coupon } });
  return { tenantId, courseId, admin, created };
}

const reserve = (tenantId: string, courseId: string, userId: string, reservationId: string = randomUUID()) =>
  reserveCoupon({ tenantId, userId, couponCode: 'SPRING', courseId, reservationId, now: new Date() });

const codeOf = (err: unknown) => (err instanceof AppError ? err.fields[0]?.code : String(err));

describe('coupon administration (org admin)', () => {
  it('creates a coupon (201) and refuses the same code again with 409 COUPON_EXISTS', async () => {
    const { admin, created } = await setup({ max_redemptions: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'SPRING', kind: 'percent', value: 25, max_redemptions: 5, redemptions_count: 0, remaining_redemptions: 5, active: true });
    expect(created.dynamoDbByCommand).toEqual({ PutItemCommand: 1, UpdateItemCommand: 1 });
    const again = await api({ method: 'POST', path: '/api/v1/payments/coupons/', token: admin.token, body: { code: 'spring', kind: 'fixed', value: 5, currency: 'USD' } });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].code).toBe('COUPON_EXISTS');
  });

  it.each([
    ['a percent over 100', { code: 'P1X', kind: 'percent', value: 150 }, 'body.value'],
    ['a fixed coupon without currency', { code: 'F1X', kind: 'fixed', value: 5 }, 'body.currency'],
    ['a percent coupon with a currency', { code: 'P2X', kind: 'percent', value: 5, currency: 'USD' }, 'body.currency'],
    ['an expiry in the past', { code: 'P3X', kind: 'percent', value: 5, expires_at: '2020-01-01T00:00:00Z' }, 'body.expires_at'],
    ['a code with spaces', { code: 'A B', kind: 'percent', value: 5 }, 'body.code'],
    ['a redemption count from the client', { code: 'P4X', kind: 'percent', value: 5, redemptions_count: 0 }, 'body'],
  ])('refuses %s with 400', async (_label, body, field) => {
    const { admin } = await setup();
    const response = await api({ method: 'POST', path: '/api/v1/payments/coupons/', token: admin.token, body });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).join(',')).toContain(field);
  });

  it('lists, reads and changes coupons; learners are refused (403) and other tenants see nothing', async () => {
    const { tenantId, admin } = await setup();
    const list = await api({ method: 'GET', path: '/api/v1/payments/coupons/', token: admin.token });
    const one = await api({ method: 'GET', path: '/api/v1/payments/coupons/spring/', token: admin.token });
    const changed = await api({ method: 'PATCH', path: '/api/v1/payments/coupons/SPRING/', token: admin.token, body: { active: false, max_redemptions: 3 } });
    const learner = await api({ method: 'GET', path: '/api/v1/payments/coupons/', token: caller(tenantId, 'learner').token });
    const foreign = await api({ method: 'GET', path: '/api/v1/payments/coupons/SPRING/', token: caller(uniqueTenant('f'), 'org_admin').token });
    const anonymous = await api({ method: 'GET', path: '/api/v1/payments/coupons/' });

    expect(list.body).toMatchObject({ count: 1, results: [expect.objectContaining({ code: 'SPRING' })] });
    expect(list.dynamoDbByCommand).toEqual({ QueryCommand: 1, UpdateItemCommand: 1 });
    expect(one.body.code).toBe('SPRING');
    expect(changed.body).toMatchObject({ active: false, max_redemptions: 3 });
    expect(changed.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2 });
    expect(learner.status).toBe(403);
    expect(foreign.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });

  it('refuses a cap below the redemptions already made', async () => {
    const { tenantId, courseId, admin } = await setup();
    await reserve(tenantId, courseId, 'u1');
    await reserve(tenantId, courseId, 'u2');
    const response = await api({ method: 'PATCH', path: '/api/v1/payments/coupons/SPRING/', token: admin.token, body: { max_redemptions: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: 'body.max_redemptions', code: 'below_redemptions' });
  });
});

describe('coupon redemptions', () => {
  it('gives exactly 5 of 20 concurrent users a coupon with 5 redemptions left', async () => {
    const { tenantId, courseId } = await setup({ max_redemptions: 5 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => reserve(tenantId, courseId, `user-${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(5);
    expect(new Set(lost.map((r) => codeOf(r.reason)))).toEqual(new Set(['COUPON_EXHAUSTED']));
    expect((await readCoupon(tenantId, 'SPRING'))?.redemptionsCount).toBe(5);
  });

  it('computes the discount from the course price (25% of 100.00 = 25.00) and lets each user use it once', async () => {
    const { tenantId, courseId } = await setup();
    const first = await reserve(tenantId, courseId, 'u1', 'r1');
    const second = await reserve(tenantId, courseId, 'u1', 'r2').catch((err: unknown) => err);
    expect(first).toEqual({ couponCode: 'SPRING', discountCents: 2500 });
    expect(codeOf(second)).toBe('COUPON_ALREADY_USED');
    expect((second as AppError).status).toBe(409);
  });

  it('is idempotent per reservation id: a repeat counts once', async () => {
    const { tenantId, courseId } = await setup({ max_redemptions: 2 });
    await reserve(tenantId, courseId, 'u1', 'same');
    const repeat = await reserve(tenantId, courseId, 'u1', 'same');
    expect(repeat.discountCents).toBe(2500);
    expect((await readCoupon(tenantId, 'SPRING'))?.redemptionsCount).toBe(1);
  });

  it('releases a reservation once: twice, or with another reservation id, changes nothing', async () => {
    const { tenantId, courseId } = await setup({ max_redemptions: 2 });
    await reserve(tenantId, courseId, 'u1', 'r1');
    await reserve(tenantId, courseId, 'u2', 'r2');
    const release = (userId: string, reservationId: string) => releaseCoupon({ tenantId, userId, couponCode: 'SPRING', reservationId, now: new Date() });
    await release('u1', 'r1');
    await release('u1', 'r1');
    await release('u2', 'not-r2');
    await release('u3', 'never');
    expect((await readCoupon(tenantId, 'SPRING'))?.redemptionsCount).toBe(1);
    expect(await readRedemption(tenantId, 'SPRING', 'u1')).toBeUndefined();
    expect(await readRedemption(tenantId, 'SPRING', 'u2')).toMatchObject({ reservationId: 'r2' });
    expect((await reserve(tenantId, courseId, 'u1', 'r3')).discountCents).toBe(2500);
  });

  it.each([
    ['unknown', {}, 'NOPE', 'COUPON_INVALID', 400],
    ['inactive', { active: false }, 'SPRING', 'COUPON_INVALID', 400],
    ['for another course', { course_ids: [randomUUID()] }, 'SPRING', 'COUPON_INVALID', 400],
    ['in another currency', { kind: 'fixed', value: 5, currency: 'EUR' }, 'SPRING', 'COUPON_INVALID', 400],
  ])('refuses a coupon that is %s', async (_label, coupon, code, expected, status) => {
    const { tenantId, courseId } = await setup(coupon);
    const error = await reserveCoupon({ tenantId, userId: 'u1', couponCode: code, courseId, reservationId: 'r', now: new Date() }).catch((err: unknown) => err);
    expect(codeOf(error)).toBe(expected);
    expect((error as AppError).status).toBe(status);
  });

  it('refuses an expired coupon with COUPON_EXPIRED', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const { tenantId, courseId } = await setup({ expires_at: expiresAt });
    const error = await reserveCoupon({ tenantId, userId: 'u1', couponCode: 'SPRING', courseId, reservationId: 'r', now: new Date(Date.parse(expiresAt) + 1000) }).catch((err: unknown) => err);
    expect(codeOf(error)).toBe('COUPON_EXPIRED');
  });
});
