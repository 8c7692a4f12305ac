import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, UpdateCommand } from '../db/commands.js';
import { hasAnyRole, type Principal } from '../auth/principal.js';
import { documentClient, tableName } from '../db/client.js';
import { erasureRequestKey, memberKey, profileKey } from '../db/keys.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';
import { readErasureReceipt, readErasureRequest, type ErasureReceipt, type ErasureRequest, type ErasureSource } from './erasureRequests.js';
import { erasureRunner } from './erasureRunner.js';
import type { ErasureState } from './erasureTasks.js';
import { erasedUserRef } from './privacyKeys.js';

/** What the erasure routes answer: the request's state, or the receipt once erased. */
export interface ErasureView {
  status: 'pending' | 'running' | 'failed' | 'erased';
  requestId: string;
  requestedAt: string;
  attempt: number;
  receipt: ErasureReceipt | null;
}

const viewOfReceipt = (receipt: ErasureReceipt): ErasureView => ({ status: 'erased', requestId: receipt.requestId, requestedAt: receipt.requestedAt, attempt: receipt.attempts, receipt });
const viewOfRequest = (request: ErasureRequest): ErasureView => ({ status: request.status, requestId: request.requestId, requestedAt: request.requestedAt, attempt: request.attempt ?? 0, receipt: null });

/**
 * Who may erase whom: the learner themself, or an org admin of the caller's tenant for an account whose
 * home is that tenant (a member whose account belongs to another organization is that organization's to
 * erase: 403). Another tenant's account is not found (404) — it is not a member here.
 */
async function authorize(principal: Principal, targetUserId: string): Promise<'self' | 'org_admin'> {
  if (targetUserId === principal.userId) return 'self';
  if (!hasAnyRole(principal, ['org_admin'])) throw new AuthorizationError('Only the account\'s owner or an org admin of its organization can erase it');
  return 'org_admin';
}

async function assertErasableByAdmin(tenantId: string, userId: string): Promise<void> {
  const [member, profile] = await Promise.all([
    documentClient().send(new GetCommand({ TableName: tableName(), Key: memberKey(tenantId, userId), ConsistentRead: true })),
    documentClient().send(new GetCommand({ TableName: tableName(), Key: profileKey(userId), ConsistentRead: true })),
  ]);
  if (!member.Item) throw new NotFoundError('No such member in this organization');
  const home = profile.Item?.homeTenantId;
  if (home !== undefined && home !== tenantId) throw new AuthorizationError('This account belongs to another organization; its own organization can erase it');
}

/** The execution name of one attempt: from the tenant and user (hashed), so a repeated start is the same execution. */
export const erasureExecutionName = (tenantId: string, userId: string, attempt: number): string => `${erasedUserRef(tenantId, userId).replace('erased-', 'erase-')}-${attempt}`;

/**
 * Starts (or resumes) the erasure workflow for a recorded request: claims the next attempt with a
 * conditional update (only a pending request without an execution, or a failed one, moves on), so two
 * concurrent calls start one execution. Returns the request as it now stands.
 */
export async function startErasure(tenantId: string, userId: string): Promise<ErasureRequest | undefined> {
  const request = await readErasureRequest(tenantId, userId);
  if (!request) return undefined;
  const startable = (request.status === 'pending' && !request.executionName) || request.status === 'failed';
  if (!startable) return request;
  const attempt = (request.attempt ?? 0) + 1;
  const executionName = erasureExecutionName(tenantId, userId, attempt);
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: erasureRequestKey(tenantId, userId),
        UpdateExpression: 'SET attempt = :attempt, executionName = :name, #s = :pending, requestId = if_not_exists(requestId, :rid) REMOVE lastError',
        ConditionExpression: 'attribute_exists(pk) AND #s = :seen AND (attribute_not_exists(attempt) OR attempt = :previous)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':attempt': attempt, ':name': executionName, ':pending': 'pending', ':seen': request.status, ':previous': request.attempt ?? 0, ':rid': `era_${randomUUID().replace(/-/g, '')}` },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return readErasureRequest(tenantId, userId);
    throw err;
  }
  const claimed = (await readErasureRequest(tenantId, userId))!;
  const input: ErasureState = { tenantId, userId, requestId: claimed.requestId, attempt };
  await erasureRunner().start(executionName, JSON.stringify(input));
  return claimed;
}

/**
 * Requests erasure of `targetUserId` in the caller's tenant (route `POST /api/users/{userId}/erasure`).
 * Already erased → the same receipt (200). Otherwise the request is recorded once (conditional Put) and
 * the workflow started, or a failed one resumed (202).
 */
export async function requestErasure(principal: Principal, targetUserId: string, now: Date): Promise<{ view: ErasureView; created: boolean }> {
  const tenantId = principal.tenantId;
  const role = await authorize(principal, targetUserId);
  const receipt = await readErasureReceipt(tenantId, targetUserId);
  if (receipt) return { view: viewOfReceipt(receipt), created: false };
  if (role === 'org_admin') await assertErasableByAdmin(tenantId, targetUserId);
  const source: ErasureSource = role;
  let created = false;
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: erasureRequestKey(tenantId, targetUserId),
        UpdateExpression: 'SET entity = :entity, tenantId = :t, userId = :u, #s = :pending, requestedAt = :now, #source = :source, requestId = :rid',
        ConditionExpression: 'attribute_not_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status', '#source': 'source' },
        ExpressionAttributeValues: { ':entity': 'erasureRequest', ':t': tenantId, ':u': targetUserId, ':pending': 'pending', ':now': now.toISOString(), ':source': source, ':rid': `era_${randomUUID().replace(/-/g, '')}` },
      }),
    );
    created = true;
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
  const request = await startErasure(tenantId, targetUserId);
  if (!request) {
    const finished = await readErasureReceipt(tenantId, targetUserId);
    if (finished) return { view: viewOfReceipt(finished), created: false };
    throw new NotFoundError('No erasure request');
  }
  return { view: viewOfRequest(request), created };
}

/**
 * The account lifecycle webhook's `user.deleted` (shared/authWebhooks/authWebhookEvents.ts records the
 * request): starts the erasure when the account's home is the signing tenant (its identity provider
 * owns the account); a member whose account belongs elsewhere keeps a pending request that an org admin
 * of its home organization decides on. Never throws: the event is already accepted, and a failure to
 * start leaves the request pending, started by the next erasure request for it.
 */
export async function startErasureFromWebhook(tenantId: string, userId: string, log: (message: string, fields: Record<string, unknown>) => void): Promise<'started' | 'left_pending'> {
  try {
    const profile = await documentClient().send(new GetCommand({ TableName: tableName(), Key: profileKey(userId), ConsistentRead: true }));
    const home = profile.Item?.homeTenantId;
    if (home !== undefined && home !== tenantId) return 'left_pending';
    await startErasure(tenantId, userId);
    return 'started';
  } catch (err) {
    log('auth webhook: erasure not started', { tenantId, error: err instanceof Error ? err.name : String(err) });
    return 'left_pending';
  }
}
