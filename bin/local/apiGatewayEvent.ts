import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { RouteMatch } from '../../shared/routes/matchRoute.js';
import { routeKeyOf } from '../../shared/routes/types.js';

/**
 * Builds the API Gateway HTTP API (payload format 2.0) event a Lambda would receive: lower-cased
 * headers with repeated values comma-joined, cookies split out, repeated query parameters comma-joined,
 * `pathParameters`/`queryStringParameters` omitted when empty, text bodies as strings and anything else
 * base64-encoded. Shared by the local server and the test harness.
 */
export interface RawHttpRequest {
  method: string;
  /** Path plus optional `?query`, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
  sourceIp?: string;
}

const TEXT_TYPES = /^(?:text\/|application\/(?:json|[\w.+-]+\+json|xml|x-www-form-urlencoded|javascript))/i;

export function toApiGatewayEvent(request: RawHttpRequest, match: RouteMatch, now = Date.now()): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = request.url.split(/\?(.*)/s, 2);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = headers.cookie ? headers.cookie.split(/;\s*/).filter(Boolean) : undefined;
  delete headers.cookie;

  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }

  const body = request.body && request.body.length > 0 ? request.body : undefined;
  const isText = body !== undefined && (headers['content-type'] === undefined || TEXT_TYPES.test(headers['content-type']));
  const requestId = randomUUID();
  const routeKey = routeKeyOf(match.route);

  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body !== undefined ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body !== undefined && !isText,
  };
}

/** A Lambda context good enough for our handlers (they use only the request id and remaining time). */
export function localLambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const started = Date.now();
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
