import { addDays, daysBetween } from './localDate.js';
import {
  auc,
  buildExamples,
  calibrationTable,
  confusionAt,
  DEFAULT_TRAIN,
  LABEL_DAYS,
  scoreExample,
  trainDropoffModel,
  WINDOW_DAYS,
  type CalibrationBin,
  type Confusion,
  type DropoffModel,
  type LearnerHistory,
  type TrainOptions,
} from './dropoffModel.js';

/**
 * Rolling-origin evaluation of the drop-off model (docs/analytics.md §17.6): cutoffs every `step`
 * days from start + 28; for each origin (test cutoff) T from the `minTrainCutoffs`-th on, the model
 * is trained only on examples whose labels are fully observed by T (cutoff + 14 ≤ T): the latest of
 * those cutoffs is held out for Platt calibration and the threshold, the earlier ones train the
 * weights; it is then scored on the learners eligible at T, labelled with the 14 days after T.
 * Predictions of every origin are pooled for AUC, precision/recall and the calibration table; the
 * Aspects rule is scored on the same examples.
 */

export interface OriginResult {
  cutoff: string;
  trainExamples: number;
  testExamples: number;
  positives: number;
  auc: number | null;
  aspectsAuc: number | null;
}

export interface BacktestResult {
  origins: OriginResult[];
  examples: number;
  positives: number;
  auc: number | null;
  aspectsAuc: number | null;
  /** AUC of daysSinceLastActivity alone as the score (an inactivity-only baseline). */
  inactivityAuc: number | null;
  /** Model flags (calibrated probability ≥ the origin model's threshold), pooled. */
  model: Omit<Confusion, 'threshold'> & { thresholds: number[] };
  aspects: Omit<Confusion, 'threshold'>;
  calibration: CalibrationBin[];
  /** The model trained on every labelled cutoff (what the nightly pipeline would store). */
  finalModel: DropoffModel | null;
}

export function cutoffSeries(start: string, end: string, step: number): string[] {
  const out: string[] = [];
  for (let c = addDays(start, WINDOW_DAYS - 1); daysBetween(c, end) >= LABEL_DAYS; c = addDays(c, step)) out.push(c);
  return out;
}

export function rollingOriginBacktest(
  histories: readonly LearnerHistory[],
  start: string,
  end: string,
  options: { step?: number; minTrainCutoffs?: number; train?: TrainOptions } = {},
): BacktestResult {
  const step = options.step ?? 7;
  const minTrain = options.minTrainCutoffs ?? 3;
  const cutoffs = cutoffSeries(start, end, step);
  const all = buildExamples(histories, cutoffs, end);
  const byCutoff = new Map<string, typeof all>();
  for (const e of all) byCutoff.set(e.cutoff, [...(byCutoff.get(e.cutoff) ?? []), e]);
  const origins: OriginResult[] = [];
  const probs: number[] = [];
  const flags: number[] = [];
  const aspects: number[] = [];
  const inactivity: number[] = [];
  const labels: number[] = [];
  const thresholds: number[] = [];
  for (const test of cutoffs) {
    const usable = cutoffs.filter((c) => daysBetween(c, test) >= LABEL_DAYS);
    if (usable.length < minTrain) continue;
    const calibrationCutoff = usable[usable.length - 1]!;
    const train = usable.slice(0, -1).flatMap((c) => byCutoff.get(c) ?? []);
    const calibration = byCutoff.get(calibrationCutoff) ?? [];
    const testSet = byCutoff.get(test) ?? [];
    if (train.length === 0 || testSet.length === 0) continue;
    const model = trainDropoffModel(train, calibration, options.train ?? DEFAULT_TRAIN);
    thresholds.push(model.threshold);
    const p = testSet.map((e) => scoreExample(model, e.features).calibrated);
    const y = testSet.map((e) => e.label);
    const a = testSet.map((e) => e.aspects);
    origins.push({
      cutoff: test,
      trainExamples: train.length,
      testExamples: testSet.length,
      positives: y.filter((v) => v === 1).length,
      auc: auc(p, y),
      aspectsAuc: auc(a, y),
    });
    p.forEach((v, i) => {
      probs.push(v);
      flags.push(v >= model.threshold ? 1 : 0);
      aspects.push(a[i]!);
      inactivity.push(testSet[i]!.features.daysSinceLastActivity);
      labels.push(y[i]!);
    });
  }
  const { threshold: _m, ...modelConfusion } = confusionAt(flags, labels, 1);
  const { threshold: _a, ...aspectsConfusion } = confusionAt(aspects, labels, 1);
  const labelled = cutoffs.filter((c) => daysBetween(c, end) >= LABEL_DAYS);
  const finalModel =
    labelled.length >= 2
      ? trainDropoffModel(
          labelled.slice(0, -1).flatMap((c) => byCutoff.get(c) ?? []),
          byCutoff.get(labelled[labelled.length - 1]!) ?? [],
          options.train ?? DEFAULT_TRAIN,
        )
      : null;
  return {
    origins,
    examples: labels.length,
    positives: labels.filter((v) => v === 1).length,
    auc: auc(probs, labels),
    aspectsAuc: auc(aspects, labels),
    inactivityAuc: auc(inactivity, labels),
    model: { ...modelConfusion, thresholds },
    aspects: aspectsConfusion,
    calibration: calibrationTable(probs, labels),
    finalModel,
  };
}
