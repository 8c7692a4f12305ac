import { tableName } from '../db/client.js';
import { achievementKey, learnerAwardKey, learnerStatsKey, leaderboardSourceIndexKey, periodPointsKey } from '../db/keys.js';
import { criteriaNames, evaluateCriteria, type CriterionName, type CriterionResult } from '../domain/achievementCriteria.js';
import { periodsOf } from '../domain/leaderboardPeriod.js';
import { pointsForActivity } from '../domain/points.js';
import { NOTIFICATION_ITEM_INDEX, notificationPutItems, type TransactItem } from '../notifications/notificationWrites.js';
import { activityShard, type ActivityRecord } from '../progress/activity.js';
import type { AchievementCriteria } from '../schemas/achievements.js';
import { definitionsOf, factsOf, statsOf, type AchievementSummary, type LearnerStats } from './learnerStats.js';

/**
 * Awarding (issue 6): what one progress write adds to the learner's gamification, planned from the
 * snapshot like the write itself and applied in the same transaction, so the award, its points and
 * the stats change together with the progress or not at all.
 *
 * - Points for the activity (shared/domain/points.ts) go to STATS and to the week, month and all-time
 *   leaderboard sources (ADD: concurrent writers never lose points).
 * - Only definitions naming a criterion this event changes are evaluated (a watch-time write that
 *   completes nothing evaluates none). An award is a Put of `AWARD#<id>` conditioned on its absence,
 *   plus its points, the definition's earnedCount ADD and a notification: at most once per learner.
 * - A pending achievement judged *not* met is guarded: the STATS update is conditioned on each
 *   deciding fact still being short of its target after this write's delta (e.g. `blocksCompleted <
 *   target − 1`). Two writers each adding the 5th of 5 blocks from the same snapshot:
 *
 *     t0  A and B read blocksCompleted = 3 (target 5): each judges 3 + 1 < 5, guard `blocks < 4`
 *     t1  A commits (blocks = 4)
 *     t2  B's guard fails; DynamoDB returns STATS (blocks = 4); B re-plans: 4 + 1 ≥ 5 → B awards.
 *
 *   The guard only bites near a threshold, so ordinary concurrent writes stay unserialized; a lost
 *   AWARD race re-plans with the award held. Facts that are not counters (an engagement average, "any
 *   course at N %") are guarded on the STATS version instead.
 */

/** What an award reports (`achievements_triggered`, the log's `achievements`). */
export interface AwardedAchievement {
  id: string;
  title: string;
  description: string;
  tier: string;
  pointsValue: number;
  badgeImageUrl: string | null;
  reason: string;
  earnedAt: string;
}

/** Awards one write may make; more met at once are awarded by the learner's next write (documented). */
export const MAX_AWARDS_PER_WRITE = 8;

export interface GamificationPlanInput {
  record: ActivityRecord;
  stats: Record<string, unknown> | undefined;
  index: Record<string, unknown> | undefined;
  /** Achievement ids whose AWARD item the snapshot holds (a lost award race brings it back). */
  awardsSeen: ReadonlySet<string>;
  /** The course percentage after this write, for course writes. */
  coursePercent?: { courseId: string; percent: number };
  /** The learner's streak including this write, when it was read (first write of a local day). */
  streak?: { current: number; longest: number };
  now: Date;
}

export interface GamificationPlan {
  items: TransactItem[];
  awarded: AwardedAchievement[];
  points: number;
}

const BLOCK_SOURCES = new Set(['lesson.progress', 'block.completion', 'tutorial.chapter']);

interface Deltas {
  points: number;
  blocks: number;
  courses: number;
  personalRecords: number;
  engagementSum: number;
  engagementCount: number;
}

function deltasOf(record: ActivityRecord): Deltas {
  const completedBlock = record.itemCompleted === true && BLOCK_SOURCES.has(record.source);
  const engagement = completedBlock && record.engagementScore !== undefined;
  return {
    points: pointsForActivity(record),
    blocks: completedBlock ? 1 : 0,
    courses: record.contentCompleted ? 1 : 0,
    personalRecords: record.source === 'progress.log' && record.personalRecord ? 1 : 0,
    engagementSum: engagement ? (record.engagementScore as number) : 0,
    engagementCount: engagement ? 1 : 0,
  };
}

