import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '../db/commands.js';
import { batchGetItems } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { aggregationStateKey, learnerDayAggregateKey, learnerRollupKey, learnerRollupPartition, tenantAggregatePartition } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { LearnerDay } from '../domain/dailyAggregates.js';
import { canonicalRollup, chunkSnapshot, dayVectorsBetween, dayVectorsOf, rollSnapshot, type LearnerRollup, type RollupSnapshot } from '../domain/learnerRollup.js';
import { addDays } from '../domain/localDate.js';
import { readActiveSets } from './aggregateStore.js';

/**
 * Storage and upkeep of the per-learner rollups (shared/domain/learnerRollup.ts; docs/analytics.md
 * "Learner rollups"). The nightly run calls refreshLearnerRollups after its folds, before it moves the
 * aggregated-through date, so a report never reads a date whose snapshot is not written.
 *
 * Which dates: from the earliest date folded in this run (the target, catch-up dates, re-folds of
 * late arrivals, a reprocessed date) to the latest snapshot kept (`rollupThrough`) or the run's date,
 * whichever is later. A re-folded date is rolled from its fresh learner-days; every later date is
 * rolled from what it added before (its stored snapshot minus the one before it), so carrying a
 * late arrival through 30 snapshots reads those 30 snapshots, never their learner-days. Only items
 * whose content changed are written (a learner stays in one hash bucket on every date, so a late
 * arrival of one learner rewrites one item per later date). The first run for a tenant (no
 * `rollupThrough` yet) builds every date from its first tenant-day, reading each date's learner-days.
 *
 * Idempotent: every item is a function of the learner-days; an unchanged item is not rewritten.
 * Concurrent runs: each Put is conditioned on the stored item having summed no more ledger records
 * (`events`) than this one, like the daily aggregates (aggregateStore.ts), so of two racing runs the
 * one that saw more records wins on every item, and `rollupThrough` only moves forward.
 */

export interface StoredSnapshot {
  snapshot: Map<string, LearnerRollup>;
  /** Sort key → the stored item's learners as canonical JSON. */
  items: Map<string, string>;
}

/**
 * One date's snapshot: one Query (+1 per MB) of `D#<date>#`. A date never written is empty. `compare`:
 * also keep each item's canonical JSON (the refresh compares it with the recomputed item).
 */
export async function readRollupSnapshot(tenantId: string, date: string, compare = true): Promise<StoredSnapshot> {
  const found = await queryCollection(learnerRollupPartition(tenantId), { skPrefix: `D#${date}#` });
  const snapshot = new Map<string, LearnerRollup>();
  const items = new Map<string, string>();
  for (const item of found) {
    const learners = ((item.learners ?? []) as LearnerRollup[]).map(canonicalRollup);
    items.set(String(item.sk), compare ? JSON.stringify(learners) : '');
    for (const r of learners) snapshot.set(r.u, r);
  }
  return { snapshot, items };
}

/** The learner-days of one folded date (its active sets name who; 100 per BatchGetItem). */
async function readDateLearnerDays(tenantId: string, date: string): Promise<LearnerDay[]> {
  const sets = await readActiveSets(tenantId, date, date);
  const keys = sets.flatMap((s) => s.learners.map((id) => learnerDayAggregateKey(tenantId, id, date)));
  return [...(await batchGetItems(keys)).values()] as unknown as LearnerDay[];
}

export interface SnapshotWrite {
  written: number;
  unchanged: number;
  deleted: number;
  superseded: number;
}

/** Writes a date's snapshot: the items whose content differs from `stored`, and deletes stored items no longer produced. */
async function writeSnapshot(tenantId: string, date: string, snapshot: RollupSnapshot, stored: StoredSnapshot | null): Promise<SnapshotWrite> {
  const out: SnapshotWrite = { written: 0, unchanged: 0, deleted: 0, superseded: 0 };
  const chunks = chunkSnapshot(snapshot);
  const produced = new Set<string>();
  await Promise.all(
    chunks.map(async (chunk) => {
      const key = learnerRollupKey(tenantId, date, chunk.bucket, chunk.part);
      produced.add(key.sk);
      const body = JSON.stringify(chunk.learners);
      if (stored?.items.get(key.sk) === body) {
        out.unchanged++;
        return;
      }
      const events = chunk.learners.reduce((a, r) => a + r.t[0]!, 0);
      try {
        await documentClient().send(
          new PutCommand({
            TableName: tableName(),
            Item: { ...key, entity: 'learnerRollup', tenantId, date, bucket: chunk.bucket, part: chunk.part, events, learners: chunk.learners },
            ConditionExpression: 'attribute_not_exists(pk) OR events <= :events',
            ExpressionAttributeValues: { ':events': events },
          }),
        );
        out.written++;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        out.superseded++;
      }
    }),
  );
  const stale = [...(stored?.items.keys() ?? [])].filter((sk) => !produced.has(sk));
  await Promise.all(stale.map((sk) => documentClient().send(new DeleteCommand({ TableName: tableName(), Key: { pk: learnerRollupPartition(tenantId), sk } }))));
  out.deleted = stale.length;
  return out;
}

