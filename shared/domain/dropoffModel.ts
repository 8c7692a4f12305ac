import { addDays, daysBetween } from './localDate.js';

/**
 * The drop-off model (issue 21, docs/analytics.md §17): features from learner-day aggregates, a
 * logistic regression trained by plain batch gradient descent with L2 (deterministic: zero start,
 * fixed step and iteration count, examples in a fixed order), Platt calibration on held-out
 * examples, per-feature contributions that add up to the logit, AUC and the Open edX Aspects rule.
 * Pure: no I/O, no clock, no randomness.
 */

/** The fields of a learner-day aggregate (shared/domain/dailyAggregates.ts LearnerDay) the model reads. */
export interface ModelDay {
  date: string;
  events: number;
  topics: number;
  graded: number;
  passed: number;
  assessments: number;
  scoreSum: number;
}

/** Label horizon: the learner "dropped off" when no active day falls in (cutoff, cutoff + 14]. */
export const LABEL_DAYS = 14;
/** Look-back window of every feature, in days ending at the cutoff (inclusive). */
export const WINDOW_DAYS = 28;
/** A learner is scored at a cutoff only with at least one active day in the window. */
export const ELIGIBLE_DAYS = WINDOW_DAYS;
/** The Aspects rule's inactivity threshold and "failing" threshold (pass rate of graded attempts). */
export const ASPECTS_INACTIVE_DAYS = 7;
export const ASPECTS_FAILING_PASS_RATE = 0.5;

