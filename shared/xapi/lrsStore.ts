import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '../db/commands.js';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { xapiConfigPartition, xapiCredentialKey, xapiLrsKey } from '../db/keys.js';
import { AuthenticationError, NotFoundError, ValidationError } from '../http/errors.js';
import { checkUrl, UnsafeUrlError, type Resolver } from '../net/safeFetch.js';
import type { SealedSecret } from '../aws/stageSecretKey.js';
import { xapiSecretKey } from './xapiSecretKey.js';

/**
 * A tenant's xAPI configuration (issue 22), one item collection `T#<tenant>#XAPI`:
 * - `LRS#<id>`: an LRS Cairn forwards the tenant's statements to: endpoint (checked with the SSRF
 *   rules when it is set, and again by safeFetch on every delivery), HTTP Basic username, and the
 *   password encrypted (AES-256-GCM under the stage key in Secrets Manager, `<tenant>|<lrs id>` as
 *   associated data, so a ciphertext copied to another tenant or LRS does not decrypt). The password is
 *   never returned by a route.
 * - `KEY#<id>`: an HTTP Basic credential for server-to-server senders of `/xapi/statements`. The
 *   secret is 32 random bytes shown once; only its SHA-256 is stored (a random secret of that length
 *   needs no slow hash), compared in constant time.
 * The delivery reads the LRS list with one Query per tenant per stream batch.
 */

export interface LrsInput {
  endpoint: string;
  username: string;
  password: string;
  includeEmail: boolean;
  enabled: boolean;
}

