import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { PutCommand } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import { peerShardOf, readPeerTable } from '../analytics/peerTable.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { programKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { peerQueryLogKey, peerTableKey, platformPeerKey } from '../db/skillKeys.js';
import {
  groupOf,
  insightsOf,
  isolatingPrevious,
  MIN_SAMPLE,
  peerAverages,
  percentileRank,
  platformGroup,
  userMetrics,
  type GroupFilter,
  type PeerEntry,
  type PlatformBin,
} from '../domain/peerComparison.js';
import { AppError, ConflictError, NotFoundError } from '../http/errors.js';
import { planSubject, settleSubject } from '../progress/progressSubject.js';
import type { PeerQuery } from '../schemas/comparison.js';

/** 400 INSUFFICIENT_SAMPLE (seed 003 §5): the group is under k, or would isolate learners by difference. */
export class InsufficientSampleError extends AppError {
  constructor(message: string) {
    super(400, 'INSUFFICIENT_SAMPLE', message, [], `Comparisons need at least ${MIN_SAMPLE} learners (k-anonymity)`);
  }
}

/** Comparison groups remembered per caller for the differencing guard. */
export const QUERY_LOG_LIMIT = 100;

const meta = (now: Date) => ({ calculatedAt: now.toISOString(), dataSource: 'nightly' as const, privacy: 'k_anonymity_enforced' as const, minSampleSize: MIN_SAMPLE });

function sameFilter(a: GroupFilter, b: GroupFilter): boolean {
  return a.subject === b.subject && a.level === b.level && a.skillId === b.skillId && JSON.stringify(a.courses) === JSON.stringify(b.courses);
}

/**
 * Seed 003 §5 `peer`. within_org: the tenant's peer table (1 Query) ∥ 1 BatchGet (the caller's query
 * log, the subject's membership and profile when it is another learner, the program of
 * `learningPathId`), then — only when the comparison is answered — 1 conditional Put of the query log.
 * The subject is never in their own group. overall_platform: the platform bins (1 Query of `SYS#PEERS`,
 * one item per tenant) ∥ 1 BatchGet (the subject's peer-table shard, for their own entry).
 */
export async function peerComparison(principal: Principal, userId: string, query: PeerQuery, now: Date) {
  const tenantId = principal.tenantId;
  const subject = planSubject(principal, userId);
  if (query.scope === 'overall_platform') return platformComparison(principal, subject, query, now);

  const logKey = peerQueryLogKey(tenantId, principal.userId);
  const pathKey = query.learningPathId ? programKey(tenantId, query.learningPathId) : null;
  const [table, found] = await Promise.all([readPeerTable(tenantId), batchGetItems([logKey, ...subject.keys, ...(pathKey ? [pathKey] : [])])]);
  settleSubject(principal, subject, found);
  let courses: string[] | null = null;
  if (pathKey) {
    const program = found.get(itemId(pathKey));
    if (!program) throw new NotFoundError('No such learning path (program) in this organization');
    courses = ((program.courseAssignments as { courseId: string }[] | undefined) ?? []).map((a) => a.courseId);
  }
  const own = table.get(subject.userId);
  const level = query.competencyLevel ?? own?.level ?? null;
  const filter: GroupFilter = { subject: subject.userId, level, skillId: query.skillId ?? null, courses };
  const group = groupOf(table, filter);
  if (group.length < MIN_SAMPLE) throw new InsufficientSampleError(`Fewer than ${MIN_SAMPLE} learners match this comparison`);

  const logItem = found.get(itemId(logKey));
  const previous = ((logItem?.filters as GroupFilter[] | undefined) ?? []).filter((f) => !sameFilter(f, filter));
  const isolating = isolatingPrevious(
    group,
    previous.map((f) => ({ filter: f, group: groupOf(table, f) })),
  );
  if (isolating) throw new InsufficientSampleError(`This comparison differs from one you already made by fewer than ${MIN_SAMPLE} learners`);
  await recordQuery(logKey, logItem, [...previous, filter].slice(-QUERY_LOG_LIMIT));

  const members = group.map((u) => table.get(u)!);
  const user = userMetrics(own);
  const peers = peerAverages(members);
  return {
    data: {
      userId: subject.userId,
      userMetrics: user,
      peerAverages: peers,
      percentileRank: percentileRank(own?.score ?? null, members.flatMap((m) => (m.score === null ? [] : [m.score]))),
      comparisonGroup: {
        scope: 'within_org' as const,
        competencyLevel: level,
        sampleSize: group.length,
        filters: {
          organizationId: tenantId,
          ...(level ? { competencyLevel: level } : {}),
          ...(query.skillId ? { skillId: query.skillId } : {}),
          ...(query.learningPathId ? { learningPathId: query.learningPathId } : {}),
        },
      },
      insights: insightsOf(user, peers),
    },
    meta: meta(now),
  };
}

/**
 * Stores the caller's answered groups, conditioned on the log's version read: two comparisons racing
 * from one caller cannot both pass the guard against a log missing the other (the loser gets 409 and,
 * retrying, is checked against the winner).
 */
async function recordQuery(key: { pk: string; sk: string }, read: Record<string, unknown> | undefined, filters: GroupFilter[]): Promise<void> {
  const version = typeof read?.version === 'number' ? read.version : 0;
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, entity: 'peerQueryLog', filters, version: version + 1 },
        ConditionExpression: read ? 'version = :v' : 'attribute_not_exists(pk)',
        ...(read ? { ExpressionAttributeValues: { ':v': version } } : {}),
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ConflictError('Another comparison of yours was answered at the same moment; retry');
    throw err;
  }
}

async function platformComparison(principal: Principal, subject: ReturnType<typeof planSubject>, query: PeerQuery, now: Date) {
  const tenantId = principal.tenantId;
  const shardKey = peerTableKey(tenantId, peerShardOf(subject.userId));
  const [items, found] = await Promise.all([queryCollection(platformPeerKey('').pk), batchGetItems([shardKey, ...subject.keys])]);
  settleSubject(principal, subject, found);
  const own = (found.get(itemId(shardKey))?.entries as Record<string, PeerEntry> | undefined)?.[subject.userId];
  const level = query.competencyLevel ?? own?.level ?? null;
  const key = level ?? 'all';
  const group = platformGroup(
    items.map((item) => ({ tenantId: item.tenantId as string, bin: (item.bins as Record<string, PlatformBin> | undefined)?.[key] })),
    tenantId,
  );
  if (!group) throw new InsufficientSampleError(`Too few organizations with at least ${MIN_SAMPLE} matching learners contribute to a platform comparison`);
  const user = userMetrics(own);
  return {
    data: {
      userId: subject.userId,
      userMetrics: user,
      peerAverages: group.averages,
      percentileRank: group.percentile(own?.score ?? null),
      comparisonGroup: { scope: 'overall_platform' as const, competencyLevel: level, sampleSize: group.sampleSize, tenants: group.tenants, filters: level ? { competencyLevel: level } : {} },
      insights: insightsOf(user, group.averages),
    },
    meta: meta(now),
  };
}
