import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
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

/** Whether a profile turned predictive analytics off (`preferences.privacySettings.predictiveAnalyticsEnabled: false`). */
export function predictionsDisabled(profile: Record<string, unknown> | undefined): boolean {
  const privacy = (profile?.preferences as { privacySettings?: { predictiveAnalyticsEnabled?: unknown } } | undefined)?.privacySettings;
  return privacy?.predictiveAnalyticsEnabled === false;
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
  if (predictionsDisabled(profile)) throw new PredictionsDisabledError();

  const cached = found.get(itemId(cacheKey));
  if (cached && typeof cached.expiresAt === 'number' && cached.expiresAt > Math.floor(now.getTime() / 1000)) {
    return { data: cached.data, meta: cached.meta as Record<string, unknown> };
  }

  const stored = found.get(itemId(dropoffModelKey(tenantId))) as unknown as StoredDropoffModel | undefined;
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  const days: ModelDay[] = typeof through === 'string' ? await readLearnerDays(tenantId, subject.userId, addDays(through, -(WINDOW_DAYS - 1)), through) : [];
  const answer = dropoffAnswer(subject.userId, typeof through === 'string' ? through : null, days, stored ?? null, now);
  // Never clobber an answer the nightly run stored meanwhile: write only over an absent or expired one.
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...cacheKey, entity: 'dropoffPrediction', tenantId, userId: subject.userId, data: answer.data, meta: answer.meta, expiresAt: answer.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
  return { data: answer.data, meta: answer.meta };
}

/**
 * One learner's drop-off answer as stored and served (docs/analytics.md §17.7–17.8): the features at
 * `through` from the learner's learner-days of the 28 days ending there, scored by the tenant's stored
 * model or the global prior; `expiresAt` 48 hours after `now`. Shared by the route (on a cache miss)
 * and the nightly step, so both store the same shape.
 */
export function dropoffAnswer(userId: string, through: string | null, days: readonly ModelDay[], stored: StoredDropoffModel | null, now: Date) {
  const { model, source } = modelFor(stored?.model ?? null);
  const features = through !== null ? extractFeatures({ userId, days }, through) : null;
  const risk = features ? dropoffRisk(model, features) : null;
  const expiresAt = Math.floor(now.getTime() / 1000) + PREDICTION_TTL_SECONDS;
  const data = {
    userId,
    asOf: through,
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
  return { data, meta, expiresAt };
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
