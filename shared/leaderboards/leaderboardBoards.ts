import { DEFAULT_AVATAR, anonymousName, badgeFor, leaderboardTieKey, rankEntries } from '../domain/leaderboardRanking.js';

/**
 * What one refresh materialises for one (tenant, period): four boards built from the period's point
 * sources and the learners' profiles as they are at refresh time.
 * - `overall` ranks learners by all their points, `learner` by points earned as a learner, `trainer`
 *   by points earned as a trainer;
 * - `org` ranks the tenant's departments (the member's `department`) by the sum of their members'
 *   points in the period; learners without a department count for no department. Its `currentUser`
 *   is the caller's department.
 * `friends` is not materialised: Cairn has no friend graph (the route answers 400).
 */
export const LEADERBOARD_TYPES = ['overall', 'learner', 'trainer', 'org'] as const;
export type LeaderboardType = (typeof LEADERBOARD_TYPES)[number];

/** A learner's points in the period, as the source item holds them. */
export interface SourceRow {
  userId: string;
  points: number;
  learnerPoints: number;
  trainerPoints: number;
}

/** What a board may show about a learner; `public` false means shown anonymised. */
export interface LearnerListing {
  public: boolean;
  displayName: string;
  avatar: string | null;
  department?: string;
}

/**
 * A page row exactly as stored and served. An anonymised row has no `userId` and its name is only
 * "Anonymous User #n": nothing in it identifies the learner.
 */
export interface PageRow {
  position: number;
  rank: number;
  percentile: number;
  points: number;
  badge: string | null;
  displayName: string;
  avatar: string;
  anonymous: boolean;
  userId?: string;
  /** `org` rows: the department and how many of its members earned points in the period. */
  department?: string;
  memberCount?: number;
}

/** The caller's standing on a board (for `org`: their department's). */
export interface UserRow {
  userId: string;
  rank: number;
  percentile: number;
  points: number;
}

export interface Board {
  type: LeaderboardType;
  rows: PageRow[];
  userRows: UserRow[];
}

const POINTS_OF: Record<Exclude<LeaderboardType, 'org'>, (row: SourceRow) => number> = {
  overall: (row) => row.points,
  learner: (row) => row.learnerPoints,
  trainer: (row) => row.trainerPoints,
};

/**
 * Builds the four boards. A learner with no listing (profile gone) is shown anonymised. Anonymous
 * numbers count anonymised rows in board order, per board, so they depend on the ranking only and
 * never on the id; a rerun on the same data numbers them the same.
 */
export function buildBoards(tenantId: string, period: string, source: readonly SourceRow[], listings: ReadonlyMap<string, LearnerListing>): Board[] {
  const learnerBoards = (['overall', 'learner', 'trainer'] as const).map((type): Board => {
    const ranked = rankEntries(source.map((row) => ({ row, points: POINTS_OF[type](row), tieKey: leaderboardTieKey(tenantId, period, row.userId) })));
    let anonymous = 0;
    const rows = ranked.map(({ entry, position, rank, percentile }): PageRow => {
      const listing = listings.get(entry.row.userId);
      const base = { position, rank, percentile, points: entry.points, badge: badgeFor(rank) };
      if (!listing?.public) return { ...base, displayName: anonymousName(++anonymous), avatar: DEFAULT_AVATAR, anonymous: true };
      return { ...base, userId: entry.row.userId, displayName: listing.displayName, avatar: listing.avatar ?? DEFAULT_AVATAR, anonymous: false };
    });
    const userRows = ranked.map(({ entry, rank, percentile }) => ({ userId: entry.row.userId, rank, percentile, points: entry.points }));
    return { type, rows, userRows };
  });
  return [...learnerBoards, departmentBoard(source, listings)];
}

/** The `org` board: departments by their active members' total points; tie order by department name. */
function departmentBoard(source: readonly SourceRow[], listings: ReadonlyMap<string, LearnerListing>): Board {
  const departments = new Map<string, { points: number; members: string[] }>();
  for (const row of source) {
    const department = listings.get(row.userId)?.department;
    if (!department || row.points <= 0) continue;
    const entry = departments.get(department) ?? { points: 0, members: [] };
    entry.points += row.points;
    entry.members.push(row.userId);
    departments.set(department, entry);
  }
  const ranked = rankEntries([...departments].map(([name, entry]) => ({ name, members: entry.members, points: entry.points, tieKey: name })));
  const rows = ranked.map(({ entry, position, rank, percentile }): PageRow => ({
    position,
    rank,
    percentile,
    points: entry.points,
    badge: badgeFor(rank),
    displayName: entry.name,
    avatar: DEFAULT_AVATAR,
    anonymous: false,
    department: entry.name,
    memberCount: entry.members.length,
  }));
  const userRows = ranked.flatMap(({ entry, rank, percentile }) => entry.members.map((userId) => ({ userId, rank, percentile, points: entry.points })));
  return { type: 'org', rows, userRows };
}
