import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/** Integration management (issue 20, seed 003 §8). Service names are Cairn's dependencies. */
const dependency = lazySchema(() => z.enum(['dynamodb', 'cognito', 'stripe', 'bedrock', 's3', 'step-functions']));

export const integrationTestBody = lazySchema(() => z
  .object({
    serviceName: dependency,
    endpoint: z.string().max(200).optional().meta({ description: "Optional: must name the dependency's harmless probe (GetItem, DescribeUserPool, GET /v1/balance, Converse, HeadBucket, DescribeStateMachine); no other call can be run" }),
  })
  .strict());

export const breakerResetBody = lazySchema(() => z
  .object({ serviceName: z.enum(['cognito', 'stripe', 'bedrock']).meta({ description: 'A dependency with a circuit breaker' }) })
  .strict());

export const mockDataParams = lazySchema(() => z.object({ serviceName: dependency }).strict());

export const metricsQuery = lazySchema(() => z.object({ period: z.enum(['1h', '24h', '7d']).default('24h') }).strict());

const status = lazySchema(() => z.enum(['healthy', 'degraded', 'unhealthy', 'not_configured', 'unknown']));
const breakerState = lazySchema(() => z.enum(['CLOSED', 'OPEN', 'HALF_OPEN', 'ISOLATED']));
const ms = lazySchema(() => z.number().nullable());

export const integrationHealthResponse = lazySchema(() => z
  .object({
    status: z.enum(['healthy', 'degraded', 'unhealthy']),
    timestamp: z.string(),
    services: z.record(z.string(), z.object({ status, responseTime: ms.meta({ description: 'Measured latency of the probe (ms); null when not configured' }), lastChecked: z.string(), probe: z.string(), issue: z.string().optional() })),
    circuitBreakers: z.record(z.string(), z.object({ isOpen: z.boolean(), state: breakerState, failureCount: z.number().int().meta({ description: 'Dependency errors recorded in the current hour' }) })),
  })
  .meta({ id: 'IntegrationHealth' }));

export const integrationStatusResponse = lazySchema(() => z
  .object({
    timestamp: z.string(),
    period: z.literal('24h'),
    overallStatus: z.enum(['healthy', 'degraded', 'unhealthy']),
    services: z.array(z.object({
      name: z.string(),
      status,
      responseTime: ms,
      circuitBreaker: z.object({
        state: breakerState,
        failureCount: z.number().int(),
        lastFailure: z.string().nullable(),
        nextAttempt: z.string().nullable(),
        trips: z.number().int(),
        lastReset: z.object({ at: z.string(), by: z.string().nullable() }).nullable(),
      }).nullable(),
      lastError: z.object({ name: z.string(), at: z.string() }).nullable(),
      totalCalls: z.number().int(),
      successfulCalls: z.number().int(),
      failedCalls: z.number().int(),
      successRate: ms,
      errorRate: ms,
    })),
    summary: z.object({ totalServices: z.number().int(), healthyServices: z.number().int(), degradedServices: z.number().int(), unhealthyServices: z.number().int(), averageResponseTime: ms, overallSuccessRate: ms }),
  })
  .meta({ id: 'IntegrationStatus' }));

export const integrationTestResponse = lazySchema(() => z
  .object({
    serviceName: z.string(),
    endpoint: z.string(),
    testResult: z.enum(['success', 'failure', 'not_configured']),
    responseTime: ms,
    timestamp: z.string(),
    response: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'IntegrationTest' }));

export const mockDataResponse = lazySchema(() => z
  .object({ serviceName: z.string(), mockData: z.record(z.string(), z.unknown()), lastUpdated: z.string() })
  .meta({ id: 'IntegrationMockData' }));

export const breakerResetResponse = lazySchema(() => z
  .object({ serviceName: z.string(), action: z.literal('reset'), result: z.literal('success'), previousState: breakerState, newState: z.literal('CLOSED'), timestamp: z.string(), message: z.string() })
  .meta({ id: 'CircuitBreakerReset' }));

export const integrationMetricsResponse = lazySchema(() => z
  .object({
    timestamp: z.string(),
    period: z.enum(['1h', '24h', '7d']),
    metrics: z.record(z.string(), z.object({
      totalRequests: z.number().int(),
      successfulRequests: z.number().int(),
      failedRequests: z.number().int(),
      successRate: ms,
      averageResponseTime: ms,
      p95ResponseTime: ms.meta({ description: 'Upper bound (ms) of the latency bucket holding the nearest-rank 95th percentile; null without calls' }),
      p99ResponseTime: ms,
      circuitBreakerTrips: z.number().int(),
      mockDataFallbacks: z.number().int().meta({ description: 'Always 0: Cairn never answers with mock data' }),
    })),
    summary: z.object({ totalRequests: z.number().int(), totalSuccessfulRequests: z.number().int(), totalFailedRequests: z.number().int(), overallSuccessRate: ms, averageResponseTime: ms, totalCircuitBreakerTrips: z.number().int(), totalMockDataFallbacks: z.number().int() }),
  })
  .meta({ id: 'IntegrationMetrics' }));
