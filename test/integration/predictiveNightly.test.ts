import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand } from '../../shared/db/commands.js';
import { generateDropoffTenant } from '../../bin/backtest/dropoffTenant.js';
import { createLearnerAnalyticsHandler } from '../../lambdas/learnerAnalytics/handler.js';
import { aggregateTenantStep } from '../../shared/analytics/pipelineSteps.js';
import { refreshPredictions } from '../../shared/analytics/predictiveNightly.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { activeSetKey, analyticsRunKey, coCompletionKey, dropoffModelKey, dropoffPredictionKey, learnerDayAggregateKey, learnerRollupKey, profileKey, recommendationsCacheKey } from '../../shared/db/keys.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import { extractFeatures, scoreExample, type LearnerHistory } from '../../shared/domain/dropoffModel.js';
import { trainTenant } from '../../shared/domain/dropoffRisk.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Issue 21: nightly per-tenant training, stored predictions honouring opt-out, co-completion counts,
// and the drop-off route serving the stored prediction.

const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
const get = async (key: { pk: string; sk: string }) => (await documentClient().send(new GetCommand({ TableName: tableName(), Key: key }))).Item;

async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      let pending: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending && pending.length > 0) {
        const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }));
        pending = out.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Stores the generated learners' learner-days and the per-date active sets, as the nightly fold leaves them. */
async function storeHistories(tenantId: string, learners: readonly LearnerHistory[]): Promise<void> {
  const items: Record<string, unknown>[] = [];
  const byDate = new Map<string, string[]>();
  for (const l of learners) {
    for (const d of l.days) {
      if (d.events <= 0) continue;
      items.push({ ...learnerDayAggregateKey(tenantId, l.userId, d.date), entity: 'learnerDayAggregate', tenantId, userId: l.userId, ...d });
      byDate.set(d.date, [...(byDate.get(d.date) ?? []), l.userId]);
    }
  }
  for (const [date, ids] of byDate) items.push({ ...activeSetKey(tenantId, date, 0), entity: 'activeSet', tenantId, shard: 0, chunk: 0, date, learners: ids, coursePairs: [], completedPairs: [], events: ids.length });
  await writeAll(items);
}

const optedOutProfile = (userId: string) => ({ ...profileKey(userId), entity: 'profile', userId, preferences: { privacySettings: { leaderboardPrivacy: 'public', predictiveAnalyticsEnabled: false, shareProgressWithTrainers: true } } });

