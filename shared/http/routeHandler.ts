import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Principal } from '../auth/principal.js';
import type { RouteDefinition } from '../routes/types.js';
import type { RequestLog } from './observability.js';

/** What a route's handler receives: validated input and the resolved principal, nothing raw to re-parse. */
export interface RouteContext<Body = unknown, Query = unknown, Params = unknown> {
  requestId: string;
  route: RouteDefinition;
  body: Body;
  query: Query;
  params: Params;
  /** Absent on public routes called without a token. */
  principal: Principal | undefined;
  /** The tenant the request acts in (principal's, or the selected/default one when anonymous). */
  tenantId: string;
  now: Date;
  log: RequestLog;
  event: APIGatewayProxyEventV2;
}

/** A handler's result: data for the style's envelope, plus optional status, meta and headers. */
export interface RouteResult {
  statusCode?: number;
  data?: unknown;
  meta?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A server-sent event stream: written chunk by chunk after the status and headers (streamingResponse.ts). */
  stream?: AsyncIterable<string>;
  /**
   * A body that is not JSON (the reference page and its files, issue 22): sent as is with its media type,
   * base64-encoded on the wire when binary or compressed. Security headers and the request id still apply.
   */
  raw?: { body: string; contentType: string; base64?: boolean };
}

export type RouteHandler = (ctx: RouteContext) => Promise<RouteResult>;

/** Route id → handler, for one endpoint group. */
export type RouteHandlers = Record<string, RouteHandler>;
