import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { PutCommand } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { aggregationStateKey, dropoffModelKey, dropoffPredictionKey, profileKey } from '../db/keys.js';
import { addDays } from '../domain/localDate.js';
import { WINDOW_DAYS, type ModelDay } from '../domain/dropoffModel.js';
import { AppError } from '../http/errors.js';
import { planSubject, settleSubject } from '../progress/progressSubject.js';
import { readLearnerDays } from './aggregateStore.js';
import { dropoffAnswer, predictionsDisabled, type StoredDropoffModel } from './dropoffAnswer.js';

export { PREDICTION_TTL_SECONDS, predictionsDisabled, type StoredDropoffModel } from './dropoffAnswer.js';

export class PredictionsDisabledError extends AppError {
  constructor() {
    super(403, 'PREDICTIONS_DISABLED', 'Predictive analytics are disabled for this learner', [], 'The learner turned predictiveAnalyticsEnabled off');
  }
}

/**
 * Seed 003 §6 `drop-off-risk` (docs/analytics.md §17.7–17.8). One BatchGet (the subject's profile for
 * the opt-out, their membership when it is another learner, the cached answer, the tenant's model, the
 * aggregated-through date). Opted out → 403 PREDICTIONS_DISABLED, nothing read further or stored.
 * A cached answer younger than 48 hours is returned as stored. Otherwise one Query of the learner-days
 * of the 28 days ending at the aggregated-through date, the model's figures, one Put of the answer.
 */
export async function dropoffRiskFor(principal: Principal, userId: string, now: Date) {
  const tenantId = principal.tenantId;
  const plan = planSubject(principal, userId);
  const cacheKey = dropoffPredictionKey(tenantId, plan.userId);
  const keys = [...plan.keys.filter((k) => itemId(k) !== itemId(profileKey(plan.userId))), profileKey(plan.userId), cacheKey, dropoffModelKey(tenantId), aggregationStateKey(tenantId)];
  const found = await batchGetItems(keys);
  const subject = settleSubject(principal, plan, found);
  const profile = found.get(itemId(profileKey(subject.userId)));
  if (predictionsDisabled(profile)) throw new PredictionsDisabledError();

  const cached = found.get(itemId(cacheKey));
  if (cached && typeof cached.expiresAt === 'number' && cached.expiresAt > Math.floor(now.getTime() / 1000)) {
    return { data: cached.data, meta: cached.meta as Record<string, unknown> };
  }

  const stored = found.get(itemId(dropoffModelKey(tenantId))) as unknown as StoredDropoffModel | undefined;
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  const days: ModelDay[] = typeof through === 'string' ? await readLearnerDays(tenantId, subject.userId, addDays(through, -(WINDOW_DAYS - 1)), through) : [];
  const answer = dropoffAnswer(subject.userId, typeof through === 'string' ? through : null, days, stored ?? null, now);
  // Never clobber an answer the nightly run stored meanwhile: write only over an absent or expired one.
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...cacheKey, entity: 'dropoffPrediction', tenantId, userId: subject.userId, data: answer.data, meta: answer.meta, expiresAt: answer.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
  return { data: answer.data, meta: answer.meta };
}
