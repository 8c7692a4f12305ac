import { BatchWriteCommand, PutCommand, type BatchWriteCommandOutput } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';

/**
 * The item-level tools the user-data registry (userDataRegistry.ts) is built from: reading a user's
 * item collections, deleting items in batches, and removing one user's entries from a shared item
 * (a rollup snapshot, an active set, a sharded entry table, a leaderboard page) without touching the
 * other learners' entries.
 */

export type Item = Record<string, unknown>;

/** Key and index attributes: never part of an export, and what a delete needs. */
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

/** An item as the export shows it: its attributes without the table's key and index attributes. */
export function withoutKeys(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)));
}

/** Every item of each partition (one Query per partition and MB). */
export async function queryPartitions(partitions: readonly string[], options: { skPrefix?: string } = {}): Promise<Item[]> {
  const out: Item[] = [];
  for (const pk of partitions) out.push(...(await queryCollection(pk, { ...options, consistent: true })));
  return out;
}

/** Every item of one gsi1/gsi2 partition. */
export async function queryIndexPartition(indexName: 'gsi1' | 'gsi2', partition: string): Promise<Item[]> {
  return queryCollection(partition, { indexName });
}

/**
 * Deletes items by key, 25 per BatchWriteItem, retrying unprocessed ones (up to five rounds). A delete of
 * an item already gone is a no-op, so a re-run (a retried or resumed erasure) deletes only what is left.
 */
export async function deleteItems(items: readonly Item[]): Promise<number> {
  const keys = [...new Map(items.map((item) => [`${String(item.pk)}|${String(item.sk)}`, { pk: item.pk, sk: item.sk }])).values()];
  for (let i = 0; i < keys.length; i += 25) {
    let pending: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let round = 0; pending && pending.length > 0 && round < 5; round++) {
      const result: BatchWriteCommandOutput = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = result.UnprocessedItems?.[tableName()];
      if (pending && pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
    }
    if (pending && pending.length > 0) throw new Error('BatchWriteItem left deletes unprocessed after retries');
  }
  return keys.length;
}

/** Whether a string value names the user: their id, or a `<userId>|…` pair (active sets' learner–course pairs). */
function namesUser(value: string, userId: string): boolean {
  return value === userId || value.startsWith(`${userId}|`);
}

/** Whether a value (an array element) is about the user: their id, or an object with one of them as a direct value. */
function isAboutUser(value: unknown, userId: string): boolean {
  if (typeof value === 'string') return namesUser(value, userId);
  if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Set)) return Object.values(value as Item).some((v) => typeof v === 'string' && v === userId);
  return false;
}

/**
 * Removes one user from a shared value, recursively: map entries keyed by their id, and array or set
 * elements that are their id, a `<userId>|…` pair or an object carrying their id (a rollup row `{u}`, a
 * leaderboard row `{userId}`). Returns the value and whether anything changed.
 */
export function scrubUser(value: unknown, userId: string): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const kept: unknown[] = [];
    for (const element of value) {
      if (isAboutUser(element, userId)) {
        changed = true;
        continue;
      }
      const inner = scrubUser(element, userId);
      changed ||= inner.changed;
      kept.push(inner.value);
    }
    return { value: kept, changed };
  }
  if (value instanceof Set) {
    const kept = new Set([...value].filter((element) => !(typeof element === 'string' && namesUser(element, userId))));
    return { value: kept, changed: kept.size !== value.size };
  }
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    let changed = false;
    const out: Item = {};
    for (const [name, inner] of Object.entries(value as Item)) {
      if (name === userId || namesUser(name, userId)) {
        changed = true;
        continue;
      }
      const scrubbed = scrubUser(inner, userId);
      changed ||= scrubbed.changed;
      // DynamoDB stores no empty sets: a set left empty is dropped with its attribute.
      if (scrubbed.value instanceof Set && scrubbed.value.size === 0) continue;
      out[name] = scrubbed.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

/** The parts of a shared value that are about the user (what the export shows of a shared item). */
export function userPartOf(value: unknown, userId: string): unknown[] {
  const found: unknown[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v) || v instanceof Set) {
      for (const element of v) {
        if (isAboutUser(element, userId)) found.push(element);
        else walk(element);
      }
    } else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      for (const [name, inner] of Object.entries(v as Item)) {
        if (name === userId || namesUser(name, userId)) found.push({ [name]: inner });
        else walk(inner);
      }
    }
  };
  walk(withoutKeys(value as Item));
  return found;
}

/** Whether any attribute (nested) of the item mentions the user id. */
export function mentionsUser(item: Item, userId: string): boolean {
  return JSON.stringify(item, (_k, v: unknown) => (v instanceof Set ? [...v] : v)).includes(userId);
}

/**
 * Rewrites shared items without the user (scrubUser); items left without learners stay (they hold
 * other figures). The put is unconditional: it runs after the user's sources (ledger, learner-days,
 * points) are deleted, so a nightly writer racing it rebuilds the item from sources without the user
 * too, and whichever put lands last, neither has them. Returns the number of items rewritten.
 */
export async function scrubItems(items: readonly Item[], userId: string): Promise<number> {
  let rewritten = 0;
  for (const item of items) {
    const { value, changed } = scrubUser(withoutKeys(item), userId);
    if (!changed) continue;
    const keys = Object.fromEntries(Object.entries(item).filter(([name]) => KEY_ATTRIBUTES.has(name)));
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...(value as Item), ...keys } }));
    rewritten++;
  }
  return rewritten;
}