export interface LrsView {
  lrsId: string;
  endpoint: string;
  username: string;
  includeEmail: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An LRS with its password, for the delivery only. */
export interface LrsTarget extends LrsView {
  tenantId: string;
  password: string;
}

type Sealed = SealedSecret;

const seal = (aad: string, secret: string): Promise<Sealed> => xapiSecretKey.seal(aad, secret);
const unseal = (aad: string, sealed: Sealed): Promise<string> => xapiSecretKey.unseal(aad, sealed);

const viewOf = (item: Record<string, unknown>): LrsView => ({
  lrsId: item.lrsId as string,
  endpoint: item.endpoint as string,
  username: item.username as string,
  includeEmail: item.includeEmail === true,
  enabled: item.enabled !== false,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

/** The statements resource of an LRS endpoint (`…/xapi/` → `…/xapi/statements`). */
export function statementsUrlOf(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/statements`;
}

/**
 * Creates or replaces one LRS of the tenant. The endpoint must pass the SSRF rules now (https, port
 * 443, public addresses; 400 naming `body.endpoint` otherwise), so a misconfiguration shows at once
 * instead of as failed deliveries. One Put; `createdAt` survives a replacement.
 */
export async function putLrs(tenantId: string, lrsId: string, input: LrsInput, now: Date, resolve?: Resolver): Promise<LrsView> {
  try {
    await checkUrl(input.endpoint, resolve);
  } catch (err) {
    if (err instanceof UnsafeUrlError) throw new ValidationError([{ field: 'body.endpoint', message: err.message, code: err.reason }]);
    throw err;
  }
  const at = now.toISOString();
  const item = {
    ...xapiLrsKey(tenantId, lrsId),
    entity: 'xapiLrs',
    tenantId,
    lrsId,
    endpoint: input.endpoint,
    username: input.username,
    password: await seal(`${tenantId}|${lrsId}`, input.password),
    includeEmail: input.includeEmail,
    enabled: input.enabled,
    updatedAt: at,
  };
  const existing = await documentClient().send(new GetCommand({ TableName: tableName(), Key: xapiLrsKey(tenantId, lrsId), ConsistentRead: true }));
  const createdAt = (existing.Item?.createdAt as string | undefined) ?? at;
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...item, createdAt } }));
  return viewOf({ ...item, createdAt });
}

async function configItems(tenantId: string, prefix: 'LRS#' | 'KEY#'): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': xapiConfigPartition(tenantId), ':prefix': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The tenant's LRSs (never a password). One Query. */
export async function listLrs(tenantId: string): Promise<LrsView[]> {
  return (await configItems(tenantId, 'LRS#')).map(viewOf);
}

/** Removes one LRS (404 when there is none). One Delete. */
export async function deleteLrs(tenantId: string, lrsId: string): Promise<void> {
  const result = await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: xapiLrsKey(tenantId, lrsId), ReturnValues: 'ALL_OLD' }));
  if (!result.Attributes) throw new NotFoundError('No such LRS in this organization');
}

/** The tenant's enabled LRSs with their passwords, for the delivery. One Query. */
export async function lrsTargets(tenantId: string): Promise<LrsTarget[]> {
  const items = (await configItems(tenantId, 'LRS#')).filter((item) => item.enabled !== false);
  return Promise.all(items.map(async (item) => ({ ...viewOf(item), tenantId, password: await unseal(`${tenantId}|${item.lrsId as string}`, item.password as Sealed) })));
}

// ---- Inbound credentials (HTTP Basic for server-to-server senders). ----

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

export interface CredentialView {
  keyId: string;
  label: string;
  username: string;
  createdAt: string;
}

/** The Basic username of a credential: `<tenant>.<key id>` (tenant ids have no dots), so the tenant is known before any read. */
export const credentialUsername = (tenantId: string, keyId: string) => `${tenantId}.${keyId}`;

/** Creates a credential; the password is in the answer this once. One Put. */
export async function createCredential(tenantId: string, label: string, now: Date): Promise<CredentialView & { password: string }> {
  const keyId = `xk_${randomBytes(9).toString('base64url')}`;
  const password = randomBytes(32).toString('base64url');
  const createdAt = now.toISOString();
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...xapiCredentialKey(tenantId, keyId), entity: 'xapiCredential', tenantId, keyId, label, secretSha256: digest(password).toString('base64'), createdAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { keyId, label, username: credentialUsername(tenantId, keyId), createdAt, password };
}

/** The tenant's credentials (never a secret). One Query. */
export async function listCredentials(tenantId: string): Promise<CredentialView[]> {
  return (await configItems(tenantId, 'KEY#')).map((item) => ({ keyId: item.keyId as string, label: item.label as string, username: credentialUsername(tenantId, item.keyId as string), createdAt: item.createdAt as string }));
}

/** Revokes one credential (404 when there is none). One Delete. */
export async function deleteCredential(tenantId: string, keyId: string): Promise<void> {
  const result = await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: xapiCredentialKey(tenantId, keyId), ReturnValues: 'ALL_OLD' }));
  if (!result.Attributes) throw new NotFoundError('No such credential in this organization');
}

const TENANT_AND_KEY = /^([A-Za-z0-9_-]{1,64})\.(xk_[A-Za-z0-9_-]{12})$/;

/**
 * The tenant an `Authorization: Basic …` header authenticates, or 401. One GetItem; the same 401
 * (and the same constant-time comparison) for an unknown user name as for a wrong password.
 */
export async function authenticateBasic(header: string): Promise<{ tenantId: string; keyId: string }> {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim())?.[1];
  const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const match = colon > 0 ? TENANT_AND_KEY.exec(decoded.slice(0, colon)) : null;
  const password = colon > 0 ? decoded.slice(colon + 1) : '';
  const found = match
    ? (await documentClient().send(new GetCommand({ TableName: tableName(), Key: xapiCredentialKey(match[1]!, match[2]!), ConsistentRead: true }))).Item
    : undefined;
  const expected = found ? Buffer.from(found.secretSha256 as string, 'base64') : digest('no such credential');
  const same = timingSafeEqual(expected, digest(password));
  if (!found || !same || !match) throw new AuthenticationError('Invalid LRS credentials');
  return { tenantId: match[1]!, keyId: match[2]! };
}
