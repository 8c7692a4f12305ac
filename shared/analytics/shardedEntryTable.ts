import { UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';

/**
 * A per-tenant table of one compact entry per learner, spread over shard items that hold a map
 * `entries` keyed by user id (the peer table and the org learner table, issue 16). A read is one Query of
 * the partition (+1 per MB); a write sets entries attribute by attribute, so concurrent runs that touch
 * other learners of a shard never lose each other's entries, and a re-run sets the same values.
 */

/** Entries set per UpdateItem (the expression stays far under DynamoDB's 4 KB expression limit). */
const ENTRIES_PER_UPDATE = 50;

/** Every entry of the table whose shard items live in partition `pk`: 1 Query (+1 per MB). */
export async function readShardedEntries<T>(pk: string): Promise<Map<string, T>> {
  const items = await queryCollection(pk);
  const table = new Map<string, T>();
  for (const item of items) for (const [userId, entry] of Object.entries((item.entries as Record<string, T>) ?? {})) table.set(userId, entry);
  return table;
}

/**
 * Sets entries: per touched shard one UpdateItem creating the map if absent, then one UpdateItem per 50
 * entries. `keyOf(shard)` is the shard item's key; `entity` names the item.
 */
export async function putShardedEntries<T>(
  tenantId: string,
  entity: string,
  entries: Iterable<readonly [string, T]>,
  shardOf: (userId: string) => number,
  keyOf: (shard: number) => { pk: string; sk: string },
): Promise<void> {
  const byShard = new Map<number, (readonly [string, T])[]>();
  for (const entry of entries) {
    const shard = shardOf(entry[0]);
    byShard.set(shard, [...(byShard.get(shard) ?? []), entry]);
  }
  for (const [shard, list] of byShard) {
    const Key = keyOf(shard);
    await documentClient().send(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression: 'SET entries = if_not_exists(entries, :empty), entity = :entity, tenantId = :t', ExpressionAttributeValues: { ':empty': {}, ':entity': entity, ':t': tenantId } }));
    for (let i = 0; i < list.length; i += ENTRIES_PER_UPDATE) {
      const part = list.slice(i, i + ENTRIES_PER_UPDATE);
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key,
          UpdateExpression: `SET ${part.map((_, j) => `entries.#u${j} = :e${j}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(part.map(([userId], j) => [`#u${j}`, userId])),
          ExpressionAttributeValues: Object.fromEntries(part.map(([, entry], j) => [`:e${j}`, entry])),
        }),
      );
    }
  }
}
