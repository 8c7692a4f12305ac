import { signingKeysStatus } from '../../shared/auth/signingKeysHealth.js';
import { runtimeConfig } from '../../shared/config/runtimeConfig.js';
import { probeTable } from '../../shared/db/healthRepository.js';
import type { RouteHandler } from '../../shared/http/routeHandler.js';

type Status = 'healthy' | 'unhealthy';

async function databaseStatus(): Promise<{ status: Status; latencyMs: number | null }> {
  try {
    return { status: 'healthy', latencyMs: await probeTable() };
  } catch {
    return { status: 'unhealthy', latencyMs: null };
  }
}

/** GET /api/v1/health: seed 003 §9 shape; 503 when the table does not answer. */
export const health: RouteHandler = async ({ now, log }) => {
  const config = runtimeConfig();
  const [database, auth] = await Promise.all([databaseStatus(), signingKeysStatus(config.auth, now.getTime())]);
  const status = database.status === 'unhealthy' ? 'unhealthy' : auth === 'healthy' ? 'healthy' : 'degraded';
  if (status !== 'healthy') log.warn('health check not healthy', { database: database.status, auth });
  return {
    statusCode: status === 'unhealthy' ? 503 : 200,
    data: {
      status,
      timestamp: now.toISOString(),
      uptime: Math.floor(process.uptime()),
      environment: config.stage,
      services: { database: database.status, cache: 'not_used', microservices: { auth } },
      checks: { databaseLatencyMs: database.latencyMs },
    },
  };
};

/** GET /ready: 200 when the table answers, else 503. */
export const ready: RouteHandler = async () => {
  const database = await databaseStatus();
  const ok = database.status === 'healthy';
  return { statusCode: ok ? 200 : 503, data: { status: ok ? 'ready' : 'not_ready', checks: { database: database.status } } };
};
