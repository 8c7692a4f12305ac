import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runtimeConfig } from '../config/runtimeConfig.js';
import { paymentConfig } from './paymentConfig.js';

/**
 * The Stripe secret key and webhook signing secret, read from AWS Secrets Manager (created per stage
 * by lib/constructs/paymentSecrets.ts) once per cold start and cached: a warm Lambda never calls
 * Secrets Manager again. The client is module-scope and injectable for tests; its SDK is imported on
 * the first read, so only functions that talk to Stripe load it. A rotated secret is
 * picked up by new instances; a signature check that fails right after a rotation reloads once.
 */

let client: SecretsManagerClient | undefined;
const cache = new Map<string, Promise<string>>();

/** Injects a Secrets Manager client (tests); undefined resets it and the cache. */
export function setSecretsClient(replacement: SecretsManagerClient | undefined): void {
  client = replacement;
  cache.clear();
}

/** Forgets cached secret values, so the next read fetches them again (after a rotation). */
export function forgetCachedSecrets(): void {
  cache.clear();
}

async function secretValue(secretId: string): Promise<string> {
  let pending = cache.get(secretId);
  if (!pending) {
    pending = import('@aws-sdk/client-secrets-manager').then(async (sdk) => {
      client ??= new sdk.SecretsManagerClient({ region: runtimeConfig().region });
      const result = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
      const value = result.SecretString?.trim();
      if (!value) throw new Error(`Secret ${secretId} has no string value`);
      return value;
    });
    // A failed fetch is not cached: the next request tries again.
    pending.catch(() => cache.delete(secretId));
    cache.set(secretId, pending);
  }
  return pending;
}

/** Stripe's secret API key (`sk_…`). Only meaningful with PAYMENT_PROVIDER=stripe. */
export async function stripeApiKey(): Promise<string> {
  const id = paymentConfig().stripeApiKeySecretId;
  if (!id) throw new Error('STRIPE_API_KEY_SECRET_ID is not configured');
  return secretValue(id);
}

/**
 * The secret webhook signatures are checked with: Stripe's endpoint secret from Secrets Manager, or
 * with the local provider the local test-mode secret (PAYMENT_WEBHOOK_SECRET or its default).
 */
export async function webhookSigningSecret(): Promise<string> {
  const config = paymentConfig();
  if (config.provider === 'local') return config.localWebhookSecret;
  if (!config.stripeWebhookSecretId) throw new Error('STRIPE_WEBHOOK_SECRET_ID is not configured');
  return secretValue(config.stripeWebhookSecretId);
}
