import { GetCommand } from '../db/commands.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { achievementIndexKey, gamePartition, learnerStatsKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { evaluateCriteria } from '../domain/achievementCriteria.js';
import { levelOf } from '../domain/points.js';
import type { Subject } from '../progress/progressSubject.js';
import { ACHIEVEMENT_TIERS } from '../schemas/achievements.js';
import { definitionsOf, factsOf, statsOf, type AchievementSummary } from './learnerStats.js';
import { readStreak } from './streakService.js';

/**
 * The learner-facing gamification views (issue 6, seed 003 §7 and seed 004): totals and level, and
 * every achievement with the learner's progress toward it. Both evaluate the same criteria function
 * awarding uses (shared/domain/achievementCriteria.ts) on the same STATS item, so "progress 100" and
 * "awarded" can never disagree.
 */

/** Seed 003 `GET /api/v1/gamification/stats/:userId` data. */
export interface StatsView {
  userId: string;
  totalPoints: number;
  currentLevel: number;
  levelProgress: number;
  nextLevelPoints: number;
  currentStreak: number;
  longestStreak: number;
  streakFreezes: number;
  latestAchievement: { id: string; name: string; description: string; icon: string | null; tier: string; earnedAt: string } | null;
  pointsByRole: { learner: number; trainer: number };
  achievementsEarned: number;
  blocksCompleted: number;
  coursesCompleted: number;
}

/**
 * The learner's totals, level and streak: one GetItem of STATS in parallel with the streak read
 * (checkpoint GetItem + timeline Query), i.e. 3 requests whatever the learner's history.
 */
export async function readStatsView(tenantId: string, subject: Subject, now: Date): Promise<StatsView> {
  const [statsItem, streak] = await Promise.all([
    documentClient().send(new GetCommand({ TableName: tableName(), Key: learnerStatsKey(tenantId, subject.userId), ConsistentRead: true })).then((r) => r.Item),
    readStreak(tenantId, subject, now, 1),
  ]);
  const stats = statsOf(statsItem);
  const level = levelOf(stats.points);
  return {
    userId: subject.userId,
    totalPoints: stats.points,
    currentLevel: level.level,
    levelProgress: level.levelProgress,
    nextLevelPoints: level.nextLevelPoints,
    currentStreak: streak.currentStreak,
    longestStreak: streak.longestStreak,
    streakFreezes: streak.streakFreezes,
    latestAchievement: stats.latestAchievement,
    pointsByRole: { learner: stats.learnerPoints, trainer: stats.trainerPoints },
    achievementsEarned: Object.keys(stats.held).length,
    blocksCompleted: stats.blocksCompleted,
    coursesCompleted: stats.coursesCompleted,
  };
}

export interface AchievementProgressView {
  id: string;
  name: string;
  description: string;
  icon: string | null;
  tier: string;
  pointsValue: number;
  earnedAt: string | null;
  progress: number;
  /** `active`, or `archived` for an achievement the learner holds but the tenant no longer awards. */
  status: 'active' | 'archived';
}

export interface AchievementsView {
  userId: string;
  totalAchievements: number;
  achievementsByTier: Record<string, number>;
  achievements: AchievementProgressView[];
}

interface AwardItem {
  achievementId: string;
  title: string;
  tier: string;
  pointsValue: number;
  earnedAt: string;
}

/**
 * Every active achievement of the tenant with the learner's progress (0–100) and earned date, plus the
 * archived ones the learner holds. One BatchGetItem (INDEX, STATS) and one Query of the learner's
 * awards; the streak (2 requests) only when an unearned achievement has a streak criterion.
 */
export async function readAchievementsView(tenantId: string, subject: Subject, now: Date): Promise<AchievementsView> {
  const [found, awardItems] = await Promise.all([
    batchGetItems([achievementIndexKey(tenantId), learnerStatsKey(tenantId, subject.userId)], true),
    queryCollection(gamePartition(tenantId, subject.userId), { skPrefix: 'AWARD#', consistent: true }),
  ]);
  const definitions = definitionsOf(found.get(itemId(achievementIndexKey(tenantId))));
  const stats = statsOf(found.get(itemId(learnerStatsKey(tenantId, subject.userId))));
  const awards = new Map(awardItems.map((item) => [item.achievementId as string, item as unknown as AwardItem]));
  const needsStreak = definitions.some((d) => d.criteria.streak_days !== undefined && !awards.has(d.id));
  const longest = needsStreak ? (await readStreak(tenantId, subject, now, 1)).longestStreak : 0;
  const facts = factsOf(stats, now, longest, awards.keys());

  const active = definitions.map((d: AchievementSummary): AchievementProgressView => {
    const award = awards.get(d.id);
    return {
      id: d.id,
      name: d.title,
      description: d.description,
      icon: d.badgeImageUrl ?? null,
      tier: d.tier,
      pointsValue: d.pointsValue,
      earnedAt: award?.earnedAt ?? null,
      progress: award ? 100 : evaluateCriteria(d.criteria, facts).progress,
      status: 'active',
    };
  });
  const activeIds = new Set(definitions.map((d) => d.id));
  const archivedHeld = [...awards.values()]
    .filter((a) => !activeIds.has(a.achievementId))
    .map((a): AchievementProgressView => ({ id: a.achievementId, name: a.title, description: '', icon: null, tier: a.tier, pointsValue: a.pointsValue, earnedAt: a.earnedAt, progress: 100, status: 'archived' }));
  const achievements = [...active, ...archivedHeld].sort((a, b) => {
    // Earned first (newest first), then closest to done.
    if (a.earnedAt && b.earnedAt) return a.earnedAt < b.earnedAt ? 1 : a.earnedAt > b.earnedAt ? -1 : a.id < b.id ? -1 : 1;
    if (a.earnedAt || b.earnedAt) return a.earnedAt ? -1 : 1;
    return b.progress - a.progress || (a.id < b.id ? -1 : 1);
  });
  const achievementsByTier = Object.fromEntries(ACHIEVEMENT_TIERS.map((tier) => [tier, 0])) as Record<string, number>;
  for (const a of achievements) if (a.earnedAt) achievementsByTier[a.tier] = (achievementsByTier[a.tier] ?? 0) + 1;
  return { userId: subject.userId, totalAchievements: awards.size, achievementsByTier, achievements };
}
