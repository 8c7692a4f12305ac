import { generateDropoffTenant } from '../../bin/backtest/dropoffTenant.js';
import { hashSeed, prng } from '../../bin/bench/analyticsActivity.js';
import { cutoffSeries, rollingOriginBacktest } from '../../shared/domain/dropoffBacktest.js';
import { GLOBAL_PRIOR } from '../../shared/domain/dropoffPrior.js';
import { dropoffRisk, hasEnoughHistory, modelFor } from '../../shared/domain/dropoffRisk.js';
import {
  aspectsRule,
  auc,
  buildExamples,
  calibrationTable,
  confusionAt,
  dropoffLabel,
  extractFeatures,
  FEATURES,
  scoreExample,
  sigmoid,
  trainDropoffModel,
  type DropoffModel,
  type Example,
  type FeatureVector,
  type LearnerHistory,
  type ModelDay,
} from '../../shared/domain/dropoffModel.js';

/**
 * Issue 21 acceptance (training): the drop-off model's features, label, Aspects rule, AUC and
 * calibration table against hand-computed values; a planted signal recovered; the model beats the
 * Aspects rule on a generated tenant; factors add up to the logit.
 */

function day(date: string, over: Partial<ModelDay> = {}): ModelDay {
  return { date, events: 1, topics: 1, graded: 0, passed: 0, assessments: 0, scoreSum: 0, ...over };
}

describe('features at a cutoff (hand-computed)', () => {
  // cutoff 2026-03-28; window 2026-03-01 … 2026-03-28 (back 27 … 0).
  const history: LearnerHistory = {
    userId: 'u1',
    days: [
      day('2026-02-20'), // outside the window
      day('2026-03-02'), // back 26, block 3, earlier half
      day('2026-03-03'), // back 25, block 3
      day('2026-03-04'), // back 24, block 3 → run of 3
      day('2026-03-10', { graded: 2, passed: 0 }), // back 18, block 2, 2 failures
      day('2026-03-17', { topics: 0, graded: 1, passed: 1 }), // back 11, block 1, recent, no progress
      day('2026-03-18', { topics: 0 }), // back 10, recent, no progress → run of 2
      day('2026-03-22'), // back 6, block 0, recent, progress
      day('2026-03-25', { events: 0 }), // no events: not active
    ],
  };

  it('computes every feature as documented', () => {
    expect(extractFeatures(history, '2026-03-28')).toEqual({
      daysSinceLastActivity: 6,
      // recent (back < 14): 03-17, 03-18, 03-22 = 3; earlier: 03-02, 03-03, 03-04, 03-10 = 4 → (3 − 4)/14
      activityTrend: -1 / 14,
      // 2 of the 3 recent active days completed no topic
      progressStagnation: 2 / 3,
      quizFailures: 2,
      // blocks 0, 1, 2, 3 all active
      sessionRegularity: 1,
      // longest run 3 (03-02…03-04), current run 0 (neither 03-28 nor 03-27 active)
      streakLoss: 3,
    });
  });

  it('counts the current run from the cutoff, or from the day before when the cutoff has no activity', () => {
    const h: LearnerHistory = { userId: 'u', days: [day('2026-03-25'), day('2026-03-26'), day('2026-03-27')] };
    expect(extractFeatures(h, '2026-03-28')?.streakLoss).toBe(0);
    expect(extractFeatures(h, '2026-03-28')?.daysSinceLastActivity).toBe(1);
    expect(extractFeatures(h, '2026-03-29')?.streakLoss).toBe(3); // run ended two days before
  });

  it('does not score a learner with no active day in the window', () => {
    expect(extractFeatures({ userId: 'u', days: [day('2026-02-28')] }, '2026-03-28')).toBeNull();
  });
});

describe('label boundaries', () => {
  it('includes cutoff + 14 and excludes the cutoff itself', () => {
    const h: LearnerHistory = { userId: 'u', days: [day('2026-03-01'), day('2026-03-15')] };
    // (03-01, 03-15]: 03-15 inside → 0
    expect(dropoffLabel(h, '2026-03-01', '2026-04-30')).toBe(0);
    // (03-15, 03-29]: nothing → 1
    expect(dropoffLabel(h, '2026-03-15', '2026-04-30')).toBe(1);
    // horizon end 03-29 after observedThrough 03-28 → null
    expect(dropoffLabel(h, '2026-03-15', '2026-03-28')).toBeNull();
  });
});

