import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { aggregationStateKey, dropoffModelKey, dropoffPredictionKey, profileKey } from '../db/keys.js';
import { addDays } from '../domain/localDate.js';
import { extractFeatures, WINDOW_DAYS, type DropoffModel, type ModelDay } from '../domain/dropoffModel.js';
import { GLOBAL_PRIOR_AUC, GLOBAL_PRIOR_TRAINED_AT } from '../domain/dropoffPrior.js';
import { dropoffRisk, modelFor } from '../domain/dropoffRisk.js';
import { AppError } from '../http/errors.js';
import { planSubject, settleSubject } from '../progress/progressSubject.js';
import { readLearnerDays } from './aggregateStore.js';

/** Seed 003 §6 cache TTL: 48 hours. */
export const PREDICTION_TTL_SECONDS = 48 * 3600;

export class PredictionsDisabledError extends AppError {
  constructor() {
    super(403, 'PREDICTIONS_DISABLED', 'Predictive analytics are disabled for this learner', [], 'The learner turned predictiveAnalyticsEnabled off');
  }
}

/** A stored tenant model item: the model plus its training date and measured AUC. */
export interface StoredDropoffModel {
  model: DropoffModel;
  trainedAt: string;
  auc: number | null;
}

/**
 * Seed 003 §6 `drop-off-risk` (docs/analytics.md §17.7–17.8). One BatchGet (the subject's profile for
 * the opt-out, their membership when it is another learner, the cached answer, the tenant's model, the
 * aggregated-through date). Opted out → 403 PREDICTIONS_DISABLED, nothing read further or stored.
 * A cached answer younger than 48 hours is returned as stored. Otherwise one Query of the learner-days
 * of the 28 days ending at the aggregated-through date, the model's figures, one Put of the answer.
 */
export async function dropoffRiskFor(principal: Principal, userId: string, now: Date) {
  const tenantId = principal.tenantId;
  const plan = planSubject(principal, userId);
  const cacheKey = dropoffPredictionKey(tenantId, plan.userId);
  const keys = [...plan.keys.filter((k) => itemId(k) !== itemId(profileKey(plan.userId))), profileKey(plan.userId), cacheKey, dropoffModelKey(tenantId), aggregationStateKey(tenantId)];
  const found = await batchGetItems(keys);
  const subject = settleSubject(principal, plan, found);
  const profile = found.get(itemId(profileKey(subject.userId)));
  const privacy = (profile?.preferences as { privacySettings?: { predictiveAnalyticsEnabled?: unknown } } | undefined)?.privacySettings;
  if (privacy?.predictiveAnalyticsEnabled === false) throw new PredictionsDisabledError();

  const cached = found.get(itemId(cacheKey));
  if (cached && typeof cached.expiresAt === 'number' && cached.expiresAt > Math.floor(now.getTime() / 1000)) {
    return { data: cached.data, meta: cached.meta as Record<string, unknown> };
  }

  const stored = found.get(itemId(dropoffModelKey(tenantId))) as unknown as StoredDropoffModel | undefined;
  const { model, source } = modelFor(stored?.model ?? null);
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  const days: ModelDay[] = typeof through === 'string' ? await readLearnerDays(tenantId, subject.userId, addDays(through, -(WINDOW_DAYS - 1)), through) : [];
  const features = typeof through === 'string' ? extractFeatures({ userId: subject.userId, days }, through) : null;
  const risk = features ? dropoffRisk(model, features) : null;
  const expiresAt = Math.floor(now.getTime() / 1000) + PREDICTION_TTL_SECONDS;
  const data = {
    userId: subject.userId,
    asOf: typeof through === 'string' ? through : null,
    riskLevel: risk?.riskLevel ?? null,
    riskScore: risk?.riskScore ?? null,
    confidenceScore: risk?.confidenceScore ?? null,
    factors: risk?.factors.map((f) => ({ factor: f.factor, feature: f.feature, value: f.value, contribution: f.contribution, weight: f.weight, impact: f.impact, direction: f.direction })) ?? [],
    modelScale: risk ? { intercept: risk.intercept, logit: risk.logit } : null,
    recommendations: risk ? recommendationsOf(risk.factors.filter((f) => f.direction === 'raises_risk').map((f) => f.feature)) : [],
    predictedOutcome: risk?.predictedOutcome ?? null,
  };
  const meta = {
    calculatedAt: now.toISOString(),
    dataSource: 'nightly' as const,
    model: {
      name: model.name,
      version: model.version,
      source,
      trainedAt: source === 'tenant' ? stored!.trainedAt : GLOBAL_PRIOR_TRAINED_AT,
      auc: source === 'tenant' ? stored!.auc : GLOBAL_PRIOR_AUC,
    },
    cacheExpiry: new Date(expiresAt * 1000).toISOString(),
  };
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...cacheKey, entity: 'dropoffPrediction', tenantId, userId: subject.userId, data, meta, expiresAt } }));
  return { data, meta };
}

const ADVICE: Record<string, string> = {
  daysSinceLastActivity: 'Resume learning today',
  activityTrend: 'Schedule learning on more days this week',
  progressStagnation: 'Complete the next lesson in your current course',
  quizFailures: 'Review the material of the quizzes you did not pass before retrying',
  sessionRegularity: 'Set a weekly learning reminder',
  streakLoss: 'Restart your streak with a short session',
};

/** One fixed piece of advice per factor that raises the risk, in the factors' order. */
function recommendationsOf(features: readonly string[]): string[] {
  return features.map((f) => ADVICE[f]!).filter(Boolean);
}
