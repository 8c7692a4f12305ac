import { LATENCY_BUCKETS, latencyBucket } from '../domain/latencyHistogram.js';
import type { Dependency } from './dependencies.js';

/**
 * This container's unflushed dependency-call figures, per dependency and hour window (issue 20
 * "metrics from recorded figures"). Recording is in memory and costs no request; the figures reach the
 * table in one UpdateItem (atomic ADD) per dependency and window when they are flushed
 * (figureFlush.ts): after a DynamoDB call once INTEGRATION_FIGURES_FLUSH_SECONDS (default 30) have
 * passed since the last flush, and by the integration routes for their own probes.
 *
 * What is counted: a call that reached the dependency (`calls`); among them the dependency's own
 * failures (`errors`: server faults, throttling, timeouts, network errors; a declined card or a
 * failed condition is the request's outcome, not the dependency's error); its latency in a histogram
 * bucket (latencyHistogram.ts); breaker trips (`trips`). Calls refused by an open breaker never reached
 * the dependency and are not calls.
 *
 * Loss, never double counting: figures of a container that is recycled before its next flush are lost
 * (at most one flush interval of that container's calls), and a flush that fails is dropped rather
 * than retried (a timed-out ADD may have applied). docs/data-model.md "Integration figures" has the cost.
 */
export interface CallFigures {
  dependency: Dependency;
  /** Hour window, `YYYY-MM-DDTHH` (UTC). */
  window: string;
  calls: number;
  errors: number;
  latencyTotalMs: number;
  /** Latency bucket counts, index = bucket. */
  buckets: number[];
  trips: number;
  lastError: { name: string; at: string } | undefined;
}

const buffer = new Map<string, CallFigures>();
let lastFlushAt = Date.now();

/** The hour window of a time. */
export function hourWindow(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 13);
}

function entry(dependency: Dependency, atMs: number): CallFigures {
  const window = hourWindow(atMs);
  const key = `${dependency}|${window}`;
  let figures = buffer.get(key);
  if (!figures) {
    figures = { dependency, window, calls: 0, errors: 0, latencyTotalMs: 0, buckets: new Array<number>(LATENCY_BUCKETS).fill(0), trips: 0, lastError: undefined };
    buffer.set(key, figures);
  }
  return figures;
}

/** Counts one call that reached `dependency`; `failure` names the dependency's error, if it failed. */
export function recordDependencyCall(dependency: Dependency, latencyMs: number, failure: string | undefined, atMs = Date.now()): void {
  const figures = entry(dependency, atMs);
  const latency = Math.max(0, Math.round(latencyMs));
  figures.calls += 1;
  figures.latencyTotalMs += latency;
  figures.buckets[latencyBucket(latency)]! += 1;
  if (failure !== undefined) {
    figures.errors += 1;
    figures.lastError = { name: failure, at: new Date(atMs).toISOString() };
  }
}

/** Counts a breaker of `dependency` opening in this container. */
export function recordBreakerTrip(dependency: Dependency, atMs = Date.now()): void {
  entry(dependency, atMs).trips += 1;
}

function flushIntervalMs(): number | null {
  const setting = process.env.INTEGRATION_FIGURES_FLUSH_SECONDS;
  if (setting === 'off') return null;
  const seconds = setting === undefined || setting === '' ? 30 : Number(setting);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000;
}

/** True when figures are buffered and the flush interval has passed (never with `off`, the tests' setting). */
export function figuresDue(nowMs = Date.now()): boolean {
  const interval = flushIntervalMs();
  return interval !== null && buffer.size > 0 && nowMs - lastFlushAt >= interval;
}

/** Hands the buffered figures to a flush and empties the buffer. */
export function takeBufferedFigures(nowMs = Date.now()): CallFigures[] {
  lastFlushAt = nowMs;
  const taken = [...buffer.values()];
  buffer.clear();
  return taken;
}

/** Tests: forget buffered figures. */
export function clearBufferedFigures(): void {
  buffer.clear();
}
