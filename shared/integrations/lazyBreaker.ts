import type { BreakerOptions, PlatformBreaker } from './platformBreaker.js';
import type { BreakerDependency } from './dependencies.js';

/** cockatiel's BrokenCircuitError, recognised without importing cockatiel (same test as its `isBrokenCircuitError`). */
export function isOpenCircuitRefusal(error: unknown): boolean {
  return error instanceof Error && 'isBrokenCircuitError' in error;
}

/**
 * A PlatformBreaker built on first use: the breaker module and cockatiel are imported with the first
 * guarded call (a chunk of their own in a Lambda bundle), so functions that guard Stripe or Cognito do
 * not load them at every cold start (issue 17's size goal). Every call of the returned function gives
 * the same breaker.
 */
export function lazyBreaker(dependency: BreakerDependency, label: string, isFailure: (error: unknown) => boolean, options?: BreakerOptions): () => Promise<PlatformBreaker> {
  let breaker: Promise<PlatformBreaker> | undefined;
  return () => {
    breaker ??= import('./platformBreaker.js').then(({ DEFAULT_BREAKER_OPTIONS, PlatformBreaker }) => new PlatformBreaker(dependency, label, isFailure, options ?? DEFAULT_BREAKER_OPTIONS));
    breaker.catch(() => (breaker = undefined));
    return breaker;
  };
}
