import { QueryCommand, type QueryCommandOutput } from './commands.js';
import { documentClient, tableName } from './client.js';

export interface CollectionQuery {
  /** Only items whose sort key begins with this (e.g. `PC#`), so other kinds in the collection are not read. */
  skPrefix?: string;
  /** Only items whose sort key lies in this inclusive range (instead of `skPrefix`). */
  skBetween?: readonly [string, string];
  /** Newest (highest sort key) first. */
  descending?: boolean;
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
  const sortCondition = options.skBetween ? ' AND #sk BETWEEN :lower AND :upper' : options.skPrefix ? ' AND begins_with(#sk, :prefix)' : '';
  const sortValues = options.skBetween ? { ':lower': options.skBetween[0], ':upper': options.skBetween[1] } : options.skPrefix ? { ':prefix': options.skPrefix } : {};
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        ...(options.indexName ? { IndexName: options.indexName } : {}),
        KeyConditionExpression: `#pk = :pk${sortCondition}`,
        ExpressionAttributeNames: { '#pk': pkName, ...(sortCondition ? { '#sk': skName } : {}) },
        ExpressionAttributeValues: { ':pk': partition, ...sortValues },
        ...(options.consistent ? { ConsistentRead: true } : {}),
        ...(options.descending ? { ScanIndexForward: false } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
