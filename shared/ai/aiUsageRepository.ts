import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '../db/commands.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { aiCallKey, aiUsageKey } from '../db/keys.js';
import { AI_PLAN_LIMITS, exceededLimit, usagePeriods, type AiUsageCounters, type Plan } from '../domain/aiPlanLimits.js';
import { ServiceUnavailableError } from '../http/errors.js';
import { getProfileAndAiUsage } from '../identity/profileRepository.js';
import { costUsd } from './aiConfig.js';
import { AiLimitExceededError } from './aiErrors.js';

/**
 * Counting AI requests against the plan's daily and monthly limits, exactly under concurrency. The
 * counters live in one item per user (`U#<user>` / `AIUSAGE`: day, dayCount, month, monthCount); every
 * request is one conditional UpdateItem that checks both limits and increments both counters, so no
 * read-modify-write can admit one request too many however many Lambdas serve the user.
 *
 * The item holds only the current day and month. Which update is sent depends on the periods the
 * snapshot (read with the profile) shows:
 * - same day:   `day = :today AND dayCount < :dl AND month = :m AND monthCount < :ml` → ADD 1, 1
 * - new day:    `day <> :today AND month = :m AND monthCount < :ml` → SET day, dayCount = 1; ADD month 1
 * - new month:  `month <> :m` (or absent) → SET day, month, both counts = 1
 * A failed condition returns the item as it is now (ReturnValuesOnConditionCheckFailure): over a limit
 * → 429; otherwise another request moved the period first, so retry with that snapshot. Timeline at
 * midnight: A and B read yesterday's counters; A's "new day" update wins and sets dayCount 1; B's "new
 * day" fails (day = today now), B retries "same day" and gets dayCount 2. Each retry follows a period
 * change, which happens at most twice (month, day), so a request makes at most 3 attempts.
 */
export interface ConsumedRequest {
  userId: string;
  plan: Plan;
  day: string;
  month: string;
}

const MAX_ATTEMPTS = 4;

function updateFor(userId: string, snapshot: AiUsageCounters | undefined, plan: Plan, now: Date) {
  const { day, month } = usagePeriods(now);
  const limits = AI_PLAN_LIMITS[plan];
  const base = { TableName: tableName(), Key: aiUsageKey(userId), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
  const names = { '#day': 'day', '#month': 'month' };
  if (snapshot?.month === month && snapshot.day === day) {
    return {
      ...base,
      UpdateExpression: 'ADD dayCount :one, monthCount :one',
      ConditionExpression: '#day = :day AND dayCount < :dl AND #month = :month AND monthCount < :ml',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':one': 1, ':day': day, ':month': month, ':dl': limits.daily, ':ml': limits.monthly },
    };
  }
  if (snapshot?.month === month) {
    return {
      ...base,
      UpdateExpression: 'SET #day = :day, dayCount = :one ADD monthCount :one',
      ConditionExpression: '#day <> :day AND #month = :month AND monthCount < :ml',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':one': 1, ':day': day, ':month': month, ':ml': limits.monthly },
    };
  }
  return {
    ...base,
    UpdateExpression: 'SET #day = :day, dayCount = :one, #month = :month, monthCount = :one',
    ConditionExpression: 'attribute_not_exists(#month) OR #month <> :month',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':one': 1, ':day': day, ':month': month },
  };
}

const countersOf = (item: Record<string, unknown> | undefined): AiUsageCounters | undefined =>
  item ? { day: item.day as string, dayCount: item.dayCount as number, month: item.month as string, monthCount: item.monthCount as number } : undefined;

function limitError(period: 'daily' | 'monthly', plan: Plan, now: Date): AiLimitExceededError {
  const periods = usagePeriods(now);
  const reset = period === 'daily' ? periods.dailyReset : periods.monthlyReset;
  return new AiLimitExceededError(period, AI_PLAN_LIMITS[plan][period], Math.max(1, Math.ceil((reset.getTime() - now.getTime()) / 1000)), reset.toISOString());
}

/**
 * The caller's plan and counters (one Query with the profile). A user without a profile (a token
 * minted for development) is on the free plan.
 */
export async function planAndUsage(userId: string): Promise<{ plan: Plan; counters: AiUsageCounters | undefined }> {
  const { profile, aiUsage } = await getProfileAndAiUsage(userId);
  return { plan: profile?.plan ?? 'free', counters: aiUsage };
}

/** Counts one AI request or throws AI_LIMIT_EXCEEDED (429); see the module comment for the race. */
export async function consumeAiRequest(userId: string, now: Date): Promise<ConsumedRequest> {
  const { plan, counters } = await planAndUsage(userId);
  let snapshot = counters;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const exceeded = exceededLimit(snapshot, plan, now);
    if (exceeded) throw limitError(exceeded, plan, now);
    try {
      await documentClient().send(new UpdateCommand(updateFor(userId, snapshot, plan, now)));
      const { day, month } = usagePeriods(now);
      return { userId, plan, day, month };
    } catch (err) {
      if (!(err instanceof Error) || err.name !== 'ConditionalCheckFailedException') throw err;
      // The exception carries the item as DynamoDB attribute values (the document client does not unmarshall it).
      const item = (err as { Item?: Record<string, AttributeValue> }).Item;
      snapshot = countersOf(item ? unmarshall(item) : undefined);
    }
  }
  throw new ServiceUnavailableError('AI usage counter is busy; try again');
}

/**
 * Gives a request back when no model answered (503/502): decrements both counters if they still
 * count the same day and month. A refund never makes a counter negative.
 */
export async function refundAiRequest(consumed: ConsumedRequest): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: aiUsageKey(consumed.userId),
        UpdateExpression: 'ADD dayCount :minus, monthCount :minus',
        ConditionExpression: '#day = :day AND #month = :month AND dayCount > :zero AND monthCount > :zero',
        ExpressionAttributeNames: { '#day': 'day', '#month': 'month' },
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0, ':day': consumed.day, ':month': consumed.month },
      }),
    );
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'ConditionalCheckFailedException') throw err;
  }
}

export interface AiCallRecord {
  route: string;
  requestId: string;
  modelId: string;
  fallbackUsed: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  at: string;
}

/** Token usage and cost of one call (or of a call and its repair), summed per model's price. */
export function usageOf(replies: readonly { modelId: string; usage: { inputTokens: number; outputTokens: number } }[]) {
  const inputTokens = replies.reduce((sum, r) => sum + r.usage.inputTokens, 0);
  const outputTokens = replies.reduce((sum, r) => sum + r.usage.outputTokens, 0);
  const cost = Math.round(replies.reduce((sum, r) => sum + costUsd(r.modelId, r.usage.inputTokens, r.usage.outputTokens), 0) * 1e6) / 1e6;
  return { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens, cost_usd: cost };
}

const CALL_RECORD_DAYS = 400;

/** Records one call's usage and cost (one PutItem, expires after 400 days). */
export async function recordAiCall(tenantId: string, userId: string, record: AiCallRecord): Promise<void> {
  const expiresAt = Math.floor(Date.parse(record.at) / 1000) + CALL_RECORD_DAYS * 86_400;
  await documentClient().send(
    new PutCommand({ TableName: tableName(), Item: { ...aiCallKey(tenantId, userId, record.at, randomUUID()), entity: 'aiCall', tenantId, userId, ...record, expiresAt } }),
  );
}
