import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { TransactWriteCommand, UpdateCommand } from '../db/commands.js';
import { createHash } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { memoryCountKey, memoryKey, memoryPartition } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { ConflictError } from '../http/errors.js';
import type { EmbeddingPort } from './modelPort.js';
import { cosine, packVector, unpackInt8, type PackedVector } from './vectorCodec.js';

/**
 * Per-user memory (seed 004 "Memory Storage"): typed facts about the learner, each with an importance
 * and an embedding for semantic retrieval. Stored in the user's own partition
 * (`T#<tenant>#U#<user>#MEMORY`), so retrieval reads only the caller's memories by construction.
 *
 * - Identity: one memory per (type, key, context); storing it again updates it (value, importance,
 *   embedding) and keeps its creation time.
 * - Cap: MEMORY_LIMITS.perUser memories per user, enforced by a `COUNT` item whose ADD is conditioned
 *   on the count being under the cap, in the same transaction as the new memory's conditional Put.
 * - Embeddings: int8-quantised base64 (vectorCodec.ts), with the embedding model id; retrieval compares
 *   only vectors of the model that embeds the query.
 * - Retrieval: one Query of the partition (≤ 500 items of ~1 KB: 1 request per MB), filters by type,
 *   context, minimum importance and creation time range, then brute-force cosine and top k.
 */
export const MEMORY_TYPES = ['preference', 'achievement', 'fact', 'goal', 'struggle', 'success'] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

export const MEMORY_LIMITS = { perUser: 500, maxK: 50 } as const;

export interface Owner {
  tenantId: string;
  userId: string;
}

export interface MemoryInput {
  memory_type: MemoryType;
  key: string;
  value: unknown;
  context?: string;
  importance_score?: number;
}

export interface StoredMemory {
  id: string;
  userId: string;
  memoryType: MemoryType;
  key: string;
  value: unknown;
  context: string;
  importanceScore: number;
  embeddingModel: string;
  createdAt: string;
  updatedAt: string;
  lastAccessed: string;
}

export interface RetrievedMemory extends StoredMemory {
  /** Cosine similarity of the memory to the query, 4 decimals. */
  score: number;
}

export interface MemorySearch {
  query: string;
  limit: number;
  types?: readonly MemoryType[];
  context?: string;
  minImportance?: number;
  from?: string;
  to?: string;
}

/** The memory's id: stable per (type, key, context), so the same memory is updated, not duplicated. */
export function memoryIdOf(type: MemoryType, key: string, context: string): string {
  return createHash('sha256').update(`${type}\u0000${key}\u0000${context}`).digest('base64url').slice(0, 22);
}

/** The text a memory is embedded from: its type, key and value. */
export function memoryText(type: MemoryType, key: string, value: unknown): string {
  return `${type}: ${key.replace(/[_-]+/g, ' ')}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

function memoryOf(item: Record<string, unknown>): StoredMemory {
  return {
    id: item.memoryId as string,
    userId: item.userId as string,
    memoryType: item.memoryType as MemoryType,
    key: item.key as string,
    value: item.value,
    context: item.context as string,
    importanceScore: item.importanceScore as number,
    embeddingModel: item.embeddingModel as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    lastAccessed: item.lastAccessed as string,
  };
}

/** Stores (or updates) one memory of the owner; 409 `memory_limit_reached` at the cap. */
export async function storeMemory(owner: Owner, input: MemoryInput, embedding: EmbeddingPort, now: Date): Promise<{ memory: StoredMemory; created: boolean }> {
  const context = input.context ?? 'global';
  const id = memoryIdOf(input.memory_type, input.key, context);
  const at = now.toISOString();
  const embedded = await embedding.embed(memoryText(input.memory_type, input.key, input.value));
  const vector: PackedVector = packVector(embedded.vector);
  const fields = {
    memoryId: id,
    userId: owner.userId,
    memoryType: input.memory_type,
    key: input.key,
    value: input.value,
    context,
    importanceScore: input.importance_score ?? 1,
    embedding: vector,
    embeddingModel: embedded.modelId,
    updatedAt: at,
    lastAccessed: at,
  };
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: memoryCountKey(owner.tenantId, owner.userId),
              UpdateExpression: 'ADD memoryCount :one',
              ConditionExpression: 'attribute_not_exists(memoryCount) OR memoryCount < :cap',
              ExpressionAttributeValues: { ':one': 1, ':cap': MEMORY_LIMITS.perUser },
            },
          },
          { Put: { TableName: tableName(), Item: { ...memoryKey(owner.tenantId, owner.userId, id), entity: 'memory', ...fields, createdAt: at }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return { memory: memoryOf({ ...fields, createdAt: at }), created: true };
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const [count, put] = err.CancellationReasons ?? [];
    if (put?.Code === 'ConditionalCheckFailed') {
      // It exists: update it in place (no count change), keeping createdAt.
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = Object.entries(fields).map(([name, value], i) => {
        names[`#f${i}`] = name;
        values[`:v${i}`] = value;
        return `#f${i} = :v${i}`;
      });
      const updated = await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: memoryKey(owner.tenantId, owner.userId, id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { memory: memoryOf(updated.Attributes ?? {}), created: false };
    }
    if (count?.Code === 'ConditionalCheckFailed') {
      throw new ConflictError(`Memory is full: at most ${MEMORY_LIMITS.perUser} memories per user; update or remove one`, [
        { field: 'body.key', message: `Memory limit of ${MEMORY_LIMITS.perUser} reached`, code: 'memory_limit_reached' },
      ]);
    }
    throw err;
  }
}

/** Every memory of the owner that passes the filters, with its packed vector. */
async function candidates(owner: Owner, search: Omit<MemorySearch, 'query' | 'limit'>) {
  const items = await queryCollection(memoryPartition(owner.tenantId, owner.userId), { skPrefix: 'M#' });
  return items.filter((item) => {
    if (search.types && search.types.length > 0 && !search.types.includes(item.memoryType as MemoryType)) return false;
    if (search.context !== undefined && item.context !== search.context) return false;
    if (search.minImportance !== undefined && (item.importanceScore as number) < search.minImportance) return false;
    if (search.from !== undefined && (item.createdAt as string) < search.from) return false;
    if (search.to !== undefined && (item.createdAt as string) > search.to) return false;
    return true;
  });
}

/**
 * Top-k memories of the owner by cosine similarity to the query (ties: higher importance, then newer).
 * Memories embedded by another model than the query's are skipped (their vectors are not comparable).
 */
export async function retrieveMemories(owner: Owner, search: MemorySearch, embedding: EmbeddingPort): Promise<RetrievedMemory[]> {
  const [items, query] = await Promise.all([candidates(owner, search), embedding.embed(search.query)]);
  const q = packVector(query.vector);
  const queryInts = unpackInt8(q);
  return items
    .filter((item) => item.embeddingModel === query.modelId && (item.embedding as PackedVector | undefined)?.dims === queryInts.length)
    .map((item) => ({ ...memoryOf(item), score: Math.round(cosine(queryInts, unpackInt8(item.embedding as PackedVector)) * 1e4) / 1e4 }))
    .sort((a, b) => b.score - a.score || b.importanceScore - a.importanceScore || b.createdAt.localeCompare(a.createdAt))
    .slice(0, Math.min(search.limit, MEMORY_LIMITS.maxK));
}
