import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documentClient, tableName } from '../db/client.js';
import { enrollmentSagaRequestKey } from '../db/keys.js';
import type { TransactItem } from '../notifications/notificationWrites.js';
import type { SagaFailure } from './sagaErrors.js';
import type { SagaExecutionInput } from './sagaState.js';

/**
 * The request item of an enrollment saga (`T#<t>#ENROLLREQ#<execution name>` / `REQUEST`). It is
 * created by the starter's conditional Put before the execution starts and holds the outcome the
 * routes report: `running` → `succeeded` (set in the same transaction as the enrollment) or `failed`
 * (set by the RecordFailure task, never over a success). Kept 90 days, as long as Step Functions
 * keeps an execution name taken.
 */
export type SagaRequestStatus = 'running' | 'succeeded' | 'failed';

export interface SagaRequestRecord {
  executionName: string;
  tenantId: string;
  userId: string;
  courseId: string;
  idempotencyKey: string;
  paymentId?: string;
  couponCode?: string;
  /** The execution input exactly as first started: a repeated StartExecution must send the same bytes. */
  input: string;
  status: SagaRequestStatus;
  /** Set while a payment waits for the customer's 3-D Secure step. */
  requiresAction?: { clientSecret: string | null; providerIntentId: string };
  providerIntentId?: string;
  amountCents?: number;
  currency?: string;
  enrolledAt?: string;
  error?: SagaFailure;
  createdAt: string;
  updatedAt: string;
}

const RETENTION_SECONDS = 90 * 24 * 3600;

function recordOf(item: Record<string, unknown>): SagaRequestRecord {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...rest } = item;
  return rest as unknown as SagaRequestRecord;
}

/**
 * Claims the execution name: one conditional PutItem. The winner gets `created: true` and starts the
 * execution; every other caller gets the existing item back from the same request
 * (ReturnValuesOnConditionCheckFailure), so a duplicate costs no extra read.
 *
 *   t0  request A puts REQUEST (status running) → created → starts the execution
 *   t1  request B (same name) → ConditionalCheckFailed with A's item → duplicate, starts nothing
 */
export async function claimSagaRequest(input: SagaExecutionInput, now: Date): Promise<{ created: boolean; record: SagaRequestRecord }> {
  const record: SagaRequestRecord = {
    executionName: input.executionName,
    tenantId: input.tenantId,
    userId: input.userId,
    courseId: input.courseId,
    idempotencyKey: input.idempotencyKey,
    ...(input.paymentId ? { paymentId: input.paymentId } : {}),
    ...(input.couponCode ? { couponCode: input.couponCode } : {}),
    input: JSON.stringify(input),
    status: 'running',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...enrollmentSagaRequestKey(input.tenantId, input.executionName), entity: 'EnrollmentSagaRequest', ...record, expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true, record };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException && err.Item) {
      return { created: false, record: recordOf(unmarshall(err.Item as never)) };
    }
    throw err;
  }
}

/** The request item (one strongly consistent GetItem): the outcome a route reports. */
export async function readSagaRequest(tenantId: string, executionName: string): Promise<SagaRequestRecord | undefined> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: enrollmentSagaRequestKey(tenantId, executionName), ConsistentRead: true }));
  return result.Item ? recordOf(result.Item) : undefined;
}

/**
 * The transaction item that marks the request succeeded: the WriteEnrollment task puts it in the
 * enrollment's own transaction, so "succeeded" is visible exactly when the enrollment exists.
 */
export function sagaSucceededItem(tenantId: string, executionName: string, outcome: { enrolledAt: string; paymentId: string; amountCents: number; currency: string; providerIntentId?: string }, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: enrollmentSagaRequestKey(tenantId, executionName),
      UpdateExpression: 'SET #status = :succeeded, enrolledAt = :enrolledAt, paymentId = :paymentId, amountCents = :amount, currency = :currency, updatedAt = :now REMOVE requiresAction, #error',
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues: {
        ':succeeded': 'succeeded',
        ':enrolledAt': outcome.enrolledAt,
        ':paymentId': outcome.paymentId,
        ':amount': outcome.amountCents,
        ':currency': outcome.currency,
        ':now': now.toISOString(),
      },
      ConditionExpression: 'attribute_exists(pk)',
    },
  };
}

/**
 * Records the failed outcome (one UpdateItem), conditioned on the request not having succeeded: a
 * late or repeated RecordFailure can never turn an enrollment that exists into a reported failure.
 * Returns false when the condition stopped it.
 */
export async function markSagaFailed(tenantId: string, executionName: string, failure: SagaFailure, now: Date): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: enrollmentSagaRequestKey(tenantId, executionName),
        UpdateExpression: 'SET #status = :failed, #error = :error, updatedAt = :now REMOVE requiresAction',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :succeeded',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: { ':failed': 'failed', ':succeeded': 'succeeded', ':error': failure, ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/**
 * Notes payment facts on the request while it runs (one UpdateItem): the provider intent id as soon
 * as it exists — so a compensation finds the charge even if the Charge task died before answering —
 * and, while 3-D Secure is pending, the client secret the customer needs.
 */
export async function noteSagaPayment(
  tenantId: string,
  executionName: string,
  payment: { providerIntentId: string; amountCents: number; currency: string; requiresAction?: { clientSecret: string | null } | null },
  now: Date,
): Promise<void> {
  const set = ['providerIntentId = :intent', 'amountCents = :amount', 'currency = :currency', 'updatedAt = :now'];
  const values: Record<string, unknown> = { ':intent': payment.providerIntentId, ':amount': payment.amountCents, ':currency': payment.currency, ':now': now.toISOString(), ':running': 'running' };
  let remove = '';
  if (payment.requiresAction) {
    set.push('requiresAction = :action');
    values[':action'] = { clientSecret: payment.requiresAction.clientSecret, providerIntentId: payment.providerIntentId };
  } else if (payment.requiresAction === null) {
    remove = ' REMOVE requiresAction';
  }
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: enrollmentSagaRequestKey(tenantId, executionName),
        UpdateExpression: `SET ${set.join(', ')}${remove}`,
        ConditionExpression: 'attribute_exists(pk) AND #status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  } catch (err) {
    // The request already has its outcome: nothing to note.
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
