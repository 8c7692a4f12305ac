import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '../../shared/db/commands.js';
import { createLearnerAnalyticsHandler } from '../../lambdas/learnerAnalytics/handler.js';
import { putLearnerDay } from '../../shared/analytics/aggregateStore.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { aggregationStateKey, dropoffModelKey, dropoffPredictionKey, profileKey } from '../../shared/db/keys.js';
import type { LearnerDay } from '../../shared/domain/dailyAggregates.js';
import { FEATURES, type DropoffModel, type FeatureVector } from '../../shared/domain/dropoffModel.js';
import { GLOBAL_PRIOR } from '../../shared/domain/dropoffPrior.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { storeMember } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Seed 003 §6 drop-off risk (issue 21): access, opt-out, 48-hour cache, 10/hour, request budgets.

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const THROUGH = '2026-11-01';
const unlimited = { reports: { limit: null, windowSeconds: 3600 } };
const api = httpClient(ROUTES, { learnerAnalytics: createLearnerAnalyticsHandler({ now: () => NOW, rateClasses: unlimited }) });
const path = (userId: string) => `/api/v1/analytics/predictive/drop-off-risk/${userId}`;
const put = (item: Record<string, unknown>) => documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));

/** A learner active only on 2026-10-23 (through − 9): one topic, no quiz. */
async function learnerDay(tenantId: string, userId: string): Promise<void> {
  const day = { userId, date: '2026-10-23', timeZone: 'UTC', firstAt: '2026-10-23T09:00:00.000Z', lastAt: '2026-10-23T09:20:00.000Z', events: 2, seconds: 600, topics: 1, courseCompletions: 0, certificates: 0, assessments: 0, scoreSum: 0, graded: 0, passed: 0, awards: 0, points: 0, sessions: 1, sessionSeconds: 600, bounces: 0, content: {}, kinds: {}, skills: {}, scores: [], completions: [] };
  await putLearnerDay(tenantId, day as LearnerDay);
}

async function tenant() {
  const tenantId = uniqueTenant('pred');
  const mk = (roles: ('learner' | 'trainer' | 'org_admin')[]) => {
    const userId = randomUUID();
    return { userId, token: tokenFor({ userId, tenantId, roles }) };
  };
  const t = { tenantId, learner: mk(['learner']), other: mk(['learner']), trainer: mk(['trainer']), admin: mk(['org_admin']) };
  for (const p of [t.learner, t.other, t.trainer, t.admin]) await storeMember(tenantId, p.userId);
  await put({ ...aggregationStateKey(tenantId), entity: 'aggregationState', throughDate: THROUGH });
  await learnerDay(tenantId, t.learner.userId);
  return t;
}

/**
 * Features at 2026-11-01 (hand-computed, docs/analytics.md §17.2): daysSinceLastActivity 9; one recent
 * active day, none earlier → trend 1/14; it completed a topic → stagnation 0; no quiz → 0 failures;
 * block ⌊9/7⌋ = 1 only → regularity 1/4; longest run 1, current 0 → streakLoss 1.
 */
const FEATURES_AT: FeatureVector = { daysSinceLastActivity: 9, activityTrend: 1 / 14, progressStagnation: 0, quizFailures: 0, sessionRegularity: 0.25, streakLoss: 1 };

/** The documented formula (§17.3) written out: logit = b + Σ w·(x − mean)/sd; p = σ(a·logit + c). */
function expectedOf(model: DropoffModel) {
  let logit = model.intercept;
  for (const f of FEATURES) logit += (model.weights[f] * (FEATURES_AT[f] - model.means[f])) / model.sds[f];
  return { logit, p: 1 / (1 + Math.exp(-(model.platt.a * logit + model.platt.b))) };
}

