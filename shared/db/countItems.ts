import { QueryCommand, type QueryCommandOutput } from './commands.js';
import { documentClient, tableName } from './client.js';

export interface CountQuery {
  /** Count an index partition (`gsi1`, `gsi2`) instead of the table. */
  indexName?: 'gsi1' | 'gsi2';
  /** Only items whose sort key is ≥ this. */
  skFrom?: string;
  /** With `skFrom`: only items whose sort key is ≤ this too (BETWEEN). */
  skTo?: string;
  /** Stop after this many items (one request): "is there any?". */
  limit?: number;
}

/**
 * The number of items in one item collection (or index partition): a `Select: COUNT` Query, one
 * request per 1 MB of items evaluated, no item attributes returned to the Lambda. The member count
 * (rarity, dashboard) and the nightly pipeline's late-arrival probes use it.
 */
export async function countItems(partition: string, options: CountQuery = {}): Promise<number> {
  const pkName = options.indexName ? `${options.indexName}pk` : 'pk';
  const skName = options.indexName ? `${options.indexName}sk` : 'sk';
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        ...(options.indexName ? { IndexName: options.indexName } : {}),
        KeyConditionExpression: options.skFrom ? (options.skTo ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk AND #sk >= :from') : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName, ...(options.skFrom ? { '#sk': skName } : {}) },
        ExpressionAttributeValues: { ':pk': partition, ...(options.skFrom ? { ':from': options.skFrom } : {}), ...(options.skFrom && options.skTo ? { ':to': options.skTo } : {}) },
        Select: 'COUNT',
        ...(options.limit ? { Limit: options.limit } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = options.limit ? undefined : page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
