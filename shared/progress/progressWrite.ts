import { TransactionCanceledException } from '../db/dynamoErrors.js';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '../db/commands.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { documentClient } from '../db/client.js';
import { achievementIndexKey, gamePartition, learnerStatsKey } from '../db/keys.js';
import { needsStreak, planGamification, type AwardedAchievement } from '../gamification/awarding.js';
import { streakWithPending } from '../gamification/streakService.js';
import { ConflictError } from '../http/errors.js';
import { toActivityRecord, type ActivityRecord } from './activity.js';

/**
 * The progress engine's write path (issue 5). Every progress write is: one read (the snapshot of the
 * items it depends on), a pure plan computed from that snapshot, and one transaction that applies the
 * plan *and* appends the activity record. Each planned item carries conditions that hold only if the
 * snapshot is still true for it (a version, or the old value of a maximum being raised), so a
 * concurrent writer can never be overwritten:
 *
 *   t0  A and B read version 3          t1  A commits (version 4)
 *   t2  B's transaction is cancelled: its condition `version = 3` fails; DynamoDB returns the item
 *       as it now is (ALL_OLD), B re-plans from it and commits: no second read, no lost update.
 *
 * A replayed event id cancels the transaction on the activity record's `attribute_not_exists`, and
 * the stored record comes back, so the replay is answered without applying anything twice.
 */

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Item id → current item (absent = known not to exist). */
export type Snapshot = Map<string, Record<string, unknown>>;

export interface PlannedWrite<R> {
  items: TransactItem[];
  /** Index of the activity record's Put in `items`. */
  activityIndex: number;
  result: R;
  /** A course write's course percentage after it (for course-threshold achievements). */
  coursePercent?: { courseId: string; percent: number };
}

/**
 * Gamification of the write (issue 6): points, stats and awards planned from the learner's STATS and
 * the tenant's achievement INDEX and committed in the same transaction (shared/gamification/awarding.ts).
 */
export interface GamificationOptions {
  tenantId: string;
  userId: string;
  timeZone: string;
  now: Date;
  /** The write's own read already holds STATS and INDEX (gamificationKeys); otherwise one BatchGetItem reads them. */
  preloaded?: boolean;
}

/** The items gamification reads: the learner's STATS and the tenant's achievement INDEX. */
export function gamificationKeys(tenantId: string, userId: string): ItemKey[] {
  return [learnerStatsKey(tenantId, userId), achievementIndexKey(tenantId)];
}

export interface ProgressWriteOptions<R> {
  snapshot: Snapshot;
  plan: (snapshot: Snapshot) => PlannedWrite<R>;
  /** Called when the event id was already applied with the same request: answer as the original did. */
  onReplay: (existing: ActivityRecord, snapshot: Snapshot) => R | Promise<R>;
  requestHash: string;
  maxAttempts?: number;
  /**
   * For plans that judge several items but condition only one (a certificate judged on every chapter
   * and quiz, conditioned on the summary's revision): a lost race re-reads the whole snapshot instead
   * of patching the one item DynamoDB returned.
   */
  reread?: () => Promise<Snapshot>;
  gamification?: GamificationOptions;
}

export interface ProgressWriteOutcome<R> {
  result: R;
  replayed: boolean;
  /** Transactions sent (1 unless a concurrent writer forced a re-plan). */
  attempts: number;
  /** Achievements this write awarded (a replay: what the original write awarded, from its ledger record). */
  awarded: AwardedAchievement[];
}

/** Enough for a burst of writers on one version (each lost race re-plans once per winner). */
const DEFAULT_ATTEMPTS = 16;

function keyOf(item: TransactItem): ItemKey | undefined {
  const key = item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key ?? (item.Put?.Item as ItemKey | undefined);
  return key ? { pk: key.pk as string, sk: key.sk as string } : undefined;
}

