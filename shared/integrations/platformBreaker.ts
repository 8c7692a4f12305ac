import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy, type IPolicy } from 'cockatiel';
import { recordBreakerTrip, recordDependencyCall } from './callFigures.js';
import { readBreakerReset, reportBreakerState, type BreakerState } from './breakerStore.js';
import type { BreakerDependency } from './dependencies.js';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** After this long open, one trial call is let through (half-open). */
  halfOpenAfterMs: number;
  /** How long an open breaker trusts its last look at the platform-wide reset (one GetItem per look). */
  resetCheckMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = { failureThreshold: 5, halfOpenAfterMs: 30_000, resetCheckMs: 5_000 };

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error');

const registry = new Set<PlatformBreaker>();

/**
 * A cockatiel circuit breaker around one dependency's calls in this container, with what makes it
 * platform-wide (issue 20):
 *
 * - every call that reaches the dependency is measured into the integration figures (callFigures.ts,
 *   in memory); a call refused by the open breaker is not a call and costs nothing but the refusal;
 * - a state change is reported to the breaker's platform item (one UpdateItem per change, not per call),
 *   so `status` shows the state the fleet last reported;
 * - an operator's reset reaches every container: an open breaker, before refusing a call, looks at the
 *   platform item's `resetAt` (one GetItem, trusted for `resetCheckMs`); a reset newer than the moment
 *   it opened replaces it with a fresh, closed breaker and the call goes through. A closed breaker never
 *   looks, so a reset costs the healthy path nothing.
 *
 * Timeline of a reset: container A opens at t0 (reports `open`); the operator resets at t1 > t0
 * (`resetAt = t1`); A's next call at t2 reads `resetAt`, sees t1 ≥ t0, closes, calls the dependency.
 * Container B, which opened at t3 > t1 (a new outage after the reset), keeps refusing: t1 < t3.
 *
 * cockatiel has no reset method, so a reset builds a new policy; `compose` re-wraps it (a timeout).
 */
export class PlatformBreaker {
  private policy!: CircuitBreakerPolicy;
  private composed!: IPolicy;
  private openedAt: number | undefined;
  private changes: { state: BreakerState; at: number }[] = [];
  private resetLook: { at: number; resetAt: number | undefined } | undefined;
  private readonly listeners: ((state: BreakerState) => void)[] = [];

  constructor(
    readonly dependency: BreakerDependency,
    /** Which breaker of the dependency this is (`stripe`, `primary:<model>`). */
    readonly label: string,
    private readonly isFailure: (error: unknown) => boolean,
    private readonly options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
    private readonly compose: (breaker: CircuitBreakerPolicy) => IPolicy = (breaker) => breaker,
  ) {
    this.build();
    registry.add(this);
  }

  private build(): void {
    this.policy = circuitBreaker(handleWhen(this.isFailure), { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.failureThreshold) });
    this.composed = this.compose(this.policy);
    this.policy.onStateChange((state) => this.changed(STATE_NAMES[state]));
  }

  private changed(state: BreakerState): void {
    const at = Date.now();
    if (state === 'open') {
      this.openedAt = at;
      recordBreakerTrip(this.dependency, at);
    }
    this.changes.push({ state, at });
    for (const listener of this.listeners) listener(state);
  }

  /** The cockatiel policy in use (tests read its state). */
  get breaker(): CircuitBreakerPolicy {
    return this.policy;
  }

  get state(): BreakerState {
    return STATE_NAMES[this.policy.state];
  }

  /** Calls `listener` on every state change of this breaker (the AI provider's health snapshot). */
  onStateChange(listener: (state: BreakerState) => void): void {
    this.listeners.push(listener);
  }

  /** Runs `fn` under the breaker: BrokenCircuitError (without calling `fn`) while open. */
  async execute<T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T): Promise<T> {
    if (this.policy.state === CircuitState.Open) await this.followPlatformReset();
    const started = performance.now();
    let refused = false;
    let failure: string | undefined;
    try {
      return (await this.composed.execute(fn)) as T;
    } catch (error) {
      if (isBrokenCircuitError(error)) refused = true;
      else if (this.isFailure(error)) failure = errorName(error);
      throw error;
    } finally {
      if (!refused) recordDependencyCall(this.dependency, performance.now() - started, failure);
      await this.publishChanges(failure);
    }
  }

  /** Closes this container's breaker now (an operator reset, in the container that served it). */
  reset(): void {
    const was = this.state;
    this.build();
    this.openedAt = undefined;
    this.resetLook = undefined;
    if (was !== 'closed') {
      this.changes.push({ state: 'closed', at: Date.now() });
      for (const listener of this.listeners) listener('closed');
    }
  }

  private async followPlatformReset(): Promise<void> {
    const now = Date.now();
    if (!this.resetLook || now - this.resetLook.at >= this.options.resetCheckMs) {
      this.resetLook = { at: now, resetAt: await readBreakerReset(this.dependency).catch(() => this.resetLook?.resetAt) };
    }
    const resetAt = this.resetLook.resetAt;
    if (resetAt !== undefined && this.openedAt !== undefined && resetAt >= this.openedAt) {
      this.reset();
      // The reset itself is already on the platform item; this container's close is not news.
      this.changes = [];
    }
  }

  private async publishChanges(lastError: string | undefined): Promise<void> {
    if (this.changes.length === 0) return;
    const changes = this.changes;
    this.changes = [];
    for (const change of changes) {
      await reportBreakerState(this.dependency, change.state, new Date(change.at), this.label, change.state === 'open' ? lastError : undefined).catch(() => undefined);
    }
  }
}

/** This container's breakers (of one dependency, or all). */
export function localBreakers(dependency?: BreakerDependency): PlatformBreaker[] {
  return [...registry].filter((breaker) => dependency === undefined || breaker.dependency === dependency);
}

/** Tests: forget registered breakers. */
export function forgetLocalBreakers(): void {
  registry.clear();
}