describe('Open edX Aspects rule', () => {
  const failing = [day('2026-03-01', { graded: 3, passed: 1 })];
  it('flags failing + enrolled + inactive 7+ days only', () => {
    expect(aspectsRule({ userId: 'u', days: failing }, '2026-03-08')).toBe(1); // 7 days
    expect(aspectsRule({ userId: 'u', days: failing }, '2026-03-07')).toBe(0); // 6 days
    expect(aspectsRule({ userId: 'u', days: failing, enrolled: false }, '2026-03-08')).toBe(0);
    // pass rate exactly 50 % is not failing
    expect(aspectsRule({ userId: 'u', days: [day('2026-03-01', { graded: 2, passed: 1 })] }, '2026-03-20')).toBe(0);
    // no graded attempt: not failing
    expect(aspectsRule({ userId: 'u', days: [day('2026-03-01')] }, '2026-03-20')).toBe(0);
  });
});

describe('evaluation figures (hand-computed)', () => {
  it('AUC counts tied scores as half', () => {
    // positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4)=1, (0.8>0.1)=1, (0.4=0.4)=½, (0.4>0.1)=1 → 3.5/4
    expect(auc([0.8, 0.4, 0.4, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
    expect(auc([0.3, 0.2], [1, 1])).toBeNull();
  });

  it('precision and recall at a threshold', () => {
    const c = confusionAt([0.9, 0.6, 0.6, 0.2, 0.1], [1, 0, 1, 1, 0], 0.6);
    expect(c).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 1 });
    expect(c.precision).toBeCloseTo(2 / 3, 12);
    expect(c.recall).toBeCloseTo(2 / 3, 12);
  });

  it('calibration table: equal-width bins, null for empty bins', () => {
    const t = calibrationTable([0.05, 0.15, 0.12, 1], [0, 1, 0, 1], 4);
    expect(t[0]).toMatchObject({ count: 3, observedRate: 1 / 3 });
    expect(t[0]!.meanPredicted).toBeCloseTo((0.05 + 0.15 + 0.12) / 3, 12);
    expect(t[1]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
    expect(t[3]).toMatchObject({ count: 1, meanPredicted: 1, observedRate: 1 });
  });
});

describe('training', () => {
  /** Features drawn independently; label ~ Bernoulli(σ(planted · standardised features)). */
  function plantedExamples(n: number): Example[] {
    const rand = prng(hashSeed('planted', 21));
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const out: Example[] = [];
    for (let i = 0; i < n; i += 1) {
      const z = FEATURES.map(() => gauss());
      // quizFailures +2.0, sessionRegularity −1.2, activityTrend −0.5, the rest 0
      const logit = -0.5 + 2.0 * z[3]! - 1.2 * z[4]! - 0.5 * z[1]!;
      const features = Object.fromEntries(FEATURES.map((f, j) => [f, 10 + 3 * z[j]!])) as FeatureVector;
      out.push({ userId: `p${i}`, cutoff: '2026-03-01', features, label: rand() < sigmoid(logit) ? 1 : 0, aspects: 0 });
    }
    return out;
  }

  it('recovers a planted signal: signs and the rank of the weights', () => {
    const model = trainDropoffModel(plantedExamples(3000));
    const w = model.weights;
    expect(w.quizFailures).toBeGreaterThan(0);
    expect(w.sessionRegularity).toBeLessThan(0);
    expect(w.activityTrend).toBeLessThan(0);
    const ranked = [...FEATURES].sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]));
    expect(ranked.slice(0, 3)).toEqual(['quizFailures', 'sessionRegularity', 'activityTrend']);
    for (const noise of ['daysSinceLastActivity', 'progressStagnation', 'streakLoss'] as const) {
      expect(Math.abs(w[noise])).toBeLessThan(0.2);
    }
  });

  it('is deterministic: the same examples give the same model, bit for bit', () => {
    const examples = plantedExamples(400);
    expect(trainDropoffModel(examples, examples.slice(0, 100))).toEqual(trainDropoffModel(examples, examples.slice(0, 100)));
  });

  it('factors add up to the logit, and the probabilities follow from it', () => {
    const model = trainDropoffModel(plantedExamples(500), plantedExamples(200));
    for (const e of plantedExamples(20)) {
      const s = scoreExample(model, e.features);
      const sum = model.intercept + s.contributions.reduce((acc, c) => acc + c.contribution, 0);
      expect(sum).toBeCloseTo(s.logit, 10);
      expect(s.probability).toBeCloseTo(1 / (1 + Math.exp(-s.logit)), 12);
      expect(s.calibrated).toBeCloseTo(1 / (1 + Math.exp(-(model.platt.a * s.logit + model.platt.b))), 12);
      // each contribution is weight × standardised value
      for (const c of s.contributions) {
        expect(c.contribution).toBeCloseTo((model.weights[c.feature] * (c.value - model.means[c.feature])) / model.sds[c.feature], 12);
      }
    }
  });

  it('scores the worked example of docs/analytics.md §17.3 (hand-computed)', () => {
    const zero = Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;
    const one = Object.fromEntries(FEATURES.map((f) => [f, 1])) as FeatureVector;
    const model: DropoffModel = {
      name: 'cairn-dropoff-logreg',
      version: 1,
      features: FEATURES,
      means: { ...zero, daysSinceLastActivity: 4, quizFailures: 1 },
      sds: { ...one, daysSinceLastActivity: 4, quizFailures: 2 },
      weights: { ...zero, daysSinceLastActivity: 1, quizFailures: 0.5 },
      intercept: -2,
      platt: { a: 1.2, b: -0.1 },
      threshold: 0.5,
      trainedOn: { examples: 0, positives: 0 },
    };
    const features: FeatureVector = { daysSinceLastActivity: 6, activityTrend: -1 / 14, progressStagnation: 2 / 3, quizFailures: 2, sessionRegularity: 1, streakLoss: 3 };
    const s = scoreExample(model, features);
    expect(s.contributions.find((c) => c.feature === 'daysSinceLastActivity')!.contribution).toBeCloseTo(0.5, 12);
    expect(s.contributions.find((c) => c.feature === 'quizFailures')!.contribution).toBeCloseTo(0.25, 12);
    expect(s.logit).toBeCloseTo(-1.25, 12);
    expect(s.probability).toBeCloseTo(0.2227, 4);
    expect(s.calibrated).toBeCloseTo(0.168, 4);
  });

  it('beats the Aspects rule on a generated tenant (AUC on later cutoffs, trained on earlier ones)', () => {
    const tenant = generateDropoffTenant({ learners: 250, days: 120, seed: 7 });
    const cutoffs = cutoffSeries(tenant.start, tenant.end, 7);
    // train on the first cutoffs whose labels end before the test cutoffs start
    const test = cutoffs.slice(-3);
    const train = cutoffs.filter((c) => c < test[0]! && cutoffs.indexOf(c) <= cutoffs.indexOf(test[0]!) - 2);
    const trainSet = buildExamples(tenant.learners, train, tenant.end);
    const testSet = buildExamples(tenant.learners, test, tenant.end);
    const model = trainDropoffModel(trainSet);
    const labels = testSet.map((e) => e.label);
    const modelAuc = auc(testSet.map((e) => scoreExample(model, e.features).logit), labels)!;
    const aspectsAuc = auc(testSet.map((e) => e.aspects), labels)!;
    expect(labels.filter((y) => y === 1).length).toBeGreaterThan(20);
    expect(modelAuc).toBeGreaterThan(aspectsAuc + 0.1);
    // the generated behaviour puts weight on more than inactivity
    expect(model.weights.daysSinceLastActivity).toBeGreaterThan(0);
    expect(model.weights.sessionRegularity).toBeLessThan(0);
  });

  it('rolling-origin back-test pools origins and compares with the Aspects rule', () => {
    const tenant = generateDropoffTenant({ learners: 120, days: 100, seed: 3 });
    const r = rollingOriginBacktest(tenant.learners, tenant.start, tenant.end);
    expect(r.origins.length).toBeGreaterThan(0);
    // pooled figures are the sum of the origins
    expect(r.examples).toBe(r.origins.reduce((s, o) => s + o.testExamples, 0));
    expect(r.model.truePositives + r.model.falseNegatives).toBe(r.positives);
    expect(r.calibration.reduce((s, b) => s + b.count, 0)).toBe(r.examples);
    expect(r.auc!).toBeGreaterThan(r.aspectsAuc!);
  });
});

