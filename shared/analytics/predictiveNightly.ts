import { DeleteCommand, PutCommand } from '../db/commands.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { coCompletionKey, dropoffModelKey, dropoffPredictionKey, learnerAggregatePartition, profileKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { coCompletionCounts } from '../domain/courseRecommendations.js';
import { C } from '../domain/learnerRollup.js';
import { TRAINING_DAYS, trainTenant } from '../domain/dropoffRisk.js';
import { addDays } from '../domain/localDate.js';
import { dropoffAnswer, predictionsDisabled, type StoredDropoffModel } from './dropoffAnswer.js';
import { readTenantHistories } from './dropoffHistory.js';
import { readRollupSnapshot } from './learnerRollups.js';

/**
 * The nightly predictive step of one tenant (issue 21, docs/analytics.md §17.7 and §17.10), run by the
 * AggregateTenant task after the fold has moved the aggregated-through date to `through`:
 * 1. the learners of the active sets of the TRAINING_DAYS ending at `through` and their learner-days
 *    (1 Query + 1 Query per learner), their profiles (1 BatchGet per 100): an opted-out learner
 *    (`predictiveAnalyticsEnabled: false`) is dropped here, before anything is computed;
 * 2. the tenant model: trained when the kept learners' labelled history is enough, stored at
 *    `T#<t>#AGG#MODEL` / `DROPOFF` with its version, training date and held-out AUC; otherwise that item
 *    is deleted and the routes use the global prior;
 * 3. one prediction per kept learner scored at `through`, stored where the route reads it
 *    (`…#AGG` / `PRED#DROPOFF`, 48-hour expiry); an opted-out learner's stored prediction and cached
 *    answers (`PRED#…`: 1 Query, 1 Delete each) are deleted;
 * 4. co-completion counts from the learner rollups of `through` (1 Query, their profiles 1 BatchGet
 *    per 100 not read yet; opted-out learners are not counted), stored at `T#<t>#AGG#MODEL` / `COCOMPLETION`.
 * Every item is a function of the learner-days and profiles read, so a re-run of the night writes the
 * same items (only the 48-hour expiry moves); concurrent runs write identical content.
 */
export interface PredictiveRefresh {
  learners: number;
  optedOut: number;
  predictions: number;
  model: 'tenant' | 'global_prior';
  examples: number;
  auc: number | null;
  coCompletionGroups: number;
}

const WRITE_CONCURRENCY = 16;

async function inParallel<T>(items: readonly T[], task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, items.length) }, worker));
}

export async function refreshPredictions(tenantId: string, through: string, now: Date): Promise<PredictiveRefresh> {
  const histories = await readTenantHistories(tenantId, addDays(through, -(TRAINING_DAYS - 1)), through);
  const snapshot = (await readRollupSnapshot(tenantId, through, false)).snapshot;
  const everyone = [...new Set([...histories.map((h) => h.userId), ...snapshot.keys()])];
  const profiles = everyone.length > 0 ? await batchGetItems(everyone.map((u) => profileKey(u))) : new Map<string, Record<string, unknown>>();
  const optedOut = new Set(everyone.filter((u) => predictionsDisabled(profiles.get(itemId(profileKey(u))))));
  const kept = histories.filter((h) => !optedOut.has(h.userId));

  const training = trainTenant(kept, through);
  const stored: StoredDropoffModel | null = training.model ? { model: training.model, trainedAt: through, auc: training.auc } : null;
  if (stored) {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...dropoffModelKey(tenantId), entity: 'dropoffModel', tenantId, ...stored, examples: training.examples, positives: training.positives, cutoffs: training.cutoffs },
      }),
    );
  } else {
    await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: dropoffModelKey(tenantId) }));
  }

  let predictions = 0;
  await inParallel(kept, async (history) => {
    const answer = dropoffAnswer(history.userId, through, history.days, stored, now);
    if (answer.data.riskScore === null) return;
    predictions += 1;
    await documentClient().send(
      new PutCommand({ TableName: tableName(), Item: { ...dropoffPredictionKey(tenantId, history.userId), entity: 'dropoffPrediction', tenantId, userId: history.userId, data: answer.data, meta: answer.meta, expiresAt: answer.expiresAt } }),
    );
  });
  // An opted-out learner keeps nothing: their stored prediction and cached answers (`PRED#…`) are deleted.
  await inParallel([...optedOut], async (userId) => {
    const stored = await queryCollection(learnerAggregatePartition(tenantId, userId), { skPrefix: 'PRED#' });
    for (const item of stored) await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }));
  });

  const completions = [...snapshot.values()].filter((r) => !optedOut.has(r.u)).map((r) => Object.entries(r.c).filter(([, v]) => (v[C.completedDays] ?? 0) > 0).map(([courseId]) => courseId));
  const groups = coCompletionCounts(completions);
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...coCompletionKey(tenantId), entity: 'coCompletion', tenantId, through, groups } }));

  return {
    learners: histories.length,
    optedOut: optedOut.size,
    predictions,
    model: stored ? 'tenant' : 'global_prior',
    examples: training.examples,
    auc: training.auc,
    coCompletionGroups: Object.keys(groups).length,
  };
}
