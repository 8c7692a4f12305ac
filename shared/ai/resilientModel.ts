import { TimeoutStrategy, isBrokenCircuitError, isTaskCancelledError, timeout, wrap, type CircuitBreakerPolicy } from 'cockatiel';
import { PlatformBreaker } from '../integrations/platformBreaker.js';
import { AiServiceError } from './aiErrors.js';
import type { ModelPort, ModelReply, ModelRequest, StreamEvent } from './modelPort.js';
import { healthEntry, recordFailure, recordFallbackAnswer, recordState, recordSuccess } from './providerHealth.js';

/**
 * Resilience around the model port (seed 004 Operational Considerations): per model a cockatiel
 * circuit breaker (ConsecutiveBreaker: `failureThreshold` transient failures in a row open it; after
 * `resetTimeoutMs` one trial call is let through, half-open) around a timeout (aggressive: the call is
 * aborted; `abortOnReturn: false` so an opened stream keeps reading after the first event). When the primary fails transiently, or its circuit is open, the fallback model answers
 * (its own breaker and timeout). Retries inside one request are the SDK's (maxAttempts 2); the breaker
 * stops a throttled or failing primary from costing every request a timeout.
 *
 * Transient = throttling, service unavailable, model timeout/not ready, internal error, stream error,
 * our timeout. Anything else (validation, access denied) is the request's or the configuration's
 * fault: no fallback, no breaker count, answered as AI_SERVICE_ERROR.
 *
 * The breakers are the integration layer's PlatformBreaker (shared/integrations/platformBreaker.ts,
 * dependency `bedrock`): the same cockatiel breaker, plus call figures for the integration metrics,
 * state changes reported platform-wide and the operator's reset (seed 003 §8).
 */
export interface ResilienceOptions {
  timeoutMs: number;
  failureThreshold: number;
  resetTimeoutMs: number;
  /** How long an open breaker trusts its last look at the operator's reset (default 5 s). */
  resetCheckMs?: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = { timeoutMs: 20_000, failureThreshold: 5, resetTimeoutMs: 30_000 };

const TRANSIENT = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelTimeoutException',
  'ModelNotReadyException',
  'InternalServerException',
  'ModelStreamErrorException',
  'TimeoutError',
  'ECONNRESET',
]);

export function isTransient(error: unknown): boolean {
  return isTaskCancelledError(error) || (error instanceof Error && (TRANSIENT.has(error.name) || TRANSIENT.has((error as { code?: string }).code ?? '')));
}

interface Guarded {
  model: ModelPort;
  breaker: PlatformBreaker;
  health: ReturnType<typeof healthEntry>;
}

function guard(model: ModelPort, role: 'primary' | 'fallback', options: ResilienceOptions): Guarded {
  const breaker = new PlatformBreaker(
    'bedrock',
    `${role}:${model.modelId}`,
    isTransient,
    { failureThreshold: options.failureThreshold, halfOpenAfterMs: options.resetTimeoutMs, resetCheckMs: options.resetCheckMs ?? 5_000 },
    (policy) => wrap(policy, timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false })),
  );
  const health = healthEntry(model.modelId, role, model.kind);
  breaker.onStateChange((state) => recordState(health, state));
  return { model, breaker, health };
}

/** The model a service calls: primary with breaker and timeout, then the fallback. */
export interface ResilientModel {
  readonly primaryModelId: string;
  readonly fallbackModelId: string | undefined;
  readonly kind: 'bedrock' | 'local';
  converse(request: ModelRequest): Promise<ModelReply & { fallbackUsed: boolean }>;
  /** Falls back only before the first token; a failure after it ends the stream with the error. */
  converseStream(request: ModelRequest): AsyncIterable<StreamEvent & { fallbackUsed?: boolean }>;
  /** The breakers, for tests and the health snapshot. */
  readonly breakers: { primary: CircuitBreakerPolicy; fallback: CircuitBreakerPolicy | undefined };
}

async function attempt<T>(guarded: Guarded, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await guarded.breaker.execute(({ signal }) => run(signal));
    recordSuccess(guarded.health, Date.now() - started);
    return result;
  } catch (error) {
    recordFailure(guarded.health, error, isBrokenCircuitError(error) ? 'short-circuit' : isTaskCancelledError(error) ? 'timeout' : 'failure');
    throw error;
  }
}

const canFallBack = (error: unknown) => isBrokenCircuitError(error) || isTransient(error);

export function resilientModel(primary: ModelPort, fallback: ModelPort | undefined, options: ResilienceOptions = DEFAULT_RESILIENCE): ResilientModel {
  const first = guard(primary, 'primary', options);
  const second = fallback ? guard(fallback, 'fallback', options) : undefined;

  const failed = (error: unknown): never => {
    if (error instanceof AiServiceError) throw error;
    throw new AiServiceError(isBrokenCircuitError(error) ? 'The AI service is temporarily unavailable (circuit open); try again shortly' : undefined);
  };

  return {
    primaryModelId: primary.modelId,
    fallbackModelId: fallback?.modelId,
    kind: primary.kind,
    get breakers() {
      return { primary: first.breaker.breaker, fallback: second?.breaker.breaker };
    },
    converse: async (request) => {
      try {
        return { ...(await attempt(first, (signal) => primary.converse(request, signal))), fallbackUsed: false };
      } catch (error) {
        if (!second || !canFallBack(error)) return failed(error);
        try {
          const reply = await attempt(second, (signal) => second.model.converse(request, signal));
          recordFallbackAnswer();
          return { ...reply, fallbackUsed: true };
        } catch (fallbackError) {
          return failed(fallbackError);
        }
      }
    },
    converseStream: async function* (request) {
      // Open the stream and read its first event under the breaker: that is where throttling shows.
      const open = async (guarded: Guarded) =>
        attempt(guarded, async (signal) => {
          const iterator = guarded.model.converseStream(request, signal)[Symbol.asyncIterator]();
          const head = await iterator.next();
          return { iterator, head };
        });
      let opened: { iterator: AsyncIterator<StreamEvent>; head: IteratorResult<StreamEvent> };
      let fallbackUsed = false;
      try {
        opened = await open(first);
      } catch (error) {
        if (!second || !canFallBack(error)) return failed(error);
        try {
          opened = await open(second);
          fallbackUsed = true;
          recordFallbackAnswer();
        } catch (fallbackError) {
          return failed(fallbackError);
        }
      }
      let current = opened.head;
      while (!current.done) {
        yield current.value.type === 'done' ? { ...current.value, fallbackUsed } : current.value;
        current = await opened.iterator.next();
      }
    },
  };
}