describe('drop-off risk figures (docs/analytics.md §17.7)', () => {
  const zero = Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;
  const one = Object.fromEntries(FEATURES.map((f) => [f, 1])) as FeatureVector;
  // b = −1; contributions: daysSinceLastActivity 1.2·(8 − 2)/3 = 2.4, sessionRegularity −0.8·(0.25 − 0.75)/0.5 = 0.8,
  // quizFailures 0.3·(0 − 1)/1 = −0.3 → logit = −1 + 2.4 + 0.8 − 0.3 = 1.9; Platt a = 1, c = 0 → p = σ(1.9) = 0.8699
  const model: DropoffModel = {
    name: 'cairn-dropoff-logreg',
    version: 1,
    features: FEATURES,
    means: { ...zero, daysSinceLastActivity: 2, sessionRegularity: 0.75, quizFailures: 1 },
    sds: { ...one, daysSinceLastActivity: 3, sessionRegularity: 0.5 },
    weights: { ...zero, daysSinceLastActivity: 1.2, sessionRegularity: -0.8, quizFailures: 0.3 },
    intercept: -1,
    platt: { a: 1, b: 0 },
    threshold: 0.3,
    trainedOn: { examples: 0, positives: 0 },
  };
  const features: FeatureVector = { daysSinceLastActivity: 8, activityTrend: 0, progressStagnation: 0, quizFailures: 0, sessionRegularity: 0.25, streakLoss: 0 };

  it('score, level, confidence and factors come from the model', () => {
    const r = dropoffRisk(model, features);
    expect(r.logit).toBeCloseTo(1.9, 12);
    expect(r.riskScore).toBe(0.87);
    expect(r.riskLevel).toBe('high'); // 0.87 ≥ 0.3
    expect(r.confidenceScore).toBe(0.87);
    // |2.4| + |0.8| + |−0.3| = 3.5 → weights 0.69, 0.23, 0.09
    expect(r.factors.map((f) => [f.feature, f.weight, f.direction, f.impact])).toEqual([
      ['daysSinceLastActivity', 0.69, 'raises_risk', 'high'],
      ['sessionRegularity', 0.23, 'raises_risk', 'medium'],
      ['quizFailures', 0.09, 'lowers_risk', 'low'],
    ]);
    expect(r.intercept + r.factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(r.logit, 12);
    // resumed: daysSinceLastActivity 0 → −0.8; logit −1 − 0.8 + 0.8 − 0.3 = −1.3; 1 − σ(−1.3) = 0.7858
    expect(r.reengagementProbability).toBeCloseTo(0.7858, 4);
    expect(r.predictedOutcome).toEqual({
      ifNoAction: 'Likely to drop off in the next 14 days (87% probability)',
      ifActionTaken: '79% chance of staying active if learning resumes today',
    });
  });

  it('medium and low levels relative to the threshold', () => {
    // daysSinceLastActivity 2 and sessionRegularity 0.75, quizFailures 1: logit −1 → p = 0.2689 ≥ 0.15 → medium
    expect(dropoffRisk(model, { ...features, daysSinceLastActivity: 2, sessionRegularity: 0.75, quizFailures: 1 }).riskLevel).toBe('medium');
    // quizFailures 1, regularity 1, days 0: logit −1 − 0.8 − 0.4 = −2.2 → p = 0.0998 < 0.15 → low, confidence 0.9
    const low = dropoffRisk(model, { ...features, daysSinceLastActivity: 0, sessionRegularity: 1, quizFailures: 1 });
    expect(low.riskLevel).toBe('low');
    expect(low.confidenceScore).toBe(0.9);
  });

  it('a tenant without enough labelled history uses the global prior', () => {
    const ex = (n: number, pos: number) => Array.from({ length: n }, (_, i) => ({ label: (i < pos ? 1 : 0) as 0 | 1 }));
    expect(hasEnoughHistory(ex(199, 50))).toBe(false);
    expect(hasEnoughHistory(ex(200, 19))).toBe(false);
    expect(hasEnoughHistory(ex(200, 181))).toBe(false);
    expect(hasEnoughHistory(ex(200, 20))).toBe(true);
    expect(modelFor(null)).toEqual({ model: GLOBAL_PRIOR, source: 'global_prior' });
    expect(modelFor(model).source).toBe('tenant');
  });

  it('the global prior is what the back-test trains on the default generated tenant', () => {
    const tenant = generateDropoffTenant({ learners: 400, days: 150, seed: 21 });
    expect(rollingOriginBacktest(tenant.learners, tenant.start, tenant.end, { minTrainCutoffs: 1000 }).finalModel).toEqual(GLOBAL_PRIOR);
  });
});
