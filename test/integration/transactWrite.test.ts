import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type TransactWriteCommandInput } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { documentClient, setDocumentClient, tableName } from '../../shared/db/client.js';
import { transactWriteRetryingConflicts } from '../../shared/db/transactWrite.js';
import { ConflictError } from '../../shared/http/errors.js';

// Fault injection: AWS cancels a transaction with TransactionConflict when another transaction holds
// one of its items; DynamoDB Local never does, so the conflict is injected ahead of the real call.
describe('transactions cancelled by a concurrent transaction', () => {
  const real = documentClient();
  afterEach(() => setDocumentClient(real));

  function failFirst(times: number) {
    let calls = 0;
    setDocumentClient(
      new Proxy(real, {
        get(target, prop, receiver) {
          if (prop !== 'send') return Reflect.get(target, prop, receiver);
          return async (command: never) => {
            calls += 1;
            if (calls <= times) throw new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });
            return target.send(command);
          };
        },
      }),
    );
    return () => calls;
  }

  const putOnce = (pk: string): TransactWriteCommandInput => ({
    TransactItems: [{ Update: { TableName: tableName(), Key: { pk, sk: 'X' }, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': 1 } } }],
  });

  it('repeats the transaction and applies it exactly once', async () => {
    const pk = `T#tx-${randomUUID()}`;
    const calls = failFirst(2);
    await transactWriteRetryingConflicts(putOnce(pk));
    expect(calls()).toBe(3);
    setDocumentClient(real);
    const item = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk, sk: 'X' }, ConsistentRead: true }));
    expect(item.Item?.hits).toBe(1);
  });

  it('gives up after three conflicts with a 409 and writes nothing', async () => {
    const pk = `T#tx-${randomUUID()}`;
    failFirst(3);
    await expect(transactWriteRetryingConflicts(putOnce(pk))).rejects.toBeInstanceOf(ConflictError);
    setDocumentClient(real);
    const item = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk, sk: 'X' }, ConsistentRead: true }));
    expect(item.Item).toBeUndefined();
  });
});
