import { ConditionalCheckFailedException, TransactionCanceledException } from '../db/dynamoErrors.js';
import { PutCommand, type TransactWriteCommandInput } from '../db/commands.js';
import type * as z from 'zod';
import { documentClient, tableName } from '../db/client.js';
import { authSessionEventKey, authWebhookEventKey, erasureRequestKey, memberKey, profileKey } from '../db/keys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { ValidationError } from '../http/errors.js';
import type { authWebhookEvent } from '../schemas/authWebhooks.js';

/**
 * Acting on a verified identity-provider event. Every event is claimed by a conditional Put of its id
 * (`attribute_not_exists`, TTL 7 days, far beyond the 300 s signature window: after it, the timestamp
 * check refuses the replay) in the same transaction as its effect, so an event takes effect at most
 * once and a replay changes nothing:
 *
 *   t0  delivery of evt_1 → transaction: claim evt_1 ✓ + effect ✓ → 200 processed
 *   t1  the same delivery again (replay, within 300 s) → claim ✗ → transaction cancelled → 400, nothing written
 *
 * Effects, all limited to users who are members of the signing tenant:
 * - `user.updated`: profile sync (full_name, first_name, last_name, avatar_url), only for accounts whose
 *   home tenant is the signing tenant (profiles are pool-wide: another tenant's IdP never edits them),
 *   and only if newer than the last synced event (`idpSyncedAt`), so out-of-order deliveries converge.
 * - `session.created` / `session.ended`: a session record in the user's partition (TTL 90 days).
 * - `user.deleted`: an erasure request item for (tenant, user), status `pending`; the webhook route
 *   then starts the erasure workflow (shared/privacy/erasureService.ts startErasureFromWebhook).
 * - `user.created`: recorded only (accounts are provisioned by sign-in or by an org admin).
 * An event whose condition fails (not a member, not the home tenant, stale) is recorded as `ignored`.
 */

export type AuthWebhookEvent = z.output<typeof authWebhookEvent>;
export type AuthWebhookOutcome = 'processed' | 'recorded' | 'ignored';

const EVENT_RETENTION_DAYS = 7;
const SESSION_RETENTION_DAYS = 90;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function claim(tenantId: string, event: AuthWebhookEvent, outcome: AuthWebhookOutcome, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...authWebhookEventKey(tenantId, event.id),
        entity: 'authWebhookEvent',
        tenantId,
        eventId: event.id,
        eventType: event.type,
        userId: event.data.user_id,
        occurredAt: event.occurred_at,
        receivedAt: now.toISOString(),
        outcome,
        expiresAt: Math.floor(now.getTime() / 1000) + EVENT_RETENTION_DAYS * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const memberCheck = (tenantId: string, userId: string): TransactItem => ({ ConditionCheck: { TableName: tableName(), Key: memberKey(tenantId, userId), ConditionExpression: 'attribute_exists(pk)' } });

function effects(tenantId: string, event: AuthWebhookEvent, now: Date): TransactItem[] {
  const userId = event.data.user_id;
  const at = now.toISOString();
  switch (event.type) {
    case 'user.updated': {
      const fields: [string, unknown][] = [
        ['fullName', event.data.full_name],
        ['firstName', event.data.first_name],
        ['lastName', event.data.last_name],
        ['avatarUrl', event.data.avatar_url],
      ];
      const given = fields.filter(([, value]) => value !== undefined);
      const sets = given.filter(([, v]) => v !== null).map(([name]) => `${name} = :${name}`);
      const removes = given.filter(([, v]) => v === null).map(([name]) => name);
      return [
        {
          Update: {
            TableName: tableName(),
            Key: profileKey(userId),
            UpdateExpression: `SET ${[...sets, 'idpSyncedAt = :occurred', 'updatedAt = :now'].join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND homeTenantId = :tenant AND attribute_exists(memberships.#tenant) AND (attribute_not_exists(idpSyncedAt) OR idpSyncedAt < :occurred)',
            ExpressionAttributeNames: { '#tenant': tenantId },
            ExpressionAttributeValues: { ...Object.fromEntries(given.filter(([, v]) => v !== null).map(([name, v]) => [`:${name}`, v])), ':occurred': event.occurred_at, ':now': at, ':tenant': tenantId },
          },
        },
      ];
    }
    case 'session.created':
    case 'session.ended':
      return [
        memberCheck(tenantId, userId),
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...authSessionEventKey(tenantId, userId, event.occurred_at, event.id),
              entity: 'authSessionEvent',
              tenantId,
              userId,
              eventId: event.id,
              event: event.type === 'session.created' ? 'created' : 'ended',
              sessionId: event.data.session_id ?? null,
              occurredAt: event.occurred_at,
              expiresAt: Math.floor(now.getTime() / 1000) + SESSION_RETENTION_DAYS * 86_400,
            },
          },
        },
      ];
    case 'user.deleted':
      return [
        memberCheck(tenantId, userId),
        {
          Update: {
            TableName: tableName(),
            Key: erasureRequestKey(tenantId, userId),
            UpdateExpression: 'SET entity = :entity, tenantId = :tenant, userId = :user, #status = if_not_exists(#status, :pending), requestedAt = if_not_exists(requestedAt, :now), #source = if_not_exists(#source, :source), sourceEventId = if_not_exists(sourceEventId, :event)',
            ExpressionAttributeNames: { '#status': 'status', '#source': 'source' },
            ExpressionAttributeValues: { ':entity': 'erasureRequest', ':tenant': tenantId, ':user': userId, ':pending': 'pending', ':now': at, ':source': 'auth_webhook', ':event': event.id },
          },
        },
      ];
    case 'user.created':
      return [];
  }
}

function cancelledAt(err: unknown): number[] | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  return (err.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

const replayed = () => new ValidationError([{ field: 'body.id', message: 'This event was already received', code: 'event_replayed' }], 'Webhook event replayed');

/**
 * Applies a verified event: one TransactWriteItems (claim + effect). When only the effect's condition
 * failed, the event is recorded as `ignored` with one more conditional PutItem (a replay racing it still
 * loses). A replay → 400 `event_replayed` on `body.id`.
 */
export async function applyAuthWebhookEvent(tenantId: string, event: AuthWebhookEvent, now: Date): Promise<AuthWebhookOutcome> {
  const effect = effects(tenantId, event, now);
  const outcome: AuthWebhookOutcome = effect.length ? 'processed' : 'recorded';
  try {
    await transactWriteRetryingConflicts({ TransactItems: [claim(tenantId, event, outcome, now), ...effect] });
    return outcome;
  } catch (err) {
    const failed = cancelledAt(err);
    if (!failed) throw err;
    if (failed.includes(0)) throw replayed();
  }
  try {
    await documentClient().send(new PutCommand(claim(tenantId, event, 'ignored', now).Put!));
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw replayed();
    throw err;
  }
  return 'ignored';
}
