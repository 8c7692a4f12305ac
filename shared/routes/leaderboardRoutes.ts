import * as z from 'zod';
import * as s from '../schemas/leaderboards.js';
import type { RouteDefinition } from './types.js';

/**
 * Leaderboards (issue 6 part 5), seed 003 `GET /api/v1/gamification/leaderboard`: served from the
 * materialised view the hourly refresh job writes (shared/leaderboards/leaderboardRefresh.ts), so a
 * call costs at most 3 DynamoDB reads whatever the number of learners. Any member of the tenant reads
 * their tenant's boards; rate class `standard` (seed 003 "100 req/min").
 */
export const LEADERBOARD_ROUTES: RouteDefinition[] = [
  {
    id: 'leaderboards.get',
    method: 'GET',
    path: '/api/v1/gamification/leaderboard',
    group: 'leaderboards',
    auth: { kind: 'authenticated' },
    rateClass: 'standard',
    style: 'rest003',
    tags: ['gamification'],
    summary: 'A page of the tenant\'s weekly / monthly / all-time leaderboard (overall, learner, trainer, org) and the caller\'s rank and percentile',
    request: { query: s.leaderboardQuery },
    response: { status: 200, description: 'The leaderboard page', schema: z.object({ success: z.literal(true), data: s.leaderboardData, meta: s.leaderboardMeta }) },
  },
];
