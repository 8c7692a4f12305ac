import type { Difficulty } from '../catalog/course.js';
import { difficultyOfRank, difficultyRank, learnerLevel } from './learnerLevel.js';
import { estimatedWeeks } from './studyPace.js';
import { successProbability } from './successProbability.js';

/**
 * The learning-path validator's rules (seed 000 §6), pure: the service loads the learner's
 * completions, pace and the steps' content, and this module decides everything else. Steps are
 * processed in `sequence` order; after each step its courses count as completed for the steps after
 * it (its prerequisites become met, the learner's level may rise).
 *
 * - prerequisites_met: every prerequisite of the step is completed by the learner, taught by an
 *   earlier step, or — inside a program — taught by a course of the same program with a lower
 *   sequence_order. A course's prerequisites are its catalog prerequisites; a program's are its own
 *   prerequisites plus, per assigned course, the assignment's prerequisites and the course's catalog
 *   prerequisites.
 * - difficulty_gap = max(0, rank(step difficulty) − rank(learner level at that point)), ranks
 *   beginner 1 / intermediate 2 / advanced 3; difficulty_appropriate ⇔ gap = 0. The level follows
 *   learnerLevel.ts over the completions plus the courses of earlier steps.
 * - estimated_duration_weeks: the step's content minutes (a program: the sum of its courses) at the
 *   learner's weekly pace (studyPace.ts); the total is the path's minutes at that pace.
 * - path_valid ⇔ every step has its prerequisites met and an appropriate difficulty.
 * - success_probability: successProbability.ts over the gaps, missing prerequisites and total weeks.
 */

/** A step longer than this (weeks at the learner's pace) gets the "split it up" recommendation. */
export const LONG_STEP_WEEKS = 6;

/** One catalog course as the path sees it: a unit of learning with its own requirements. */
export interface PathUnit {
  courseId: string;
  title: string;
  difficulty: Difficulty;
  durationMinutes: number;
  /** Course ids needed before this unit (catalog prerequisites, plus assignment prerequisites in a program). */
  requires: readonly string[];
}

/** A step of the proposed path with its content resolved. */
export interface PathStep {
  sequence: number;
  contentType: 'course' | 'program';
  contentId: string;
  title: string;
  /** The course's difficulty, or the program's difficulty_level. */
  difficulty: Difficulty;
  /** Requirements of the step as a whole (a program's prerequisites); empty for a course. */
  requires: readonly string[];
  /** The courses the step teaches, in their order (one for a course step). */
  units: readonly PathUnit[];
}

export interface PathLearner {
  /** Completed course id → that course's difficulty. */
  completed: ReadonlyMap<string, Difficulty>;
  weeklyMinutes: number;
}

export interface StepEvaluation {
  sequence: number;
  contentType: 'course' | 'program';
  contentId: string;
  title: string;
  difficulty: Difficulty;
  learnerLevel: Difficulty;
  prerequisitesMet: boolean;
  missingPrerequisites: string[];
  difficultyAppropriate: boolean;
  difficultyGap: number;
  estimatedDurationWeeks: number;
  recommendations: string[];
}