/** The criteria this event can change (awarding evaluates definitions naming one of them). */
export function affectedCriteria(record: ActivityRecord, deltas: Deltas, coursePercentChanged: boolean, streakRead: boolean): Set<CriterionName> {
  const affected = new Set<CriterionName>();
  if (deltas.points > 0) affected.add('points_total');
  if (deltas.blocks > 0) affected.add('blocks_completed');
  if (deltas.courses > 0) affected.add('courses_completed');
  if (deltas.personalRecords > 0) affected.add('personal_records');
  if (deltas.engagementCount > 0) affected.add('engagement_score');
  if (coursePercentChanged) {
    affected.add('completion_threshold');
    affected.add('required_courses');
  }
  if (streakRead) affected.add('streak_days');
  void record;
  return affected;
}

/** Whether this write must read the streak: a pending streak achievement and the learner's first write of the local day. */
export function needsStreak(record: ActivityRecord, statsItem: Record<string, unknown> | undefined, indexItem: Record<string, unknown> | undefined, awardsSeen: ReadonlySet<string>): boolean {
  const stats = statsOf(statsItem);
  if (stats.lastActiveDate === record.localDate) return false;
  if (record.source === 'tutorial.reset' || record.source === 'progress.log.update') return false;
  return definitionsOf(indexItem).some((d) => d.criteria.streak_days !== undefined && !stats.held[d.id] && !awardsSeen.has(d.id));
}

const PHRASES: Partial<Record<CriterionName, (c: AchievementCriteria) => string>> = {
  completion_threshold: (c) => (c.required_courses ? `Reached ${c.course_completion_threshold}% in ${c.required_courses.length} required course(s)` : `Reached ${c.course_completion_threshold}% of a course`),
  required_courses: (c) => `Completed ${c.required_courses?.length ?? 0} required course(s)`,
  courses_completed: (c) => `Completed ${c.courses_completed} course(s)`,
  streak_days: (c) => `Kept a ${c.streak_days}-day streak`,
  points_total: (c) => `Earned ${c.points_total} points`,
  blocks_completed: (c) => `Completed ${c.blocks_completed} lesson(s) or block(s)`,
  engagement_score: () => 'High engagement score achieved',
  personal_records: (c) => `Set ${c.personal_records} personal record(s)`,
  achievement_id: () => 'Earned the prerequisite achievement',
};

/** A sentence saying why the achievement was earned, from the criteria that were met. */
export function reasonFor(criteria: AchievementCriteria, results: CriterionResult[]): string {
  const phrases = results.filter((r) => r.met && r.criterion !== 'time_limit').map((r) => PHRASES[r.criterion]?.(criteria)).filter((p): p is string => !!p);
  const reason = phrases.join('; ') || 'Criteria met';
  return criteria.time_limit_days !== undefined ? `${reason} within ${criteria.time_limit_days} days` : reason;
}

class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private n = 0;
  name(attribute: string): string {
    const key = `#n${this.n++}`;
    this.names[key] = attribute;
    return key;
  }
  value(value: unknown): string {
    const key = `:v${this.n++}`;
    this.values[key] = value;
    return key;
  }
}

/**
 * The clause that stays true while `result`'s criterion remains unmet after this write, on the STATS
 * item as stored before it; null when no concurrent write can change the criterion's outcome (a streak
 * is judged from the ledger's days, the same for every write of the day).
 */
