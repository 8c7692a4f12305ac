import {
  CircuitState,
  ConsecutiveBreaker,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  isTaskCancelledError,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { AiServiceError } from './aiErrors.js';
import type { ModelPort, ModelReply, ModelRequest, StreamEvent } from './modelPort.js';
import { healthEntry, recordFailure, recordFallbackAnswer, recordState, recordSuccess, type BreakerState } from './providerHealth.js';

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
 */
export interface ResilienceOptions {
  timeoutMs: number;
  failureThreshold: number;
  resetTimeoutMs: number;
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

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

interface Guarded {
  model: ModelPort;
  breaker: CircuitBreakerPolicy;
  policy: IPolicy;
  health: ReturnType<typeof healthEntry>;
}

function guard(model: ModelPort, role: 'primary' | 'fallback', options: ResilienceOptions): Guarded {
  const breaker = circuitBreaker(handleWhen(isTransient), { halfOpenAfter: options.resetTimeoutMs, breaker: new ConsecutiveBreaker(options.failureThreshold) });
  const health = healthEntry(model.modelId, role, model.kind);
  breaker.onStateChange((state) => recordState(health, STATE_NAMES[state]));
  return { model, breaker, policy: wrap(breaker, timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false })), health };
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
    const result = (await guarded.policy.execute(({ signal }: { signal: AbortSignal }) => run(signal))) as T;
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
    breakers: { primary: first.breaker, fallback: second?.breaker },
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
