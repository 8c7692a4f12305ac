import { GetCommand } from '../../shared/db/commands.js';
import { createHash, randomUUID } from 'node:crypto';
import { createLeaderboardHandler } from '../../lambdas/leaderboards/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { leaderboardPointerKey } from '../../shared/db/keys.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import { periodId } from '../../shared/domain/leaderboardPeriod.js';
import { runLeaderboardRefreshJob } from '../../shared/jobs/leaderboardRefreshJob.js';
import { listTenants } from '../../shared/jobs/tenantDirectory.js';
import { refreshLeaderboard } from '../../shared/leaderboards/leaderboardRefresh.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { periodPointsItem, profileItem, putAll, putOrganization, type PeriodPoints, type ProfileFixture } from '../support/leaderboard.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Leaderboards (issue 6 part 5, seed 003 GET /api/v1/gamification/leaderboard) over 320 learners:
 * the source items the awarding code writes and the profiles are stored directly, the refresh job
 * materialises the view, and every page of every board is compared with a reference computed here
 * from the documented rules (rank = 1 + learners with strictly more points; percentile =
 * ⌊100 × learners with strictly fewer points / ranked learners⌋; 0 points unranked; ties ordered by
 * SHA-256(tenant, period, user); anonymised learners numbered in board order).
 */
const NOW = Date.parse('2026-11-25T12:00:00Z'); // Wednesday of ISO week 2026-W48
const REFRESHED_AT = new Date(NOW - 10 * 60_000);
const PERIODS = { weekly: periodId('weekly', new Date(NOW)), monthly: periodId('monthly', new Date(NOW)), alltime: 'ALL' } as const;
type PeriodName = keyof typeof PERIODS;
type BoardType = 'overall' | 'learner' | 'trainer' | 'org';
const TYPES: BoardType[] = ['overall', 'learner', 'trainer', 'org'];
const DEPARTMENTS = ['Sales', 'Ops', 'Research', 'Support'];
const BADGES: Record<number, string> = { 1: '🏆', 2: '🥈', 3: '🥉' };

const unlimited = { standard: { limit: null, windowSeconds: 60 } };
const call = httpClient(ROUTES, { leaderboards: createLeaderboardHandler({ now: () => NOW, rateClasses: unlimited }) });
/** As deployed: the `standard` limiter is on (one UpdateItem per call). */
const limitedCall = httpClient(ROUTES, { leaderboards: createLeaderboardHandler({ now: () => NOW }) });

/** A small deterministic generator, so a failure can be reproduced. */
function prng(seed: number) {
  let state = seed >>> 0;
  return (max: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % (max + 1));
  };
}

interface Learner {
  userId: string;
  profile?: ProfileFixture;
  points: Partial<Record<PeriodName, PeriodPoints>>;
}

/** 320 learners: a third each public / anonymous / private, every 17th without a profile, departments or none, many ties, some without points. */
function makeTenant(tenantId: string, count: number, seed: number): Learner[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i): Learner => {
    const userId = randomUUID();
    const privacy = (['public', 'anonymous', 'private'] as const)[i % 3]!;
    const department = i % 5 === 4 ? undefined : DEPARTMENTS[i % 4];
    const profile: ProfileFixture | undefined =
      i % 17 === 0 ? undefined : { userId, fullName: `Kim ${randomUUID().slice(0, 8)}`, privacy, tenantId, ...(department ? { department } : {}), ...(i % 2 === 0 ? { avatarUrl: `https://cdn.example.test/${i}.png` } : {}) };
    const weekLearner = random(30);
    const weekTrainer = i % 4 === 0 ? random(10) : 0;
    const weekly = { points: weekLearner + weekTrainer, learnerPoints: weekLearner, trainerPoints: weekTrainer };
    const monthExtra = random(40);
    const monthly = { points: weekly.points + monthExtra, learnerPoints: weekly.learnerPoints + monthExtra, trainerPoints: weekly.trainerPoints };
    const allExtra = random(100);
    const bonus = i % 4 === 0 ? 1 : 0;
    const alltime = { points: monthly.points + allExtra + bonus, learnerPoints: monthly.learnerPoints + allExtra, trainerPoints: monthly.trainerPoints + bonus };
    return { userId, ...(profile ? { profile } : {}), points: i % 11 === 0 ? { alltime } : { weekly, monthly, alltime } };
  });
}