/** The tenant's first tenant-day date (its first folded date), or null: one Query, Limit 1. */
async function firstFoldedDate(tenantId: string): Promise<string | null> {
  const page = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': tenantAggregatePartition(tenantId), ':lo': 'D#0000', ':hi': 'D#9999' },
      Limit: 1,
    }),
  );
  const sk = page.Items?.[0]?.sk;
  return typeof sk === 'string' ? sk.slice(2) : null;
}

/** Moves `rollupThrough` forward to `date` (never back; concurrent runs converge). */
async function advanceRollupThrough(tenantId: string, date: string): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: aggregationStateKey(tenantId),
        UpdateExpression: 'SET entity = :entity, rollupThrough = :date',
        ConditionExpression: 'attribute_not_exists(rollupThrough) OR rollupThrough < :date',
        ExpressionAttributeValues: { ':entity': 'aggregationState', ':date': date },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

export interface RollupRefresh {
  /** First and last date whose snapshot was recomputed (null: nothing to do). */
  from: string | null;
  to: string | null;
  dates: number;
  itemsWritten: number;
  itemsUnchanged: number;
  itemsDeleted: number;
  superseded: number;
  /** Snapshot Queries' items and learner-days read. */
  snapshotItemsRead: number;
  learnerDaysRead: number;
}

/**
 * Brings the rollups up to date after a run's folds. `folded`: the learner-days of every date this
 * run folded (date → its learners); `until`: the latest date a snapshot must exist for;
 * `rollupThrough`: the latest date whose snapshot is known to be current (the STATE item), null
 * before the first build.
 */
export async function refreshLearnerRollups(tenantId: string, folded: ReadonlyMap<string, readonly LearnerDay[]>, until: string, rollupThrough: string | null): Promise<RollupRefresh> {
  const out: RollupRefresh = { from: null, to: null, dates: 0, itemsWritten: 0, itemsUnchanged: 0, itemsDeleted: 0, superseded: 0, snapshotItemsRead: 0, learnerDaysRead: 0 };
  const earliestFolded = [...folded.keys()].sort()[0] ?? null;
  let start: string | null;
  if (rollupThrough === null) {
    const first = await firstFoldedDate(tenantId);
    start = [first, earliestFolded].filter((d): d is string => d !== null).sort()[0] ?? null;
  } else {
    start = [earliestFolded, addDays(rollupThrough, 1)].filter((d): d is string => d !== null).sort()[0]!;
  }
  if (start === null || start > until) return out;
  const kept = (d: string) => rollupThrough !== null && d <= rollupThrough;
  let storedPrev: StoredSnapshot = kept(addDays(start, -1)) ? await readRollupSnapshot(tenantId, addDays(start, -1)) : { snapshot: new Map(), items: new Map() };
  out.snapshotItemsRead += storedPrev.items.size;
  let prev: RollupSnapshot = storedPrev.snapshot;
  for (let d = start; d <= until; d = addDays(d, 1)) {
    const stored = kept(d) ? await readRollupSnapshot(tenantId, d) : null;
    out.snapshotItemsRead += stored?.items.size ?? 0;
    let vectors;
    const fresh = folded.get(d);
    if (fresh) vectors = dayVectorsOf(fresh);
    else if (stored) vectors = dayVectorsBetween(stored.snapshot, storedPrev.snapshot);
    else {
      const days = await readDateLearnerDays(tenantId, d);
      out.learnerDaysRead += days.length;
      vectors = dayVectorsOf(days);
    }
    const next = rollSnapshot(prev, vectors);
    const w = await writeSnapshot(tenantId, d, next, stored);
    out.itemsWritten += w.written;
    out.itemsUnchanged += w.unchanged;
    out.itemsDeleted += w.deleted;
    out.superseded += w.superseded;
    out.dates++;
    prev = next;
    storedPrev = stored ?? { snapshot: new Map(), items: new Map() };
  }
  out.from = start;
  out.to = until;
  await advanceRollupThrough(tenantId, until);
  return out;
}
