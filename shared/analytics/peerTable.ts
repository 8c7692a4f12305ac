import { createHash } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';
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

const ENTRIES_PER_UPDATE = 50;

/** Reads the whole peer table of a tenant: 1 Query (+1 per MB). */
export async function readPeerTable(tenantId: string): Promise<Map<string, PeerEntry>> {
  const items = await queryCollection(peerTableKey(tenantId, 0).pk);
  const table = new Map<string, PeerEntry>();
  for (const item of items) for (const [userId, entry] of Object.entries((item.entries as Record<string, PeerEntry>) ?? {})) table.set(userId, entry);
  return table;
}

export async function updatePeerTable(tenantId: string, summaries: readonly { userId: string; skills: Record<string, SkillMastery>; courses: string[] }[]): Promise<void> {
  const byShard = new Map<number, typeof summaries[number][]>();
  for (const s of summaries) byShard.set(peerShardOf(s.userId), [...(byShard.get(peerShardOf(s.userId)) ?? []), s]);
  for (const [shard, list] of byShard) {
    const Key = peerTableKey(tenantId, shard);
    await documentClient().send(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression: 'SET entries = if_not_exists(entries, :empty), entity = :entity, tenantId = :t', ExpressionAttributeValues: { ':empty': {}, ':entity': 'peerTable', ':t': tenantId } }));
    for (let i = 0; i < list.length; i += ENTRIES_PER_UPDATE) {
      const part = list.slice(i, i + ENTRIES_PER_UPDATE);
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key,
          UpdateExpression: `SET ${part.map((_, j) => `entries.#u${j} = :e${j}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(part.map((s, j) => [`#u${j}`, s.userId])),
          ExpressionAttributeValues: Object.fromEntries(part.map((s, j) => [`:e${j}`, peerEntryOf(s.skills, s.courses)])),
        }),
      );
    }
  }
  const table = await readPeerTable(tenantId);
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...platformPeerKey(tenantId), entity: 'platformPeers', tenantId, bins: platformBinsOf(table.values()) } }));
}
