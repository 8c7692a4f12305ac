import * as z from 'zod';
import { STREAK_HISTORY_MAX_DAYS } from '../domain/streak.js';
import { STREAK_ACTIVITY_TYPES } from '../domain/streakDay.js';
import { STREAK_LEVELS } from '../domain/streakLevel.js';
import { userIdSchema } from './tutorialProgress.js';
import { lazySchema } from './lazySchema.js';

/**
 * Gamification request and response shapes (issue 6): seed 003 `GET /api/v1/gamification/streak/:userId`
 * and seed 004 `GET /api/analytics/streaks` share one StreakData object (camelCase, as both seeds
 * write it). Fields beyond the seed's are additions, never renames.
 */

/** Default number of history days a streak response lists. */
export const STREAK_HISTORY_DEFAULT_DAYS = 30;

export const streakUserParams = lazySchema(() => z.object({ userId: userIdSchema }).strict());

/** `days`: how many days of `streakHistory` to return, ending today (1–90, default 30). */
export const streakQuery = lazySchema(() => z
  .object({ days: z.coerce.number().int('Whole days').min(1, 'At least 1 day').max(STREAK_HISTORY_MAX_DAYS, `At most ${STREAK_HISTORY_MAX_DAYS} days`).default(STREAK_HISTORY_DEFAULT_DAYS) })
  .strict());

export const streakHistoryEntry = lazySchema(() => z.object({
  date: z.string().meta({ description: 'Local date (yyyy-mm-dd) in the learner\'s calendar' }),
  activityType: z.enum(STREAK_ACTIVITY_TYPES).nullable().meta({ description: 'What kept the day (highest-ranked activity); null for frozen and missed days' }),
  maintained: z.boolean().meta({ description: 'The day kept the streak: qualifying activity or a freeze' }),
  status: z.enum(['active', 'frozen', 'missed']).meta({ description: 'active, covered by a freeze, or missed' }),
}));

export const streakData = lazySchema(() => z
  .object({
    userId: z.string(),
    currentStreak: z.number().int(),
    longestStreak: z.number().int(),
    streakLevel: z.enum(STREAK_LEVELS.map((tier) => tier.level) as [string, ...string[]]),
    streakFreezes: z.number().int(),
    streakHistory: z.array(streakHistoryEntry).meta({ description: 'Newest first, from the learner\'s first qualifying day on' }),
    motivation: z.string(),
    today: z.string().meta({ description: 'The date the streak is judged on (the learner\'s local today)' }),
    timeZone: z.string(),
    todayActive: z.boolean(),
    lastActiveDate: z.string().nullable(),
    maxStreakFreezes: z.number().int(),
    activeDaysToNextFreeze: z.number().int().nullable().meta({ description: 'Consecutive qualifying days until the next freeze; null while the cap is held' }),
  })
  .meta({ id: 'StreakData' }));

export const realtimeMeta = lazySchema(() => z.object({ calculatedAt: z.string(), dataSource: z.literal('realtime') }));

export const statsData = lazySchema(() => z
  .object({
    userId: z.string(),
    totalPoints: z.number().int(),
    currentLevel: z.number().int(),
    levelProgress: z.number().int().meta({ description: 'Percent of the way from this level\'s start to the next (0–99)' }),
    nextLevelPoints: z.number().int().meta({ description: 'Points at which the next level starts (level n starts at 50·n·(n−1))' }),
    currentStreak: z.number().int(),
    longestStreak: z.number().int(),
    streakFreezes: z.number().int(),
    latestAchievement: z.object({ id: z.string(), name: z.string(), description: z.string(), icon: z.string().nullable(), tier: z.string(), earnedAt: z.string() }).nullable(),
    pointsByRole: z.object({ learner: z.number().int(), trainer: z.number().int() }),
    achievementsEarned: z.number().int(),
    blocksCompleted: z.number().int(),
    coursesCompleted: z.number().int(),
  })
  .meta({ id: 'GamificationStats' }));

export const achievementsViewData = lazySchema(() => z
  .object({
    userId: z.string(),
    totalAchievements: z.number().int(),
    achievementsByTier: z.record(z.string(), z.number().int()),
    achievements: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        icon: z.string().nullable(),
        tier: z.string(),
        pointsValue: z.number(),
        earnedAt: z.string().nullable(),
        progress: z.number().int().meta({ description: '0–100 from the same criteria awarding uses; 100 only when earned' }),
        status: z.enum(['active', 'archived']),
      }),
    ),
  })
  .meta({ id: 'GamificationAchievements' }));
