import * as s from '../schemas/integration.js';
import type { RouteDefinition } from './types.js';

/**
 * Integration management (issue 20, seed 003 §8), group `integration`: health of every external
 * dependency from live probes, breaker status and metrics from recorded figures, a harmless test
 * probe, mock payloads (not in prod) and the breaker reset. Breakers and figures are platform-wide,
 * so every route but mock-data belongs to the platform operator (docs/api.md "Platform operators"),
 * not to a tenant's org admin; mock-data keeps the seed's roles (org_admin, trainer) as well.
 */
const operatorOnly = { kind: 'authenticated', roles: [], platformRoles: ['operator'] } as const;
const base = { group: 'integration', auth: operatorOnly, rateClass: 'standard', style: 'rest003', envelope: 'bare', tags: ['integration'] } as const;

export const INTEGRATION_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'integration.health',
    method: 'GET',
    path: '/api/v1/integration/health',
    summary: 'Platform operator: probe every dependency (DynamoDB, Cognito, Stripe, Bedrock, S3, Step Functions) and report measured latency; breaker states as last reported',
    response: { status: 200, description: 'Health of each dependency', schema: s.integrationHealthResponse },
  },
  {
    ...base,
    id: 'integration.status',
    method: 'GET',
    path: '/api/v1/integration/status',
    summary: 'Platform operator: per dependency the breaker state, last error and error rate over the last 24 hours, from recorded figures',
    response: { status: 200, description: 'Status of each dependency', schema: s.integrationStatusResponse },
  },
  {
    ...base,
    id: 'integration.test',
    method: 'POST',
    path: '/api/v1/integration/test',
    rateClass: 'integration',
    summary: "Platform operator: run one dependency's harmless probe and show its answer",
    request: { body: s.integrationTestBody },
    response: { status: 200, description: 'The probe result', schema: s.integrationTestResponse },
  },
  {
    ...base,
    id: 'integration.mockData',
    method: 'GET',
    path: '/api/v1/integration/mock-data/{serviceName}',
    auth: { kind: 'authenticated', roles: ['org_admin', 'trainer'], platformRoles: ['operator'] },
    summary: 'Sample payloads for front-end work (org admin, trainer, platform operator); 404 in the prod stage',
    request: { params: s.mockDataParams },
    response: { status: 200, description: 'Sample payloads', schema: s.mockDataResponse },
  },
  {
    ...base,
    id: 'integration.resetCircuitBreaker',
    method: 'POST',
    path: '/api/v1/integration/circuit-breaker/reset',
    rateClass: 'integration-reset',
    summary: "Platform operator: close a dependency's circuit breakers in every Lambda container (cognito, stripe, bedrock)",
    request: { body: s.breakerResetBody },
    response: { status: 200, description: 'The reset', schema: s.breakerResetResponse },
  },
  {
    ...base,
    id: 'integration.metrics',
    method: 'GET',
    path: '/api/v1/integration/metrics',
    summary: 'Platform operator: calls, errors, p95/p99 latency and breaker trips per dependency over 1h, 24h (default) or 7d, from recorded figures',
    request: { query: s.metricsQuery },
    response: { status: 200, description: 'Metrics per dependency', schema: s.integrationMetricsResponse },
  },
];