describe('nightly predictive step', () => {
  const generated = generateDropoffTenant({ learners: 40, days: 126, seed: 11 });
  const through = generated.end;

  it('trains the tenant model, stores every scored learner\'s prediction, skips and clears the opted-out learner, and the route serves the stored answer', async () => {
    const tenantId = uniqueTenant('prednight');
    const learners = generated.learners.map((l) => ({ ...l, userId: `${l.userId}-${randomUUID().slice(0, 6)}` }));
    await storeHistories(tenantId, learners);
    const scoredAtThrough = learners.filter((l) => extractFeatures(l, through) !== null);
    const optedOut = scoredAtThrough[0]!;
    await put(optedOutProfile(optedOut.userId));
    // a prediction stored before the learner opted out is deleted by the night
    await put({ ...dropoffPredictionKey(tenantId, optedOut.userId), entity: 'dropoffPrediction', data: {}, meta: {}, expiresAt: 4102444800 });
    await put({ ...recommendationsCacheKey(tenantId, optedOut.userId, 'general', 10), entity: 'recommendationsCache', data: {}, meta: {}, expiresAt: 4102444800 });
    await put({ ...dropoffModelKey(tenantId), entity: 'dropoffModel', stale: true });

    const now = new Date(`${through}T13:00:00.000Z`);
    const { result: refresh, tally } = await measureDynamoDbRequests(() => refreshPredictions(tenantId, through, now));

    // the stored model is exactly what the documented training gives on the learners who did not opt out
    const kept = learners.filter((l) => l.userId !== optedOut.userId);
    const expected = trainTenant(kept, through);
    expect(expected.examples).toBeGreaterThanOrEqual(200);
    expect(expected.model).not.toBeNull();
    const model = await get(dropoffModelKey(tenantId));
    expect(model).toMatchObject({ model: JSON.parse(JSON.stringify(expected.model)), trainedAt: through, auc: expected.auc, examples: expected.examples });
    expect(model!.stale).toBeUndefined();
    expect(refresh).toMatchObject({ learners: 40, optedOut: 1, model: 'tenant', predictions: scoredAtThrough.length - 1 });

    expect(await get(dropoffPredictionKey(tenantId, optedOut.userId))).toBeUndefined();
    expect(await get(recommendationsCacheKey(tenantId, optedOut.userId, 'general', 10))).toBeUndefined();
    const subject = scoredAtThrough[1]!;
    const stored = await get(dropoffPredictionKey(tenantId, subject.userId));
    const score = scoreExample(expected.model!, extractFeatures(subject, through)!);
    expect(stored!.data.riskScore).toBe(Math.round(score.calibrated * 100) / 100);
    expect(stored!.data.asOf).toBe(through);
    expect(stored!.expiresAt).toBe(Math.floor(now.getTime() / 1000) + 48 * 3600);

    // requests: active sets 1 Query + 1 Query per learner + rollup snapshot 1 Query + profiles 1 BatchGet,
    // model 1 Put, a Put per prediction, the opted-out learner's stored answers 1 Query + 2 Deletes, co-completion 1 Put
    expect(tally.byCommand).toEqual({ QueryCommand: 43, BatchGetItemCommand: 1, PutItemCommand: 1 + (scoredAtThrough.length - 1) + 1, DeleteItemCommand: 2 });

    // the route reads the stored prediction: one BatchGet, nothing computed
    const api = httpClient(ROUTES, { learnerAnalytics: createLearnerAnalyticsHandler({ now: () => now.getTime() + 3600_000, rateClasses: { reports: { limit: null, windowSeconds: 3600 } } }) });
    await storeMember(tenantId, subject.userId);
    const res = await api({ method: 'GET', path: `/api/v1/analytics/predictive/drop-off-risk/${subject.userId}`, token: tokenFor({ userId: subject.userId, tenantId, roles: ['learner'] }) });
    expect(res.status).toBe(200);
    expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1 });
    expect(res.body.meta.model).toEqual({ name: 'cairn-dropoff-logreg', version: 1, source: 'tenant', trainedAt: through, auc: expected.auc });
    // factors are the model's contributions and add up to the logit; the score follows from the logit
    const sum = res.body.data.modelScale.intercept + res.body.data.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
    expect(sum).toBeCloseTo(score.logit, 10);
    expect(res.body.data.modelScale.logit).toBeCloseTo(score.logit, 10);
    const m = expected.model!;
    expect(res.body.data.riskScore).toBe(Math.round((1 / (1 + Math.exp(-(m.platt.a * sum + m.platt.b)))) * 100) / 100);
    expect(res.body.data.riskLevel).toBe(score.calibrated >= m.threshold ? 'high' : score.calibrated >= m.threshold / 2 ? 'medium' : 'low');
  });

  it('a tenant without enough labelled history keeps no model: the routes use the global prior', async () => {
    const tenantId = uniqueTenant('prednight');
    const few = generated.learners.slice(0, 5).map((l) => ({ ...l, userId: `${l.userId}-${randomUUID().slice(0, 6)}` }));
    await storeHistories(tenantId, few);
    await put({ ...dropoffModelKey(tenantId), entity: 'dropoffModel', stale: true });
    const refresh = await refreshPredictions(tenantId, through, new Date(`${through}T13:00:00.000Z`));
    expect(refresh.model).toBe('global_prior');
    expect(await get(dropoffModelKey(tenantId))).toBeUndefined();
    const scored = few.find((l) => extractFeatures(l, through) !== null)!;
    expect((await get(dropoffPredictionKey(tenantId, scored.userId)))!.meta.model.source).toBe('global_prior');
  });

  it('co-completion counts: groups of at least 10 from the rollups, opted-out learners not counted', async () => {
    const tenantId = uniqueTenant('prednight');
    const row = (u: string, courses: string[]) => ({ u, t: [], c: Object.fromEntries(courses.map((c) => [c, [1, 60, 1, 1, 0, 0, 1]])), a: '', ac: {} });
    // 11 learners completed basics and hooks, 1 of them opted out → basics: 10 (kept), hooks: 10; 3 did css only (group of 3)
    const rows = [...Array.from({ length: 11 }, (_, i) => row(`cc${i}`, ['basics', 'hooks'])), ...Array.from({ length: 3 }, (_, i) => row(`css${i}`, ['css'])), row('started', [])];
    rows[15 - 1]!.c = { hooks: [1, 60, 1, 0, 0, 0, 1] };
    await put({ ...learnerRollupKey(tenantId, through, 0, 0), entity: 'learnerRollup', learners: rows });
    await put(optedOutProfile('cc0'));
    await refreshPredictions(tenantId, through, new Date(`${through}T13:00:00.000Z`));
    expect(await get(coCompletionKey(tenantId))).toMatchObject({ through, groups: { basics: { learners: 10, next: { hooks: 10 } }, hooks: { learners: 10, next: { basics: 10 } } } });
  });

  it('runs in the pipeline\'s nightly tenant step, not in a manual reprocessing', async () => {
    const tenantId = uniqueTenant('prednight');
    const learners = generated.learners.map((l) => ({ ...l, userId: `${l.userId}-${randomUUID().slice(0, 6)}` }));
    await storeHistories(tenantId, learners);
    const item = { runId: `run-${randomUUID()}`, tenantId, date: through, processId: `nightly-${through}` };
    await aggregateTenantStep({ ...item, trigger: 'manual' }, () => new Date(`${through}T13:00:00.000Z`));
    expect(await get(dropoffModelKey(tenantId))).toBeUndefined();
    await put({ ...analyticsRunKey(item.runId), entity: 'analyticsRun', runId: item.runId, date: through, status: 'running', tenants: {} });
    await aggregateTenantStep({ ...item, trigger: 'nightly' }, () => new Date(`${through}T13:00:00.000Z`));
    expect(await get(dropoffModelKey(tenantId))).toMatchObject({ trainedAt: through });
  });
});
