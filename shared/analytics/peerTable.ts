import { createHash } from 'node:crypto';
import { PutCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { putShardedEntries, readShardedEntries } from './shardedEntryTable.js';
import { PEER_TABLE_SHARDS, peerTableKey, platformPeerKey } from '../db/skillKeys.js';
import { peerEntryOf, platformBinsOf, type PeerEntry } from '../domain/peerComparison.js';
import type { SkillMastery } from '../domain/skillMastery.js';

/**
 * The peer table (issue 16, seed 003 §5): one compact entry per learner with a mastery summary, in 16
 * shard items (`T#<t>#AGG#PEERS` / `S#nn`, map `entries` keyed by user id; ~200 bytes per learner, so
 * 5,000 learners are one 1 MB Query and a shard stays far under 400 KB up to ~30,000 learners).
 * Updated by the nightly mastery step for the learners whose summary it just recomputed: per touched
 * shard an UpdateItem creating the map if absent, then UpdateItems setting those learners' entries
 * (a pure function of their summary: a re-run sets the same values; attribute-level SETs never lose a
 * concurrent run's other learners). Then the tenant's platform bins are recomputed from the table
 * (1 Query) and stored at `SYS#PEERS` / `T#<t>` for overall_platform comparisons.
 */

export function peerShardOf(userId: string): number {
  return createHash('sha256').update(userId).digest()[0]! % PEER_TABLE_SHARDS;
}


/** Reads the whole peer table of a tenant: 1 Query (+1 per MB). */
export async function readPeerTable(tenantId: string): Promise<Map<string, PeerEntry>> {
  return readShardedEntries<PeerEntry>(peerTableKey(tenantId, 0).pk);
}

export async function updatePeerTable(tenantId: string, summaries: readonly { userId: string; skills: Record<string, SkillMastery>; courses: string[] }[]): Promise<void> {
  await putShardedEntries(tenantId, 'peerTable', summaries.map((s) => [s.userId, peerEntryOf(s.skills, s.courses)] as const), peerShardOf, (shard) => peerTableKey(tenantId, shard));
  const table = await readPeerTable(tenantId);
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...platformPeerKey(tenantId), entity: 'platformPeers', tenantId, bins: platformBinsOf(table.values()) } }));
}