function unmetClause(result: CriterionResult, criteria: AchievementCriteria, deltas: Deltas, stats: LearnerStats, coursePercent: GamificationPlanInput['coursePercent'], expr: Expression): string | null {
  const below = (attribute: string, target: number, delta: number) => `${expr.name(attribute)} < ${expr.value(target - delta)}`;
  switch (result.criterion) {
    case 'points_total':
      return below('points', criteria.points_total as number, deltas.points);
    case 'blocks_completed':
      return below('blocksCompleted', criteria.blocks_completed as number, deltas.blocks);
    case 'courses_completed':
      return below('coursesCompleted', criteria.courses_completed as number, deltas.courses);
    case 'personal_records':
      return below('personalRecords', criteria.personal_records as number, deltas.personalRecords);
    case 'achievement_id':
      return `attribute_not_exists(held.${expr.name(criteria.achievement_id as string)})`;
    case 'completion_threshold':
    case 'required_courses': {
      if (!criteria.required_courses) return `version = ${expr.value(stats.version)}`;
      const target = criteria.course_completion_threshold ?? 100;
      const unmet = criteria.required_courses.filter((id) => (coursePercent?.courseId === id ? coursePercent.percent : (stats.courseProgress[id] ?? 0)) < target);
      if (unmet.length === 0) return null;
      const t = expr.value(target);
      return grouped(unmet.map((id) => { const c = expr.name(id); return `(attribute_not_exists(courseProgress.${c}) OR courseProgress.${c} < ${t})`; }), 'OR');
    }
    case 'engagement_score':
      return `version = ${expr.value(stats.version)}`;
    default:
      return null;
  }
}

/** The guard of a definition judged unmet: true (null) when it cannot be met by a concurrent write. */
function guardOf(summary: AchievementSummary, results: CriterionResult[], deltas: Deltas, stats: LearnerStats, coursePercent: GamificationPlanInput['coursePercent'], expr: Expression): string | null {
  if (results.some((r) => r.criterion === 'time_limit' && !r.met)) return null;
  const measured = results.filter((r) => r.criterion !== 'time_limit');
  if (summary.criteria.combine === 'any') {
    const clauses = measured.map((r) => unmetClause(r, summary.criteria, deltas, stats, coursePercent, expr)).filter((c): c is string => c !== null);
    return clauses.length ? grouped(clauses, 'AND') : null;
  }
  const unmet = measured.filter((r) => !r.met);
  const clauses: string[] = [];
  for (const r of unmet) {
    const clause = unmetClause(r, summary.criteria, deltas, stats, coursePercent, expr);
    if (clause === null) return null; // a stable unmet criterion keeps the whole ALL unmet
    clauses.push(clause);
  }
  return clauses.length ? grouped(clauses, 'OR') : null;
}

/** Clauses joined; one clause alone is not wrapped again (DynamoDB refuses redundant parentheses). */
function grouped(clauses: string[], op: 'AND' | 'OR'): string {
  return clauses.length === 1 ? (clauses[0] as string) : `(${clauses.join(` ${op} `)})`;
}

/**
 * Plans the gamification items of one progress write (see the module comment). Pure: the same
 * snapshot gives the same items, so a lost race simply re-plans.
 */
