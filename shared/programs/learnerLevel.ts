import { DIFFICULTIES, type Difficulty } from '../catalog/course.js';

/**
 * A learner's level, derived from the difficulties of the catalog courses they have completed. The
 * learning-path validator compares it with each step's difficulty, so the rule lives here once.
 *
 * Rule: the level is the highest difficulty among the completed courses (beginner with none), raised
 * one step (at most to advanced) once the learner has completed at least `LEVEL_UP_COMPLETIONS`
 * courses of that highest difficulty. So: nothing → beginner; one beginner course → beginner; two
 * beginner courses → intermediate; one intermediate course → intermediate; two → advanced. Adding a
 * completion never lowers the level.
 */
export const LEVEL_UP_COMPLETIONS = 2;

/** 1 = beginner, 2 = intermediate, 3 = advanced: the order gaps are measured in. */
export function difficultyRank(difficulty: Difficulty): number {
  return DIFFICULTIES.indexOf(difficulty) + 1;
}

/** The difficulty of a rank, clamped into beginner..advanced. */
export function difficultyOfRank(rank: number): Difficulty {
  const index = Math.min(DIFFICULTIES.length, Math.max(1, Math.round(rank))) - 1;
  return DIFFICULTIES[index] as Difficulty;
}

/**
 * The level a learner is at, given the difficulty of every distinct course they completed (see the
 * rule above). Callers pass one entry per course, so a course recorded twice cannot promote anyone.
 */
export function learnerLevel(completedDifficulties: readonly Difficulty[]): Difficulty {
  if (completedDifficulties.length === 0) return 'beginner';
  const ranks = completedDifficulties.map(difficultyRank);
  const top = Math.max(...ranks);
  const atTop = ranks.filter((rank) => rank === top).length;
  return difficultyOfRank(atTop >= LEVEL_UP_COMPLETIONS ? top + 1 : top);
}
