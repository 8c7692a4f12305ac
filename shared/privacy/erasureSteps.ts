import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { erasureRequestKey, profileKey } from '../db/keys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { logger } from '../http/observability.js';
import { discoverUserIds } from './erasureDiscovery.js';
import { readErasureReceipt, readErasureRequest, type ErasureReceipt, type ErasureRequest } from './erasureRequests.js';
import type { ErasureState, ErasureTarget } from './erasureTasks.js';
import { erasedUserRef, erasureReceiptKey } from './privacyKeys.js';
import { deleteWithFiles, NO_DISCOVERED_IDS, USER_DATA_ENTITIES, userDataEntity, type DataSubject, type ErasureCount } from './userDataRegistry.js';

/**
 * The erasure workflow's steps. Each is idempotent, so a retried task, a re-driven Map iteration or a
 * resumed erasure (a new execution after a failed one) repeats nothing harmful:
 * - Begin discovers the ids once and keeps them on the request; a resume reuses them;
 * - DeleteIdentity treats "no such user" as done;
 * - EraseEntity finds what is left of the user in one entity and erases it (deletes of deleted items
 *   and removals of removed entries change nothing), adding what it did to the request's counts;
 * - Finish writes the receipt with a conditional Put and deletes the request in one transaction: a
 *   second Finish finds the receipt and returns it.
 */

class ErasureStateError extends Error {}

async function requestOf(state: ErasureState): Promise<ErasureRequest> {
  const request = await readErasureRequest(state.tenantId, state.userId);
  if (!request) throw new ErasureStateError('No erasure request for this execution (already finished?)');
  return request;
}

function targetsOf(requestTenantId: string, userId: string, tenants: readonly string[], phase: 'own' | 'shared'): ErasureTarget[] {
  return USER_DATA_ENTITIES.filter((e) => e.phase === phase).flatMap((entity) =>
    entity.scope === 'account' ? [{ requestTenantId, tenantId: requestTenantId, userId, entity: entity.name }] : tenants.map((tenantId) => ({ requestTenantId, tenantId, userId, entity: entity.name })),
  );
}

/**
 * Begin: marks the request running and, the first time only, records the email, the tenants the
 * account belongs to (its memberships plus the requesting tenant) and the ids discovered in each.
 * Returns the Map targets: every (tenant, entity) of the registry.
 */
export async function beginStep(state: ErasureState): Promise<ErasureState> {
  const existingReceipt = await readErasureReceipt(state.tenantId, state.userId);
  if (existingReceipt) return { ...state, ownTargets: [], sharedTargets: [], receiptId: existingReceipt.receiptId };
  const request = await requestOf(state);
  let tenants = request.tenants;
  if (!request.discovered || !tenants) {
    const profile = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: profileKey(state.userId), ConsistentRead: true }))).Item;
    tenants = [...new Set([state.tenantId, ...Object.keys((profile?.memberships as Record<string, unknown> | undefined) ?? {})])].sort();
    const discovered: Record<string, unknown> = {};
    const extraEvents = (request as unknown as { sourceEventId?: string }).sourceEventId;
    for (const tenantId of tenants) discovered[tenantId] = await discoverUserIds(tenantId, state.userId, tenantId === state.tenantId && extraEvents ? [extraEvents] : []);
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: erasureRequestKey(state.tenantId, state.userId),
        UpdateExpression: 'SET discovered = if_not_exists(discovered, :d), tenants = if_not_exists(tenants, :t), email = if_not_exists(email, :e), counts = if_not_exists(counts, :c)',
        ExpressionAttributeValues: { ':d': discovered, ':t': tenants, ':e': typeof profile?.email === 'string' ? profile.email : (request.email ?? null), ':c': {} },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }
  await documentClient().send(
    new UpdateCommand({ TableName: tableName(), Key: erasureRequestKey(state.tenantId, state.userId), UpdateExpression: 'SET #s = :running', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':running': 'running' }, ConditionExpression: 'attribute_exists(pk)' }),
  );
  return { ...state, ownTargets: targetsOf(state.tenantId, state.userId, tenants, 'own'), sharedTargets: targetsOf(state.tenantId, state.userId, tenants, 'shared') };
}

/** The Cognito deletion, injectable (tests: aws-sdk-client-mock on the Cognito client). */
export type IdentityDeleter = (email: string) => Promise<'deleted' | 'not_found'>;

let identityDeleter: IdentityDeleter | undefined;
export function setIdentityDeleter(deleter: IdentityDeleter | undefined): void {
  identityDeleter = deleter;
}

