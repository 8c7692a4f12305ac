import { flushIntegrationFigures } from '../db/client.js';
import { LATENCY_BUCKETS, latencyPercentile } from '../domain/latencyHistogram.js';
import { hourWindow } from './callFigures.js';
import { readBreakerItems, readFigures, resetBreakerItem, type BreakerItem, type BreakerState, type FiguresItem } from './breakerStore.js';
import { BREAKER_DEPENDENCIES, DEPENDENCIES, type BreakerDependency, type Dependency } from './dependencies.js';
import { runProbe, type ProbeOutcome } from './probes.js';

/**
 * Integration management (issue 20, seed 003 §8): health from live probes, status and metrics from
 * the recorded figures and the breakers' platform items, the operator's reset. Definitions of every
 * figure: docs/analytics.md "Integration metrics".
 */

/** A probe slower than this makes its dependency `degraded` (seed: "Slow response (>1s)"). */
export const SLOW_PROBE_MS = 1000;
/** An error rate above this (percent) makes a dependency `degraded` in `status`. */
export const DEGRADED_ERROR_RATE = 5;

/** The breakers' default half-open delay (platformBreaker.ts DEFAULT_BREAKER_OPTIONS), for `nextAttempt`. */
const HALF_OPEN_AFTER_MS = 30_000;

export const PERIODS = { '1h': 1, '24h': 24, '7d': 168 } as const;
export type Period = keyof typeof PERIODS;

type ServiceStatus = 'healthy' | 'degraded' | 'unhealthy' | 'not_configured' | 'unknown';

const round2 = (value: number) => Math.round(value * 100) / 100;
const upper = (state: BreakerState | undefined) => (state ?? 'closed').toUpperCase().replace('-', '_');

/** The hour windows of a period ending with the current hour (`1h`: the current hour only). */
export function periodWindows(period: Period, now: Date): { from: string; to: string } {
  const hours = PERIODS[period];
  return { from: hourWindow(now.getTime() - (hours - 1) * 3600_000), to: hourWindow(now.getTime()) };
}

interface Totals {
  calls: number;
  errors: number;
  latencyTotalMs: number;
  trips: number;
  buckets: number[];
  lastError: { name: string; at: string } | null;
}

/** Sums stored windows per dependency (pure; exported for the unit test). */
export function sumFigures(items: readonly FiguresItem[]): Record<Dependency, Totals> {
  const totals = Object.fromEntries(
    DEPENDENCIES.map((d) => [d, { calls: 0, errors: 0, latencyTotalMs: 0, trips: 0, buckets: new Array<number>(LATENCY_BUCKETS).fill(0), lastError: null } as Totals]),
  ) as Record<Dependency, Totals>;
  for (const item of items) {
    const total = totals[item.dependency as Dependency];
    if (!total) continue;
    total.calls += item.calls ?? 0;
    total.errors += item.errors ?? 0;
    total.latencyTotalMs += item.latencyTotalMs ?? 0;
    total.trips += item.trips ?? 0;
    for (let b = 0; b < LATENCY_BUCKETS; b++) total.buckets[b]! += item[`b${b}`] ?? 0;
    if (item.lastErrorName && item.lastErrorAt && (!total.lastError || item.lastErrorAt > total.lastError.at)) total.lastError = { name: item.lastErrorName, at: item.lastErrorAt };
  }
  return totals;
}

async function recorded(period: Period, now: Date) {
  const { from, to } = periodWindows(period, now);
  return sumFigures(await readFigures(from, to));
}

function breakerMap(items: readonly BreakerItem[]): Partial<Record<string, BreakerItem>> {
  return Object.fromEntries(items.map((item) => [item.dependency, item]));
}

