import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { hkdfSync } from 'node:crypto';
import { runtimeConfig } from '../config/runtimeConfig.js';

/**
 * The stage key that encrypts tenants' LRS passwords at rest (AES-256-GCM, lrsStore.ts). In AWS it
 * is a Secrets Manager secret whose random value CloudFormation generates (lib/constructs/xapiDelivery.ts;
 * `XAPI_KEY_SECRET_ID`), read once per cold start by the xAPI API and the delivery function. A local
 * stack (DYNAMODB_ENDPOINT set) uses `XAPI_LOCAL_KEY` or a fixed development value; a deployed
 * function without the variable fails instead of using it.
 */
export const LOCAL_XAPI_KEY = 'cairn-local-xapi-key-development-only';

let client: SecretsManagerClient | undefined;
let cached: Promise<Buffer> | undefined;

/** Injects a Secrets Manager client (tests); undefined resets it and the cached key. */
export function setXapiKeyClient(replacement: SecretsManagerClient | undefined): void {
  client = replacement;
  cached = undefined;
}

/** The 32-byte AES key, derived with HKDF-SHA256 from the stage's key material. */
export function xapiEncryptionKey(env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  cached ??= material(env).then((value) => Buffer.from(hkdfSync('sha256', value, 'cairn', 'xapi-lrs-credentials/v1', 32)));
  cached.catch(() => (cached = undefined));
  return cached;
}

async function material(env: NodeJS.ProcessEnv): Promise<string> {
  const secretId = env.XAPI_KEY_SECRET_ID;
  if (!secretId) {
    if (!env.DYNAMODB_ENDPOINT) throw new Error('XAPI_KEY_SECRET_ID is not configured (only a local stack may leave it unset)');
    return env.XAPI_LOCAL_KEY || LOCAL_XAPI_KEY;
  }
  const sdk = await import('@aws-sdk/client-secrets-manager');
  client ??= new sdk.SecretsManagerClient({ region: runtimeConfig().region });
  const result = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
  const value = result.SecretString?.trim();
  if (!value) throw new Error(`Secret ${secretId} has no string value`);
  return value;
}