async function defaultIdentityDeleter(email: string): Promise<'deleted' | 'not_found'> {
  const [{ cognito }, sdk] = await Promise.all([import('../identity/cognito.js'), import('@aws-sdk/client-cognito-identity-provider')]);
  const { client, userPoolId } = await cognito();
  try {
    await client.send(new sdk.AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
    return 'deleted';
  } catch (err) {
    if (err instanceof sdk.UserNotFoundException) return 'not_found';
    throw err;
  }
}

/**
 * DeleteIdentity: deletes the Cognito user (its refresh tokens stop working with it), before any data
 * is erased, so the account cannot sign in and write more while erasure runs. An
 * account whose home is an external identity provider (auth webhook) has no pool user to delete:
 * `not_found` is recorded either way and a re-run is harmless.
 */
export async function deleteIdentityStep(state: ErasureState): Promise<ErasureState> {
  if (state.receiptId) return state;
  const request = await requestOf(state);
  if (request.cognitoUser) return state;
  const outcome = request.email ? await (identityDeleter ?? defaultIdentityDeleter)(request.email) : 'not_found';
  await documentClient().send(
    new UpdateCommand({ TableName: tableName(), Key: erasureRequestKey(state.tenantId, state.userId), UpdateExpression: 'SET cognitoUser = :o', ExpressionAttributeValues: { ':o': outcome }, ConditionExpression: 'attribute_exists(pk)' }),
  );
  return state;
}

/** Fault injection for tests: called before an entity is erased (throw to make the step fail). */
let beforeEntity: ((target: ErasureTarget) => void | Promise<void>) | undefined;
export function setErasureFault(hook: typeof beforeEntity): void {
  beforeEntity = hook;
}

/**
 * EraseEntity (one Map iteration): erases what is left of the user in one registry entity of one
 * tenant and adds the counts to the request (ADD: a retried iteration adds only what it found left).
 */
export async function eraseEntityStep(target: ErasureTarget): Promise<ErasureCount> {
  await beforeEntity?.(target);
  const request = await readErasureRequest(target.requestTenantId, target.userId);
  if (!request) return { deleted: 0, anonymised: 0, files: 0 };
  const entity = userDataEntity(target.entity);
  const subject: DataSubject = { userId: target.userId, tenantId: target.tenantId, email: request.email ?? null, discovered: request.discovered?.[target.tenantId] ?? NO_DISCOVERED_IDS };
  const items = await entity.find(subject);
  const count = entity.erase ? await entity.erase(subject, items) : await deleteWithFiles(entity, items);
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: erasureRequestKey(target.requestTenantId, target.userId),
      UpdateExpression: 'SET counts.#e = if_not_exists(counts.#e, :zero)',
      ExpressionAttributeNames: { '#e': entity.name },
      ExpressionAttributeValues: { ':zero': { deleted: 0, anonymised: 0, files: 0 } },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: erasureRequestKey(target.requestTenantId, target.userId),
      UpdateExpression: 'ADD counts.#e.deleted :d, counts.#e.anonymised :a, counts.#e.files :f',
      ExpressionAttributeNames: { '#e': entity.name },
      ExpressionAttributeValues: { ':d': count.deleted, ':a': count.anonymised, ':f': count.files },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
  return count;
}

/**
 * Finish: the receipt (conditional Put: exactly one per user and tenant) and the request's deletion,
 * in one transaction. The request carried the user id and email; the receipt carries neither.
 */
export async function finishStep(state: ErasureState, now = new Date()): Promise<ErasureState> {
  const existing = await readErasureReceipt(state.tenantId, state.userId);
  if (existing) return { ...state, ownTargets: [], sharedTargets: [], receiptId: existing.receiptId };
  const request = await requestOf(state);
  const userRef = erasedUserRef(state.tenantId, state.userId);
  const receipt: ErasureReceipt = {
    receiptId: `ers_${randomUUID().replace(/-/g, '')}`,
    tenantId: state.tenantId,
    userRef,
    requestId: request.requestId,
    source: request.source,
    requestedAt: request.requestedAt,
    completedAt: now.toISOString(),
    attempts: request.attempt ?? 1,
    tenants: request.tenants?.length ?? 1,
    cognitoUser: request.cognitoUser ?? 'not_found',
    entities: Object.fromEntries(USER_DATA_ENTITIES.map((e) => [e.name, request.counts?.[e.name] ?? { deleted: 0, anonymised: 0, files: 0 }])),
  };
  await transactWriteRetryingConflicts({
    TransactItems: [
      { Put: { TableName: tableName(), Item: { ...erasureReceiptKey(state.tenantId, userRef), entity: 'erasureReceipt', tenantId: state.tenantId, receipt }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Delete: { TableName: tableName(), Key: erasureRequestKey(state.tenantId, state.userId) } },
    ],
  });
  logger.info('erasure finished', { tenantId: state.tenantId, receiptId: receipt.receiptId, userRef });
  return { tenantId: state.tenantId, userId: state.userId, requestId: state.requestId, attempt: state.attempt, receiptId: receipt.receiptId };
}

/** RecordFailure (the Catch): marks the request failed with the error's name; a new request resumes it. */
export async function recordFailureStep(state: ErasureState & { error?: { Error?: string; Cause?: string } }): Promise<ErasureState> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: erasureRequestKey(state.tenantId, state.userId),
      UpdateExpression: 'SET #s = :failed, lastError = :e',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':e': state.error?.Error ?? 'unknown' },
    }),
  ).catch(() => undefined);
  return state;
}
