import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import type { LambdaHttpHandler } from '../../shared/http/createGroupHandler.js';
import type { CorsConfig } from '../../shared/http/corsConfig.js';
import { streamBodyOf } from '../../shared/http/streamingResponse.js';
import { createRouteMatcher } from '../../shared/routes/matchRoute.js';
import type { RouteDefinition } from '../../shared/routes/types.js';
import { localLambdaContext, toApiGatewayEvent } from './apiGatewayEvent.js';

/**
 * The local HTTP API: matches requests against the route table like API Gateway, builds payload 2.0
 * events, invokes the group's real Lambda handler in-process, and answers CORS the way API Gateway
 * does from the shared CORS configuration. Also serves `/openapi.json` and the issuer's JWKS.
 */
export interface LocalServerOptions {
  port: number;
  host?: string;
  routes: readonly RouteDefinition[];
  loadGroupHandler: (group: string) => Promise<LambdaHttpHandler>;
  cors: CorsConfig;
  openApiDocument: () => unknown;
  jwks?: unknown;
  /**
   * Opt-in for `npm run bench`: adds the call's DynamoDB request tally (shared/db/requestTally.ts) as
   * `x-cairn-dynamodb-requests` (total) and `x-cairn-dynamodb-commands` (`Name=n,…`) response headers,
   * so an HTTP client can see it. Local server only; `npm start` and Lambda never send them.
   */
  exposeDynamoDbRequests?: boolean;
}

/** Lambda's synchronous invocation payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function corsHeaders(cors: CorsConfig, origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  const allowed = cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin);
  if (!allowed) return {};
  return {
    'access-control-allow-origin': cors.allowOrigins.includes('*') ? '*' : origin,
    'access-control-expose-headers': cors.exposeHeaders.join(','),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'Origin',
  };
}

export async function startLocalServer(options: LocalServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const match = createRouteMatcher(options.routes);
  const handlers = new Map<string, Promise<LambdaHttpHandler>>();
  const handlerFor = (group: string) => {
    let handler = handlers.get(group);
    if (!handler) {
      handler = options.loadGroupHandler(group);
      handlers.set(group, handler);
    }
    return handler;
  };

  const server = createServer(async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const origin = req.headers.origin;
    try {
      if (method === 'OPTIONS' && origin && req.headers['access-control-request-method']) {
        const cors = corsHeaders(options.cors, origin);
        res.writeHead(204, {
          ...cors,
          ...(cors['access-control-allow-origin']
            ? {
                'access-control-allow-methods': options.cors.allowMethods.join(','),
                'access-control-allow-headers': options.cors.allowHeaders.join(','),
                'access-control-max-age': String(options.cors.maxAgeSeconds),
              }
            : {}),
        });
        res.end();
        return;
      }
      if (method === 'GET' && path === '/openapi.json') return sendJson(res, 200, options.openApiDocument(), corsHeaders(options.cors, origin));
      if (method === 'GET' && path === '/.well-known/jwks.json' && options.jwks) return sendJson(res, 200, options.jwks);

      const body = await readBody(req);
      if (body === 'too_large') return sendJson(res, 413, { message: 'Request Entity Too Large' });
      const matched = match(method, path);
      if (!matched) return sendJson(res, 404, { message: 'Not Found' });
      const event = toApiGatewayEvent(
        { method, url, headers: req.headers, body, sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') },
        matched,
      );
      const handler = await handlerFor(matched.route.group);
      const context = localLambdaContext(`cairn-${matched.route.group}`);
      const { result, tally } = options.exposeDynamoDbRequests
        ? await measureDynamoDbRequests(() => handler(event, context))
        : { result: await handler(event, context), tally: undefined };
      const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>), ...corsHeaders(options.cors, origin) };
      if (tally) {
        headers['x-cairn-dynamodb-requests'] = String(tally.total);
        headers['x-cairn-dynamodb-commands'] = Object.entries(tally.byCommand).map(([name, count]) => `${name}=${count}`).join(',');
      }
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      const stream = streamBodyOf(result);
      if (stream) {
        // Server-sent events (issue 19): headers now, then each chunk as the handler produces it.
        res.writeHead(result.statusCode ?? 200, headers);
        res.flushHeaders();
        for await (const chunk of stream) res.write(chunk);
        res.end();
        return;
      }
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    } catch (err) {
      // API Gateway's own answer when the integration fails.
      console.error('local server: integration failure', err);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
