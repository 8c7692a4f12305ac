import { GetCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { erasureRequestKey } from '../db/keys.js';
import { erasedUserRef, erasureReceiptKey } from './privacyKeys.js';
import type { DiscoveredIds, ErasureCount } from './userDataRegistry.js';

/** Who asked: the learner, an org admin of the tenant, or the tenant's identity provider (auth webhook `user.deleted`). */
export type ErasureSource = 'self' | 'org_admin' | 'auth_webhook';
export type ErasureStatus = 'pending' | 'running' | 'failed';

/**
 * The erasure request item (`T#<t>#ERASURES`, `U#<user>`), from the first request until the receipt
 * replaces it. It carries what the workflow must not put in its execution state (logged with its data):
 * the email, and the ids discovered before anything was erased.
 */
export interface ErasureRequest {
  tenantId: string;
  userId: string;
  requestId: string;
  status: ErasureStatus;
  source: ErasureSource;
  requestedAt: string;
  attempt?: number;
  executionName?: string;
  email?: string | null;
  tenants?: string[];
  discovered?: Record<string, DiscoveredIds>;
  counts?: Record<string, ErasureCount>;
  cognitoUser?: 'deleted' | 'not_found' | 'external';
  lastError?: string;
}

/** What an erasure ends in: kept for good, carries no id, email or name of the person erased. */
export interface ErasureReceipt {
  receiptId: string;
  tenantId: string;
  /** erasedUserRef(tenant, user): lets a repeated request find this receipt. */
  userRef: string;
  requestId: string;
  source: ErasureSource;
  requestedAt: string;
  completedAt: string;
  attempts: number;
  tenants: number;
  cognitoUser: 'deleted' | 'not_found' | 'external';
  /** Per registry entity: items deleted, items anonymised or stripped of the user's entries, stored files deleted. */
  entities: Record<string, ErasureCount>;
}

export async function readErasureRequest(tenantId: string, userId: string): Promise<ErasureRequest | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: erasureRequestKey(tenantId, userId), ConsistentRead: true }));
  return out.Item as ErasureRequest | undefined;
}

export async function readErasureReceipt(tenantId: string, userId: string): Promise<ErasureReceipt | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: erasureReceiptKey(tenantId, erasedUserRef(tenantId, userId)), ConsistentRead: true }));
  return out.Item ? (out.Item.receipt as ErasureReceipt) : undefined;
}
