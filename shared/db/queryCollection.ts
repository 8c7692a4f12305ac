import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';

export interface CollectionQuery {
  /** Only items whose sort key begins with this (e.g. `PC#`), so other kinds in the collection are not read. */
  skPrefix?: string;
  /** Query an index partition (`gsi1`, `gsi2`) instead of the table. */
  indexName?: 'gsi1' | 'gsi2';
  consistent?: boolean;
}

/**
 * Every item of one item collection (or index partition), following pages past 1 MB. Each repository's
 * "list the collection" read is this one Query; the caller maps the items. One request per MB read.
 */
export async function queryCollection(partition: string, options: CollectionQuery = {}): Promise<Record<string, unknown>[]> {
  const pkName = options.indexName ? `${options.indexName}pk` : 'pk';
  const skName = options.indexName ? `${options.indexName}sk` : 'sk';
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        ...(options.indexName ? { IndexName: options.indexName } : {}),
        KeyConditionExpression: options.skPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName, ...(options.skPrefix ? { '#sk': skName } : {}) },
        ExpressionAttributeValues: { ':pk': partition, ...(options.skPrefix ? { ':prefix': options.skPrefix } : {}) },
        ...(options.consistent ? { ConsistentRead: true } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
