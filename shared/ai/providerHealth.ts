/**
 * The AI provider's health as this container has seen it: per model, the circuit breaker's state and
 * call counters. Read by `aiProviderHealth()`. Counters are per Lambda container since its cold start
 * (each container has its own breaker), so they describe "what this instance sees", not fleet totals;
 * the platform-wide figures and breaker states of the integration routes (issue 20, seed 003 §8) come
 * from shared/integrations/ (recorded figures and the breaker item), and CloudWatch metrics (published
 * per request) give request totals.
 */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface ModelHealth {
  modelId: string;
  role: 'primary' | 'fallback';
  provider: 'bedrock' | 'local';
  state: BreakerState;
  calls: number;
  successes: number;
  failures: number;
  timeouts: number;
  /** Calls refused without trying because the circuit was open. */
  shortCircuited: number;
  lastFailure: { at: string; error: string } | null;
  lastStateChangeAt: string | null;
  /** Mean latency of successful calls in ms; null before the first. */
  meanLatencyMs: number | null;
}

export interface AiProviderHealth {
  provider: 'bedrock' | 'local';
  models: ModelHealth[];
  /** Answers given by the fallback model because the primary failed or its circuit was open. */
  fallbackAnswers: number;
  since: string;
}

interface Entry extends ModelHealth {
  latencyTotalMs: number;
}

const entries = new Map<string, Entry>();
let fallbackAnswers = 0;
let since = new Date().toISOString();

/** Registers (or returns) the counters of one model in one role. */
export function healthEntry(modelId: string, role: ModelHealth['role'], provider: ModelHealth['provider']): Entry {
  const key = `${role}:${modelId}`;
  let entry = entries.get(key);
  if (!entry) {
    entry = { modelId, role, provider, state: 'closed', calls: 0, successes: 0, failures: 0, timeouts: 0, shortCircuited: 0, lastFailure: null, lastStateChangeAt: null, meanLatencyMs: null, latencyTotalMs: 0 };
    entries.set(key, entry);
  }
  return entry;
}

export function recordSuccess(entry: Entry, latencyMs: number): void {
  entry.calls += 1;
  entry.successes += 1;
  entry.latencyTotalMs += latencyMs;
  entry.meanLatencyMs = Math.round(entry.latencyTotalMs / entry.successes);
}

export function recordFailure(entry: Entry, error: unknown, kind: 'failure' | 'timeout' | 'short-circuit'): void {
  if (kind === 'short-circuit') {
    entry.shortCircuited += 1;
    return;
  }
  entry.calls += 1;
  entry.failures += 1;
  if (kind === 'timeout') entry.timeouts += 1;
  entry.lastFailure = { at: new Date().toISOString(), error: error instanceof Error ? error.name : 'Error' };
}

export function recordState(entry: Entry, state: BreakerState): void {
  entry.state = state;
  entry.lastStateChangeAt = new Date().toISOString();
}

export function recordFallbackAnswer(): void {
  fallbackAnswers += 1;
}

/** A snapshot for the integration-management routes (issue 20). */
export function aiProviderHealth(): AiProviderHealth {
  const models = [...entries.values()].map(({ latencyTotalMs: _l, ...health }) => ({ ...health }));
  return { provider: models.some((m) => m.provider === 'bedrock') ? 'bedrock' : 'local', models, fallbackAnswers, since };
}

/** Tests only: forget every counter. */
export function resetAiProviderHealth(): void {
  entries.clear();
  fallbackAnswers = 0;
  since = new Date().toISOString();
}
