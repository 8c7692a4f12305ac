import { GetCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { leaderboardGenerationPartition, leaderboardPointerKey } from '../db/keys.js';
import { refreshLeaderboard, type LeaderboardPointer } from '../leaderboards/leaderboardRefresh.js';
import { deleteItems, queryPartitions } from './userDataItems.js';
import type { DataSubject, ErasureCount } from './userDataRegistry.js';

/**
 * The generations of one (tenant, period) leaderboard that may still hold rows: the pointer's current
 * generation and the replaced ones it lists until they expire (leaderboardRefresh.ts recentGenerations).
 */
export async function recentGenerations(tenantId: string, period: string): Promise<string[]> {
  const pointer = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: leaderboardPointerKey(tenantId, period), ConsistentRead: true }))).Item as LeaderboardPointer | undefined;
  if (!pointer) return [];
  return [...new Set([pointer.generation, ...(pointer.recentGenerations ?? []).map((g) => g.generation)])];
}

/**
 * Removes a learner from the leaderboards of every period they had points in. Runs after their points
 * items (the leaderboards' source, in the gamification entity) are deleted, so:
 *   1. the period is refreshed now: readers switch to a generation ranked without them (the other
 *      learners move up; the next scheduled refresh produces the same ranking);
 *   2. their rows (per-user rows and page rows naming them) are deleted from every older generation
 *      that has not expired, which no reader follows any more.
 * A re-run refreshes again (same ranking) and finds no rows left.
 */
export async function purgeLeaderboardGenerations(subject: DataSubject, now = new Date()): Promise<ErasureCount> {
  let deleted = 0;
  for (const period of subject.discovered.periods) {
    await refreshLeaderboard(subject.tenantId, period, now);
    for (const generation of await recentGenerations(subject.tenantId, period)) {
      const rows = await queryPartitions([leaderboardGenerationPartition(subject.tenantId, period, generation)]);
      deleted += await deleteItems(rows.filter((row) => String(row.sk).endsWith(`#U#${subject.userId}`) || row.userId === subject.userId));
    }
  }
  return { deleted, anonymised: 0, files: 0 };
}
