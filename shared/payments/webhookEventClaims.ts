import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { DeleteCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { webhookEventKey } from '../db/keys.js';

/**
 * "Each provider event is processed once": a claim item per (tenant, event id), taken by a
 * conditional Put before processing. Stripe redelivers an event until it gets a 2xx (for up to three
 * days), and may deliver it several times at once.
 *
 *   t0  ten deliveries of evt_1 race: one Put wins (status processing, lease 60 s); nine fail the
 *       condition → answered 200 "duplicate" without doing anything
 *   t1  the winner processes and marks the claim processed
 *   t1' or the winner fails: it deletes its claim and answers 5xx, so Stripe's redelivery claims
 *       afresh; if it died without deleting, the lease lets a redelivery after 60 s take over
 *
 * Claims expire (TTL) after 30 days, well past Stripe's retry window.
 */
export const WEBHOOK_CLAIM = { leaseSeconds: 60, retentionDays: 30 } as const;

/** Claims an event; returns the claim token, or undefined when the event was (or is being) processed. */
export async function claimWebhookEvent(tenantId: string, eventId: string, eventType: string, now: Date): Promise<string | undefined> {
  const token = randomUUID();
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...webhookEventKey(tenantId, eventId),
          entity: 'paymentWebhookEvent',
          tenantId,
          eventId,
          eventType,
          status: 'processing',
          claimToken: token,
          leaseUntil: new Date(now.getTime() + WEBHOOK_CLAIM.leaseSeconds * 1000).toISOString(),
          receivedAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + WEBHOOK_CLAIM.retentionDays * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :processing AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':processing': 'processing', ':now': now.toISOString() },
      }),
    );
    return token;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}

/** Marks a claimed event processed (with what was done), so no redelivery processes it again. */
export async function completeWebhookEvent(tenantId: string, eventId: string, token: string, outcome: string, now: Date): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: webhookEventKey(tenantId, eventId),
      UpdateExpression: 'SET #status = :processed, processedAt = :now, outcome = :outcome REMOVE leaseUntil',
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':processed': 'processed', ':now': now.toISOString(), ':outcome': outcome, ':token': token },
    }),
  );
}

/** Gives a claim back after a failure so the provider's redelivery processes the event. Best effort. */
export async function releaseWebhookEvent(tenantId: string, eventId: string, token: string): Promise<void> {
  try {
    await documentClient().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: webhookEventKey(tenantId, eventId),
        ConditionExpression: 'claimToken = :token AND #status = :processing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': token, ':processing': 'processing' },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
