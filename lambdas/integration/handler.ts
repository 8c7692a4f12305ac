import type { z } from 'zod';
import { runtimeConfig } from '../../shared/config/runtimeConfig.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { NotFoundError, ValidationError } from '../../shared/http/errors.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { integrationHealth, integrationMetrics, integrationStatus, resetCircuitBreaker, testIntegration } from '../../shared/integrations/integrationService.js';
import { MOCK_DATA, MOCK_DATA_UPDATED } from '../../shared/integrations/mockData.js';
import { PROBE_OPERATIONS } from '../../shared/integrations/probes.js';
import { INTEGRATION_ROUTES } from '../../shared/routes/integrationRoutes.js';
import type * as s from '../../shared/schemas/integration.js';

/** Route id → handler of the integration group (issue 20, seed 003 §8). */
export const integrationHandlers: RouteHandlers = {
  'integration.health': async (ctx) => ({ data: await integrationHealth(ctx.now) }),
  'integration.status': async (ctx) => ({ data: await integrationStatus(ctx.now) }),
  'integration.test': async (ctx) => {
    const body = ctx.body as z.output<typeof s.integrationTestBody>;
    const operation = PROBE_OPERATIONS[body.serviceName];
    if (body.endpoint !== undefined && body.endpoint !== operation) {
      throw new ValidationError([{ field: 'body.endpoint', message: `Only the harmless probe of ${body.serviceName} can be run: ${operation}`, code: 'invalid_value' }]);
    }
    return { data: await testIntegration(body.serviceName, ctx.now) };
  },
  'integration.mockData': async (ctx) => {
    // Sample payloads exist for front-end work; the prod stage has no such route (404, as if absent).
    if (runtimeConfig().stage === 'prod') throw new NotFoundError(`No route for GET ${ctx.event.rawPath}`);
    const { serviceName } = ctx.params as z.output<typeof s.mockDataParams>;
    return { data: { serviceName, mockData: MOCK_DATA[serviceName], lastUpdated: MOCK_DATA_UPDATED } };
  },
  'integration.resetCircuitBreaker': async (ctx) => {
    const { serviceName } = ctx.body as z.output<typeof s.breakerResetBody>;
    if (!ctx.principal) throw new Error('integration routes are authenticated');
    ctx.log.info('circuit breaker reset', { serviceName, operator: ctx.principal.userId });
    return { data: await resetCircuitBreaker(serviceName, ctx.principal.userId, ctx.now) };
  },
  'integration.metrics': async (ctx) => {
    const { period } = ctx.query as z.output<typeof s.metricsQuery>;
    return { data: await integrationMetrics(period, ctx.now) };
  },
};

/** The integration group's handler; tests pass options (rate classes, clock). */
export function createIntegrationHandler(options: GroupHandlerOptions = {}) {
  return createGroupHandler('integration', INTEGRATION_ROUTES, integrationHandlers, options);
}

/** Lambda entry of the integration group. */
export const handler = createIntegrationHandler();
