import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/** Seed 003 §9 health response. */
export const componentStatus = lazySchema(() => z.enum(['healthy', 'degraded', 'unhealthy', 'not_used']));

export const healthResponseSchema = lazySchema(() => z
  .object({
    status: z.enum(['healthy', 'degraded', 'unhealthy']),
    timestamp: z.string().meta({ description: 'ISO-8601 time of the check' }),
    uptime: z.number().int().meta({ description: 'Seconds this function instance has been running' }),
    environment: z.string().meta({ description: 'Deployment stage' }),
    services: z.object({
      database: componentStatus,
      cache: componentStatus.meta({ description: 'Cairn has no cache tier: always not_used' }),
      microservices: z.record(z.string(), componentStatus),
    }),
    checks: z.object({ databaseLatencyMs: z.number().int().nullable() }),
  })
  .meta({ id: 'HealthResponse' }));

export const readyResponseSchema = lazySchema(() => z
  .object({ status: z.enum(['ready', 'not_ready']), checks: z.object({ database: componentStatus }) })
  .meta({ id: 'ReadyResponse' }));
