import type { BreakerOptions, PlatformBreaker } from '../integrations/platformBreaker.js';
import { isOpenCircuitRefusal, lazyBreaker } from '../integrations/lazyBreaker.js';
import { PaymentProviderUnavailableError, type PaymentProvider } from './paymentProvider.js';

/** Only the provider being unreachable (connection, 5xx, 429) counts against it; a decline is an answer. */
export const isPaymentProviderFailure = (error: unknown): boolean => error instanceof PaymentProviderUnavailableError;

/** A payment provider behind its breaker, which tests and the integration routes can reach. */
export interface GuardedPaymentProvider extends PaymentProvider {
  /** The breaker (built on the first call). */
  breaker(): Promise<PlatformBreaker>;
}

/**
 * The payment provider behind a circuit breaker (issue 20, dependency `stripe`): after
 * `failureThreshold` consecutive unavailable answers, calls fail at once with
 * PaymentProviderUnavailableError (what the saga retries and the routes answer 503) without reaching
 * Stripe, until the half-open trial succeeds or an operator resets the breaker. Idempotency keys pass
 * through unchanged, so a call retried after the breaker closes still charges once. The breaker (and
 * cockatiel) load with the first call, as the Stripe SDK does.
 */
export function guardedPaymentProvider(provider: PaymentProvider, options?: BreakerOptions): GuardedPaymentProvider {
  const breaker = lazyBreaker('stripe', provider.name, isPaymentProviderFailure, options);
  const run = async <T>(call: () => Promise<T>): Promise<T> => {
    const guard = await breaker();
    try {
      return await guard.execute(call);
    } catch (error) {
      if (isOpenCircuitRefusal(error)) throw new PaymentProviderUnavailableError('The payment provider is failing; calls are paused (circuit open)');
      throw error;
    }
  };
  return {
    name: provider.name,
    breaker,
    createIntent: (input) => run(() => provider.createIntent(input)),
    confirmIntent: (input) => run(() => provider.confirmIntent(input)),
    retrieveIntent: (intentId) => run(() => provider.retrieveIntent(intentId)),
    refund: (input) => run(() => provider.refund(input)),
    ping: () => run(async () => provider.ping?.()),
  };
}