export const FEATURES = [
  'daysSinceLastActivity',
  'activityTrend',
  'progressStagnation',
  'quizFailures',
  'sessionRegularity',
  'streakLoss',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Record<FeatureName, number>;

/** Human labels for `factors[].factor` (seed 003 §6). */
export const FEATURE_LABELS: Record<FeatureName, string> = {
  daysSinceLastActivity: 'Days since last activity',
  activityTrend: 'Activity trend (last 14 days vs the 14 before)',
  progressStagnation: 'Active days without progress',
  quizFailures: 'Failed quiz attempts',
  sessionRegularity: 'Session regularity (weeks active)',
  streakLoss: 'Streak lost',
};

export interface LearnerHistory {
  userId: string;
  /** Learner-day aggregates, any order; days with no events may be omitted. */
  days: readonly ModelDay[];
  /** Whether the learner still holds an unfinished enrollment at the cutoff (Aspects "still enrolled"). */
  enrolled?: boolean;
}

interface DayIndex {
  /** day offset (cutoff − date, 0 = the cutoff) → day; only days with events > 0. */
  active: Map<number, ModelDay>;
}

function indexAt(history: LearnerHistory, cutoff: string, lookback: number): DayIndex {
  const active = new Map<number, ModelDay>();
  for (const day of history.days) {
    if (day.events <= 0) continue;
    const back = daysBetween(day.date, cutoff);
    if (back < 0 || back >= lookback) continue;
    active.set(back, day);
  }
  return { active };
}

/**
 * Features at a cutoff date (inclusive), from the days in [cutoff − 27, cutoff]; null when the
 * learner has no active day in that window (not scored: nothing to drop off from).
 * - daysSinceLastActivity: cutoff − latest active date (0…27).
 * - activityTrend: (active days in the last 14 − active days in the 14 before) / 14, in [−1, 1].
 * - progressStagnation: share of the active days of the last 14 with no topic completed; 0 when none.
 * - quizFailures: failed graded attempts (graded − passed) in the window.
 * - sessionRegularity: 7-day blocks of the window (4) with at least one active day, divided by 4.
 * - streakLoss: longest run of consecutive active days in the window minus the current run (the run
 *   ending at the cutoff, or at the day before when the cutoff itself has no activity).
 */
export function extractFeatures(history: LearnerHistory, cutoff: string): FeatureVector | null {
  const { active } = indexAt(history, cutoff, WINDOW_DAYS);
  if (active.size === 0) return null;
  const backs = [...active.keys()];
  const daysSinceLastActivity = Math.min(...backs);
  let recent = 0;
  let earlier = 0;
  let recentNoProgress = 0;
  let failures = 0;
  const blocks = new Set<number>();
  for (const [back, day] of active) {
    if (back < 14) {
      recent += 1;
      if (day.topics <= 0) recentNoProgress += 1;
    } else earlier += 1;
    failures += Math.max(0, day.graded - day.passed);
    blocks.add(Math.floor(back / 7));
  }
  let longest = 0;
  let run = 0;
  for (let back = WINDOW_DAYS - 1; back >= 0; back -= 1) {
    run = active.has(back) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  let current = 0;
  for (let back = active.has(0) ? 0 : 1; active.has(back); back += 1) current += 1;
  return {
    daysSinceLastActivity,
    activityTrend: (recent - earlier) / 14,
    progressStagnation: recent === 0 ? 0 : recentNoProgress / recent,
    quizFailures: failures,
    sessionRegularity: blocks.size / 4,
    streakLoss: longest - current,
  };
}

/** 1 when the learner has no active day in (cutoff, cutoff + 14]; null when those days are not all observed (cutoff + 14 > observedThrough). */
export function dropoffLabel(history: LearnerHistory, cutoff: string, observedThrough: string): 0 | 1 | null {
  const horizonEnd = addDays(cutoff, LABEL_DAYS);
  if (horizonEnd > observedThrough) return null;
  for (const day of history.days) {
    if (day.events > 0 && day.date > cutoff && day.date <= horizonEnd) return 0;
  }
  return 1;
}

/**
 * The Open edX Aspects at-risk rule at a cutoff: failing (pass rate of all graded attempts up to the
 * cutoff below 50 %; a learner with no graded attempt is not failing), still enrolled, and inactive
 * for 7+ days (daysSinceLastActivity ≥ 7). 1 = flagged.
 */
export function aspectsRule(history: LearnerHistory, cutoff: string): 0 | 1 {
  let graded = 0;
  let passed = 0;
  let last: string | undefined;
  for (const day of history.days) {
    if (day.date > cutoff) continue;
    graded += day.graded;
    passed += day.passed;
    if (day.events > 0 && (last === undefined || day.date > last)) last = day.date;
  }
  const failing = graded > 0 && passed / graded < ASPECTS_FAILING_PASS_RATE;
  const enrolled = history.enrolled ?? true;
  const inactive = last === undefined || daysBetween(last, cutoff) >= ASPECTS_INACTIVE_DAYS;
  return failing && enrolled && inactive ? 1 : 0;
}

export interface Example {
  userId: string;
  cutoff: string;
  features: FeatureVector;
  label: 0 | 1;
  aspects: 0 | 1;
}

/** Every scored, labelled (learner, cutoff) pair, in input order. */
export function buildExamples(histories: readonly LearnerHistory[], cutoffs: readonly string[], observedThrough: string): Example[] {
  const out: Example[] = [];
  for (const cutoff of cutoffs) {
    for (const history of histories) {
      const features = extractFeatures(history, cutoff);
      if (!features) continue;
      const label = dropoffLabel(history, cutoff, observedThrough);
      if (label === null) continue;
      out.push({ userId: history.userId, cutoff, features, label, aspects: aspectsRule(history, cutoff) });
    }
  }
  return out;
}

// ---------- logistic regression ----------

export interface TrainOptions {
  /** L2 penalty λ on the standardised weights (not the intercept); loss = mean log-loss + λ/2·Σw². */
  l2: number;
  learningRate: number;
  iterations: number;
}

export const DEFAULT_TRAIN: TrainOptions = { l2: 0.01, learningRate: 0.5, iterations: 600 };

export interface DropoffModel {
  name: 'cairn-dropoff-logreg';
  version: 1;
  features: readonly FeatureName[];
  /** Training means and standard deviations (population; a constant feature gets sd 1). */
  means: FeatureVector;
  sds: FeatureVector;
  /** Weights on the standardised features, and the intercept, in logit units. */
  weights: FeatureVector;
  intercept: number;
  /** Platt calibration p = σ(a·logit + b), fitted on held-out examples (a = 1, b = 0 when none). */
  platt: { a: number; b: number };
  /** Decision threshold on the calibrated probability (max F1 on the calibration examples; 0.5 when none). */
  threshold: number;
  trainedOn: { examples: number; positives: number };
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function standardiser(examples: readonly Example[]): { means: FeatureVector; sds: FeatureVector } {
  const means = {} as FeatureVector;
  const sds = {} as FeatureVector;
  const n = examples.length;
  for (const f of FEATURES) {
    let sum = 0;
    for (const e of examples) sum += e.features[f];
    const mean = n === 0 ? 0 : sum / n;
    let sq = 0;
    for (const e of examples) sq += (e.features[f] - mean) ** 2;
    const sd = n === 0 ? 0 : Math.sqrt(sq / n);
    means[f] = mean;
    sds[f] = sd > 1e-12 ? sd : 1;
  }
  return { means, sds };
}

/**
 * Batch gradient descent on mean log-loss + λ/2·Σw² over standardised features, starting from zero:
 * w ← w − η·(Xᵀ(p − y)/n + λw), b ← b − η·Σ(p − y)/n. Same input → same model, bit for bit.
 */
export function fitLogistic(rows: readonly number[][], labels: readonly number[], options: TrainOptions): { weights: number[]; intercept: number } {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  const w = new Array<number>(k).fill(0);
  let b = 0;
  if (n === 0) return { weights: w, intercept: 0 };
  const grad = new Array<number>(k);
  for (let it = 0; it < options.iterations; it += 1) {
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i += 1) {
      const x = rows[i]!;
      let z = b;
      for (let j = 0; j < k; j += 1) z += w[j]! * x[j]!;
      const r = sigmoid(z) - labels[i]!;
      gb += r;
      for (let j = 0; j < k; j += 1) grad[j]! += r * x[j]!;
    }
    for (let j = 0; j < k; j += 1) w[j] = w[j]! - options.learningRate * (grad[j]! / n + options.l2 * w[j]!);
    b -= options.learningRate * (gb / n);
  }
  return { weights: w, intercept: b };
}

function standardRow(model: Pick<DropoffModel, 'means' | 'sds'>, features: FeatureVector): number[] {
  return FEATURES.map((f) => (features[f] - model.means[f]) / model.sds[f]);
}

/** Platt scaling: a one-feature logistic regression of the labels on the model's logits (no penalty). */
export function fitPlatt(logits: readonly number[], labels: readonly number[]): { a: number; b: number } {
  if (logits.length === 0 || new Set(labels).size < 2) return { a: 1, b: 0 };
  const fit = fitLogistic(logits.map((z) => [z]), labels, { l2: 0, learningRate: 0.5, iterations: 800 });
  return { a: fit.weights[0]!, b: fit.intercept };
}

/**
 * Train on `train`, calibrate (Platt) and choose the threshold on `calibration` (examples whose
 * cutoffs come after the training cutoffs). With no calibration examples: a = 1, b = 0, threshold 0.5.
 */
export function trainDropoffModel(train: readonly Example[], calibration: readonly Example[] = [], options: TrainOptions = DEFAULT_TRAIN): DropoffModel {
  const { means, sds } = standardiser(train);
  const base = { means, sds };
  const fit = fitLogistic(
    train.map((e) => standardRow(base, e.features)),
    train.map((e) => e.label),
    options,
  );
  const weights = Object.fromEntries(FEATURES.map((f, j) => [f, fit.weights[j]!])) as FeatureVector;
  const model: DropoffModel = {
    name: 'cairn-dropoff-logreg',
    version: 1,
    features: FEATURES,
    means,
    sds,
    weights,
    intercept: fit.intercept,
    platt: { a: 1, b: 0 },
    threshold: 0.5,
    trainedOn: { examples: train.length, positives: train.filter((e) => e.label === 1).length },
  };
  if (calibration.length > 0) {
    const logits = calibration.map((e) => scoreExample(model, e.features).logit);
    const labels = calibration.map((e) => e.label);
    model.platt = fitPlatt(logits, labels);
    const probs = logits.map((z) => sigmoid(model.platt.a * z + model.platt.b));
    model.threshold = bestF1Threshold(probs, labels);
  }
  return model;
}

export interface Contribution {
  feature: FeatureName;
  value: number;
  /** weight × standardised value, in logit units; intercept + Σ contributions = logit. */
  contribution: number;
}

export interface Score {
  logit: number;
  /** σ(logit): the uncalibrated model probability. */
  probability: number;
  /** σ(a·logit + b): the calibrated probability of dropping off. */
  calibrated: number;
  contributions: Contribution[];
}

export function scoreExample(model: DropoffModel, features: FeatureVector): Score {
  const row = standardRow(model, features);
  const contributions = FEATURES.map((feature, j) => ({ feature, value: features[feature], contribution: model.weights[feature] * row[j]! }));
  let logit = model.intercept;
  for (const c of contributions) logit += c.contribution;
  return {
    logit,
    probability: sigmoid(logit),
    calibrated: sigmoid(model.platt.a * logit + model.platt.b),
    contributions,
  };
}

// ---------- evaluation ----------

/** ROC-AUC by the Mann–Whitney statistic with tied scores given half credit; null without both classes. */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  const order = scores.map((s, i) => ({ s, y: labels[i]! })).sort((p, q) => p.s - q.s);
  let pos = 0;
  let neg = 0;
  for (const o of order) if (o.y === 1) pos += 1;
  neg = order.length - pos;
  if (pos === 0 || neg === 0) return null;
  let rankSumPos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.s === order[i]!.s) j += 1;
    const midRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t += 1) if (order[t]!.y === 1) rankSumPos += midRank;
    i = j + 1;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface Confusion {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** null when nothing was flagged / no positives. */
  precision: number | null;
  recall: number | null;
  accuracy: number | null;
}

