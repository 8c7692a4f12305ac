import { LEADERBOARD_SOURCE_SHARDS, leaderboardSourceIndexKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { SourceRow } from './leaderboardBoards.js';

/**
 * Reads one (tenant, period) leaderboard source: the learners' period-points items, spread by user
 * over LEADERBOARD_SOURCE_SHARDS gsi2 partitions (written by the progress and awarding code). One
 * Query per shard per MB, all shards in parallel, so the cost follows the number of learners who
 * earned points in the period, never the tenant's whole history. gsi2 is eventually consistent: a
 * point earned a moment before the refresh may only show in the next one.
 */
export async function readLeaderboardSource(tenantId: string, period: string): Promise<SourceRow[]> {
  const shards = Array.from({ length: LEADERBOARD_SOURCE_SHARDS }, (_, shard) => shard);
  const pages = await Promise.all(
    shards.map((shard) => queryCollection(leaderboardSourceIndexKey(tenantId, period, shard, '').gsi2pk, { indexName: 'gsi2' })),
  );
  return pages.flat().map((item) => ({
    userId: String(item.userId),
    points: numberOf(item.points),
    learnerPoints: numberOf(item.learnerPoints),
    trainerPoints: numberOf(item.trainerPoints),
  }));
}

const numberOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