async function store(tenantId: string, learners: Learner[]): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (const learner of learners) {
    if (learner.profile) items.push(profileItem(learner.profile));
    for (const [name, points] of Object.entries(learner.points) as [PeriodName, PeriodPoints][]) items.push(periodPointsItem(tenantId, learner.userId, PERIODS[name], points));
  }
  await putAll(items);
}

interface ExpectedEntry {
  rank: number;
  percentile: number;
  points: number;
  userId: string | null;
  displayName: string;
  avatar: string;
  members?: string[];
}

const tieKey = (tenantId: string, period: string, userId: string) => createHash('sha256').update(`${tenantId}\u0000${period}\u0000${userId}`).digest('hex');

/** The board as the documented rules define it, computed from the fixture alone. */
function reference(tenantId: string, learners: Learner[], period: PeriodName, type: BoardType): ExpectedEntry[] {
  const valueOf = (l: Learner) => {
    const p = l.points[period];
    if (!p) return 0;
    return type === 'learner' ? p.learnerPoints : type === 'trainer' ? p.trainerPoints : p.points;
  };
  const withRanks = <T extends { value: number }>(list: T[]) =>
    list.map((item) => ({
      item,
      rank: 1 + list.filter((other) => other.value > item.value).length,
      percentile: Math.floor((100 * list.filter((other) => other.value < item.value).length) / list.length),
    }));
  if (type === 'org') {
    const totals = new Map<string, { value: number; members: string[] }>();
    for (const l of learners) {
      const department = l.profile?.department;
      const value = l.points[period]?.points ?? 0;
      if (!department || value <= 0) continue;
      const entry = totals.get(department) ?? { value: 0, members: [] };
      entry.value += value;
      entry.members.push(l.userId);
      totals.set(department, entry);
    }
    const list = [...totals].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
    return withRanks(list).map(({ item, rank, percentile }) => ({ rank, percentile, points: item.value, userId: null, displayName: item.name, avatar: '/default-avatar.png', members: item.members }));
  }
  const list = learners
    .map((l) => ({ l, value: valueOf(l), tie: tieKey(tenantId, PERIODS[period], l.userId) }))
    .filter((x) => x.value > 0)
    .sort((a, b) => b.value - a.value || (a.tie < b.tie ? -1 : 1));
  let anonymous = 0;
  return withRanks(list).map(({ item, rank, percentile }) => {
    const visible = item.l.profile?.privacy === 'public';
    return {
      rank,
      percentile,
      points: item.value,
      userId: visible ? item.l.userId : null,
      displayName: visible ? item.l.profile!.fullName : `Anonymous User #${++anonymous}`,
      avatar: visible ? (item.l.profile!.avatarUrl ?? '/default-avatar.png') : '/default-avatar.png',
      members: [item.l.userId],
    };
  });
}

const tenantA = uniqueTenant('lb');
const learnersA = makeTenant(tenantA, 320, 4242);
const tenantB = uniqueTenant('lb');
const learnersB = makeTenant(tenantB, 12, 7);
const tokenOf = (tenantId: string, userId: string) => tokenFor({ userId, tenantId, roles: ['learner'] });
const board = (token: string, query: string) => call({ method: 'GET', path: `/api/v1/gamification/leaderboard${query}`, token });

beforeAll(async () => {
  await Promise.all([store(tenantA, learnersA), store(tenantB, learnersB)]);
  await runLeaderboardRefreshJob(REFRESHED_AT, [tenantA, tenantB]);
}, 120_000);

