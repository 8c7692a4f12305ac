import * as z from 'zod';
import * as g from '../schemas/gamification.js';
import type { RouteDefinition } from './types.js';

/**
 * Gamification (issue 6), one Lambda group. Streaks (part 4) are computed on read from the activity
 * ledger in the learner's own calendar; both seed contracts are served by shared/gamification/streakService.ts.
 * - seed 003 `GET /api/v1/gamification/streak/:userId`: the learner themself, or a trainer / org_admin
 *   of the same tenant for one of its members (403 for anyone else, 404 for a non-member);
 * - seed 004 `GET /api/analytics/streaks`: the caller's own streak.
 * Rate class `standard` (seed 003 "100 req/min (standard)", seed 004 `api: { rpm: 100 }`).
 */
const base = { group: 'gamification', auth: { kind: 'authenticated' }, rateClass: 'standard', tags: ['gamification'] } as const;

export const STREAK_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'gamification.stats',
    method: 'GET',
    path: '/api/v1/gamification/stats/{userId}',
    style: 'rest003',
    summary: 'A learner\'s points, level (levelProgress, nextLevelPoints), streak, latest achievement and pointsByRole',
    request: { params: g.streakUserParams },
    response: { status: 200, description: 'The stats', schema: z.object({ success: z.literal(true), data: g.statsData, meta: g.realtimeMeta }) },
  },
  {
    ...base,
    id: 'gamification.achievements',
    method: 'GET',
    path: '/api/v1/gamification/achievements/{userId}',
    style: 'rest003',
    summary: 'Every achievement of the tenant with the learner\'s progress (0–100) and earned date, counts by tier',
    request: { params: g.streakUserParams },
    response: { status: 200, description: 'The achievements', schema: z.object({ success: z.literal(true), data: g.achievementsViewData, meta: g.realtimeMeta }) },
  },
  {
    ...base,
    id: 'gamification.analyticsAchievements',
    method: 'GET',
    path: '/api/analytics/achievements',
    style: 'rest004',
    summary: 'The caller\'s achievements and badges (seed 004; same data as seed 003\'s achievements view)',
    response: { status: 200, description: 'The achievements', schema: z.object({ success: z.literal(true), data: g.achievementsViewData, meta: z.object({ requestId: z.string(), timestamp: z.string() }) }) },
  },
  {
    ...base,
    id: 'gamification.streak',
    method: 'GET',
    path: '/api/v1/gamification/streak/{userId}',
    style: 'rest003',
    summary: 'A learner\'s streak in their local calendar: current, longest, level, freezes, history (?days=1–90, default 30), motivation',
    request: { params: g.streakUserParams, query: g.streakQuery },
    response: { status: 200, description: 'The streak', schema: z.object({ success: z.literal(true), data: g.streakData, meta: g.realtimeMeta }) },
  },
  {
    ...base,
    id: 'gamification.analyticsStreaks',
    method: 'GET',
    path: '/api/analytics/streaks',
    style: 'rest004',
    summary: 'The caller\'s streak data (seed 004 StreakData, same rules as seed 003\'s streak)',
    request: { query: g.streakQuery },
    response: { status: 200, description: 'The streak', schema: z.object({ success: z.literal(true), data: g.streakData, meta: z.object({ requestId: z.string(), timestamp: z.string() }) }) },
  },
];
