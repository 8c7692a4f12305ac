import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createTokenVerifier, type TokenVerifier } from '../auth/tokenVerifier.js';
import { runtimeConfig } from '../config/runtimeConfig.js';
import { currentDynamoDbTally, withDynamoDbTally } from '../db/requestTally.js';
import type { RateClass } from '../routes/rateClasses.js';
import type { RouteDefinition } from '../routes/types.js';
import { renderSuccess } from './contractStyles.js';
import { NotFoundError } from './errors.js';
import { authenticate } from './middleware/authenticate.js';
import { errorHandler } from './middleware/errorHandler.js';
import { bodySizeCap, jsonBody } from './middleware/jsonBody.js';
import { rateLimit } from './middleware/rateLimit.js';
import { requestContext } from './middleware/requestContext.js';
import { validateInput } from './middleware/validateInput.js';
import { logger, publishRequestMetrics } from './observability.js';
import { stateOfEvent, type CairnRequest } from './requestState.js';
import { SSE_HEADERS, withStreamBody } from './streamingResponse.js';
import { buildResponse } from './response.js';
import type { RouteHandlers } from './routeHandler.js';

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface GroupHandlerOptions {
  /** Overrides for tests; production reads everything from the route table and the environment. */
  verifier?: TokenVerifier;
  now?: () => number;
  rateClasses?: Record<string, RateClass>;
  defaultTenantId?: string;
}

/**
 * Builds one endpoint group's Lambda handler from its routes and their handlers (DESIGN §3): the
 * shared middy stack in order — request id and route → body size cap → auth and roles → JSON body →
 * rate limit → validation → router → the route's handler — with the error handler registered last,
 * so middy runs it first on any error. Authentication comes before the body is parsed (issue 17): an
 * anonymous call to an authenticated route gets 401 whatever its body, only an oversized one 400 first. Throws at cold start if a route lacks a handler or a handler
 * has no route.
 */
export function createGroupHandler(
  group: string,
  routes: readonly RouteDefinition[],
  handlers: RouteHandlers,
  options: GroupHandlerOptions = {},
): LambdaHttpHandler {
  const groupRoutes = routes.filter((route) => route.group === group);
  const missing = groupRoutes.filter((route) => route.path !== '$default' && !handlers[route.id]).map((r) => r.id);
  const extra = Object.keys(handlers).filter((id) => !groupRoutes.some((route) => route.id === id && route.path !== '$default'));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `Group "${group}" handlers do not match its routes (missing: ${missing.join(', ') || '-'}; extra: ${extra.join(', ') || '-'})`,
    );
  }

  const now = options.now ?? Date.now;
  let verifier = options.verifier;
  const getVerifier = () => (verifier ??= createTokenVerifier(runtimeConfig().auth));
  const defaultTenant = () => options.defaultTenantId ?? runtimeConfig().defaultTenantId;

  // The router: requestContext resolved the route from API Gateway's route key; dispatch on its id.
  const router = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const state = stateOfEvent(event);
    const handler = handlers[state.route.id];
    if (state.route.path === '$default' || !handler) {
      throw new NotFoundError(`No route for ${event.requestContext?.http?.method ?? ''} ${event.rawPath ?? ''}`.trim());
    }
    const input = state.input ?? { body: undefined, query: {}, params: {} };
    const result = await handler({
      requestId: state.requestId,
      route: state.route,
      body: input.body,
      query: input.query,
      params: input.params,
      principal: state.principal,
      tenantId: state.tenantId ?? runtimeConfig().defaultTenantId,
      now: state.now,
      log: state.log,
      event,
    });
    const statusCode = result.statusCode ?? state.route.response.status;
    if (result.stream) {
      const head = buildResponse(state, statusCode, undefined, result.headers);
      return withStreamBody({ ...head, headers: { ...head.headers, ...SSE_HEADERS } }, result.stream);
    }
    if (result.raw) {
      const head = buildResponse(state, statusCode, undefined, result.headers);
      return { ...head, headers: { ...head.headers, 'Content-Type': result.raw.contentType }, body: result.raw.body, isBase64Encoded: result.raw.base64 === true };
    }
    const body =
      statusCode === 204
        ? undefined
        : renderSuccess(state.style, state.route.envelope ?? 'style', result.data, result.meta, {
            requestId: state.requestId,
            now: state.now,
          });
    return buildResponse(state, statusCode, body, result.headers);
  };

  const stack = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>(router, {
    // API Gateway's own 30 s integration timeout bounds requests; middy's early-timeout is not used.
    timeoutEarlyInMillis: 0,
    requestEnd: (req) => logRequest(req as CairnRequest, now),
  })
    .use(requestContext(groupRoutes, now))
    .use(bodySizeCap())
    .use(authenticate(getVerifier, defaultTenant))
    .use(jsonBody())
    .use(rateLimit(now, options.rateClasses ?? {}, defaultTenant))
    .use(validateInput())
    .use(errorHandler());

  return (event, context) => withDynamoDbTally(() => stack(event, context));
}

/** One structured line and the request metrics per request, success or error. */
function logRequest(request: CairnRequest, now: () => number): void {
  const state = request.state;
  if (!state) return;
  const durationMs = now() - state.startedAt;
  const statusCode = request.response?.statusCode ?? 500;
  const dynamoDbRequests = currentDynamoDbTally()?.total ?? 0;
  logger.info('request completed', {
    requestId: state.requestId,
    route: state.route.id,
    statusCode,
    durationMs,
    dynamoDbRequests,
    tenantId: state.tenantId,
    userId: state.principal?.userId,
  });
  publishRequestMetrics(state.route.id, statusCode, durationMs, dynamoDbRequests);
}