describe('leaderboard ranks and percentiles (320 learners, seed 003 GET /api/v1/gamification/leaderboard)', () => {
  const viewer = learnersA[1]!;
  it.each((Object.keys(PERIODS) as PeriodName[]).flatMap((period) => TYPES.map((type) => [period, type] as const)))('serves the %s %s board exactly as the reference ranks it, page by page', async (period, type) => {
    const expected = reference(tenantA, learnersA, period, type);
    expect(expected.length).toBeGreaterThan(type === 'org' ? 2 : 40);
    const pages = Math.ceil(expected.length / 100);
    const entries: unknown[] = [];
    for (let page = 1; page <= pages; page++) {
      const response = await board(tokenOf(tenantA, viewer.userId), `?period=${period}&type=${type}&limit=100&page=${page}`);
      expect(response.status).toBe(200);
      expect(response.body.data.pagination).toEqual({ currentPage: page, totalPages: pages, totalEntries: expected.length, limit: 100 });
      expect(response.body.data).toMatchObject({ period, type });
      expect(response.body.meta).toMatchObject({ dataSource: 'materialized_view', lastRefreshed: REFRESHED_AT.toISOString(), periodId: PERIODS[period] });
      entries.push(...response.body.data.entries);
    }
    expect(entries).toEqual(
      expected.map((e) => ({
        rank: e.rank,
        userId: e.userId,
        displayName: e.displayName,
        avatar: e.avatar,
        points: e.points,
        badge: BADGES[e.rank] ?? null,
        percentile: e.percentile,
        anonymous: type !== 'org' && e.userId === null,
        ...(type === 'org' ? { department: e.displayName, memberCount: e.members!.length } : {}),
      })),
    );
  });

  it.each((Object.keys(PERIODS) as PeriodName[]).flatMap((period) => TYPES.map((type) => [period, type] as const)))('gives sampled learners their own %s %s standing as currentUser', async (period, type) => {
    const expected = reference(tenantA, learnersA, period, type);
    for (const learner of learnersA.filter((_, i) => i % 16 === 3 || i % 33 === 0)) {
      const mine = expected.find((e) => e.members?.includes(learner.userId));
      const response = await board(tokenOf(tenantA, learner.userId), `?period=${period}&type=${type}&limit=1`);
      expect(response.status).toBe(200);
      expect(response.body.data.currentUser).toEqual(mine ? { rank: mine.rank, percentile: mine.percentile, points: mine.points } : { rank: null, percentile: null, points: 0 });
    }
  });

  it('has a learner without points this week and no rank (points 0, rank and percentile null)', async () => {
    const idle = learnersA[0]!; // every 11th learner has points only in all-time
    const response = await board(tokenOf(tenantA, idle.userId), '?period=weekly');
    expect(response.body.data.currentUser).toEqual({ rank: null, percentile: null, points: 0 });
  });

  it('never puts an anonymised learner\'s id or name anywhere in any response', async () => {
    const hidden = learnersA.filter((l) => l.profile?.privacy !== 'public');
    const secrets = hidden.flatMap((l) => [l.userId, ...(l.profile ? [l.profile.fullName] : [])]);
    expect(secrets.length).toBeGreaterThan(200);
    const bodies: string[] = [];
    for (const period of Object.keys(PERIODS)) {
      for (const type of TYPES) {
        for (let page = 1; page <= 4; page++) bodies.push((await board(tokenOf(tenantA, learnersA[1]!.userId), `?period=${period}&type=${type}&limit=100&page=${page}`)).rawBody ?? '');
      }
    }
    const all = bodies.join('\n');
    expect(all).toContain('Anonymous User #');
    for (const secret of secrets) expect(all).not.toContain(secret);
    // The public ones are there, so the search itself can find names and ids.
    const shown = learnersA.find((l) => l.profile?.privacy === 'public' && (l.points.alltime?.points ?? 0) > 0)!;
    expect(all).toContain(shown.userId);
    expect(all).toContain(shown.profile!.fullName);
  });

  it('stores no user id or name in the page rows of anonymised learners', async () => {
    const pointer = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: leaderboardPointerKey(tenantA, 'ALL') }))).Item!;
    const { queryCollection } = await import('../../shared/db/queryCollection.js');
    const rows = await queryCollection(`T#${tenantA}#LB#ALL#G#${pointer.generation as string}`, { skPrefix: 'overall#R#' });
    const anonymousRows = JSON.stringify(rows.filter((row) => row.anonymous === true));
    expect(rows.filter((row) => row.anonymous === true).length).toBeGreaterThan(100);
    for (const l of learnersA.filter((x) => x.profile?.privacy !== 'public')) {
      expect(anonymousRows).not.toContain(l.userId);
      if (l.profile) expect(anonymousRows).not.toContain(l.profile.fullName);
    }
  });
});

