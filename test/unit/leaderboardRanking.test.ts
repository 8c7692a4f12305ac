import fc from 'fast-check';
import { anonymousName, badgeFor, leaderboardTieKey, pageWindow, percentileOf, rankEntries, totalPagesOf } from '../../shared/domain/leaderboardRanking.js';
import { buildBoards, type LearnerListing, type SourceRow } from '../../shared/leaderboards/leaderboardBoards.js';

/**
 * Leaderboard ranking rules (issue 6 part 5), checked against a reference written straight from the
 * documented definitions: rank = 1 + entries with strictly more points; percentile = ⌊100 × entries
 * with strictly fewer points / ranked entries⌋; 0 points are not ranked; ties ordered by tie key.
 */
const candidates = fc.array(fc.record({ points: fc.integer({ min: 0, max: 60 }), tieKey: fc.string({ minLength: 1, maxLength: 6 }) }), { maxLength: 80 });

describe('leaderboard ranking', () => {
  it('gives equal points the same rank and skips the next ranks (competition ranking "1224")', () => {
    const ranked = rankEntries([
      { points: 50, tieKey: 'a' },
      { points: 40, tieKey: 'b' },
      { points: 40, tieKey: 'c' },
      { points: 10, tieKey: 'd' },
    ]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    expect(ranked.map((r) => r.position)).toEqual([1, 2, 3, 4]);
    // below: 3, 1, 1, 0 of 4 entries.
    expect(ranked.map((r) => r.percentile)).toEqual([75, 25, 25, 0]);
  });

  it('leaves out entries with 0 points', () => {
    expect(rankEntries([{ points: 0, tieKey: 'a' }, { points: 3, tieKey: 'b' }]).map((r) => r.entry.tieKey)).toEqual(['b']);
    expect(rankEntries([{ points: 0, tieKey: 'a' }])).toEqual([]);
  });

  it('matches the reference rank and percentile for every entry (property, 500 runs)', () => {
    fc.assert(
      fc.property(candidates, (input) => {
        const ranked = rankEntries(input);
        const positive = input.filter((c) => c.points > 0);
        expect(ranked).toHaveLength(positive.length);
        for (const { entry, rank, percentile } of ranked) {
          const above = positive.filter((c) => c.points > entry.points).length;
          const below = positive.filter((c) => c.points < entry.points).length;
          expect(rank).toBe(above + 1);
          expect(percentile).toBe(Math.floor((100 * below) / positive.length));
          expect(percentile).toBeGreaterThanOrEqual(0);
          expect(percentile).toBeLessThan(100);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('orders by points descending, then tie key ascending, with positions 1..n (property)', () => {
    fc.assert(
      fc.property(candidates, (input) => {
        const ranked = rankEntries(input);
        ranked.forEach((r, i) => expect(r.position).toBe(i + 1));
        for (let i = 1; i < ranked.length; i++) {
          const a = ranked[i - 1]!.entry;
          const b = ranked[i]!.entry;
          expect(a.points > b.points || (a.points === b.points && a.tieKey <= b.tieKey)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ranks the same whatever order the entries arrive in (property)', () => {
    fc.assert(
      fc.property(candidates, fc.integer(), (input, seed) => {
        const shuffled = [...input].sort((a, b) => ((a.tieKey.length * 31 + a.points + seed) % 7) - ((b.tieKey.length * 31 + b.points + seed) % 7));
        const strip = (list: ReturnType<typeof rankEntries>) => list.map((r) => [r.entry.points, r.rank, r.percentile]);
        expect(strip(rankEntries(shuffled))).toEqual(strip(rankEntries(input)));
      }),
      { numRuns: 200 },
    );
  });

  it('defines the percentile of an empty board as 0', () => {
    expect(percentileOf(0, 0)).toBe(0);
  });

  it('makes a stable tie key that differs by tenant, period and user and is not the id', () => {
    const key = leaderboardTieKey('t1', 'ALL', 'user-1');
    expect(leaderboardTieKey('t1', 'ALL', 'user-1')).toBe(key);
    expect(leaderboardTieKey('t2', 'ALL', 'user-1')).not.toBe(key);
    expect(leaderboardTieKey('t1', 'M#2026-11', 'user-1')).not.toBe(key);
    expect(leaderboardTieKey('t1', 'ALL', 'user-2')).not.toBe(key);
    expect(key).not.toContain('user-1');
  });

  it.each([
    [1, '🏆'],
    [2, '🥈'],
    [3, '🥉'],
    [4, null],
    [100, null],
  ])('gives rank %i the badge %s', (rank, badge) => {
    expect(badgeFor(rank)).toBe(badge);
  });

  it.each([
    [1, 50, 1, 50],
    [2, 50, 51, 100],
    [3, 7, 15, 21],
  ])('maps page %i of %i to positions %i–%i', (page, limit, from, to) => {
    expect(pageWindow(page, limit)).toEqual({ from, to });
  });

  it.each([
    [0, 50, 0],
    [1, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [1000, 50, 20],
  ])('counts %i entries at %i per page as %i pages', (total, limit, pages) => {
    expect(totalPagesOf(total, limit)).toBe(pages);
  });
});

describe('leaderboard boards', () => {
  const row = (userId: string, points: number, learnerPoints = points, trainerPoints = 0): SourceRow => ({ userId, points, learnerPoints, trainerPoints });
  const listing = (name: string, isPublic: boolean, department?: string): LearnerListing => ({ public: isPublic, displayName: name, avatar: null, ...(department ? { department } : {}) });

  it('numbers anonymised learners 1, 2, … in board order and keeps no id or name in their rows', () => {
    const source = [row('u-a', 30), row('u-b', 20), row('u-c', 10)];
    const listings = new Map([['u-a', listing('Ada', false)], ['u-b', listing('Bo', true)], ['u-c', listing('Cy', false)]]);
    const overall = buildBoards('t', 'ALL', source, listings).find((b) => b.type === 'overall')!;
    expect(overall.rows.map((r) => r.displayName)).toEqual([anonymousName(1), 'Bo', anonymousName(2)]);
    const serialized = JSON.stringify(overall.rows.filter((r) => r.anonymous));
    for (const secret of ['u-a', 'u-c', 'Ada', 'Cy']) expect(serialized).not.toContain(secret);
    expect(overall.rows.filter((r) => r.anonymous).every((r) => r.avatar === '/default-avatar.png')).toBe(true);
  });

  it('shows a learner without a profile anonymised', () => {
    const overall = buildBoards('t', 'ALL', [row('ghost', 5)], new Map()).find((b) => b.type === 'overall')!;
    expect(overall.rows[0]).toMatchObject({ anonymous: true, displayName: 'Anonymous User #1' });
    expect(overall.rows[0]?.userId).toBeUndefined();
  });

  it('ranks learner and trainer boards by their own points and leaves out 0', () => {
    const boards = buildBoards('t', 'ALL', [row('a', 10, 10, 0), row('b', 9, 2, 7)], new Map([['a', listing('A', true)], ['b', listing('B', true)]]));
    expect(boards.find((b) => b.type === 'learner')!.rows.map((r) => [r.userId, r.points])).toEqual([['a', 10], ['b', 2]]);
    expect(boards.find((b) => b.type === 'trainer')!.rows.map((r) => [r.userId, r.points])).toEqual([['b', 7]]);
  });

  it('ranks departments by their members\' total and gives every member their department\'s standing', () => {
    const source = [row('a', 10), row('b', 15), row('c', 20), row('d', 4)];
    const listings = new Map([['a', listing('A', true, 'Sales')], ['b', listing('B', false, 'Sales')], ['c', listing('C', true, 'Ops')], ['d', listing('D', true)]]);
    const org = buildBoards('t', 'ALL', source, listings).find((b) => b.type === 'org')!;
    expect(org.rows.map((r) => [r.displayName, r.points, r.rank, r.memberCount, r.percentile])).toEqual([
      ['Sales', 25, 1, 2, 50],
      ['Ops', 20, 2, 1, 0],
    ]);
    expect(org.rows.every((r) => r.userId === undefined)).toBe(true);
    expect(Object.fromEntries(org.userRows.map((u) => [u.userId, u.rank]))).toEqual({ a: 1, b: 1, c: 2 });
  });
});
