import { healthResponseSchema, readyResponseSchema } from '../schemas/health.js';
import { CATCH_ALL_ROUTE } from './catchAllRoute.js';
import type { RouteDefinition } from './types.js';

/** The system group: health, readiness and the catch-all 404. */
export const SYSTEM_ROUTES: RouteDefinition[] = [
  {
    id: 'system.health',
    method: 'GET',
    path: '/api/v1/health',
    group: 'system',
    auth: { kind: 'public' },
    rateClass: 'none',
    style: 'rest003',
    envelope: 'bare',
    summary: 'Service health with a real table check (seed 003 §9); 503 when the table is unreachable',
    tags: ['system'],
    response: { status: 200, description: 'Health report', schema: healthResponseSchema },
  },
  {
    id: 'system.ready',
    method: 'GET',
    path: '/ready',
    group: 'system',
    auth: { kind: 'public' },
    rateClass: 'none',
    style: 'rest003',
    envelope: 'bare',
    summary: 'Readiness: 200 when the table answers, else 503',
    tags: ['system'],
    response: { status: 200, description: 'Ready', schema: readyResponseSchema },
  },
  CATCH_ALL_ROUTE,
];
