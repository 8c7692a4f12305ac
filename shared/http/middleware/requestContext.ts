import { randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { RouteDefinition } from '../../routes/types.js';
import { routeKeyOf } from '../../routes/types.js';
import { CATCH_ALL_ROUTE } from '../../routes/catchAllRoute.js';
import { createRouteMatcher } from '../../routes/matchRoute.js';
import { styleForUnmatchedPath } from '../contractStyles.js';
import { NotFoundError } from '../errors.js';
import { requestLog } from '../observability.js';
import { isAcceptableRequestId } from '../responseHeaders.js';
import { attachState, type CairnRequest } from '../requestState.js';

/**
 * First middleware: assigns the request id (the client's `X-Request-ID` when acceptable, else API
 * Gateway's, else a new UUID) and resolves the route from API Gateway's `routeKey`. A route key this
 * Lambda does not serve (or `$default`) resolves to the group's catch-all, answered as 404 by the router,
 * unless method and path match one of the group's `gateway: 'catchAll'` routes (no API Gateway route of
 * their own, so in AWS they arrive as `$default`): then that route, with its path parameters.
 */
export function requestContext(routes: readonly RouteDefinition[], now: () => number): MiddlewareObj {
  const byKey = new Map(routes.map((route) => [routeKeyOf(route), route]));
  const notFoundRoute = byKey.get('$default') ?? CATCH_ALL_ROUTE;
  const viaCatchAll = routes.some((route) => route.gateway === 'catchAll') ? createRouteMatcher(routes.filter((route) => route.gateway === 'catchAll')) : undefined;
  return {
    before: (req) => {
      const request = req as CairnRequest;
      const event = request.event;
      const headerId = event.headers?.['x-request-id'];
      const requestId = isAcceptableRequestId(headerId) ? headerId : (event.requestContext?.requestId ?? randomUUID());
      let route = byKey.get(event.routeKey) ?? notFoundRoute;
      const behindCatchAll = route.path === '$default' ? viaCatchAll?.(event.requestContext?.http?.method ?? 'GET', event.rawPath ?? '/') : undefined;
      if (behindCatchAll) {
        route = behindCatchAll.route;
        event.pathParameters = behindCatchAll.pathParameters;
      }
      const style = route.path === '$default' ? styleForUnmatchedPath(event.rawPath ?? '/') : route.style;
      const startedAt = now();
      attachState(request, {
        requestId,
        startedAt,
        now: new Date(startedAt),
        route,
        style,
        log: requestLog(requestId, route.id),
        responseHeaders: {},
      });
      // No route matched: answer 404 before parsing, auth or rate limiting, as API Gateway would.
      if (route.path === '$default') {
        throw new NotFoundError(`No route for ${event.requestContext?.http?.method ?? ''} ${event.rawPath ?? ''}`.trim());
      }
    },
  };
}
