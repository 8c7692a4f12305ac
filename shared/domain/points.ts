import type { ActivityRecord } from '../progress/activity.js';

/**
 * Points and levels (issue 6). Points come from the activity ledger, so they are awarded exactly as
 * often as the ledger records the event (once per event id) and only for first-time completions:
 *
 * | event (activity record) | points |
 * | --- | --- |
 * | a lesson, block or tutorial chapter completed for the first time (`itemCompleted`, not a quiz) | 10 |
 * | a quiz passed for the first time (`itemCompleted` with a score) | 15 |
 * | a course or tutorial completed (`contentCompleted`) | 50 |
 * | a learning session completed (`session.complete`) | 5 |
 * | a progress log (`progress.log`) | 2, +5 when it is a personal record |
 * | an achievement earned | its `points_value` |
 *
 * Level curve: level n starts at 50·n·(n−1) points (1: 0, 2: 100, 3: 300, 4: 600, 5: 1000, 6: 1500 …),
 * i.e. each level needs 100 points more than the one before.
 */
export const POINTS = {
  itemCompleted: 10,
  quizPassed: 15,
  contentCompleted: 50,
  sessionCompleted: 5,
  progressLogged: 2,
  personalRecord: 5,
} as const;

/** Points one activity record is worth (0 for progress that completes nothing). */
export function pointsForActivity(record: Pick<ActivityRecord, 'source' | 'itemCompleted' | 'contentCompleted' | 'score' | 'personalRecord'>): number {
  let points = 0;
  if (record.itemCompleted) points += record.score !== undefined ? POINTS.quizPassed : POINTS.itemCompleted;
  if (record.contentCompleted) points += POINTS.contentCompleted;
  if (record.source === 'session.complete') points += POINTS.sessionCompleted;
  if (record.source === 'progress.log') points += POINTS.progressLogged + (record.personalRecord ? POINTS.personalRecord : 0);
  return points;
}

/** Points at which `level` starts (level ≥ 1). */
export function levelThreshold(level: number): number {
  return 50 * level * (level - 1);
}

export interface LevelStanding {
  level: number;
  /** Percent of the way from this level's start to the next (whole, 0–99). */
  levelProgress: number;
  /** Points at which the next level starts. */
  nextLevelPoints: number;
}

/** The level a points total reaches, and the way to the next. */
export function levelOf(points: number): LevelStanding {
  const total = Math.max(0, Math.floor(points));
  // Largest n with 50·n·(n−1) ≤ total, from the quadratic formula, corrected for float error.
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + total / 12.5)) / 2));
  while (levelThreshold(level + 1) <= total) level++;
  while (level > 1 && levelThreshold(level) > total) level--;
  const start = levelThreshold(level);
  const next = levelThreshold(level + 1);
  return { level, levelProgress: Math.floor(((total - start) * 100) / (next - start)), nextLevelPoints: next };
}
