import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { couponKey, couponsPartition } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import type { CouponRecord, CouponRedemptionRecord } from './coupon.js';

/**
 * Coupon storage for the org admin's routes: one item per coupon in the tenant's `COUPONS` collection
 * (listed by one Query). The redemption counter is only ever moved by couponRedemptions.ts; the
 * admin's changes never touch it, and lowering the cap below it is refused by the write's condition.
 */

const stripKeys = (item: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest;
};

/** A stored coupon item as a record (keys and entity stripped). */
export function couponOf(item: Record<string, unknown>): CouponRecord {
  const rest = stripKeys(item) as unknown as CouponRecord;
  return { ...rest, courseIds: rest.courseIds ?? [], redemptionsCount: Number(rest.redemptionsCount ?? 0) };
}

/** A stored redemption item as a record. */
export function redemptionOf(item: Record<string, unknown>): CouponRedemptionRecord {
  return stripKeys(item) as unknown as CouponRedemptionRecord;
}

/** Creates a coupon; a code the tenant already has is a 409 (conditional Put, one request). */
export async function createCoupon(coupon: CouponRecord): Promise<CouponRecord> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...couponKey(coupon.tenantId, coupon.code), entity: 'coupon', ...coupon },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      throw new ConflictError('A coupon with this code already exists', [{ field: 'body.code', message: 'Already exists', code: 'COUPON_EXISTS' }]);
    }
    throw err;
  }
  return coupon;
}

/** One coupon (one GetItem, strongly consistent so an admin sees their own change). */
export async function readCoupon(tenantId: string, code: string): Promise<CouponRecord | undefined> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: couponKey(tenantId, code), ConsistentRead: true }));
  return result.Item ? couponOf(result.Item) : undefined;
}

/** Every coupon of the tenant, by code (one Query per MB; a tenant's coupons are few). */
export async function listCoupons(tenantId: string): Promise<CouponRecord[]> {
  const items = await queryCollection(couponsPartition(tenantId), { skPrefix: 'C#' });
  return items.map(couponOf).sort((a, b) => a.code.localeCompare(b.code));
}

export interface CouponChange {
  active?: boolean;
  /** null removes the cap. */
  maxRedemptions?: number | null;
  /** null removes the expiry. */
  validUntil?: string | null;
  description?: string | null;
}

/**
 * Applies an admin's change in one conditional UpdateItem that returns the new coupon. A new cap
 * below the redemptions already made is refused by the condition (not by a prior read, which a
 * concurrent reservation could overtake) and reported as a 409 naming the current count.
 */
export async function updateCoupon(tenantId: string, code: string, change: CouponChange, now: Date): Promise<CouponRecord> {
  const sets: string[] = ['updatedAt = :now'];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  let condition = 'attribute_exists(pk)';
  if (change.active !== undefined) {
    sets.push('active = :active');
    values[':active'] = change.active;
  }
  if (change.maxRedemptions === null) removes.push('maxRedemptions');
  else if (change.maxRedemptions !== undefined) {
    sets.push('maxRedemptions = :max');
    values[':max'] = change.maxRedemptions;
    condition += ' AND redemptionsCount <= :max';
  }
  if (change.validUntil === null) removes.push('validUntil');
  else if (change.validUntil !== undefined) {
    sets.push('validUntil = :until');
    values[':until'] = change.validUntil;
  }
  if (change.description === null) removes.push('description');
  else if (change.description !== undefined) {
    sets.push('description = :description');
    values[':description'] = change.description;
  }
  try {
    const result = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: couponKey(tenantId, code),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return couponOf(result.Attributes ?? {});
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      if (!err.Item) throw new NotFoundError('Coupon not found');
      const used = Number(err.Item.redemptionsCount?.N ?? 0);
      throw new ValidationError(
        [{ field: 'body.max_redemptions', message: `Cannot be below the ${used} redemptions already made`, code: 'below_redemptions' }],
        'max_redemptions is below the redemptions already made',
      );
    }
    throw err;
  }
}
