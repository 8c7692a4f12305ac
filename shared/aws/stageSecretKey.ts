import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { runtimeConfig } from '../config/runtimeConfig.js';

/**
 * A stage key that encrypts tenants' secrets at rest with AES-256-GCM (the LRS passwords of xAPI, the
 * signing secrets of the account-lifecycle webhook). In AWS its material is a Secrets Manager secret
 * whose random value CloudFormation generates (named by `secretIdVariable`), read once per cold start
 * with the Secrets Manager client loaded on demand. A local stack (DYNAMODB_ENDPOINT set) uses
 * `localKeyVariable` or a fixed development value; a deployed function without the variable fails
 * instead of using it. The 32-byte key is derived with HKDF-SHA256 under `info`, so two uses of one
 * material never share a key.
 */
export interface StageKeySpec {
  secretIdVariable: string;
  localKeyVariable: string;
  localDefault: string;
  info: string;
}

/** Ciphertext with its IV and tag (base64), bound to an AAD the caller chooses. */
export interface SealedSecret {
  iv: string;
  tag: string;
  ciphertext: string;
}

export interface StageSecretKey {
  /** The 32-byte AES key (cached; a failed read is retried on the next call). */
  key(env?: NodeJS.ProcessEnv): Promise<Buffer>;
  seal(aad: string, plaintext: string): Promise<SealedSecret>;
  /** Throws when the ciphertext, tag or AAD do not match. */
  unseal(aad: string, sealed: SealedSecret): Promise<string>;
  /** Injects a Secrets Manager client (tests); undefined resets it and the cached key. */
  setClient(replacement: SecretsManagerClient | undefined): void;
}

export function stageSecretKey(spec: StageKeySpec): StageSecretKey {
  let client: SecretsManagerClient | undefined;
  let cached: Promise<Buffer> | undefined;

  async function material(env: NodeJS.ProcessEnv): Promise<string> {
    const secretId = env[spec.secretIdVariable];
    if (!secretId) {
      if (!env.DYNAMODB_ENDPOINT) throw new Error(`${spec.secretIdVariable} is not configured (only a local stack may leave it unset)`);
      return env[spec.localKeyVariable] || spec.localDefault;
    }
    const sdk = await import('@aws-sdk/client-secrets-manager');
    client ??= new sdk.SecretsManagerClient({ region: runtimeConfig().region });
    const result = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
    const value = result.SecretString?.trim();
    if (!value) throw new Error(`Secret ${secretId} has no string value`);
    return value;
  }

  const key = (env: NodeJS.ProcessEnv = process.env): Promise<Buffer> => {
    cached ??= material(env).then((value) => Buffer.from(hkdfSync('sha256', value, 'cairn', spec.info, 32)));
    cached.catch(() => (cached = undefined));
    return cached;
  };

  return {
    key,
    async seal(aad, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await key(), iv);
      cipher.setAAD(Buffer.from(aad));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
    },
    async unseal(aad, sealed) {
      const decipher = createDecipheriv('aes-256-gcm', await key(), Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    },
    setClient(replacement) {
      client = replacement;
      cached = undefined;
    },
  };
}
