import { ConditionalCheckFailedException, TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';
import { paymentHistoryIndexKey, paymentIntentKey, providerIntentAliasKey } from '../db/keys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { NotFoundError } from '../http/errors.js';
import { PAYMENT_ID_PATTERN, type PaymentIntentRecord, type PaymentStatus } from './paymentIntent.js';

export type { PaymentIntentRecord, PaymentStatus } from './paymentIntent.js';

/**
 * Payment intent records. The record lives at its own key (`T#<t>#PAYMENT#pay_…`), so the confirm
 * route, the saga and the webhook read it with one GetItem; a small alias item maps the provider's
 * `pi_…` id to it (clients confirm with the id the create call returned); gsi1 puts it in the payer's
 * history in creation order.
 */

const record = (item: Record<string, unknown>): PaymentIntentRecord => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _gs, entity: _e, ...rest } = item;
  return rest as unknown as PaymentIntentRecord;
};

/**
 * Stores a new intent record and its alias in one transaction, both conditioned on not existing.
 * Returns false (writing nothing) when the payment id is already taken — the replay of a create
 * that carried the same Idempotency-Key — so the caller answers with the stored record instead.
 */
export async function createPaymentIntentRecord(intent: PaymentIntentRecord): Promise<boolean> {
  try {
    await transactWriteRetryingConflicts({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...paymentIntentKey(intent.tenantId, intent.paymentId),
              ...paymentHistoryIndexKey(intent.tenantId, intent.userId, intent.createdAt, intent.paymentId),
              entity: 'paymentIntent',
              ...intent,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...providerIntentAliasKey(intent.tenantId, intent.providerIntentId), entity: 'paymentIntentAlias', paymentId: intent.paymentId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    return true;
  } catch (err) {
    if (err instanceof TransactionCanceledException) return false;
    throw err;
  }
}

/**
 * An intent record by Cairn's payment id (`pay_…`: one GetItem) or by the provider's intent id
 * (`pi_…`: the alias, then the record — two GetItems). Strongly consistent: the confirm path and the
 * webhook act on what was just written. Undefined when the tenant has no such payment.
 */
export async function readPaymentIntent(tenantId: string, paymentId: string): Promise<PaymentIntentRecord | undefined> {
  let id = paymentId;
  if (!PAYMENT_ID_PATTERN.test(id)) {
    const alias = await documentClient().send(new GetCommand({ TableName: tableName(), Key: providerIntentAliasKey(tenantId, paymentId), ConsistentRead: true }));
    if (!alias.Item) return undefined;
    id = String(alias.Item.paymentId);
  }
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: paymentIntentKey(tenantId, id), ConsistentRead: true }));
  return result.Item ? record(result.Item) : undefined;
}

export interface PaymentIntentPatch {
  status: PaymentStatus;
  providerStatus?: string;
  failureCode?: string;
  /** The provider's total refunded so far (never decreases). */
  refundedCents?: number;
  /** The provider's latest refund (or the refunded charge) id. */
  refundId?: string;
  enrollmentRequestId?: string;
  /** The provider's own receipt of the charge (Stripe: the charge's `receipt_url`), once there is one. */
  receiptUrl?: string;
}

/**
 * The statuses a payment may not leave for `target`. Events arrive in any order and several writers
 * (confirm, saga, webhook) report the same payment, so the status only moves forward: nothing leaves
 * `refunded`, and a `succeeded` payment only becomes `refunded` — a late "payment failed" for an
 * earlier attempt cannot undo a success.
 */
export function blockedSources(target: PaymentStatus): PaymentStatus[] {
  if (target === 'refunded') return [];
  if (target === 'succeeded') return ['refunded'];
  return ['succeeded', 'refunded'];
}

/**
 * Records a status change (and failure code, refund, enrollment request) on an intent in one
 * conditional UpdateItem. A change the forward-only rule forbids is skipped silently — it is an
 * out-of-order report of an older state, and the record already holds a later one; so is a refunded
 * total lower than the one stored. Throws NotFoundError when the payment does not exist.
 */
export async function markPaymentIntent(tenantId: string, paymentId: string, patch: PaymentIntentPatch, now: Date): Promise<void> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':status': patch.status, ':now': now.toISOString() };
  const sets = ['#status = :status', 'updatedAt = :now'];
  const removes: string[] = [];
  const blocked = blockedSources(patch.status);
  let condition = 'attribute_exists(pk)';
  if (blocked.length > 0) {
    condition += ` AND NOT (#status IN (${blocked.map((_, i) => `:blocked${i}`).join(', ')}))`;
    blocked.forEach((status, i) => (values[`:blocked${i}`] = status));
  }
  if (patch.providerStatus !== undefined) {
    sets.push('providerStatus = :providerStatus');
    values[':providerStatus'] = patch.providerStatus;
  }
  if (patch.failureCode !== undefined) {
    sets.push('failureCode = :failureCode');
    values[':failureCode'] = patch.failureCode;
  } else if (patch.status === 'succeeded') {
    removes.push('failureCode');
  }
  if (patch.status === 'succeeded') sets.push('paidAt = if_not_exists(paidAt, :now)');
  if (patch.status === 'refunded') sets.push('refundedAt = if_not_exists(refundedAt, :now)');
  if (patch.refundedCents !== undefined) {
    sets.push('refundedCents = :refunded');
    values[':refunded'] = patch.refundedCents;
    condition += ' AND (attribute_not_exists(refundedCents) OR refundedCents <= :refunded)';
  }
  if (patch.refundId !== undefined) {
    sets.push('lastRefundId = :refundId');
    values[':refundId'] = patch.refundId;
  }
  if (patch.receiptUrl !== undefined) {
    sets.push('receiptUrl = :receipt');
    values[':receipt'] = patch.receiptUrl;
  }
  if (patch.enrollmentRequestId !== undefined) {
    sets.push('enrollmentRequestId = :request');
    values[':request'] = patch.enrollmentRequestId;
  }
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: paymentIntentKey(tenantId, paymentId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      if (!err.Item) throw new NotFoundError('Payment not found');
      return;
    }
    throw err;
  }
}

export interface HistoryRange {
  /** Inclusive lower bound on created_at (ISO). */
  from?: string;
  /** Inclusive upper bound on created_at (ISO). */
  to?: string;
}

/**
 * The payer's payments created in a range, newest first: one Query of their gsi1 history partition
 * per MB (a key range, no filter), so its cost follows the payments in the range, not all of them.
 * The index is eventually consistent: a payment made a moment ago may take a moment to appear.
 */
export async function listPaymentHistory(tenantId: string, userId: string, range: HistoryRange = {}): Promise<PaymentIntentRecord[]> {
  const { gsi1pk } = paymentHistoryIndexKey(tenantId, userId, '', '');
  // Sort keys are `<createdAt>#pay_…`: `from` itself sorts before any key at that instant, and
  // `<to>#~` after every key at `to` ('~' sorts after every id character).
  const lower = range.from ?? '0000';
  const upper = `${range.to ?? '9999-12-31T23:59:59.999Z'}#~`;
  const items = await queryCollection(gsi1pk, { indexName: 'gsi1', skBetween: [lower, upper], descending: true });
  return items.map(record);
}
