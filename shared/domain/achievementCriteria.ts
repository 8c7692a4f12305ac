import type { AchievementCriteria } from '../schemas/achievements.js';

/**
 * Evaluation of achievement criteria against what is known about a learner (issue 6). One function
 * serves awarding, `validate_achievement` (criteria met, per criterion) and the achievements view
 * (progress 0–100), so the three can never disagree.
 *
 * - Each measurable criterion yields `met` and `progress` (0–100, whole, 100 only when met).
 * - `combine: all` → met when every criterion is met; progress = the mean of the criteria's progress.
 *   `combine: any` → met when one is met; progress = the largest.
 * - `time_limit_days`: the result is met only while `now − firstActivityAt ≤ limit` days; once the window
 *   has passed unmet, it can no longer be earned (reported as criterion `time_limit`, not met).
 * - `course_completion_threshold` with `required_courses`: every listed course at least that % complete;
 *   without them: any one course. `required_courses` alone means 100 % each.
 */
export interface LearnerFacts {
  pointsTotal: number;
  blocksCompleted: number;
  coursesCompleted: number;
  /** Course id → percent of its lessons completed (0–100). */
  courseProgress: Readonly<Record<string, number>>;
  longestStreak: number;
  /** Average engagement over completed blocks; null when none reported one. */
  averageEngagement: number | null;
  personalRecords: number;
  heldAchievements: ReadonlySet<string>;
  /** The learner's first activity (ISO); null before any. */
  firstActivityAt: string | null;
  now: Date;
}

export type CriterionName =
  | 'completion_threshold'
  | 'required_courses'
  | 'courses_completed'
  | 'streak_days'
  | 'points_total'
  | 'blocks_completed'
  | 'engagement_score'
  | 'personal_records'
  | 'achievement_id'
  | 'time_limit';

export interface CriterionResult {
  criterion: CriterionName;
  met: boolean;
  progress: number;
}

export interface CriteriaEvaluation {
  met: boolean;
  progress: number;
  criteria: CriterionResult[];
}

const ratio = (value: number, target: number) => (target <= 0 ? 100 : Math.min(100, Math.floor((Math.max(0, value) * 100) / target)));
const result = (criterion: CriterionName, value: number, target: number): CriterionResult => ({ criterion, met: value >= target, progress: value >= target ? 100 : Math.min(99, ratio(value, target)) });

/** The criteria's names a fact change can affect: awarding evaluates only definitions naming one of them. */
export function criteriaNames(criteria: AchievementCriteria): CriterionName[] {
  return evaluateCriteria(criteria, EMPTY_FACTS).criteria.map((c) => c.criterion);
}

const EMPTY_FACTS: LearnerFacts = {
  pointsTotal: 0, blocksCompleted: 0, coursesCompleted: 0, courseProgress: {}, longestStreak: 0, averageEngagement: null,
  personalRecords: 0, heldAchievements: new Set(), firstActivityAt: null, now: new Date(0),
};

export function evaluateCriteria(criteria: AchievementCriteria, facts: LearnerFacts): CriteriaEvaluation {
  const results: CriterionResult[] = [];
  const threshold = criteria.course_completion_threshold;
  if (criteria.required_courses) {
    const target = threshold ?? 100;
    const each = criteria.required_courses.map((id) => facts.courseProgress[id] ?? 0);
    const met = each.every((p) => p >= target);
    const mean = Math.floor(each.reduce((sum, p) => sum + ratio(p, target), 0) / each.length);
    results.push({ criterion: threshold !== undefined ? 'completion_threshold' : 'required_courses', met, progress: met ? 100 : Math.min(99, mean) });
  } else if (threshold !== undefined) {
    const best = Math.max(0, ...Object.values(facts.courseProgress));
    results.push(result('completion_threshold', best, threshold));
  }
  if (criteria.courses_completed !== undefined) results.push(result('courses_completed', facts.coursesCompleted, criteria.courses_completed));
  if (criteria.streak_days !== undefined) results.push(result('streak_days', facts.longestStreak, criteria.streak_days));
  if (criteria.points_total !== undefined) results.push(result('points_total', facts.pointsTotal, criteria.points_total));
  if (criteria.blocks_completed !== undefined) results.push(result('blocks_completed', facts.blocksCompleted, criteria.blocks_completed));
  if (criteria.engagement_score !== undefined) {
    const value = facts.averageEngagement ?? 0;
    results.push({ criterion: 'engagement_score', met: facts.averageEngagement !== null && value >= criteria.engagement_score, progress: facts.averageEngagement !== null && value >= criteria.engagement_score ? 100 : Math.min(99, ratio(value, criteria.engagement_score)) });
  }
  if (criteria.personal_records !== undefined) results.push(result('personal_records', facts.personalRecords, criteria.personal_records));
  if (criteria.achievement_id !== undefined) {
    const held = facts.heldAchievements.has(criteria.achievement_id);
    results.push({ criterion: 'achievement_id', met: held, progress: held ? 100 : 0 });
  }

  const any = criteria.combine === 'any';
  let met = any ? results.some((r) => r.met) : results.every((r) => r.met);
  let progress = results.length === 0 ? 0 : any ? Math.max(...results.map((r) => r.progress)) : Math.floor(results.reduce((sum, r) => sum + r.progress, 0) / results.length);
  if (!met) progress = Math.min(99, progress);
  if (criteria.time_limit_days !== undefined) {
    const started = facts.firstActivityAt ? Date.parse(facts.firstActivityAt) : facts.now.getTime();
    const within = facts.now.getTime() - started <= criteria.time_limit_days * 86_400_000;
    results.push({ criterion: 'time_limit', met: within, progress: within ? 100 : 0 });
    if (!within) {
      met = false;
      progress = 0;
    }
  }
  return { met, progress: met ? 100 : progress, criteria: results };
}