export interface PathEvaluation {
  pathValid: boolean;
  learnerLevel: Difficulty;
  weeklyMinutes: number;
  steps: StepEvaluation[];
  totalEstimatedDurationWeeks: number;
  successProbability: number;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/**
 * Evaluates a proposed path for a learner (rules in the module comment). `titles` names courses in
 * recommendations where their title is known (besides the path's own courses); others are named by id.
 */
export function evaluateLearningPath(steps: readonly PathStep[], learner: PathLearner, titles: ReadonlyMap<string, string> = new Map()): PathEvaluation {
  const ordered = [...steps].sort((a, b) => a.sequence - b.sequence);
  const knownTitles = new Map(titles);
  for (const step of ordered) for (const unit of step.units) knownTitles.set(unit.courseId, unit.title);
  const name = (courseId: string) => (knownTitles.has(courseId) ? `"${knownTitles.get(courseId)}" (${courseId})` : courseId);
  // Where each course is first taught in the path, so a missing prerequisite placed later can be moved.
  const taughtAt = new Map<string, number>();
  for (const step of ordered) for (const unit of step.units) if (!taughtAt.has(unit.courseId)) taughtAt.set(unit.courseId, step.sequence);

  const known = new Map<string, Difficulty>(learner.completed);
  const covered = new Set<string>();
  const startLevel = learnerLevel([...known.values()]);
  let totalMinutes = 0;
  const evaluations: StepEvaluation[] = [];

  for (const step of ordered) {
    const level = learnerLevel([...known.values()]);
    const gap = Math.max(0, difficultyRank(step.difficulty) - difficultyRank(level));
    const isMet = (courseId: string, inside: ReadonlySet<string>) => learner.completed.has(courseId) || covered.has(courseId) || inside.has(courseId);

    const missing: string[] = [];
    const addMissing = (courseId: string) => {
      if (!missing.includes(courseId)) missing.push(courseId);
    };
    for (const courseId of step.requires) if (!isMet(courseId, new Set())) addMissing(courseId);
    const inside = new Set<string>();
    for (const unit of step.units) {
      for (const courseId of unit.requires) if (!isMet(courseId, inside)) addMissing(courseId);
      inside.add(unit.courseId);
    }

    const minutes = step.units.reduce((sum, unit) => sum + unit.durationMinutes, 0);
    totalMinutes += minutes;
    const weeks = estimatedWeeks(minutes, learner.weeklyMinutes);

    const recommendations: string[] = [];
    for (const courseId of missing) {
      const later = taughtAt.get(courseId);
      recommendations.push(
        later !== undefined && later > step.sequence
          ? `Move ${name(courseId)} (sequence ${later}) before sequence ${step.sequence}: this step requires it.`
          : `Add the prerequisite course ${name(courseId)} before sequence ${step.sequence}.`,
      );
    }
    if (gap > 0) {
      const bridge = difficultyOfRank(difficultyRank(step.difficulty) - 1);
      recommendations.push(
        `"${step.title}" is ${step.difficulty} but your level at this point of the path is ${level}: add ${article(bridge)} course before sequence ${step.sequence} as an intermediate step.`,
      );
    }
    if (weeks > LONG_STEP_WEEKS) {
      recommendations.push(
        `This step takes about ${weeks} weeks at your pace (${learner.weeklyMinutes} minutes a week): split it into smaller milestones and add a practice project between them.`,
      );
    }
    if (step.units.length > 0 && step.units.every((unit) => learner.completed.has(unit.courseId))) {
      recommendations.push(`You have already completed ${step.contentType === 'course' ? `"${step.title}"` : `every course of "${step.title}"`}: consider removing this step.`);
    }

    evaluations.push({
      sequence: step.sequence,
      contentType: step.contentType,
      contentId: step.contentId,
      title: step.title,
      difficulty: step.difficulty,
      learnerLevel: level,
      prerequisitesMet: missing.length === 0,
      missingPrerequisites: missing,
      difficultyAppropriate: gap === 0,
      difficultyGap: gap,
      estimatedDurationWeeks: weeks,
      recommendations,
    });
    for (const unit of step.units) {
      covered.add(unit.courseId);
      if (!known.has(unit.courseId)) known.set(unit.courseId, unit.difficulty);
    }
  }

  const totalEstimatedDurationWeeks = estimatedWeeks(totalMinutes, learner.weeklyMinutes);
  return {
    pathValid: evaluations.every((step) => step.prerequisitesMet && step.difficultyAppropriate),
    learnerLevel: startLevel,
    weeklyMinutes: learner.weeklyMinutes,
    steps: evaluations,
    totalEstimatedDurationWeeks,
    successProbability: successProbability({
      difficultyGaps: evaluations.reduce((sum, step) => sum + step.difficultyGap, 0),
      missingPrerequisites: evaluations.reduce((sum, step) => sum + step.missingPrerequisites.length, 0),
      totalWeeks: totalEstimatedDurationWeeks,
    }),
  };
}