describe('GET /api/v1/analytics/predictive/drop-off-risk/{userId}', () => {
  it('answers the learner from the global prior, then from the 48-hour cache', async () => {
    const t = await tenant();
    const res = await api({ method: 'GET', path: path(t.learner.userId), token: t.learner.token });
    expect(res.status).toBe(200);
    const { logit, p } = expectedOf(GLOBAL_PRIOR);
    expect(res.body.data.riskScore).toBe(Math.round(p * 100) / 100);
    expect(res.body.data.modelScale.logit).toBeCloseTo(logit, 10);
    const sum = res.body.data.modelScale.intercept + res.body.data.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
    expect(sum).toBeCloseTo(logit, 10);
    expect(res.body.data.factors.find((f: { feature: string }) => f.feature === 'daysSinceLastActivity').value).toBe(9);
    expect(res.body.meta.model).toMatchObject({ name: 'cairn-dropoff-logreg', version: 1, source: 'global_prior', auc: 0.89 });
    expect(res.body.meta.cacheExpiry).toBe('2026-11-04T09:00:00.000Z');
    // BatchGet (profile, cache, model, aggregation state) + Query of the learner-days + Put of the answer
    expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 1, PutItemCommand: 1 });

    const again = await api({ method: 'GET', path: path(t.learner.userId), token: t.learner.token });
    expect(again.body).toEqual(res.body);
    expect(again.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1 });
  });

  it('uses the tenant model when one is stored', async () => {
    const t = await tenant();
    const zero = Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;
    const one = Object.fromEntries(FEATURES.map((f) => [f, 1])) as FeatureVector;
    // logit = −1 + 0.5·(9 − 3)/2 = 0.5; p = σ(0.5) = 0.6225 → 0.62, threshold 0.4 → high
    const model: DropoffModel = { ...GLOBAL_PRIOR, means: { ...zero, daysSinceLastActivity: 3 }, sds: { ...one, daysSinceLastActivity: 2 }, weights: { ...zero, daysSinceLastActivity: 0.5 }, intercept: -1, platt: { a: 1, b: 0 }, threshold: 0.4 };
    await put({ ...dropoffModelKey(t.tenantId), entity: 'dropoffModel', model, trainedAt: '2026-11-01', auc: 0.81 });
    const res = await api({ method: 'GET', path: path(t.learner.userId), token: t.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ riskScore: 0.62, riskLevel: 'high', confidenceScore: 0.62 });
    expect(res.body.data.factors).toEqual([{ factor: 'Days since last activity', feature: 'daysSinceLastActivity', value: 9, contribution: 1.5, weight: 1, impact: 'high', direction: 'raises_risk' }]);
    expect(res.body.meta.model).toEqual({ name: 'cairn-dropoff-logreg', version: 1, source: 'tenant', trainedAt: '2026-11-01', auc: 0.81 });
  });

  it('roles: own, trainer and org admin in the tenant; another learner 403; other tenant 404; no token 401', async () => {
    const t = await tenant();
    const o = await tenant();
    expect((await api({ method: 'GET', path: path(t.learner.userId), token: t.trainer.token })).status).toBe(200);
    expect((await api({ method: 'GET', path: path(t.learner.userId), token: t.admin.token })).status).toBe(200);
    expect((await api({ method: 'GET', path: path(t.learner.userId), token: t.other.token })).status).toBe(403);
    expect((await api({ method: 'GET', path: path(t.learner.userId), token: o.admin.token })).status).toBe(404);
    expect((await api({ method: 'GET', path: path(t.learner.userId), token: o.trainer.token })).status).toBe(404);
    expect((await api({ method: 'GET', path: path(t.learner.userId) })).status).toBe(401);
  });

  it('a learner with no activity in the window gets null figures, not a default score', async () => {
    const t = await tenant();
    const res = await api({ method: 'GET', path: path(t.other.userId), token: t.other.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ riskLevel: null, riskScore: null, confidenceScore: null, factors: [], predictedOutcome: null });
  });

  it('opt-out: 403 PREDICTIONS_DISABLED for everyone, nothing computed or stored', async () => {
    const t = await tenant();
    await put({ ...profileKey(t.learner.userId), entity: 'profile', userId: t.learner.userId, preferences: { privacySettings: { leaderboardPrivacy: 'public', predictiveAnalyticsEnabled: false, shareProgressWithTrainers: true } } });
    for (const token of [t.learner.token, t.trainer.token, t.admin.token]) {
      const res = await api({ method: 'GET', path: path(t.learner.userId), token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('PREDICTIONS_DISABLED');
      expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 1 });
    }
    const stored = await documentClient().send(new GetCommand({ TableName: tableName(), Key: dropoffPredictionKey(t.tenantId, t.learner.userId) }));
    expect(stored.Item).toBeUndefined();
  });

  it('10 requests per hour per caller', async () => {
    const t = await tenant();
    const limited = httpClient(ROUTES, { learnerAnalytics: createLearnerAnalyticsHandler({ now: () => NOW }) });
    for (let i = 0; i < 10; i += 1) expect((await limited({ method: 'GET', path: path(t.learner.userId), token: t.learner.token })).status).toBe(200);
    const refused = await limited({ method: 'GET', path: path(t.learner.userId), token: t.learner.token });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });
});
