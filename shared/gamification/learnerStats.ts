import type { LearnerFacts } from '../domain/achievementCriteria.js';
import type { AchievementCriteria } from '../schemas/achievements.js';

/**
 * A learner's running gamification totals (issue 6): the `STATS` item of their `GAME` partition. Every
 * progress write that changes one of them updates it in the same transaction as its activity record,
 * with ADD for counters (concurrent writers never lose one) and SET for facts that only one writer at a
 * time can change (a course's percentage is serialized by the learner's course summary version).
 * Awarding evaluates criteria on these figures, so no write reads the ledger to judge an achievement.
 */
export interface LearnerStats {
  exists: boolean;
  /** All points: activity points plus achievement points. */
  points: number;
  /** `pointsByRole`: points earned as a learner (own progress, own achievements) and as a trainer. */
  learnerPoints: number;
  trainerPoints: number;
  /** Lessons, blocks and tutorial chapters completed for the first time (quizzes excluded). */
  blocksCompleted: number;
  /** Courses and tutorials completed. */
  coursesCompleted: number;
  personalRecords: number;
  /** Engagement scores reported with completed blocks: sum and count, for the average. */
  engagementSum: number;
  engagementCount: number;
  /** Course id → percent of its lessons completed (whole, 0–100). */
  courseProgress: Record<string, number>;
  /** Achievement id → earned at (ISO). */
  held: Record<string, string>;
  latestAchievement: LatestAchievement | null;
  firstActivityAt: string | null;
  /** The learner's local date of their latest write that evaluated streak achievements. */
  lastActiveDate: string | null;
  /** The longest streak awarding has seen (kept for evaluations that do not re-read the streak). */
  longestStreak: number;
  /** Bumped by every STATS change: the guard for facts that are not counters (engagement average, best course). */
  version: number;
}

export interface LatestAchievement {
  id: string;
  name: string;
  description: string;
  icon: string | null;
  tier: string;
  earnedAt: string;
}

/** One active definition as the tenant's `INDEX` item carries it (attribute `d_<id>`). */
export interface AchievementSummary {
  id: string;
  title: string;
  description: string;
  badgeImageUrl?: string;
  pointsValue: number;
  tier: string;
  achievementType: string;
  criteria: AchievementCriteria;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const record = <T>(value: unknown): Record<string, T> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, T>) : {});

/** The STATS item (or its absence) as totals; absent means a learner with nothing yet. */
export function statsOf(item: Record<string, unknown> | undefined): LearnerStats {
  return {
    exists: item !== undefined,
    points: num(item?.points),
    learnerPoints: num(item?.learnerPoints),
    trainerPoints: num(item?.trainerPoints),
    blocksCompleted: num(item?.blocksCompleted),
    coursesCompleted: num(item?.coursesCompleted),
    personalRecords: num(item?.personalRecords),
    engagementSum: num(item?.engagementSum),
    engagementCount: num(item?.engagementCount),
    courseProgress: record<number>(item?.courseProgress),
    held: record<string>(item?.held),
    latestAchievement: (item?.latestAchievement as LatestAchievement | undefined) ?? null,
    firstActivityAt: typeof item?.firstActivityAt === 'string' ? item.firstActivityAt : null,
    lastActiveDate: typeof item?.lastActiveDate === 'string' ? item.lastActiveDate : null,
    longestStreak: num(item?.longestStreak),
    version: num(item?.version),
  };
}

/** The tenant's active definitions from its INDEX item (absent: none). */
export function definitionsOf(indexItem: Record<string, unknown> | undefined): AchievementSummary[] {
  if (!indexItem) return [];
  return Object.entries(indexItem)
    .filter(([name]) => name.startsWith('d_'))
    .map(([, value]) => value as AchievementSummary)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The facts criteria are evaluated on (shared/domain/achievementCriteria.ts), from the totals. */
export function factsOf(stats: LearnerStats, now: Date, longestStreak = stats.longestStreak, extraHeld: Iterable<string> = []): LearnerFacts {
  return {
    pointsTotal: stats.points,
    blocksCompleted: stats.blocksCompleted,
    coursesCompleted: stats.coursesCompleted,
    courseProgress: stats.courseProgress,
    longestStreak: Math.max(longestStreak, stats.longestStreak),
    averageEngagement: stats.engagementCount > 0 ? stats.engagementSum / stats.engagementCount : null,
    personalRecords: stats.personalRecords,
    heldAchievements: new Set([...Object.keys(stats.held), ...extraHeld]),
    firstActivityAt: stats.firstActivityAt,
    now,
  };
}
