import { formatWeight, weightIncrement, type Weight } from './weight.js';

/**
 * The progression rule behind seed 004's `next_recommendations` ("Try 140lbs next session" after
 * 135lbs × [8, 7, 6]). It is classic linear progression, judged on the weakest set of the log:
 *
 * | logged | recommendation |
 * | --- | --- |
 * | weight, every set ≥ 5 reps | add one increment (5 lbs / 2.5 kg): "Try 140lbs next session" |
 * | weight, weakest set 3–4 reps | repeat the weight: "Stay at 135lbs next session and aim for 5+ reps in every set" |
 * | weight, weakest set 0–2 reps | deload 10 %, rounded down to a whole increment: "Drop to 120lbs next session and build back up" (repeat the weight if that would be 0) |
 * | weight, no reps | "Repeat 135lbs next session and log your reps per set" (the rule needs reps) |
 * | reps without weight | one more rep on the weakest set: "Aim for 7+ reps in every set next session" |
 * | quiz with score and max_score | ≥ 80 %: "Scored 90%: move on to the next module"; below: "Scored 60%: review the material and retake the quiz (aim for 80%)" |
 * | anything else | null: no rule applies, nothing is made up |
 */
export const PROGRESSION_RULE = {
  /** Every set at least this many reps → add weight. */
  repsToProgress: 5,
  /** Weakest set at least this many (but below repsToProgress) → hold the weight; below → deload. */
  repsToHold: 3,
  /** Deload: this share of the weight is kept (90 %). */
  deloadKeepTenths: 9,
  /** Quiz accuracy (percent) to move on. */
  quizPassPercent: 80,
} as const;

export interface ProgressionInput {
  activityType: string;
  weight?: Weight;
  reps?: number[];
  score?: number;
  maxScore?: number;
}

/** A percentage with at most one decimal (87.5), as metrics.accuracy and the quiz advice show it. */
export function percentOf(score: number, maxScore: number): number {
  return Math.round((score / maxScore) * 1000) / 10;
}

/** The next-session advice for one log under the rule above; null when no rule applies. */
export function nextRecommendation(input: ProgressionInput): string | null {
  if (input.activityType === 'exercise') {
    const reps = input.reps && input.reps.length > 0 ? input.reps : undefined;
    if (input.weight) {
      const weight = input.weight;
      if (!reps) return `Repeat ${formatWeight(weight)} next session and log your reps per set`;
      const weakest = Math.min(...reps);
      const step = weightIncrement(weight.unit).hundredths;
      if (weakest >= PROGRESSION_RULE.repsToProgress) return `Try ${formatWeight({ hundredths: weight.hundredths + step, unit: weight.unit })} next session`;
      const hold = `Stay at ${formatWeight(weight)} next session and aim for ${PROGRESSION_RULE.repsToProgress}+ reps in every set`;
      if (weakest >= PROGRESSION_RULE.repsToHold) return hold;
      const deloaded = Math.floor((weight.hundredths * PROGRESSION_RULE.deloadKeepTenths) / 10 / step) * step;
      if (deloaded <= 0) return hold;
      return `Drop to ${formatWeight({ hundredths: deloaded, unit: weight.unit })} next session and build back up`;
    }
    if (reps) return `Aim for ${Math.min(...reps) + 1}+ reps in every set next session`;
    return null;
  }
  if (input.activityType === 'quiz' && input.score !== undefined && input.maxScore !== undefined && input.maxScore > 0) {
    const percent = percentOf(input.score, input.maxScore);
    return percent >= PROGRESSION_RULE.quizPassPercent
      ? `Scored ${percent}%: move on to the next module`
      : `Scored ${percent}%: review the material and retake the quiz (aim for ${PROGRESSION_RULE.quizPassPercent}%)`;
  }
  return null;
}
