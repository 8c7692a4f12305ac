import { randomUUID } from 'node:crypto';
import { documentClient, tableName } from '../../shared/db/client.js';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand } from '../../shared/db/commands.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '../../shared/db/dynamoErrors.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';

/** The light DynamoDB client (issue 17) against DynamoDB Local: values, errors and paging on the wire. */
describe('light DynamoDB client against DynamoDB Local', () => {
  const pk = () => `LIGHT#${randomUUID()}`;

  it('round-trips every attribute type: strings, numbers, booleans, null, lists, maps, string and number sets, binary and binary sets', async () => {
    const item = {
      pk: pk(),
      sk: 'ITEM',
      s: 'été ✓',
      n: 12345678901234,
      f: -0.125,
      t: true,
      nil: null,
      list: [1, 'two', { three: [3] }],
      map: { nested: { deep: 'yes' } },
      tags: new Set(['a', 'b']),
      nums: new Set([1, 2.5]),
      bin: new Uint8Array([0, 1, 2, 253, 254, 255]),
      bins: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
      dropped: undefined,
    };
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
    const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: item.pk, sk: 'ITEM' }, ConsistentRead: true }));
    const { dropped: _dropped, ...stored } = item;
    expect(Item).toEqual(stored);
    expect(Item).not.toHaveProperty('dropped');
    expect(Item!.bin).toBeInstanceOf(Uint8Array);
  });

  it('throws ConditionalCheckFailedException with the current item when asked for it, and writes nothing', async () => {
    const key = { pk: pk(), sk: 'ITEM' };
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...key, version: 1 } }));
    const error = await documentClient()
      .send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET version = :next', ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':next': 3, ':expected': 2 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 }, Item: { pk: { S: key.pk }, sk: { S: 'ITEM' }, version: { N: '1' } } });
    const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    expect(Item!.version).toBe(1);
  });

  it('throws TransactionCanceledException with one reason per item, and applies none of them', async () => {
    const first = { pk: pk(), sk: 'A' };
    const second = { pk: pk(), sk: 'B' };
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...second, taken: true } }));
    const error = await documentClient()
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName(), Item: { ...first, value: 1 } } },
            { Put: { TableName: tableName(), Item: { ...second, value: 2 }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons!;
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(reasons[1]!.Item).toEqual({ pk: { S: second.pk }, sk: { S: 'B' }, taken: { BOOL: true } });
    const { Responses } = await documentClient().send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: tableName(), Key: first } }, { Get: { TableName: tableName(), Key: second } }] }));
    expect(Responses!.map((r) => r.Item ?? null)).toEqual([null, { ...second, taken: true }]);
  });

  it('pages a Query with LastEvaluatedKey, batch-writes and batch-gets, one counted request per command', async () => {
    const partition = pk();
    const items = Array.from({ length: 5 }, (_, i) => ({ pk: partition, sk: `S#${i}`, i }));
    await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.map((Item) => ({ PutRequest: { Item } })) } }));
    const seen: number[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    const { tally } = await measureDynamoDbRequests(async () => {
      do {
        const page = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition }, Limit: 2, ExclusiveStartKey: start, ConsistentRead: true }));
        seen.push(...(page.Items ?? []).map((item) => item.i as number));
        start = page.LastEvaluatedKey;
        pages += 1;
      } while (start);
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    // 5 items, 2 per page: pages of 2, 2, 1 (DynamoDB Local then knows the partition ended).
    expect(pages).toBe(3);
    expect(tally.byCommand).toEqual({ QueryCommand: 3 });
    const { Responses } = await documentClient().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [{ pk: partition, sk: 'S#4' }, { pk: partition, sk: 'S#9' }], ConsistentRead: true } } }));
    expect(Responses![tableName()]).toEqual([{ pk: partition, sk: 'S#4', i: 4 }]);
  });

  it('refuses an invalid request with ValidationException at once (a client error is never retried)', async () => {
    const error = await documentClient()
      .send(new GetCommand({ TableName: tableName(), Key: { pk: pk() } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });
  });
});
