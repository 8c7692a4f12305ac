import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand } from '../db/commands.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { couponKey, couponRedemptionKey, courseKey } from '../db/keys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { NotFoundError } from '../http/errors.js';
import { COUPON_CODE_PATTERN, normalizeCouponCode, type CouponRedemptionRecord } from './coupon.js';
import { checkCoupon, couponError } from './couponRules.js';
import { couponOf, redemptionOf } from './couponRepository.js';

export { priceWithCoupon } from './couponPricing.js';

const FIELD = 'body.coupon_code';

export interface ReserveCouponInput {
  tenantId: string;
  userId: string;
  couponCode: string;
  courseId: string;
  /** The caller's id for this use (the saga's execution): repeats with it are the same reservation. */
  reservationId: string;
  now: Date;
}

/**
 * Reserves one redemption of a coupon for a user and course, exactly under concurrency: one
 * transaction adds 1 to the coupon's count on the condition that it is active, unexpired and under
 * its cap, and creates the user's redemption item on the condition that none exists. Twenty
 * concurrent users on a coupon with five left: every transaction sees the count DynamoDB serialised,
 * so exactly five commit. Idempotent per reservationId: a repeat (a retried saga step) finds its own
 * redemption and returns the same discount without counting again.
 *
 * Timeline of a retried step: reserve(r1) commits → Lambda times out before answering → reserve(r1)
 * again: the Put's condition fails, the redemption read back carries r1 → same answer, count unchanged.
 *
 * Throws ValidationError (COUPON_INVALID, COUPON_EXPIRED) or ConflictError (COUPON_EXHAUSTED,
 * COUPON_ALREADY_USED), the code in the field issue on `body.coupon_code`; NotFoundError for an unknown
 * course. Requests: 1 BatchGetItem + 1 TransactWriteItems (+1 BatchGetItem when the transaction lost a race).
 */
export async function reserveCoupon(input: ReserveCouponInput): Promise<{ couponCode: string; discountCents: number }> {
  const code = normalizeCouponCode(input.couponCode);
  if (!COUPON_CODE_PATTERN.test(code)) throw couponError('COUPON_INVALID', FIELD, 'This coupon code is not valid');
  // A lost race re-reads and re-checks, so the caller sees the reason that holds now; a third loss
  // (the coupon changing under us repeatedly) is reported as exhausted rather than looping.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const state = await readCouponState(input.tenantId, code, input.userId, input.courseId);
    const { discountCents, reserved } = checkCoupon({ ...state, now: input.now, reservationId: input.reservationId, field: FIELD });
    if (reserved) return { couponCode: code, discountCents };
    try {
      await transactWriteRetryingConflicts({ TransactItems: reservationItems(input, code, discountCents) });
      return { couponCode: code, discountCents };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
    }
  }
  throw couponError('COUPON_EXHAUSTED', FIELD, 'This coupon has no redemptions left');
}

/** The reservation's two conditional writes: the counter under its cap, the user's redemption item. */
function reservationItems(input: ReserveCouponInput, code: string, discountCents: number) {
  const redemption: CouponRedemptionRecord = {
    tenantId: input.tenantId,
    code,
    userId: input.userId,
    courseId: input.courseId,
    reservationId: input.reservationId,
    discountCents,
    reservedAt: input.now.toISOString(),
  };
  return [
    {
      Update: {
        TableName: tableName(),
        Key: couponKey(input.tenantId, code),
        UpdateExpression: 'ADD redemptionsCount :one',
        ConditionExpression:
          'active = :true AND (attribute_not_exists(maxRedemptions) OR redemptionsCount < maxRedemptions) AND (attribute_not_exists(validUntil) OR validUntil > :now)',
        ExpressionAttributeValues: { ':one': 1, ':true': true, ':now': input.now.toISOString() },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...couponRedemptionKey(input.tenantId, code, input.userId), entity: 'couponRedemption', ...redemption },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

export interface ReleaseCouponInput {
  tenantId: string;
  userId: string;
  couponCode: string;
  reservationId: string;
  now: Date;
}

/**
 * Gives a reserved redemption back (the saga's compensation after a failed charge or enrollment):
 * deletes the user's redemption only if it belongs to this reservation, and takes 1 off the count in
 * the same transaction. Releasing twice, releasing a reservation that never happened, or releasing an
 * old reservation after the user reserved again changes nothing — the delete's condition fails and
 * the whole transaction with it. Requests: 1 TransactWriteItems.
 */
export async function releaseCoupon(input: ReleaseCouponInput): Promise<void> {
  const code = normalizeCouponCode(input.couponCode);
  if (!COUPON_CODE_PATTERN.test(code)) return;
  try {
    await transactWriteRetryingConflicts({
      TransactItems: [
        {
          Delete: {
            TableName: tableName(),
            Key: couponRedemptionKey(input.tenantId, code, input.userId),
            ConditionExpression: 'reservationId = :reservation',
            ExpressionAttributeValues: { ':reservation': input.reservationId },
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: couponKey(input.tenantId, code),
            UpdateExpression: 'ADD redemptionsCount :minusOne SET updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND redemptionsCount > :zero',
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0, ':now': input.now.toISOString() },
          },
        },
      ],
    });
  } catch (err) {
    if (err instanceof TransactionCanceledException) return;
    throw err;
  }
}

/** The coupon, the user's redemption and the course in one consistent BatchGetItem. */
async function readCouponState(tenantId: string, code: string, userId: string, courseId: string) {
  const keys = { coupon: couponKey(tenantId, code), redemption: couponRedemptionKey(tenantId, code, userId), course: courseKey(tenantId, courseId) };
  const items = await batchGetItems(Object.values(keys), true);
  const courseItem = items.get(itemId(keys.course));
  if (!courseItem) throw new NotFoundError('Course not found');
  const couponItem = items.get(itemId(keys.coupon));
  const redemptionItem = items.get(itemId(keys.redemption));
  return {
    coupon: couponItem ? couponOf(couponItem) : undefined,
    redemption: redemptionItem ? redemptionOf(redemptionItem) : undefined,
    course: { courseId, priceCents: Number(courseItem.priceCents ?? 0), currency: String(courseItem.currency ?? 'USD') },
  };
}

/** A user's redemption of a coupon (one GetItem), e.g. to show whether they used it. */
export async function readRedemption(tenantId: string, couponCode: string, userId: string): Promise<CouponRedemptionRecord | undefined> {
  const result = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: couponRedemptionKey(tenantId, normalizeCouponCode(couponCode), userId), ConsistentRead: true }),
  );
  return result.Item ? redemptionOf(result.Item) : undefined;
}
