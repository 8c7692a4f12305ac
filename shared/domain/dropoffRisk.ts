import { auc, buildExamples, FEATURE_LABELS, LABEL_DAYS, scoreExample, trainDropoffModel, WINDOW_DAYS, type DropoffModel, type Example, type FeatureName, type FeatureVector, type LearnerHistory } from './dropoffModel.js';
import { addDays } from './localDate.js';
import { GLOBAL_PRIOR } from './dropoffPrior.js';

/**
 * From a model and a learner's features to the seed 003 §6 drop-off-risk figures (docs/analytics.md
 * §17.7): which model a tenant uses, risk level, factors, confidence and predicted outcome, all from
 * the model's own numbers.
 */

/** A tenant's own model needs at least this many labelled examples, and this many of each class. */
export const MIN_TENANT_EXAMPLES = 200;
export const MIN_TENANT_CLASS = 20;

/** The tenant's labelled examples suffice for its own model; otherwise the global prior is used. */
export function hasEnoughHistory(examples: readonly Pick<Example, 'label'>[]): boolean {
  const positives = examples.filter((e) => e.label === 1).length;
  return examples.length >= MIN_TENANT_EXAMPLES && positives >= MIN_TENANT_CLASS && examples.length - positives >= MIN_TENANT_CLASS;
}

export function modelFor(tenantModel: DropoffModel | null): { model: DropoffModel; source: 'tenant' | 'global_prior' } {
  return tenantModel ? { model: tenantModel, source: 'tenant' } : { model: GLOBAL_PRIOR, source: 'global_prior' };
}

export interface RiskFactor {
  factor: string;
  feature: FeatureName;
  value: number;
  /** The feature's contribution to the logit (intercept + Σ contributions = logit). */
  contribution: number;
  /** |contribution| / Σ |contributions|, 2 decimals. */
  weight: number;
  direction: 'raises_risk' | 'lowers_risk';
  /** high when |contribution| ≥ 1, medium when ≥ 0.5, else low (logit units). */
  impact: 'high' | 'medium' | 'low';
}

export interface DropoffRisk {
  riskLevel: 'high' | 'medium' | 'low';
  riskScore: number;
  confidenceScore: number;
  logit: number;
  intercept: number;
  factors: RiskFactor[];
  predictedOutcome: { ifNoAction: string; ifActionTaken: string };
  /** The calibrated probability of staying active when the learner resumes today (counterfactual). */
  reengagementProbability: number;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * - riskScore = calibrated probability p (2 decimals); riskLevel high when p ≥ the model's threshold,
 *   medium when p ≥ threshold / 2, else low;
 * - confidenceScore = the calibrated probability of the predicted outcome: p when flagged (high), else 1 − p;
 * - factors = every non-zero contribution, largest |contribution| first;
 * - ifActionTaken: the model re-scored with daysSinceLastActivity = 0 and streakLoss = 0 (the learner
 *   resumes today), reported as the chance of staying active, 1 − p′.
 */
export function dropoffRisk(model: DropoffModel, features: FeatureVector): DropoffRisk {
  const score = scoreExample(model, features);
  const p = score.calibrated;
  const flagged = p >= model.threshold;
  const riskLevel = flagged ? 'high' : p >= model.threshold / 2 ? 'medium' : 'low';
  const total = score.contributions.reduce((s, c) => s + Math.abs(c.contribution), 0);
  const factors = score.contributions
    .filter((c) => c.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .map(
      (c): RiskFactor => ({
        factor: FEATURE_LABELS[c.feature],
        feature: c.feature,
        value: c.value,
        contribution: c.contribution,
        weight: total === 0 ? 0 : round2(Math.abs(c.contribution) / total),
        direction: c.contribution > 0 ? 'raises_risk' : 'lowers_risk',
        impact: Math.abs(c.contribution) >= 1 ? 'high' : Math.abs(c.contribution) >= 0.5 ? 'medium' : 'low',
      }),
    );
  const resumed = scoreExample(model, { ...features, daysSinceLastActivity: 0, streakLoss: 0 }).calibrated;
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return {
    riskLevel,
    riskScore: round2(p),
    confidenceScore: round2(flagged ? p : 1 - p),
    logit: score.logit,
    intercept: model.intercept,
    factors,
    predictedOutcome: {
      ifNoAction: flagged ? `Likely to drop off in the next 14 days (${pct(p)} probability)` : `Likely to stay active in the next 14 days (${pct(1 - p)} probability)`,
      ifActionTaken: `${pct(1 - resumed)} chance of staying active if learning resumes today`,
    },
    reengagementProbability: 1 - resumed,
  };
}

/** Days of learner-day history the nightly training reads (18 weeks ending at the aggregated-through date). */
export const TRAINING_DAYS = 126;
/** Cutoffs of the nightly training are this many days apart, the latest at through − LABEL_DAYS. */
export const TRAINING_STEP_DAYS = 7;

/** The nightly training's cutoffs, oldest first: through − 14, then every 7 days back while the window fits. */
export function trainingCutoffs(through: string): string[] {
  const first = addDays(through, -(TRAINING_DAYS - 1) + (WINDOW_DAYS - 1));
  const out: string[] = [];
  for (let c = addDays(through, -LABEL_DAYS); c >= first; c = addDays(c, -TRAINING_STEP_DAYS)) out.unshift(c);
  return out;
}

export interface TenantTraining {
  /** The tenant's own model, or null when its labelled history is not enough (the global prior applies). */
  model: DropoffModel | null;
  /** AUC of the calibrated model on the held-out (latest) cutoff; null without a model or without both classes there. */
  auc: number | null;
  examples: number;
  positives: number;
  cutoffs: string[];
}

/**
 * Nightly training of one tenant (docs/analytics.md §17.7): labelled examples at trainingCutoffs(through)
 * from the given histories (opted-out learners are never passed in); with enough of them
 * (hasEnoughHistory), the latest cutoff is held out for Platt calibration, the threshold and the
 * measured AUC, and the earlier cutoffs train the weights.
 */
export function trainTenant(histories: readonly LearnerHistory[], through: string): TenantTraining {
  const cutoffs = trainingCutoffs(through);
  const examples = buildExamples(histories, cutoffs, through);
  const positives = examples.filter((e) => e.label === 1).length;
  const base = { examples: examples.length, positives, cutoffs };
  if (!hasEnoughHistory(examples) || cutoffs.length < 2) return { model: null, auc: null, ...base };
  const latest = cutoffs[cutoffs.length - 1]!;
  const calibration = examples.filter((e) => e.cutoff === latest);
  const train = examples.filter((e) => e.cutoff !== latest);
  if (new Set(train.map((e) => e.label)).size < 2) return { model: null, auc: null, ...base };
  const model = trainDropoffModel(train, calibration);
  const measured = auc(
    calibration.map((e) => scoreExample(model, e.features).calibrated),
    calibration.map((e) => e.label),
  );
  return { model, auc: measured === null ? null : Math.round(measured * 1000) / 1000, ...base };
}