describe('leaderboard pages and limits', () => {
  const viewer = learnersA[2]!;
  const token = () => tokenOf(tenantA, viewer.userId);

  it('defaults to the weekly overall board, 50 entries, page 1', async () => {
    const expected = reference(tenantA, learnersA, 'weekly', 'overall');
    const response = await board(token(), '');
    expect(response.body.data).toMatchObject({ period: 'weekly', type: 'overall' });
    expect(response.body.data.entries).toHaveLength(50);
    expect(response.body.data.pagination).toEqual({ currentPage: 1, totalPages: Math.ceil(expected.length / 50), totalEntries: expected.length, limit: 50 });
  });

  it('returns the positions of page 3 at limit 7 (15–21)', async () => {
    const expected = reference(tenantA, learnersA, 'monthly', 'overall');
    const response = await board(token(), '?period=monthly&limit=7&page=3');
    expect(response.body.data.entries.map((e: { points: number; rank: number }) => [e.rank, e.points])).toEqual(expected.slice(14, 21).map((e) => [e.rank, e.points]));
  });

  it('returns a short last page and an empty page past the end', async () => {
    const expected = reference(tenantA, learnersA, 'alltime', 'overall');
    const last = Math.ceil(expected.length / 30);
    const lastPage = await board(token(), `?period=alltime&limit=30&page=${last}`);
    expect(lastPage.body.data.entries).toHaveLength(expected.length - (last - 1) * 30);
    const past = await board(token(), `?period=alltime&limit=30&page=${last + 1}`);
    expect(past.status).toBe(200);
    expect(past.body.data.entries).toEqual([]);
    expect(past.body.data.pagination).toEqual({ currentPage: last + 1, totalPages: last, totalEntries: expected.length, limit: 30 });
  });

  it.each([
    ['?limit=101', 'query.limit'],
    ['?limit=0', 'query.limit'],
    ['?limit=abc', 'query.limit'],
    ['?page=0', 'query.page'],
    ['?page=1.5', 'query.page'],
    ['?period=daily', 'query.period'],
    ['?type=global', 'query.type'],
    ['?sort=points', 'query'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const response = await board(token(), query);
    expect(response.status).toBe(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(response.body.error.details)).toContain(field);
  });

  it('refuses type=friends with 400 and the code friends_not_supported (there is no friend graph)', async () => {
    const response = await board(token(), '?type=friends');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'query.type', code: 'friends_not_supported' })]);
  });
});

describe('leaderboard request budget', () => {
  it('reads a page with the caller\'s standing in 3 requests (pointer, page, own row) plus the limiter, whatever the board size', async () => {
    const response = await limitedCall({ method: 'GET', path: '/api/v1/gamification/leaderboard?period=alltime&limit=100', token: tokenOf(tenantA, learnersA[5]!.userId) });
    expect(response.status).toBe(200);
    expect(response.body.data.entries).toHaveLength(100);
    expect(response.dynamoDbByCommand).toEqual({ GetItemCommand: 2, QueryCommand: 1 });
  });

  it('costs the same on the last page of the largest board', async () => {
    const expected = reference(tenantA, learnersA, 'alltime', 'overall');
    const response = await limitedCall({ method: 'GET', path: `/api/v1/gamification/leaderboard?period=alltime&limit=100&page=${Math.ceil(expected.length / 100)}`, token: tokenOf(tenantA, learnersA[6]!.userId) });
    expect(response.status).toBe(200);
    expect(response.dynamoDbByCommand).toEqual({ GetItemCommand: 2, QueryCommand: 1 });
  });

  it('skips the page Query past the end (2 reads)', async () => {
    const response = await limitedCall({ method: 'GET', path: '/api/v1/gamification/leaderboard?period=alltime&page=99', token: tokenOf(tenantA, learnersA[7]!.userId) });
    expect(response.dynamoDbByCommand).toEqual({ GetItemCommand: 2 });
  });
});

