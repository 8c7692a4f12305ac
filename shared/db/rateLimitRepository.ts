import { UpdateCommand } from './commands.js';
import { documentClient, tableName } from './client.js';
import { rateLimitKey } from './keys.js';

/**
 * Adds `by` requests (default 1) to the counter of one fixed window and returns the new count, in one
 * atomic UpdateItem (ADD). Concurrent Lambdas incrementing the same window each get a distinct count, so the
 * limit holds exactly without a read. The item expires (TTL) one window after the window ends;
 * DynamoDB's TTL deletion is lazy, which is harmless because a new window uses a new sort key.
 */
export async function incrementWindowCounter(input: {
  tenantId: string;
  subject: string;
  rateClass: string;
  windowStart: number;
  windowSeconds: number;
  by?: number;
}): Promise<number> {
  const key = rateLimitKey(input.tenantId, input.subject, input.rateClass, input.windowStart);
  const result = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ExpressionAttributeValues: { ':one': input.by ?? 1, ':expiresAt': input.windowStart + 2 * input.windowSeconds },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const hits = result.Attributes?.hits;
  if (typeof hits !== 'number') throw new Error('Rate-limit counter update returned no count');
  return hits;
}
