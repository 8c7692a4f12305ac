import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 003 `GET /api/v1/gamification/leaderboard` request and response shapes. Fields beyond the
 * seed's (`percentile`, `anonymous`, `department`, `memberCount` on entries, `limit` in pagination,
 * `periodId` in meta) are additions, never renames. An anonymised entry's `userId` is null.
 */

export const LEADERBOARD_MAX_LIMIT = 100;
export const LEADERBOARD_DEFAULT_LIMIT = 50;
/** Pages beyond this are refused: 10 000 × 100 entries is more than any tenant's board. */
export const LEADERBOARD_MAX_PAGE = 10_000;

/** `friends` is accepted by the schema (it is in the seed) and refused by the route with a clear code. */
export const LEADERBOARD_REQUEST_TYPES = ['overall', 'learner', 'trainer', 'org', 'friends'] as const;

export const leaderboardQuery = lazySchema(() => z
  .object({
    period: z.enum(['weekly', 'monthly', 'alltime']).default('weekly'),
    type: z.enum(LEADERBOARD_REQUEST_TYPES).default('overall'),
    limit: z.coerce.number().int('Whole number').min(1, 'At least 1').max(LEADERBOARD_MAX_LIMIT, `At most ${LEADERBOARD_MAX_LIMIT}`).default(LEADERBOARD_DEFAULT_LIMIT),
    page: z.coerce.number().int('Whole number').min(1, 'Pages start at 1').max(LEADERBOARD_MAX_PAGE, `At most ${LEADERBOARD_MAX_PAGE}`).default(1),
  })
  .strict());

export const leaderboardEntry = lazySchema(() => z
  .object({
    rank: z.number().int().meta({ description: 'Competition rank: equal points share a rank, the next rank skips (1, 2, 2, 4)' }),
    userId: z.string().nullable().meta({ description: 'null for anonymised learners and for org (department) entries' }),
    displayName: z.string().meta({ description: 'Full name, "Anonymous User #n" (leaderboardPrivacy not public), or the department name (type org)' }),
    avatar: z.string(),
    points: z.number(),
    badge: z.string().nullable().meta({ description: '🏆 rank 1, 🥈 rank 2, 🥉 rank 3, otherwise null' }),
    percentile: z.number().int().meta({ description: '⌊100 × entries with strictly fewer points / ranked entries⌋' }),
    anonymous: z.boolean(),
    department: z.string().optional(),
    memberCount: z.number().int().optional().meta({ description: 'type org: members of the department who earned points in the period' }),
  })
  .meta({ id: 'LeaderboardEntry' }));

export const leaderboardData = lazySchema(() => z
  .object({
    period: z.enum(['weekly', 'monthly', 'alltime']),
    type: z.enum(['overall', 'learner', 'trainer', 'org']),
    entries: z.array(leaderboardEntry),
    currentUser: z
      .object({
        rank: z.number().int().nullable(),
        percentile: z.number().int().nullable(),
        points: z.number().nullable(),
      })
      .meta({ description: 'The caller (type org: the caller\'s department). rank and percentile are null when the caller has no entry; points is then 0, or null before the first refresh' }),
    pagination: z.object({ currentPage: z.number().int(), totalPages: z.number().int(), totalEntries: z.number().int(), limit: z.number().int() }),
  })
  .meta({ id: 'Leaderboard' }));

export const leaderboardMeta = lazySchema(() => z.object({
  calculatedAt: z.string(),
  dataSource: z.literal('materialized_view'),
  lastRefreshed: z.string().nullable().meta({ description: 'When the view was last refreshed (hourly job); null before the first refresh' }),
  periodId: z.string().meta({ description: 'W#<ISO week> (Monday 00:00 UTC start), M#<yyyy-mm> (UTC month) or ALL' }),
}));