describe('leaderboard refresh', () => {
  it('answers an empty board, not an error, before the first refresh (1 read)', async () => {
    const tenant = uniqueTenant('lb');
    const response = await limitedCall({ method: 'GET', path: '/api/v1/gamification/leaderboard', token: tokenOf(tenant, randomUUID()) });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ period: 'weekly', type: 'overall', entries: [], currentUser: { rank: null, percentile: null, points: null }, pagination: { currentPage: 1, totalPages: 0, totalEntries: 0, limit: 50 } });
    expect(response.body.meta).toMatchObject({ dataSource: 'materialized_view', lastRefreshed: null });
    expect(response.dynamoDbByCommand).toEqual({ GetItemCommand: 1 });
  });

  it('gives the same view when rerun (idempotent), under a new generation', async () => {
    const before = await board(tokenOf(tenantA, learnersA[9]!.userId), '?period=monthly&limit=100');
    const pointerBefore = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: leaderboardPointerKey(tenantA, PERIODS.monthly), ConsistentRead: true }))).Item!;
    const result = await refreshLeaderboard(tenantA, PERIODS.monthly, REFRESHED_AT);
    expect(result.outcome).toBe('switched');
    expect(result.generation).not.toBe(pointerBefore.generation);
    const after = await board(tokenOf(tenantA, learnersA[9]!.userId), '?period=monthly&limit=100');
    expect(after.body.data).toEqual(before.body.data);
  });

  it('lets only one of two concurrent refreshes switch the pointer, and the board stays whole', async () => {
    const results = await Promise.all([refreshLeaderboard(tenantA, 'ALL', REFRESHED_AT), refreshLeaderboard(tenantA, 'ALL', REFRESHED_AT)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['superseded', 'switched']);
    const pointer = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: leaderboardPointerKey(tenantA, 'ALL'), ConsistentRead: true }))).Item!;
    expect(pointer.generation).toBe(results.find((r) => r.outcome === 'switched')!.generation);
    const expected = reference(tenantA, learnersA, 'alltime', 'overall');
    const response = await board(tokenOf(tenantA, learnersA[1]!.userId), '?period=alltime&limit=100&page=2');
    expect(response.body.data.entries.map((e: { rank: number; points: number }) => [e.rank, e.points])).toEqual(expected.slice(100, 200).map((e) => [e.rank, e.points]));
  });

  it('costs requests in proportion to the period\'s learners, not to all-time history', async () => {
    const tenant = uniqueTenant('lb');
    const learners = makeTenant(tenant, 120, 99).map((l, i) => ({ ...l, points: i < 10 ? l.points : { alltime: l.points.alltime! } }));
    await store(tenant, learners);
    const weekLearners = learners.filter((l) => (l.points.weekly?.points ?? 0) > 0).length;
    const { result, tally } = await measureDynamoDbRequests(() => refreshLeaderboard(tenant, PERIODS.weekly, REFRESHED_AT));
    expect(result.learners).toBeLessThanOrEqual(10);
    expect(tally.byCommand.QueryCommand).toBe(8);
    expect(tally.byCommand.BatchGetItemCommand).toBe(1);
    // rows: ≤ 3 page + 3 user rows per learner, + org rows and their members' rows.
    expect(tally.byCommand.BatchWriteItemCommand).toBeLessThanOrEqual(Math.ceil((8 * weekLearners + DEPARTMENTS.length) / 25));
    expect(tally.byCommand.GetItemCommand).toBe(1);
    expect(tally.byCommand.PutItemCommand).toBe(1);
  });

  it('shows points earned after a refresh only after the next one', async () => {
    const tenant = uniqueTenant('lb');
    const [a, b] = [randomUUID(), randomUUID()];
    await putAll([
      profileItem({ userId: a, fullName: 'Ana First', privacy: 'public', tenantId: tenant }),
      profileItem({ userId: b, fullName: 'Ben Second', privacy: 'public', tenantId: tenant }),
      periodPointsItem(tenant, a, 'ALL', { points: 10, learnerPoints: 10, trainerPoints: 0 }),
    ]);
    await refreshLeaderboard(tenant, 'ALL', REFRESHED_AT);
    await putAll([periodPointsItem(tenant, b, 'ALL', { points: 20, learnerPoints: 20, trainerPoints: 0 })]);
    const stale = await board(tokenOf(tenant, b), '?period=alltime');
    expect(stale.body.data.entries.map((e: { displayName: string }) => e.displayName)).toEqual(['Ana First']);
    expect(stale.body.data.currentUser).toEqual({ rank: null, percentile: null, points: 0 });
    await refreshLeaderboard(tenant, 'ALL', REFRESHED_AT);
    const fresh = await board(tokenOf(tenant, b), '?period=alltime');
    expect(fresh.body.data.entries.map((e: { displayName: string; rank: number }) => [e.displayName, e.rank])).toEqual([['Ben Second', 1], ['Ana First', 2]]);
    expect(fresh.body.data.currentUser).toEqual({ rank: 1, percentile: 50, points: 20 });
  });

  it('reads a board not refreshed for over 25 hours as empty', async () => {
    const tenant = uniqueTenant('lb');
    const a = randomUUID();
    const refreshedMonday = new Date('2026-11-23T01:00:00Z');
    await putAll([periodPointsItem(tenant, a, periodId('weekly', refreshedMonday), { points: 5, learnerPoints: 5, trainerPoints: 0 })]);
    await refreshLeaderboard(tenant, periodId('weekly', refreshedMonday), refreshedMonday);
    const at = (iso: string) => httpClient(ROUTES, { leaderboards: createLeaderboardHandler({ now: () => Date.parse(iso), rateClasses: unlimited }) });
    const within = await at('2026-11-24T01:59:00Z')({ method: 'GET', path: '/api/v1/gamification/leaderboard', token: tokenOf(tenant, a) });
    expect(within.body.data.pagination.totalEntries).toBe(1);
    const after = await at('2026-11-24T02:01:00Z')({ method: 'GET', path: '/api/v1/gamification/leaderboard', token: tokenOf(tenant, a) });
    expect(after.body.data.pagination.totalEntries).toBe(0);
    expect(after.body.meta.lastRefreshed).toBeNull();
  });
});

