import { randomInt } from 'node:crypto';
import { localLambdaContext, toApiGatewayEvent } from '../../bin/local/apiGatewayEvent.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import type { LambdaHttpHandler } from '../../shared/http/createGroupHandler.js';
import { createRouteMatcher } from '../../shared/routes/matchRoute.js';
import type { RouteDefinition } from '../../shared/routes/types.js';

/**
 * Calls a route through the whole HTTP layer in-process: the route table matches the path like API
 * Gateway, the payload 2.0 event is built by the same code the local server uses, and the group's real
 * handler runs. Returns status, headers, parsed body and the DynamoDB requests the call made.
 */
export interface CallOptions {
  method: string;
  path: string;
  body?: unknown;
  /** Sent verbatim (malformed JSON cases); wins over `body`. */
  rawBody?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
  sourceIp?: string;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  rawBody: string | undefined;
  isBase64Encoded: boolean;
  dynamoDbRequests: number;
  dynamoDbByCommand: Record<string, number>;
}

export function httpClient(routes: readonly RouteDefinition[], handlers: Record<string, LambdaHttpHandler>) {
  const match = createRouteMatcher(routes);
  return async (options: CallOptions): Promise<CallResult> => {
    const path = options.path.split('?')[0] ?? '/';
    const matched = match(options.method, path);
    if (!matched) throw new Error(`No route (not even $default) for ${options.method} ${path}`);
    const handler = handlers[matched.route.group];
    if (!handler) throw new Error(`No handler registered for group ${matched.route.group}`);
    const body =
      options.rawBody !== undefined
        ? Buffer.from(options.rawBody)
        : options.body !== undefined
          ? Buffer.from(JSON.stringify(options.body))
          : undefined;
    const headers: Record<string, string> = {
      ...(body !== undefined && options.rawBody === undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    };
    const event = toApiGatewayEvent(
      { method: options.method, url: options.path, headers, ...(body ? { body } : {}), sourceIp: options.sourceIp ?? randomTestIp() },
      matched,
    );
    const { result, tally } = await measureDynamoDbRequests(() => handler(event, localLambdaContext(`test-${matched.route.group}`)));
    const lowerHeaders = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return {
      status: result.statusCode ?? 200,
      headers: lowerHeaders,
      // Only JSON is parsed: the reference page (issue 22) answers HTML, scripts and images.
      body: result.body && !result.isBase64Encoded && /json/.test(lowerHeaders['content-type'] ?? 'application/json') ? JSON.parse(result.body) : undefined,
      rawBody: result.body,
      isBase64Encoded: result.isBase64Encoded === true,
      dynamoDbRequests: tally.total,
      dynamoDbByCommand: tally.byCommand,
    };
  };
}

/** A documentation-range client IP per call, so anonymous rate limits of one test never touch another's. */
function randomTestIp(): string {
  return `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}