/** Flag = score ≥ threshold. */
export function confusionAt(scores: readonly number[], labels: readonly number[], threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  scores.forEach((s, i) => {
    const flagged = s >= threshold;
    if (labels[i] === 1) {
      if (flagged) tp += 1;
      else fn += 1;
    } else if (flagged) fp += 1;
    else tn += 1;
  });
  const n = tp + fp + fn + tn;
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    accuracy: n === 0 ? null : (tp + tn) / n,
  };
}

/** The threshold among the distinct scores that maximises F1 (ties: the higher threshold); 0.5 when no positives. */
export function bestF1Threshold(scores: readonly number[], labels: readonly number[]): number {
  const positives = labels.filter((y) => y === 1).length;
  if (positives === 0) return 0.5;
  let best = 0.5;
  let bestF1 = -1;
  for (const t of [...new Set(scores)].sort((p, q) => p - q)) {
    const c = confusionAt(scores, labels, t);
    const f1 = c.truePositives === 0 ? 0 : (2 * c.truePositives) / (2 * c.truePositives + c.falsePositives + c.falseNegatives);
    if (f1 >= bestF1) {
      bestF1 = f1;
      best = t;
    }
  }
  return best;
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  /** Mean predicted probability and observed drop-off rate in the bin; null when the bin is empty. */
  meanPredicted: number | null;
  observedRate: number | null;
}

/** Equal-width bins of the predicted probability: [k/b, (k+1)/b), the last closed at 1. */
export function calibrationTable(probabilities: readonly number[], labels: readonly number[], bins = 10): CalibrationBin[] {
  const table = Array.from({ length: bins }, (_, k) => ({ from: k / bins, to: (k + 1) / bins, count: 0, sumP: 0, sumY: 0 }));
  probabilities.forEach((p, i) => {
    const k = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    const bin = table[k]!;
    bin.count += 1;
    bin.sumP += p;
    bin.sumY += labels[i]!;
  });
  return table.map((b) => ({
    from: b.from,
    to: b.to,
    count: b.count,
    meanPredicted: b.count === 0 ? null : b.sumP / b.count,
    observedRate: b.count === 0 ? null : b.sumY / b.count,
  }));
}
