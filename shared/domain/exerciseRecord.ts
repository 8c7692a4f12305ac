import { compareWeights, convertWeight, formatWeight, type Weight } from './weight.js';

/**
 * Personal records (seed 004 "Log Progress": `"summary": "Personal record! Up 10lbs from last
 * session."`, `"achievements": ["new_pr"]`). A learner's history of one exercise is condensed into a
 * small record — their best weight, their best single-set reps without weight, and their latest
 * performance — kept in one item per (learner, exercise) and updated in the same transaction as each
 * log, so a record is judged against everything logged before it, exactly once.
 *
 * Rules:
 * - With a weight, the log is a personal record when it is strictly heavier than every earlier
 *   weighted log of the exercise (units compared exactly, see weight.ts).
 * - Without a weight but with reps, it is a record when its best set has strictly more reps than
 *   every earlier unweighted log's best set.
 * - The first log of an exercise (of either kind) sets the baseline and is not a record.
 * - "Last session" is the latest earlier log by its own timestamp. A back-dated log (older than the
 *   latest one) is still judged against the best, but does not replace "last" and is not compared
 *   with it.
 */
export interface ExercisePerformance {
  logId: string;
  /** When it happened (ISO instant). */
  at: string;
  weight?: Weight;
  /** Reps of each set, when logged. */
  reps?: number[];
}

export interface ExerciseHistory {
  logCount: number;
  bestWeight?: Weight;
  bestWeightLogId?: string;
  bestWeightAt?: string;
  bestReps?: number;
  bestRepsLogId?: string;
  last?: ExercisePerformance;
}

export interface ExerciseEvaluation {
  personalRecord: boolean;
  summary: string;
  history: ExerciseHistory;
}

/** Reps of each set from the seed's `sets` and `reps` (a number for every set, or one number per set). */
export function repsPerSet(sets: number | undefined, reps: number | number[] | undefined): number[] | undefined {
  if (reps === undefined) return undefined;
  if (Array.isArray(reps)) return reps;
  return Array.from({ length: sets ?? 1 }, () => reps);
}

/**
 * The key of an exercise: lower case, spaces and hyphens as `_` ("Bench Press", "bench-press" and
 * "bench_press" are one exercise); undefined unless the result is 1–64 of `a-z 0-9 _`.
 */
export function normalizeExerciseName(text: string): string | undefined {
  const name = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return /^[a-z0-9_]{1,64}$/.test(name) ? name : undefined;
}

/** "bench_press" → "bench press". */
export function exerciseLabel(exercise: string): string {
  return exercise.replace(/_/g, ' ');
}

/** A difference in the learner's unit: "Up 10lbs", "Down 2.5kg", or undefined when equal after rounding. */
function difference(current: Weight, reference: Weight): { direction: 'Up' | 'Down'; amount: string } | undefined {
  const converted = convertWeight(reference, current.unit);
  const delta = current.hundredths - converted.hundredths;
  if (delta === 0) return undefined;
  return { direction: delta > 0 ? 'Up' : 'Down', amount: formatWeight({ hundredths: Math.abs(delta), unit: current.unit }) };
}

const topSet = (reps: readonly number[]) => Math.max(...reps);

/**
 * Judges one log of `exercise` against the learner's `history` (undefined before their first log of
 * it) and returns whether it is a personal record, the summary sentence, and the history to store.
 */
export function evaluateExerciseLog(exercise: string, history: ExerciseHistory | undefined, log: ExercisePerformance): ExerciseEvaluation {
  const label = exerciseLabel(exercise);
  const before: ExerciseHistory = history ?? { logCount: 0 };
  const backDated = before.last !== undefined && log.at < before.last.at;
  const reference = backDated ? undefined : before.last;
  const next: ExerciseHistory = { ...before, logCount: before.logCount + 1, ...(backDated ? {} : { last: log }) };

  if (log.weight) {
    const weight = log.weight;
    const shown = formatWeight(weight);
    if (!before.bestWeight) {
      return {
        personalRecord: false,
        summary: `First ${label} logged at ${shown}: this is your baseline.`,
        history: { ...next, bestWeight: weight, bestWeightLogId: log.logId, bestWeightAt: log.at },
      };
    }
    const best = before.bestWeight;
    const bestShown = formatWeight(best);
    const sinceLast = reference?.weight ? difference(weight, reference.weight) : undefined;
    if (compareWeights(weight, best) > 0) {
      const overBest = difference(weight, best);
      const summary = reference?.weight
        ? `Personal record! ${sinceLast ? `${sinceLast.direction} ${sinceLast.amount} from last session.` : `Previous best was ${bestShown}.`}`
        : `Personal record! ${overBest ? `${overBest.amount} above` : 'Just above'} your previous best of ${bestShown}.`;
      return { personalRecord: true, summary, history: { ...next, bestWeight: weight, bestWeightLogId: log.logId, bestWeightAt: log.at } };
    }
    const summary = reference?.weight
      ? sinceLast
        ? `${sinceLast.direction} ${sinceLast.amount} from last session. Best: ${bestShown}.`
        : `Same weight as last session (${shown}). Best: ${bestShown}.`
      : `Logged ${label} at ${shown}. Best: ${bestShown}.`;
    return { personalRecord: false, summary, history: next };
  }

  if (log.reps && log.reps.length > 0) {
    const top = topSet(log.reps);
    if (before.bestReps === undefined) {
      return {
        personalRecord: false,
        summary: `First ${label} logged: ${top} reps in your best set. This is your baseline.`,
        history: { ...next, bestReps: top, bestRepsLogId: log.logId },
      };
    }
    const lastTop = reference && !reference.weight && reference.reps && reference.reps.length > 0 ? topSet(reference.reps) : undefined;
    if (top > before.bestReps) {
      const summary =
        lastTop !== undefined
          ? `Personal record! ${top} reps in a set, up ${top - lastTop} from last session.`
          : `Personal record! ${top} reps in a set, ${top - before.bestReps} more than your previous best.`;
      return { personalRecord: true, summary, history: { ...next, bestReps: top, bestRepsLogId: log.logId } };
    }
    return { personalRecord: false, summary: `${top} reps in your best set. Best: ${before.bestReps}.`, history: next };
  }

  return { personalRecord: false, summary: `Logged ${label}.`, history: next };
}