export function planGamification(input: GamificationPlanInput): GamificationPlan {
  const { record, now } = input;
  const stats = statsOf(input.stats);
  const deltas = deltasOf(record);
  const definitions = definitionsOf(input.index);
  const coursePercent = input.coursePercent && input.coursePercent.percent !== stats.courseProgress[input.coursePercent.courseId] ? input.coursePercent : undefined;
  const affected = affectedCriteria(record, deltas, coursePercent !== undefined, input.streak !== undefined);
  const held = new Set([...Object.keys(stats.held), ...input.awardsSeen]);
  const earnedAt = now.toISOString();

  const awarded: AwardedAchievement[] = [];
  const awardedSummaries: AchievementSummary[] = [];
  const factsAfter = () => {
    const after: LearnerStats = {
      ...stats,
      points: stats.points + deltas.points,
      blocksCompleted: stats.blocksCompleted + deltas.blocks,
      coursesCompleted: stats.coursesCompleted + deltas.courses,
      personalRecords: stats.personalRecords + deltas.personalRecords,
      engagementSum: stats.engagementSum + deltas.engagementSum,
      engagementCount: stats.engagementCount + deltas.engagementCount,
      courseProgress: coursePercent ? { ...stats.courseProgress, [coursePercent.courseId]: coursePercent.percent } : stats.courseProgress,
      firstActivityAt: stats.firstActivityAt ?? record.occurredAt,
    };
    return factsOf(after, now, input.streak?.longest ?? 0, [...held, ...awarded.map((a) => a.id)]);
  };
  const candidate = (d: AchievementSummary) => !held.has(d.id) && !awarded.some((a) => a.id === d.id) && criteriaNames(d.criteria).some((name) => affected.has(name));

  // Fixpoint: an award adds points and a held achievement, which may complete another definition.
  for (let changed = true; changed && awarded.length < MAX_AWARDS_PER_WRITE; ) {
    changed = false;
    for (const definition of definitions) {
      if (!candidate(definition) || awarded.length >= MAX_AWARDS_PER_WRITE) continue;
      const evaluation = evaluateCriteria(definition.criteria, factsAfter());
      if (!evaluation.met) continue;
      awarded.push({
        id: definition.id,
        title: definition.title,
        description: definition.description,
        tier: definition.tier,
        pointsValue: definition.pointsValue,
        badgeImageUrl: definition.badgeImageUrl ?? null,
        reason: reasonFor(definition.criteria, evaluation.criteria),
        earnedAt,
      });
      awardedSummaries.push(definition);
      deltas.points += definition.pointsValue;
      affected.add('achievement_id');
      if (definition.pointsValue > 0) affected.add('points_total');
      changed = true;
    }
  }

  const expr = new Expression();
  const guards: string[] = [];
  if (stats.exists) {
    for (const definition of definitions) {
      if (!candidate(definition)) continue;
      const evaluation = evaluateCriteria(definition.criteria, factsAfter());
      if (evaluation.met) continue; // over the per-write cap: the next write awards it
      const guard = guardOf(definition, evaluation.criteria, deltas, stats, coursePercent, expr);
      if (guard) guards.push(guard);
    }
  }

  const streakChanged = input.streak !== undefined;
  const counterChange = deltas.points > 0 || deltas.blocks > 0 || deltas.courses > 0 || deltas.personalRecords > 0 || deltas.engagementCount > 0;
  const needsStats = !stats.exists || counterChange || coursePercent !== undefined || awarded.length > 0 || streakChanged || guards.length > 0;
  const items: TransactItem[] = [];
  if (!needsStats) return { items, awarded, points: 0 };

  const sets: string[] = [`${expr.name('entity')} = ${expr.value('learnerStats')}`, `userId = ${expr.value(record.userId)}`, `updatedAt = ${expr.value(earnedAt)}`];
  sets.push(`firstActivityAt = if_not_exists(firstActivityAt, ${expr.value(record.occurredAt)})`);
  if (streakChanged) {
    sets.push(`lastActiveDate = ${expr.value(record.localDate)}`);
    sets.push(`longestStreak = ${expr.value(Math.max(stats.longestStreak, input.streak?.longest ?? 0))}`);
  }
  const courseMap = coursePercent ? { [coursePercent.courseId]: coursePercent.percent } : {};
  const heldMap = Object.fromEntries(awarded.map((a) => [a.id, earnedAt]));
  if (!stats.exists) {
    sets.push(`courseProgress = ${expr.value(courseMap)}`, `held = ${expr.value(heldMap)}`);
  } else {
    if (coursePercent) sets.push(`courseProgress.${expr.name(coursePercent.courseId)} = ${expr.value(coursePercent.percent)}`);
    for (const a of awarded) sets.push(`held.${expr.name(a.id)} = ${expr.value(earnedAt)}`);
  }
  const latest = awarded.at(-1);
  if (latest) {
    const summary = awardedSummaries.at(-1) as AchievementSummary;
    sets.push(`latestAchievement = ${expr.value({ id: latest.id, name: latest.title, description: latest.description, icon: summary.badgeImageUrl ?? null, tier: latest.tier, earnedAt })}`);
  }
  const adds = [
    ['points', deltas.points],
    ['learnerPoints', deltas.points],
    ['trainerPoints', 0],
    ['blocksCompleted', deltas.blocks],
    ['coursesCompleted', deltas.courses],
    ['personalRecords', deltas.personalRecords],
    ['engagementSum', deltas.engagementSum],
    ['engagementCount', deltas.engagementCount],
    ['achievementsCount', awarded.length],
    ['version', 1],
  ] as const;
  const condition = stats.exists ? ['attribute_exists(pk)', ...guards].join(' AND ') : 'attribute_not_exists(pk)';
  items.push({
    Update: {
      TableName: tableName(),
      Key: learnerStatsKey(record.tenantId, record.userId),
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.map(([name, value]) => `${expr.name(name)} ${expr.value(value)}`).join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: expr.names,
      ExpressionAttributeValues: expr.values,
    },
  });

  if (deltas.points > 0) items.push(...periodPointsItems(record.tenantId, record.userId, deltas.points, 'learner', now));

  const notifications: TransactItem[][] = [];
  for (const a of awarded) {
    items.push({
      Put: {
        TableName: tableName(),
        Item: {
          ...learnerAwardKey(record.tenantId, record.userId, a.id),
          entity: 'achievementAward',
          userId: record.userId,
          achievementId: a.id,
          title: a.title,
          tier: a.tier,
          pointsValue: a.pointsValue,
          reason: a.reason,
          earnedAt,
          eventId: record.eventId,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    items.push({
      Update: {
        TableName: tableName(),
        Key: achievementKey(record.tenantId, a.id),
        UpdateExpression: 'ADD earnedCount :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      },
    });
    notifications.push(
      notificationPutItems({
        tenantId: record.tenantId,
        userId: record.userId,
        kind: 'achievement_earned',
        sourceId: a.id,
        createdAt: now,
        title: `Achievement unlocked: ${a.title}`,
        message: a.pointsValue > 0 ? `${a.reason}. +${a.pointsValue} points.` : `${a.reason}.`,
        data: { achievement_id: a.id, tier: a.tier, points: a.pointsValue },
      }),
    );
  }
  items.push(...mergedNotificationItems(notifications));
  return { items, awarded, points: deltas.points };
}

/**
 * Several awards in one write notify together: their notifications share one counter bucket item,
 * and a transaction may touch an item only once, so the buckets' `ADD :one` become one ADD of the
 * number of notifications (same kind, same expiry).
 */
function mergedNotificationItems(groups: TransactItem[][]): TransactItem[] {
  const out: TransactItem[] = [];
  const counters = new Map<string, TransactItem>();
  for (const group of groups) {
    group.forEach((item, index) => {
      if (index !== NOTIFICATION_ITEM_INDEX.counters || !item.Update) return out.push(item);
      const id = `${item.Update.Key?.pk}|${item.Update.Key?.sk}`;
      const seen = counters.get(id);
      if (!seen?.Update) {
        counters.set(id, item);
        return out.push(item);
      }
      const values = seen.Update.ExpressionAttributeValues as Record<string, number>;
      values[':one'] = (values[':one'] ?? 0) + 1;
      return undefined;
    });
  }
  return out;
}

/**
 * The ADDs of `points` to the learner's week, month and all-time leaderboard sources (UTC periods,
 * shared/domain/leaderboardPeriod.ts), each item indexed in its period's sharded gsi2 partition.
 */
export function periodPointsItems(tenantId: string, userId: string, points: number, role: 'learner' | 'trainer', now: Date): TransactItem[] {
  const shard = activityShard(userId);
  return periodsOf(now).map((period) => ({
    Update: {
      TableName: tableName(),
      Key: periodPointsKey(tenantId, userId, period),
      UpdateExpression: 'SET entity = :entity, userId = :user, #period = :period, updatedAt = :at, gsi2pk = :gpk, gsi2sk = :gsk ADD points :p, learnerPoints :lp, trainerPoints :tp',
      ExpressionAttributeNames: { '#period': 'period' },
      ExpressionAttributeValues: {
        ':entity': 'periodPoints',
        ':user': userId,
        ':period': period,
        ':at': now.toISOString(),
        ':gpk': leaderboardSourceIndexKey(tenantId, period, shard, userId).gsi2pk,
        ':gsk': leaderboardSourceIndexKey(tenantId, period, shard, userId).gsi2sk,
        ':p': points,
        ':lp': role === 'learner' ? points : 0,
        ':tp': role === 'trainer' ? points : 0,
      },
    },
  }));
}
