import { GetCommand, QueryCommand } from '../db/commands.js';
import type * as z from 'zod';
import { documentClient, tableName } from '../db/client.js';
import { leaderboardPointerKey, leaderboardRowKey, leaderboardUserRowKey } from '../db/keys.js';
import { periodId, type LeaderboardPeriodKind } from '../domain/leaderboardPeriod.js';
import { pageWindow, totalPagesOf } from '../domain/leaderboardRanking.js';
import type { leaderboardData, leaderboardEntry, leaderboardMeta } from '../schemas/leaderboards.js';
import type { LeaderboardType, PageRow } from './leaderboardBoards.js';
import type { LeaderboardPointer } from './leaderboardRefresh.js';

export interface LeaderboardRequest {
  tenantId: string;
  userId: string;
  period: LeaderboardPeriodKind;
  type: LeaderboardType;
  page: number;
  limit: number;
  now: Date;
}

export interface LeaderboardView {
  data: z.infer<typeof leaderboardData>;
  meta: z.infer<typeof leaderboardMeta>;
}

/**
 * Reads one page of a materialised board and the caller's standing, at a cost that does not depend on
 * the number of learners: 1 GetItem of the pointer, then in parallel 1 Query of the page rows (one
 * BETWEEN range of positions, skipped when the page lies past the end) and 1 GetItem of the caller's
 * row. At most 3 requests. Before the first refresh (or once a board has not been refreshed for
 * LEADERBOARD_RETENTION_SECONDS) the pointer is missing or expired and the board is empty: 1 request.
 */
export async function readLeaderboard(request: LeaderboardRequest): Promise<LeaderboardView> {
  const { tenantId, userId, type, page, limit, now } = request;
  const period = periodId(request.period, now);
  const pointerItem = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: leaderboardPointerKey(tenantId, period) }))).Item as LeaderboardPointer | undefined;
  const pointer = pointerItem && pointerItem.expiresAt > now.getTime() / 1000 ? pointerItem : undefined;
  const meta = { calculatedAt: now.toISOString(), dataSource: 'materialized_view' as const, lastRefreshed: pointer?.lastRefreshed ?? null, periodId: period };
  const totalEntries = pointer?.totals[type] ?? 0;
  const pagination = { currentPage: page, totalPages: totalPagesOf(totalEntries, limit), totalEntries, limit };
  if (!pointer) {
    return { data: { period: request.period, type, entries: [], currentUser: { rank: null, percentile: null, points: null }, pagination }, meta };
  }

  const { from, to } = pageWindow(page, limit);
  const [rows, own] = await Promise.all([
    from <= totalEntries ? pageRows(tenantId, period, pointer.generation, type, from, Math.min(to, totalEntries)) : Promise.resolve([]),
    documentClient().send(new GetCommand({ TableName: tableName(), Key: leaderboardUserRowKey(tenantId, period, pointer.generation, type, userId) })),
  ]);
  const mine = own.Item as { rank: number; percentile: number; points: number } | undefined;
  const currentUser = mine ? { rank: mine.rank, percentile: mine.percentile, points: mine.points } : { rank: null, percentile: null, points: 0 };
  return { data: { period: request.period, type, entries: rows.map(presentRow), currentUser, pagination }, meta };
}

/** The rows at positions from..to: one Query of one sort-key range. */
async function pageRows(tenantId: string, period: string, generation: string, type: LeaderboardType, from: number, to: number): Promise<PageRow[]> {
  const first = leaderboardRowKey(tenantId, period, generation, type, from);
  const last = leaderboardRowKey(tenantId, period, generation, type, to);
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': first.pk, ':from': first.sk, ':to': last.sk },
      Limit: to - from + 1,
    }),
  );
  return (result.Items ?? []) as PageRow[];
}

/** A stored row as the seed's entry: fields picked one by one, so nothing else stored ever reaches a client. */
function presentRow(row: PageRow): z.infer<typeof leaderboardEntry> {
  return {
    rank: row.rank,
    userId: row.anonymous ? null : (row.userId ?? null),
    displayName: row.displayName,
    avatar: row.avatar,
    points: row.points,
    badge: row.badge ?? null,
    percentile: row.percentile,
    anonymous: row.anonymous,
    ...(row.department !== undefined ? { department: row.department } : {}),
    ...(row.memberCount !== undefined ? { memberCount: row.memberCount } : {}),
  };
}
