import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand } from '../db/commands.js';
import { randomBytes } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { authWebhookSecretKey } from '../db/keys.js';
import { ConflictError } from '../http/errors.js';
import { webhookSecretKey } from './secretEncryptionKey.js';

/**
 * A tenant's signing secret for the account lifecycle webhook. It must be recoverable: an HMAC is
 * verified by recomputing it with the secret itself, so a one-way hash (as for passwords) cannot
 * check a signature. It is therefore stored encrypted, AES-256-GCM under the stage key
 * (secretEncryptionKey.ts), with `<tenant>|<version>` as associated data, so a ciphertext copied to
 * another tenant's item or version does not decrypt. The secret is shown once, when Cairn generates it;
 * no route returns it afterwards. On rotation the previous secret stays valid for a grace period, so
 * deliveries signed just before the identity provider switched still verify.
 */

export const SECRET_ROTATION_GRACE_HOURS = 24;

interface Sealed {
  iv: string;
  tag: string;
  ciphertext: string;
  version: number;
  createdAt: string;
}

interface SecretItem {
  current: Sealed;
  previous?: Sealed & { validUntil: string };
  version: number;
}

async function seal(tenantId: string, version: number, secret: string, createdAt: string): Promise<Sealed> {
  return { ...(await webhookSecretKey.seal(`${tenantId}|${version}`, secret)), version, createdAt };
}

function unseal(tenantId: string, sealed: Sealed): Promise<string> {
  return webhookSecretKey.unseal(`${tenantId}|${sealed.version}`, sealed);
}

async function readItem(tenantId: string): Promise<SecretItem | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: tableName(), Key: authWebhookSecretKey(tenantId), ConsistentRead: true }));
  return found.Item as SecretItem | undefined;
}

export interface SecretStatus {
  configured: boolean;
  version: number | null;
  createdAt: string | null;
  previousValidUntil: string | null;
}

function statusOf(item: SecretItem | undefined, now: Date): SecretStatus {
  const previous = item?.previous && item.previous.validUntil > now.toISOString() ? item.previous.validUntil : null;
  return { configured: Boolean(item), version: item?.version ?? null, createdAt: item?.current.createdAt ?? null, previousValidUntil: previous };
}

/** Whether the tenant has a secret, its version and when it was set (never the secret). One GetItem. */
export async function signingSecretStatus(tenantId: string, now: Date): Promise<SecretStatus> {
  return statusOf(await readItem(tenantId), now);
}

/**
 * Sets the tenant's signing secret: the one given (an identity provider that generates its own), or a
 * new random one (`whsec_` + 32 random bytes, base64url) returned in the answer this once. The
 * previous secret stays valid for 24 h. One consistent GetItem, then one Put conditioned on the version
 * read: two rotations at once → one wins, the other 409 (it would otherwise silently drop a secret).
 */
export async function setSigningSecret(tenantId: string, given: string | undefined, now: Date): Promise<SecretStatus & { secret: string | null }> {
  const existing = await readItem(tenantId);
  const secret = given ?? `whsec_${randomBytes(32).toString('base64url')}`;
  const version = (existing?.version ?? 0) + 1;
  const at = now.toISOString();
  const item: SecretItem = {
    current: await seal(tenantId, version, secret, at),
    ...(existing ? { previous: { ...existing.current, validUntil: new Date(now.getTime() + SECRET_ROTATION_GRACE_HOURS * 3_600_000).toISOString() } } : {}),
    version,
  };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...authWebhookSecretKey(tenantId), entity: 'authWebhookSecret', tenantId, ...item },
        ConditionExpression: existing ? 'version = :read' : 'attribute_not_exists(pk)',
        ...(existing ? { ExpressionAttributeValues: { ':read': existing.version } } : {}),
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ConflictError('The signing secret was changed at the same time; read it and retry');
    throw err;
  }
  return { ...statusOf(item, now), secret: given ? null : secret };
}

/** The secrets a delivery may be signed with now: current, plus previous within its grace period. One GetItem; empty when none is set. */
export async function validSigningSecrets(tenantId: string, now: Date): Promise<string[]> {
  const item = await readItem(tenantId);
  if (!item) return [];
  const secrets = [await unseal(tenantId, item.current)];
  if (item.previous && item.previous.validUntil > now.toISOString()) secrets.push(await unseal(tenantId, item.previous));
  return secrets;
}