describe('leaderboard job', () => {
  it('finds every organization and the default tenant', async () => {
    const tenant = uniqueTenant('lborg');
    await putOrganization(tenant);
    const tenants = await listTenants();
    expect(tenants).toContain(tenant);
    expect(tenants).toContain(process.env.DEFAULT_TENANT_ID ?? 'public');
  });

  it('refreshes the current week, month and all-time of each tenant it is given', async () => {
    const tenant = uniqueTenant('lb');
    const a = randomUUID();
    await putAll([profileItem({ userId: a, fullName: 'Job Learner', privacy: 'public', tenantId: tenant }), ...Object.values(PERIODS).map((p) => periodPointsItem(tenant, a, p, { points: 3, learnerPoints: 3, trainerPoints: 0 }))]);
    const report = await runLeaderboardRefreshJob(REFRESHED_AT, [tenant]);
    expect(report.refreshed.map((r) => [r.period, r.outcome, r.totals.overall])).toEqual([
      [PERIODS.weekly, 'switched', 1],
      [PERIODS.monthly, 'switched', 1],
      ['ALL', 'switched', 1],
    ]);
    for (const period of Object.keys(PERIODS)) {
      const response = await board(tokenOf(tenant, a), `?period=${period}`);
      expect(response.body.data.currentUser).toEqual({ rank: 1, percentile: 0, points: 3 });
    }
  });
});

describe('leaderboard access', () => {
  it('shows a member only their own tenant\'s board', async () => {
    const viewer = learnersB[1]!;
    const response = await board(tokenOf(tenantB, viewer.userId), '?period=alltime&limit=100');
    expect(response.status).toBe(200);
    const ids = new Set(learnersA.map((l) => l.userId));
    expect(response.body.data.entries.some((e: { userId: string | null }) => e.userId !== null && ids.has(e.userId))).toBe(false);
    expect(response.body.data.pagination.totalEntries).toBe(reference(tenantB, learnersB, 'alltime', 'overall').length);
  });

  it('refuses another tenant selected with x-community-id by a non-member (403)', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/gamification/leaderboard', token: tokenOf(tenantB, learnersB[1]!.userId), headers: { 'x-community-id': tenantA } });
    expect(response.status).toBe(403);
  });

  it('lets any role of the tenant read it', async () => {
    for (const role of ['learner', 'instructor', 'trainer', 'org_admin'] as const) {
      const response = await board(tokenFor({ userId: randomUUID(), tenantId: tenantA, roles: [role] }), '?limit=1');
      expect(response.status).toBe(200);
      expect(response.body.data.entries).toHaveLength(1);
    }
  });

  it('requires a token (401)', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/gamification/leaderboard' });
    expect(response.status).toBe(401);
  });
});
