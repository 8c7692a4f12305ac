import { createHash } from 'node:crypto';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { learnerAggregatePartition } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { putShardedEntries, readShardedEntries } from './shardedEntryTable.js';
import { ORG_LEARNER_SHARDS, orgLearnerTableKey, skillMasteryKey } from '../db/skillKeys.js';
import type { LearnerDay } from '../domain/dailyAggregates.js';
import { addDays } from '../domain/localDate.js';
import { ENTRY_WINDOW_DAYS, orgLearnerEntryOf, type OrgLearnerEntry } from '../domain/orgFigures.js';

/**
 * The org learner table (issue 16, seed 003 §4): one compact entry per learner with activity (~100–400
 * bytes: topics per active date of 56 days, courses started and completed and certificates of 182 days,
 * skills), in 16 shard items (`T#<t>#AGG#ORGLEARNERS` / `S#nn`, map `entries` keyed by user id), so an
 * organization read takes the whole tenant in one Query. The nightly fold refreshes the learners active
 * on the folded date: per learner 1 Query of their learner-days from 181 days before that date onwards
 * (not bounded above, so refolding an older date still builds the entry from everything newer), their
 * mastery summaries in 1 BatchGet per 100, then per touched shard an UpdateItem creating the map and
 * UpdateItems setting the entries (a pure function of the items read: a re-run sets the same values).
 * Cost grows with the date's active learners, never with the tenant's size.
 */

export function orgLearnerShardOf(userId: string): number {
  return createHash('sha256').update(`org:${userId}`).digest()[0]! % ORG_LEARNER_SHARDS;
}

const CONCURRENCY = 8;

/** The tenant's org learner table: 1 Query (+1 per MB). */
export async function readOrgLearnerTable(tenantId: string): Promise<Map<string, OrgLearnerEntry>> {
  return readShardedEntries<OrgLearnerEntry>(orgLearnerTableKey(tenantId, 0).pk);
}

/** Sets entries in the table (the nightly step; tests use it to lay out fixtures). */
export async function putOrgLearnerEntries(tenantId: string, entries: ReadonlyMap<string, OrgLearnerEntry>): Promise<void> {
  await putShardedEntries(tenantId, 'orgLearnerTable', entries, orgLearnerShardOf, (shard) => orgLearnerTableKey(tenantId, shard));
}

/** The org learner step of one tenant-date: refreshes the entries of the learners active that date. */
export async function refreshOrgLearners(tenantId: string, date: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const from = `D#${addDays(date, -(ENTRY_WINDOW_DAYS - 1))}`;
  const days = new Map<string, LearnerDay[]>();
  for (let i = 0; i < userIds.length; i += CONCURRENCY) {
    await Promise.all(
      userIds.slice(i, i + CONCURRENCY).map(async (userId) => {
        const items = await queryCollection(learnerAggregatePartition(tenantId, userId), { skBetween: [from, 'D#9999'], consistent: true });
        days.set(userId, items as unknown as LearnerDay[]);
      }),
    );
  }
  const summaries = await batchGetItems(userIds.map((u) => skillMasteryKey(tenantId, u)), true);
  const entries = new Map<string, OrgLearnerEntry>();
  for (const userId of userIds) {
    const skills = (summaries.get(itemId(skillMasteryKey(tenantId, userId)))?.skills as Record<string, { band: string | null }> | undefined) ?? {};
    const entry = orgLearnerEntryOf(days.get(userId) ?? [], skills);
    if (entry) entries.set(userId, entry);
  }
  await putOrgLearnerEntries(tenantId, entries);
}
