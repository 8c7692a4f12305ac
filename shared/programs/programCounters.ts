import type { TransactWriteCommandInput } from '../db/commands.js';
import { tableName } from '../db/client.js';
import { programKey } from '../db/keys.js';

/**
 * Transaction items that keep a program's enrollment and completion counters. The program-enrollment
 * code puts one of them into the same TransactWriteItems as its enrollment record, whose Put is
 * conditioned on `attribute_not_exists(pk)`: a retried or duplicated enrollment fails that condition,
 * the whole transaction is cancelled, and the counter is not touched — so a counter is always exactly
 * the number of enrollment records, however often a request is replayed.
 *
 * Timeline of a retry: attempt 1 commits {enrollment Put, ADD enrollmentCount 1}; its response is
 * lost; attempt 2 sends the same transaction → the Put's condition fails → TransactionCanceled, count
 * unchanged. The caller treats that cancellation as "already enrolled".
 */
export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * ADDs `delta` (+1 on enrollment, −1 when an enrollment is withdrawn) to the program's enrollment
 * count. The program must exist; a decrement also requires the count to stay ≥ 0.
 */
export function programEnrollmentCountUpdate(tenantId: string, programId: string, delta: 1 | -1 = 1): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: programKey(tenantId, programId),
      UpdateExpression: 'ADD enrollmentCount :delta',
      ConditionExpression: delta > 0 ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND enrollmentCount >= :one',
      ExpressionAttributeValues: delta > 0 ? { ':delta': delta } : { ':delta': delta, ':one': 1 },
    },
  };
}

/**
 * ADDs one completion to the program's completion count, only while completions are fewer than
 * enrollments (a completion always belongs to an enrollment), so the completion rate never exceeds 100 %.
 */
export function programCompletionCountUpdate(tenantId: string, programId: string): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: programKey(tenantId, programId),
      UpdateExpression: 'ADD completionCount :one',
      ConditionExpression: 'attribute_exists(pk) AND completionCount < enrollmentCount',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}
