import { errorBodySchema } from '../schemas/common.js';
import type { RouteDefinition } from './types.js';

/**
 * API Gateway's `$default` route: every request no other route matches. It is served by the system
 * group and answered with 404 NOT_FOUND in the style of the URL space the path belongs to.
 */
export const CATCH_ALL_ROUTE: RouteDefinition = {
  id: 'system.notFound',
  method: 'GET',
  path: '$default',
  group: 'system',
  auth: { kind: 'public' },
  rateClass: 'none',
  style: 'rest003',
  summary: 'Any unmatched method and path: 404 NOT_FOUND',
  response: { status: 404, description: 'No such route', schema: errorBodySchema },
};
