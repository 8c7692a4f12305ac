/**
 * Skill levels of seed 004 (`SkillLevel`) in ascending order. A course's target level may not be
 * below its current level; equal is allowed (deepening or maintaining a level).
 */
export const SKILL_LEVELS = ['beginner', 'intermediate', 'advanced', 'expert'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

/** Whether `target` is at or above `current`: the order rule every create and edit enforces. */
export function isTargetReachable(current: SkillLevel, target: SkillLevel): boolean {
  return SKILL_LEVELS.indexOf(target) >= SKILL_LEVELS.indexOf(current);
}

/**
 * The levels a stored target may have when only the current level changes: used as an `IN` list in
 * the update's condition expression, so the order rule holds without reading the course first.
 */
export function levelsAtOrAbove(level: SkillLevel): SkillLevel[] {
  return SKILL_LEVELS.slice(SKILL_LEVELS.indexOf(level));
}

/** The levels a stored current level may have when only the target changes (see levelsAtOrAbove). */
export function levelsAtOrBelow(level: SkillLevel): SkillLevel[] {
  return SKILL_LEVELS.slice(0, SKILL_LEVELS.indexOf(level) + 1);
}