/** GET health: every dependency's probe, measured, in parallel; breakers as the fleet last reported them. */
export async function integrationHealth(now: Date) {
  const outcomes = await Promise.all(DEPENDENCIES.map(async (d) => [d, await runProbe(d)] as const));
  // The probes' own figures first, so the failure counts below include them.
  await flushIntegrationFigures();
  const [breakerItems, lastHour] = await Promise.all([readBreakerItems(), recorded('1h', now)]);
  const breakers = breakerMap(breakerItems);
  const services = Object.fromEntries(outcomes.map(([d, outcome]) => [d, healthOf(outcome, now)]));
  const statuses = Object.values(services).map((s) => s.status);
  const status = statuses.includes('unhealthy') ? 'unhealthy' : statuses.includes('degraded') ? 'degraded' : 'healthy';
  const circuitBreakers = Object.fromEntries(
    BREAKER_DEPENDENCIES.map((d) => [d, { isOpen: breakers[d]?.state === 'open', state: upper(breakers[d]?.state), failureCount: lastHour[d].errors }]),
  );
  return { status, timestamp: now.toISOString(), services, circuitBreakers };
}

function healthOf(outcome: ProbeOutcome, now: Date) {
  const slow = (outcome.latencyMs ?? 0) > SLOW_PROBE_MS;
  // Bedrock: the fallback model answering means the primary is failing or its breaker is open.
  const fellBack = outcome.response?.fallbackUsed === true;
  const status: ServiceStatus = !outcome.configured ? 'not_configured' : !outcome.ok ? 'unhealthy' : slow || fellBack ? 'degraded' : 'healthy';
  const issue = status === 'unhealthy' ? outcome.error : fellBack ? 'Primary model unavailable; the fallback model answered' : slow ? `Slow response (>${SLOW_PROBE_MS / 1000}s)` : undefined;
  return { status, responseTime: outcome.latencyMs, lastChecked: now.toISOString(), probe: outcome.operation, ...(issue ? { issue } : {}) };
}

/** POST test: one dependency's probe, with what it answered. */
export async function testIntegration(dependency: Dependency, now: Date) {
  const outcome = await runProbe(dependency);
  await flushIntegrationFigures();
  return {
    serviceName: dependency,
    endpoint: outcome.operation,
    testResult: !outcome.configured ? 'not_configured' : outcome.ok ? 'success' : 'failure',
    responseTime: outcome.latencyMs,
    timestamp: now.toISOString(),
    response: outcome.response,
    error: outcome.error,
  };
}

/** GET status: per dependency, the breaker's platform state, last error and error rate over the last 24 hours. */
export async function integrationStatus(now: Date) {
  await flushIntegrationFigures();
  const [figures, breakerItems] = await Promise.all([recorded('24h', now), readBreakerItems()]);
  const breakers = breakerMap(breakerItems);
  const services = DEPENDENCIES.map((name) => {
    const t = figures[name];
    const breaker = (BREAKER_DEPENDENCIES as readonly string[]).includes(name) ? breakers[name] : undefined;
    const hasBreaker = (BREAKER_DEPENDENCIES as readonly string[]).includes(name);
    const errorRate = t.calls > 0 ? round2((t.errors / t.calls) * 100) : null;
    const open = breaker?.state === 'open';
    const status: ServiceStatus = open ? 'unhealthy' : errorRate === null ? 'unknown' : errorRate > DEGRADED_ERROR_RATE ? 'degraded' : 'healthy';
    const lastError = [t.lastError, breaker?.lastErrorName && breaker.lastErrorAt ? { name: breaker.lastErrorName, at: breaker.lastErrorAt } : null]
      .filter((e): e is { name: string; at: string } => e !== null)
      .sort((a, b) => b.at.localeCompare(a.at))[0] ?? null;
    return {
      name,
      status,
      responseTime: t.calls > 0 ? Math.round(t.latencyTotalMs / t.calls) : null,
      circuitBreaker: hasBreaker
        ? {
            state: upper(breaker?.state),
            failureCount: t.errors,
            lastFailure: lastError?.at ?? null,
            nextAttempt: open && breaker ? new Date(Date.parse(breaker.stateAt) + HALF_OPEN_AFTER_MS).toISOString() : null,
            trips: breaker?.trips ?? 0,
            lastReset: breaker?.resetAt ? { at: breaker.resetAt, by: breaker.resetBy ?? null } : null,
          }
        : null,
      lastError,
      totalCalls: t.calls,
      successfulCalls: t.calls - t.errors,
      failedCalls: t.errors,
      successRate: errorRate === null ? null : round2(100 - errorRate),
      errorRate,
    };
  });
  const known = services.filter((s) => s.totalCalls > 0);
  const calls = known.reduce((sum, s) => sum + s.totalCalls, 0);
  const latency = DEPENDENCIES.reduce((sum, d) => sum + figures[d].latencyTotalMs, 0);
  const failed = known.reduce((sum, s) => sum + s.failedCalls, 0);
  const overallStatus = services.some((s) => s.status === 'unhealthy') ? 'unhealthy' : services.some((s) => s.status === 'degraded') ? 'degraded' : 'healthy';
  return {
    timestamp: now.toISOString(),
    period: '24h',
    overallStatus,
    services,
    summary: {
      totalServices: services.length,
      healthyServices: services.filter((s) => s.status === 'healthy').length,
      degradedServices: services.filter((s) => s.status === 'degraded').length,
      unhealthyServices: services.filter((s) => s.status === 'unhealthy').length,
      averageResponseTime: calls > 0 ? round2(latency / calls) : null,
      overallSuccessRate: calls > 0 ? round2(((calls - failed) / calls) * 100) : null,
    },
  };
}

