import type Stripe from 'stripe';

let loading: Promise<typeof Stripe> | undefined;

/**
 * The `stripe` SDK class, imported on first use. The SDK is ~240 KB minified: a dynamic import makes
 * it a chunk of its own in a Lambda bundle (lib/constructs/lambdaBundle.ts), loaded only by the calls
 * that talk to Stripe (creating, confirming, reading or refunding an intent; verifying a webhook), not
 * at every cold start of the payments, enrollment and saga functions.
 */
export function loadStripe(): Promise<typeof Stripe> {
  loading ??= import('stripe').then((module) => module.default);
  // A failed load (should not happen) is retried by the next call.
  loading.catch(() => (loading = undefined));
  return loading;
}