function withOldValuesOnFailure(item: TransactItem): TransactItem {
  for (const kind of ['Put', 'Update', 'Delete', 'ConditionCheck'] as const) {
    const op = item[kind] as { ConditionExpression?: string; ReturnValuesOnConditionCheckFailure?: string } | undefined;
    if (op?.ConditionExpression && !op.ReturnValuesOnConditionCheckFailure) {
      return { ...item, [kind]: { ...op, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TransactItem;
    }
  }
  return item;
}

/** Runs a planned progress write to completion: applied once, replayed, or a 409 after persistent contention. */
export async function runProgressWrite<R>(options: ProgressWriteOptions<R>): Promise<ProgressWriteOutcome<R>> {
  let snapshot = options.snapshot;
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  const gamification = options.gamification;
  // The learner's gamification items live in their own snapshot, so a re-read of the write's items keeps them.
  const game: Snapshot = new Map();
  if (gamification) {
    const keys = gamificationKeys(gamification.tenantId, gamification.userId);
    const source = gamification.preloaded ? snapshot : await batchGetItems(keys, true);
    for (const key of keys) {
      const item = source.get(itemId(key));
      if (item) game.set(itemId(key), item);
    }
  }
  let streak: { current: number; longest: number } | undefined;
  let streakRead = false;
  for (let attempt = 1; ; attempt++) {
    const planned = options.plan(snapshot);
    let items = planned.items.map(withOldValuesOnFailure);
    let awarded: AwardedAchievement[] = [];
    if (gamification) {
      const put = items[planned.activityIndex]?.Put;
      if (!put) throw new Error('The planned activityIndex does not point at the activity Put');
      const record = toActivityRecord(put.Item as Record<string, unknown>);
      const statsItem = game.get(itemId(learnerStatsKey(gamification.tenantId, gamification.userId)));
      const indexItem = game.get(itemId(achievementIndexKey(gamification.tenantId)));
      const awardsSeen = awardsIn(game, gamification.tenantId, gamification.userId);
      if (!streakRead && needsStreak(record, statsItem, indexItem, awardsSeen)) {
        streak = await streakWithPending(gamification.tenantId, { userId: gamification.userId, timeZone: gamification.timeZone }, gamification.now, record);
        streakRead = true;
      }
      const gp = planGamification({ record, stats: statsItem, index: indexItem, awardsSeen, ...(planned.coursePercent ? { coursePercent: planned.coursePercent } : {}), ...(streak ? { streak } : {}), now: gamification.now });
      awarded = gp.awarded;
      if (gp.points > 0 || awarded.length > 0) {
        // The ledger says what the write earned, so a replay answers as the original did.
        const summary = awarded.map((a) => ({ id: a.id, title: a.title, description: a.description, tier: a.tier, pointsValue: a.pointsValue, badgeImageUrl: a.badgeImageUrl, reason: a.reason, earnedAt: a.earnedAt }));
        items[planned.activityIndex] = { Put: { ...put, Item: { ...put.Item, points: gp.points, ...(summary.length ? { awarded: summary } : {}) } } } as TransactItem;
      }
      items = [...items, ...gp.items.map(withOldValuesOnFailure)];
    }
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return { result: planned.result, replayed: false, attempts: attempt, awarded };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const activityReason = reasons[planned.activityIndex];
      if (activityReason?.Code === 'ConditionalCheckFailed') {
        const existing = activityReason.Item ? toActivityRecord(unmarshall(activityReason.Item as Record<string, AttributeValue>)) : undefined;
        if (existing && existing.requestHash !== options.requestHash) {
          throw new ConflictError('This idempotency key was already used for a different request', [
            { field: 'headers.idempotency-key', message: `Event ${existing.eventId} was recorded for another request`, code: 'idempotency_key_reused' },
          ]);
        }
        if (existing) return { result: await options.onReplay(existing, snapshot), replayed: true, attempts: attempt, awarded: awardedOf(existing) };
      }
      let stale = false;
      let gameStale = false;
      reasons.forEach((reason, index) => {
        if (reason.Code !== 'ConditionalCheckFailed' || index === planned.activityIndex) return;
        const key = keyOf(items[index] as TransactItem);
        if (!key) return;
        const target = gamification && index >= planned.items.length ? game : snapshot;
        if (target === game) gameStale = true;
        else stale = true;
        if (reason.Item) target.set(itemId(key), unmarshall(reason.Item as Record<string, AttributeValue>));
        else target.delete(itemId(key));
      });
      if (stale && options.reread) snapshot = await options.reread();
      const conflicted = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!stale && !gameStale && !conflicted) throw err;
      if (attempt >= maxAttempts) throw new ConflictError('Too many concurrent changes to the same progress; retry');
      // A concurrent transaction held an item (AWS only): back off with jitter before re-sending.
      // Repeatedly lost races: spread the writers out (jitter) so the burst drains instead of colliding again.
      if ((conflicted && !stale && !gameStale) || attempt >= 3) await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 6)));
    }
  }
}

/** Achievement ids whose AWARD item the gamification snapshot holds (brought back by a lost award race). */
function awardsIn(game: Snapshot, tenantId: string, userId: string): Set<string> {
  const prefix = `${gamePartition(tenantId, userId)}|AWARD#`;
  return new Set([...game.keys()].filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length)));
}

/** What a ledger record says its write awarded. */
export function awardedOf(record: ActivityRecord): AwardedAchievement[] {
  const awarded = (record as ActivityRecord & { awarded?: AwardedAchievement[] }).awarded;
  return Array.isArray(awarded) ? awarded : [];
}
