import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { BatchWriteCommand, GetCommand, PutCommand, type BatchWriteCommandOutput } from '../db/commands.js';
import { randomUUID } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { leaderboardPointerKey, leaderboardRowKey, leaderboardUserRowKey } from '../db/keys.js';
import { LEADERBOARD_TYPES, buildBoards, type LeaderboardType } from './leaderboardBoards.js';
import { loadLeaderboardListings } from './leaderboardListings.js';
import { readLeaderboardSource } from './leaderboardSource.js';

/**
 * How long a generation (and the pointer naming it) lives after its refresh. With the hourly schedule
 * about 25 generations exist at once; each refresh renews the board. A board whose refresh has failed
 * for this long reads as empty (as before the first refresh): the job's dead-letter alarm fired long
 * before.
 */
export const LEADERBOARD_RETENTION_SECONDS = 25 * 3600;

/** The pointer item: which generation readers use and what it holds. */
export interface LeaderboardPointer {
  generation: string;
  lastRefreshed: string;
  totals: Record<LeaderboardType, number>;
  expiresAt: number;
  /**
   * The generations this pointer replaced that have not expired yet (`{generation, expiresAt}`), so
   * erasure (shared/privacy/leaderboardErasure.ts) can find every stored row of a learner without a Scan.
   */
  recentGenerations?: { generation: string; expiresAt: number }[];
}

/** The still-live generations a new pointer keeps listing: the previous one's list plus the previous generation. */
export function recentGenerationsAfter(previous: LeaderboardPointer | undefined, now: Date): { generation: string; expiresAt: number }[] {
  if (!previous) return [];
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return [...(previous.recentGenerations ?? []), { generation: previous.generation, expiresAt: previous.expiresAt }].filter((g) => g.expiresAt > nowSeconds);
}

export interface RefreshResult {
  tenantId: string;
  period: string;
  generation: string;
  /** `switched`: readers now use this generation; `superseded`: a concurrent refresh switched first, this one is left to expire. */
  outcome: 'switched' | 'superseded';
  learners: number;
  totals: Record<LeaderboardType, number>;
  lastRefreshed: string;
}

/**
 * Refreshes one (tenant, period) leaderboard view. Timeline:
 *   1. read the pointer (strongly consistent): the generation this refresh will replace, if any;
 *   2. read the period's sharded source and the active learners' profiles;
 *   3. rank all four boards and write them into a NEW generation partition (BatchWrite, 25 per call);
 *   4. switch the pointer with a Put conditional on it still naming the generation read in 1.
 * Readers follow the pointer, so they see the old generation until 4 and the whole new one after it.
 * Two concurrent refreshes both write their own generation; only the first switch succeeds, the
 * other's condition fails (`superseded`) and its rows expire by TTL. Rerunning on unchanged data
 * produces the same rows (ranking and anonymous numbers are deterministic), so the job is idempotent.
 * Cost: 1 GetItem + 8 Queries (+1 per extra MB) + ⌈learners/100⌉ BatchGets + ⌈rows/25⌉ BatchWrites
 * + 1 PutItem, where rows ≤ 8 × the period's learners with points.
 */
export async function refreshLeaderboard(tenantId: string, period: string, now: Date): Promise<RefreshResult> {
  const pointerKey = leaderboardPointerKey(tenantId, period);
  const previous = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: pointerKey, ConsistentRead: true }))).Item as
    | (LeaderboardPointer & Record<string, unknown>)
    | undefined;

  const source = await readLeaderboardSource(tenantId, period);
  const active = source.filter((row) => row.points > 0 || row.learnerPoints > 0 || row.trainerPoints > 0);
  const listings = await loadLeaderboardListings(tenantId, active.map((row) => row.userId));
  const boards = buildBoards(tenantId, period, active, listings);

  const generation = `${now.toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
  const lastRefreshed = now.toISOString();
  const expiresAt = Math.floor(now.getTime() / 1000) + LEADERBOARD_RETENTION_SECONDS;
  const items: Record<string, unknown>[] = [];
  for (const board of boards) {
    for (const row of board.rows) {
      items.push({ ...leaderboardRowKey(tenantId, period, generation, board.type, row.position), entity: 'leaderboardRow', ...row, expiresAt });
    }
    for (const row of board.userRows) {
      items.push({ ...leaderboardUserRowKey(tenantId, period, generation, board.type, row.userId), entity: 'leaderboardUserRow', rank: row.rank, percentile: row.percentile, points: row.points, expiresAt });
    }
  }
  await batchPut(items);

  const totals = Object.fromEntries(LEADERBOARD_TYPES.map((type) => [type, boards.find((board) => board.type === type)?.rows.length ?? 0])) as Record<LeaderboardType, number>;
  const result = { tenantId, period, generation, learners: active.length, totals, lastRefreshed };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...pointerKey, entity: 'leaderboardPointer', tenantId, period, generation, lastRefreshed, totals, learners: active.length, expiresAt, recentGenerations: recentGenerationsAfter(previous, now) },
        ConditionExpression: previous ? 'generation = :previous' : 'attribute_not_exists(pk)',
        ...(previous ? { ExpressionAttributeValues: { ':previous': previous.generation } } : {}),
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return { ...result, outcome: 'superseded' };
    throw err;
  }
  return { ...result, outcome: 'switched' };
}

/** BatchWriteItem calls a refresh keeps in flight at once (bounded so one tenant cannot hog the table). */
const WRITE_CONCURRENCY = 4;

/** Puts `items` 25 per BatchWriteItem, a few calls in parallel, retrying unprocessed ones with backoff (five rounds, then fails). */
async function batchPut(items: readonly Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await putChunk(chunks[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, chunks.length) }, worker));
}

async function putChunk(chunk: Record<string, unknown>[]): Promise<void> {
  let pending: { PutRequest: { Item: Record<string, unknown> } }[] | undefined = chunk.map((Item) => ({ PutRequest: { Item } }));
  for (let round = 0; pending && pending.length > 0; round++) {
    if (round === 5) throw new Error('BatchWriteItem left items unprocessed after retries');
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
    const output: BatchWriteCommandOutput = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
    pending = output.UnprocessedItems?.[tableName()] as typeof pending;
  }
}
