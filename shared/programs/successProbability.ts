import { roundToOneDecimal } from './studyPace.js';

/**
 * The learning-path validator's success probability (percent, one decimal). It is a documented
 * heuristic, not a trained model: it starts below certainty and shrinks with each risk the validator
 * measured, so a client can recompute it from the figures of the same response.
 *
 *   success_probability = round1( BASE × DIFFICULTY_FACTOR^G × PREREQUISITE_FACTOR^U × D )
 *   D = 1 / (1 + max(0, T − COMFORTABLE_WEEKS) / WEEKS_TO_HALVE)
 *
 * G = the sum over steps of `difficulty_gap` (how many levels a step sits above the learner's level
 * at that point of the path), U = the number of missing prerequisites over all steps, T =
 * `total_estimated_duration_weeks`. Each factor is below 1, so more gaps, more missing prerequisites
 * or a longer path never raise the probability; a path of T ≤ 12 weeks with no gaps and nothing
 * missing scores BASE.
 */
export const SUCCESS_MODEL = {
  base: 95,
  difficultyFactor: 0.8,
  prerequisiteFactor: 0.7,
  comfortableWeeks: 12,
  weeksToHalve: 52,
} as const;

export interface PathRisk {
  /** Sum of the steps' difficulty gaps (levels above the learner, ≥ 0). */
  difficultyGaps: number;
  /** Missing prerequisites summed over the steps. */
  missingPrerequisites: number;
  /** The path's total estimated duration in weeks. */
  totalWeeks: number;
}

/** Success probability in percent (0..95, one decimal) for a path with these risks. */
export function successProbability(risk: PathRisk): number {
  const { base, difficultyFactor, prerequisiteFactor, comfortableWeeks, weeksToHalve } = SUCCESS_MODEL;
  const durationFactor = 1 / (1 + Math.max(0, risk.totalWeeks - comfortableWeeks) / weeksToHalve);
  return roundToOneDecimal(
    base * difficultyFactor ** Math.max(0, risk.difficultyGaps) * prerequisiteFactor ** Math.max(0, risk.missingPrerequisites) * durationFactor,
  );
}
