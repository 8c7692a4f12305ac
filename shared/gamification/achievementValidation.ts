import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { TransactWriteCommand } from '../db/commands.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { achievementIndexKey, achievementKey, learnerAwardKey, learnerStatsKey } from '../db/keys.js';
import { evaluateCriteria, type CriterionResult } from '../domain/achievementCriteria.js';
import { fingerprint } from '../progress/eventId.js';
import type { Subject } from '../progress/progressSubject.js';
import { ConflictError, NotFoundError } from '../http/errors.js';
import { notificationPutItems, type TransactItem } from '../notifications/notificationWrites.js';
import { periodPointsItems, reasonFor } from './awarding.js';
import { definitionsOf, factsOf, statsOf, type AchievementSummary, type LearnerStats } from './learnerStats.js';
import { streakWithPending } from './streakService.js';

/**
 * Seed 000 §4 `validate_achievement`: evaluates one achievement for a learner on demand, on the same
 * STATS and criteria function awarding uses, and awards it when its criteria hold and it is not yet
 * held (e.g. an achievement defined after the learner already qualified). The client's
 * `completion_data` is a claim, never an input to the decision: `score_verified` says whether the
 * learner's recorded progress backs it.
 */

export interface CompletionClaim {
  course_id: string;
  completion_score?: number;
  completion_time?: string;
}

export interface AchievementValidation {
  achievement_id: string;
  achievement_earned: boolean;
  /** This call awarded it (false when it was already held or is not earned). */
  awarded_now: boolean;
  user_achievement_id: string | null;
  earned_at: string | null;
  progress: number;
  verification_data: {
    validation_method: 'automated';
    score_verified: boolean | null;
    criteria_met: string[];
    criteria: CriterionResult[];
  };
}

/** The stable id of a learner's award of an achievement (the same on every call). */
export function userAchievementIdOf(tenantId: string, userId: string, achievementId: string): string {
  return `ua_${fingerprint({ t: tenantId, u: userId, a: achievementId }).slice(0, 24)}`;
}

const ATTEMPTS = 4;

/**
 * Validates (and if earned, awards) `achievementId` for `subject`. Reads: one BatchGetItem (INDEX,
 * STATS, the award), plus the streak (2) when the achievement has a streak criterion and is not held;
 * an award is one transaction. 404 for an unknown or archived achievement.
 */
export async function validateAchievement(tenantId: string, subject: Subject, achievementId: string, claim: CompletionClaim | undefined, now: Date): Promise<AchievementValidation> {
  for (let attempt = 1; ; attempt++) {
    const awardKey = learnerAwardKey(tenantId, subject.userId, achievementId);
    const found = await batchGetItems([achievementIndexKey(tenantId), learnerStatsKey(tenantId, subject.userId), awardKey], true);
    const definition = definitionsOf(found.get(itemId(achievementIndexKey(tenantId)))).find((d) => d.id === achievementId);
    const award = found.get(itemId(awardKey));
    if (!definition && !award) throw new NotFoundError('Achievement not found (or archived)');
    const stats = statsOf(found.get(itemId(learnerStatsKey(tenantId, subject.userId))));
    const scoreVerified = claim?.completion_score === undefined ? null : (stats.courseProgress[claim.course_id] ?? 0) >= claim.completion_score;
    const base = { achievement_id: achievementId, user_achievement_id: userAchievementIdOf(tenantId, subject.userId, achievementId) };
    if (award) {
      const evaluation = definition ? evaluateCriteria(definition.criteria, factsOf(stats, now)) : { criteria: [] as CriterionResult[] };
      return {
        ...base,
        achievement_earned: true,
        awarded_now: false,
        earned_at: award.earnedAt as string,
        progress: 100,
        verification_data: { validation_method: 'automated', score_verified: scoreVerified, criteria_met: evaluation.criteria.filter((c) => c.met).map((c) => c.criterion), criteria: evaluation.criteria },
      };
    }
    const def = definition as AchievementSummary;
    const streak = def.criteria.streak_days !== undefined ? await streakOf(tenantId, subject, now) : undefined;
    const evaluation = evaluateCriteria(def.criteria, factsOf(stats, now, streak ?? 0));
    const verification = { validation_method: 'automated' as const, score_verified: scoreVerified, criteria_met: evaluation.criteria.filter((c) => c.met).map((c) => c.criterion), criteria: evaluation.criteria };
    if (!evaluation.met) return { ...base, user_achievement_id: null, achievement_earned: false, awarded_now: false, earned_at: null, progress: evaluation.progress, verification_data: verification };
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: awardItems(tenantId, subject.userId, def, stats, reasonFor(def.criteria, evaluation.criteria), now) }));
      return { ...base, achievement_earned: true, awarded_now: true, earned_at: now.toISOString(), progress: 100, verification_data: verification };
    } catch (err) {
      // A concurrent award or STATS change: re-read and judge again (the award's condition keeps it single).
      if (!(err instanceof TransactionCanceledException) || attempt >= ATTEMPTS) {
        if (err instanceof TransactionCanceledException) throw new ConflictError('The learner\'s achievements changed concurrently; retry');
        throw err;
      }
    }
  }
}

