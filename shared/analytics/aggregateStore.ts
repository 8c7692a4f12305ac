import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { PutCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import {
  contentDayAggregateKey,
  learnerAggregatePartition,
  learnerDayAggregateKey,
  activeSetKey,
  tenantAggregatePartition,
  tenantDayAggregateKey,
} from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { ContentDay, LearnerDay, TenantDay } from '../domain/dailyAggregates.js';
import type { ActiveSet } from '../domain/tenantOverview.js';

/**
 * Storage of the nightly aggregates (docs/data-model.md "Analytics"). Every item is a pure function
 * of the ledger records of its date (no timestamps), so re-running a date writes identical items.
 *
 * Each Put is conditioned on the stored item having folded no more ledger records than this one
 * (its `events`): the ledger only grows, so of two runs racing on one date the one that saw more records
 * wins, whatever order their writes land in:
 *   run A reads 10 records ─────────────── writes (folded 10) ✗ condition: stored 11 > 10
 *   run B reads 11 records ── writes (folded 11) ✓
 */

/** What the fold stamps on a tenant-day to detect late arrivals (shared/analytics/dailyAggregation.ts). */
export interface FoldStamp {
  /** Server time of the newest record folded (`occurredAt`), or null for an empty date. */
  newestAt: string | null;
  /** Records folded whose `occurredAt` is within LATE_PROBE_MARGIN of `newestAt`. */
  tail: number;
}

export type StoredTenantDay = TenantDay & FoldStamp;

async function putIfNotOlder(item: Record<string, unknown> & { events: number }): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR events <= :events',
        ExpressionAttributeValues: { ':events': item.events },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Writes the tenant-day (with its fold stamp). False when a run that folded more records already wrote it. */
export function putTenantDay(tenantId: string, day: TenantDay, stamp: FoldStamp): Promise<boolean> {
  return putIfNotOlder({ ...tenantDayAggregateKey(tenantId, day.date), entity: 'tenantDayAggregate', tenantId, ...day, newestAt: stamp.newestAt, tail: stamp.tail });
}

export function putContentDay(tenantId: string, day: ContentDay): Promise<boolean> {
  return putIfNotOlder({ ...contentDayAggregateKey(tenantId, day.contentType, day.contentId, day.date), entity: 'contentDayAggregate', tenantId, ...day });
}

export function putLearnerDay(tenantId: string, day: LearnerDay): Promise<boolean> {
  return putIfNotOlder({ ...learnerDayAggregateKey(tenantId, day.userId, day.date), entity: 'learnerDayAggregate', tenantId, ...day });
}

/**
 * One chunk of a shard's active set of a date. `events` is the whole shard's record count that day
 * (it only grows, like the ledger), so the condition orders runs even when a new learner moves the
 * chunk boundaries.
 */
export function putActiveSet(tenantId: string, shard: number, chunk: number, set: ActiveSet, events: number): Promise<boolean> {
  return putIfNotOlder({ ...activeSetKey(tenantId, set.date, shard, chunk), entity: 'activeSet', tenantId, shard, chunk, ...set, events });
}

/** The active sets of the dates from `from` to `to`: one Query (per MB; ~80 bytes per learner-day). */
export async function readActiveSets(tenantId: string, from: string, to: string): Promise<ActiveSet[]> {
  const items = await queryCollection(activeSetKey(tenantId, '', 0).pk, { skBetween: [`D#${from}#`, `D#${to}#~`] });
  return items.map((item) => ({ date: item.date as string, learners: item.learners as string[], coursePairs: item.coursePairs as string[], completedPairs: item.completedPairs as string[] }));
}

const AGGREGATE_KEYS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'tenantId']);

function strip<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !AGGREGATE_KEYS.has(k))) as T;
}

/** The tenant-days from `from` to `to` (inclusive), oldest first: one Query (per MB). */
export async function readTenantDays(tenantId: string, from: string, to: string): Promise<StoredTenantDay[]> {
  const items = await queryCollection(tenantAggregatePartition(tenantId), { skBetween: [`D#${from}`, `D#${to}`] });
  return items.map((item) => strip<StoredTenantDay>(item));
}

/** A learner's learner-days from `from` to `to` (inclusive), oldest first: one Query (per MB). */
export async function readLearnerDays(tenantId: string, userId: string, from: string, to: string): Promise<LearnerDay[]> {
  const items = await queryCollection(learnerAggregatePartition(tenantId, userId), { skBetween: [`D#${from}`, `D#${to}`] });
  return items.map((item) => strip<LearnerDay>(item));
}

/** One content's content-days from `from` to `to`, oldest first. */
export async function readContentDays(tenantId: string, contentType: string, contentId: string, from: string, to: string): Promise<ContentDay[]> {
  const items = await queryCollection(contentDayAggregateKey(tenantId, contentType, contentId, '').pk, { skBetween: [`D#${from}`, `D#${to}`] });
  return items.map((item) => strip<ContentDay>(item));
}
