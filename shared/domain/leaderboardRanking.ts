import { createHash } from 'node:crypto';

/**
 * Leaderboard ranking rules (issue 6 part 5), pure so the refresh job and the tests share one
 * definition:
 * - only entries with more than 0 points are ranked;
 * - order: points descending, then the entry's tie key ascending (a stable, non-identifying key);
 * - rank: competition ranking ("1224"): 1 + the number of entries with strictly more points, so
 *   equal points share a rank and the next rank skips;
 * - percentile: ⌊100 × (entries with strictly fewer points) / (ranked entries)⌋, an integer 0–99:
 *   the share of the board you are ahead of. A board's last (or only) entry is 0;
 * - position: 1-based place in the order (unique; what page rows are keyed by).
 */

export interface RankCandidate {
  points: number;
  /** Orders entries with equal points; must not reveal who the entry is (see leaderboardTieKey). */
  tieKey: string;
}

export interface RankedEntry<T extends RankCandidate> {
  entry: T;
  position: number;
  rank: number;
  percentile: number;
}

/**
 * Ranks `candidates` by the rules above in O(n log n): one sort, then one pass over the groups of
 * equal points (entries above = where the group starts, entries below = what follows it).
 */
export function rankEntries<T extends RankCandidate>(candidates: readonly T[]): RankedEntry<T>[] {
  const ranked = candidates
    .filter((candidate) => candidate.points > 0)
    .sort((a, b) => b.points - a.points || (a.tieKey < b.tieKey ? -1 : a.tieKey > b.tieKey ? 1 : 0));
  const total = ranked.length;
  const result: RankedEntry<T>[] = [];
  for (let start = 0; start < total; ) {
    let end = start;
    while (end + 1 < total && ranked[end + 1]!.points === ranked[start]!.points) end++;
    const percentile = percentileOf(total - 1 - end, total);
    for (let i = start; i <= end; i++) result.push({ entry: ranked[i]!, position: i + 1, rank: start + 1, percentile });
    start = end + 1;
  }
  return result;
}

/** ⌊100 × below / total⌋; 0 for an empty board (nobody to be ahead of). */
export function percentileOf(below: number, total: number): number {
  return total > 0 ? Math.floor((100 * below) / total) : 0;
}

/**
 * The tie key of a learner on one (tenant, period) board: a SHA-256 of tenant, period and user id.
 * Stable (a rerun orders ties the same way, so the view is idempotent) but neither alphabetical by
 * id nor by name, so an anonymised entry's place inside a tie tells nothing about who it is.
 */
export function leaderboardTieKey(tenantId: string, period: string, userId: string): string {
  return createHash('sha256').update(`${tenantId}\u0000${period}\u0000${userId}`).digest('hex');
}

/** The badge of the top three ranks (seed 003 shows 🏆 for 1st and 🥈 for 2nd); none below. */
export function badgeFor(rank: number): string | null {
  if (rank === 1) return '🏆';
  if (rank === 2) return '🥈';
  if (rank === 3) return '🥉';
  return null;
}

/** The name an anonymised entry shows: numbered 1, 2, … in board order within one board of one generation. */
export function anonymousName(n: number): string {
  return `Anonymous User #${n}`;
}

/** The avatar every anonymised entry (and every entry without an avatar) shows. */
export const DEFAULT_AVATAR = '/default-avatar.png';

/** The positions (1-based, inclusive) page `page` of size `limit` covers. */
export function pageWindow(page: number, limit: number): { from: number; to: number } {
  const from = (page - 1) * limit + 1;
  return { from, to: from + limit - 1 };
}

/** Pages a board of `totalEntries` has at `limit` per page (0 for an empty board). */
export function totalPagesOf(totalEntries: number, limit: number): number {
  return Math.ceil(totalEntries / limit);
}
