import { TransactionCanceledException } from './dynamoErrors.js';
import { TransactWriteCommand, type TransactWriteCommandInput } from './commands.js';
import { ConflictError } from '../http/errors.js';
import { documentClient } from './client.js';

/** Whether DynamoDB cancelled a transaction only because another transaction held one of its items. */
export function isTransactionConflict(err: unknown): boolean {
  return (
    err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict') &&
    !(err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

/**
 * Sends a transaction that is safe to repeat (its conditions or ClientRequestToken make a second
 * application impossible) and repeats it when AWS cancels it with `TransactionConflict` — another
 * transaction was on the same item at that instant, which DynamoDB Local never reports. After three
 * tries the caller gets a 409 to retry, never a 500. Condition failures are rethrown unchanged.
 */
export async function transactWriteRetryingConflicts(input: TransactWriteCommandInput): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient().send(new TransactWriteCommand(input));
      return;
    } catch (err) {
      if (!isTransactionConflict(err)) throw err;
      if (attempt >= 3) throw new ConflictError('Another request is changing the same data; retry');
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}
