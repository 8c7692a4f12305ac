import { BatchGetCommand, type BatchGetCommandOutput } from './commands.js';
import { documentClient, tableName } from './client.js';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** `pk|sk`: how batchGetItems indexes what it found. */
export const itemId = (key: ItemKey): string => `${key.pk}|${key.sk}`;

/**
 * Reads unrelated items in as few requests as possible: one BatchGetItem per 100 distinct keys, with
 * unprocessed keys retried (up to five rounds). Used where one API call needs several entities that
 * live in different collections (a profile, a category, a graph), so they cost one request, not three.
 * Missing items are absent from the returned map.
 */
export async function batchGetItems(keys: readonly ItemKey[], consistent = false): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const distinct = [...new Map(keys.map((key) => [itemId(key), { pk: key.pk, sk: key.sk }])).values()];
  for (let i = 0; i < distinct.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = distinct.slice(i, i + 100);
    for (let round = 0; pending && pending.length > 0 && round < 5; round++) {
      const result: BatchGetCommandOutput = await documentClient().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: consistent } } }));
      for (const item of result.Responses?.[tableName()] ?? []) found.set(itemId(item as unknown as ItemKey), item);
      pending = result.UnprocessedKeys?.[tableName()]?.Keys;
      if (pending && pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
    }
    if (pending && pending.length > 0) throw new Error('BatchGetItem left keys unprocessed after retries');
  }
  return found;
}
