import { extractFeatures, type DropoffModel, type ModelDay } from '../domain/dropoffModel.js';
import { GLOBAL_PRIOR_AUC, GLOBAL_PRIOR_TRAINED_AT } from '../domain/dropoffPrior.js';
import { dropoffRisk, modelFor } from '../domain/dropoffRisk.js';

/**
 * The stored drop-off answer (docs/analytics.md §17.7–17.8), shared by the route and the nightly step.
 * Kept free of the HTTP and auth modules so the pipeline's task functions do not bundle them.
 */

/** Seed 003 §6 cache TTL: 48 hours. */
export const PREDICTION_TTL_SECONDS = 48 * 3600;

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
