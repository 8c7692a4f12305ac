import type { PaymentProvider } from './paymentProvider.js';
import { guardedPaymentProvider } from './guardedPaymentProvider.js';
import { paymentConfig } from './paymentConfig.js';
import { LocalPaymentProvider } from './localPaymentProvider.js';
import { StripePaymentProvider } from './stripePaymentProvider.js';

let cached: PaymentProvider | undefined;

/**
 * The payment provider this process talks to, chosen once per cold start from the runtime
 * configuration (paymentConfig): Stripe in AWS, the local test-mode provider under `npm start` and in
 * the tests. Cached at module scope so every route, saga task and the webhook in one process share one
 * instance — which is what lets tests inspect the local provider's charges after an API call. The
 * configured provider sits behind its circuit breaker (guardedPaymentProvider.ts, issue 20); an
 * injected one is used as given.
 */
export function paymentProvider(): PaymentProvider {
  cached ??= guardedPaymentProvider(createConfiguredProvider());
  return cached;
}

/**
 * Replaces the cached provider (tests inject a LocalPaymentProvider they hold, or a Stripe adapter
 * pointed at the fake server); `undefined` resets it so the next call rebuilds from configuration.
 */
export function setPaymentProvider(provider: PaymentProvider | undefined): void {
  cached = provider;
}

/** Builds the adapter the configuration names; the Stripe adapter fetches its key on first use, not here. */
function createConfiguredProvider(): PaymentProvider {
  const config = paymentConfig();
  if (config.provider === 'local') return new LocalPaymentProvider();
  return new StripePaymentProvider({ ...(config.stripeApi ? { api: config.stripeApi } : {}) });
}