/** GET metrics: calls, errors and latency percentiles per dependency over the period, from recorded figures. */
export async function integrationMetrics(period: Period, now: Date) {
  await flushIntegrationFigures();
  const figures = await recorded(period, now);
  const metrics = Object.fromEntries(
    DEPENDENCIES.map((d) => {
      const t = figures[d];
      return [
        d,
        {
          totalRequests: t.calls,
          successfulRequests: t.calls - t.errors,
          failedRequests: t.errors,
          successRate: t.calls > 0 ? round2(((t.calls - t.errors) / t.calls) * 100) : null,
          averageResponseTime: t.calls > 0 ? round2(t.latencyTotalMs / t.calls) : null,
          p95ResponseTime: latencyPercentile(t.buckets, 95),
          p99ResponseTime: latencyPercentile(t.buckets, 99),
          circuitBreakerTrips: t.trips,
          mockDataFallbacks: 0,
        },
      ];
    }),
  );
  const all = DEPENDENCIES.map((d) => figures[d]);
  const calls = all.reduce((s, t) => s + t.calls, 0);
  const errors = all.reduce((s, t) => s + t.errors, 0);
  return {
    timestamp: now.toISOString(),
    period,
    metrics,
    summary: {
      totalRequests: calls,
      totalSuccessfulRequests: calls - errors,
      totalFailedRequests: errors,
      overallSuccessRate: calls > 0 ? round2(((calls - errors) / calls) * 100) : null,
      averageResponseTime: calls > 0 ? round2(all.reduce((s, t) => s + t.latencyTotalMs, 0) / calls) : null,
      totalCircuitBreakerTrips: all.reduce((s, t) => s + t.trips, 0),
      totalMockDataFallbacks: 0,
    },
  };
}

/**
 * POST circuit-breaker/reset: closes the dependency's breakers platform-wide (the platform item, which
 * every container's open breaker consults before refusing a call) and in this container at once.
 */
export async function resetCircuitBreaker(dependency: BreakerDependency, operatorId: string, now: Date) {
  const previous = await resetBreakerItem(dependency, operatorId, now);
  // This container's own breakers close at once (the module is loaded only if a breaker was ever built here).
  const { localBreakers } = await import('./platformBreaker.js');
  for (const breaker of localBreakers(dependency)) breaker.reset();
  return {
    serviceName: dependency,
    action: 'reset',
    result: 'success',
    previousState: upper(previous?.state),
    newState: 'CLOSED',
    timestamp: now.toISOString(),
    message: 'Circuit breaker reset successfully',
  };
}
