/**
 * Payment configuration read from the environment, like shared/config/runtimeConfig.ts. CDK sets the
 * Stripe variables on the functions that take payments (lib/constructs/paymentSecrets.ts); the local
 * stack and the tests set none and get the local test-mode provider.
 *
 * | variable | meaning |
 * | --- | --- |
 * | PAYMENT_PROVIDER | `stripe` or `local`; unset means `local` only where DynamoDB is local (never silently in AWS) |
 * | STRIPE_API_KEY_SECRET_ID | Secrets Manager id of the Stripe secret key (`sk_…`) |
 * | STRIPE_WEBHOOK_SECRET_ID | Secrets Manager id of the webhook endpoint's signing secret (`whsec_…`) |
 * | STRIPE_API_URL | Only for tests: send the SDK to this base URL (the fake Stripe server) |
 * | PAYMENT_WEBHOOK_SECRET | Only with the local provider: the signing secret webhooks are checked with |
 */
export interface PaymentConfig {
  provider: 'stripe' | 'local';
  stripeApiKeySecretId: string | undefined;
  stripeWebhookSecretId: string | undefined;
  /** host/port/protocol for the Stripe SDK when STRIPE_API_URL is set. */
  stripeApi: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
  /** The local provider's webhook signing secret. */
  localWebhookSecret: string;
}

/** The signing secret local webhooks use when PAYMENT_WEBHOOK_SECRET is not set (test mode only). */
export const LOCAL_WEBHOOK_SECRET = 'whsec_cairn_local_test_mode';

/**
 * Reads and checks the payment configuration. Choosing Stripe without its secret ids, or leaving the
 * provider unset outside a local stack, is a cold-start error: a deployed stage must never fall back
 * to the fake provider and "accept" payments nobody was charged for.
 */
export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  const isLocal = Boolean(env.DYNAMODB_ENDPOINT);
  const provider = env.PAYMENT_PROVIDER ?? (isLocal ? 'local' : undefined);
  if (provider !== 'stripe' && provider !== 'local') {
    throw new Error('PAYMENT_PROVIDER must be "stripe" or "local" (only a local stack may leave it unset)');
  }
  const stripeApiKeySecretId = env.STRIPE_API_KEY_SECRET_ID || undefined;
  const stripeWebhookSecretId = env.STRIPE_WEBHOOK_SECRET_ID || undefined;
  // The webhook secret is checked where a webhook is verified (paymentSecrets.ts): the integration probe
  // (issue 20) talks to Stripe with the API key alone and is never given the webhook secret.
  if (provider === 'stripe' && !stripeApiKeySecretId) {
    throw new Error('PAYMENT_PROVIDER=stripe needs STRIPE_API_KEY_SECRET_ID');
  }
  return {
    provider,
    stripeApiKeySecretId,
    stripeWebhookSecretId,
    stripeApi: env.STRIPE_API_URL ? stripeApiOf(env.STRIPE_API_URL) : undefined,
    localWebhookSecret: env.PAYMENT_WEBHOOK_SECRET || LOCAL_WEBHOOK_SECRET,
  };
}

function stripeApiOf(url: string): PaymentConfig['stripeApi'] {
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  return { host: parsed.hostname, port: Number(parsed.port || (protocol === 'http' ? 80 : 443)), protocol };
}

let cached: PaymentConfig | undefined;

/** Module-scope cached configuration (one read per cold start). */
export function paymentConfig(): PaymentConfig {
  cached ??= loadPaymentConfig();
  return cached;
}

/** Forgets the cached configuration so tests can change the environment. */
export function resetPaymentConfig(): void {
  cached = undefined;
}