async function streakOf(tenantId: string, subject: Subject, now: Date): Promise<number> {
  // No pending record: the streak as the ledger has it now.
  const { longest } = await streakWithPending(tenantId, subject, now, undefined);
  return longest;
}

/** The items of one award outside a progress write (same items awarding adds to a write). */
function awardItems(tenantId: string, userId: string, def: AchievementSummary, stats: LearnerStats, reason: string, now: Date): TransactItem[] {
  const at = now.toISOString();
  const latest = { id: def.id, name: def.title, description: def.description, icon: def.badgeImageUrl ?? null, tier: def.tier, earnedAt: at };
  const statsUpdate: TransactItem = stats.exists
    ? {
        Update: {
          TableName: tableName(),
          Key: learnerStatsKey(tenantId, userId),
          UpdateExpression: 'SET held.#a = :at, latestAchievement = :latest, updatedAt = :at ADD points :p, learnerPoints :p, achievementsCount :one, version :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(held.#a)',
          ExpressionAttributeNames: { '#a': def.id },
          ExpressionAttributeValues: { ':at': at, ':latest': latest, ':p': def.pointsValue, ':one': 1 },
        },
      }
    : {
        Update: {
          TableName: tableName(),
          Key: learnerStatsKey(tenantId, userId),
          UpdateExpression: 'SET entity = :entity, userId = :user, held = :held, courseProgress = :empty, latestAchievement = :latest, updatedAt = :at, firstActivityAt = :at ADD points :p, learnerPoints :p, achievementsCount :one, version :one',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeValues: { ':entity': 'learnerStats', ':user': userId, ':held': { [def.id]: at }, ':empty': {}, ':latest': latest, ':at': at, ':p': def.pointsValue, ':one': 1 },
        },
      };
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...learnerAwardKey(tenantId, userId, def.id), entity: 'achievementAward', userId, achievementId: def.id, title: def.title, tier: def.tier, pointsValue: def.pointsValue, reason, earnedAt: at, eventId: 'validate_achievement' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    statsUpdate,
    { Update: { TableName: tableName(), Key: achievementKey(tenantId, def.id), UpdateExpression: 'ADD earnedCount :one', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':one': 1 } } },
    ...(def.pointsValue > 0 ? periodPointsItems(tenantId, userId, def.pointsValue, 'learner', now) : []),
    ...notificationPutItems({
      tenantId,
      userId,
      kind: 'achievement_earned',
      sourceId: def.id,
      createdAt: now,
      title: `Achievement unlocked: ${def.title}`,
      message: def.pointsValue > 0 ? `${reason}. +${def.pointsValue} points.` : `${reason}.`,
      data: { achievement_id: def.id, tier: def.tier, points: def.pointsValue },
    }),
  ];
}
