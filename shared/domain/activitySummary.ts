import { percentOf } from './progression.js';

/**
 * The `summary` sentence of a progress log that is not about an exercise (exercise logs get theirs
 * from the personal-record rule in exerciseRecord.ts): it restates what was logged, in the learner's
 * own figures, and never claims anything the data does not say.
 *
 * - quiz: "Quiz scored 8/10 (80%)." with both scores, "Quiz scored 8." with the score only.
 * - with a duration: "Logged 30 minutes of reading." (minutes as given, at most 2 decimals).
 * - otherwise: "Reading logged."
 */
export function activitySummary(input: { activityType: string; durationMinutes?: number; score?: number; maxScore?: number }): string {
  if (input.activityType === 'quiz' && input.score !== undefined) {
    return input.maxScore !== undefined && input.maxScore > 0
      ? `Quiz scored ${input.score}/${input.maxScore} (${percentOf(input.score, input.maxScore)}%).`
      : `Quiz scored ${input.score}.`;
  }
  if (input.durationMinutes !== undefined) {
    const minutes = Math.round(input.durationMinutes * 100) / 100;
    return `Logged ${minutes} minute${minutes === 1 ? '' : 's'} of ${input.activityType}.`;
  }
  return `${input.activityType.charAt(0).toUpperCase()}${input.activityType.slice(1)} logged.`;
}
