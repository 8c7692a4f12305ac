import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Request } from '@middy/core';
import type { Principal } from '../auth/principal.js';
import type { ContractStyle, RouteDefinition } from '../routes/types.js';
import type { RequestLog } from './observability.js';

/** What the middlewares learn about one request, in the order they learn it (DESIGN §3). */
export interface RequestState {
  requestId: string;
  startedAt: number;
  now: Date;
  route: RouteDefinition;
  style: ContractStyle;
  log: RequestLog;
  /** Parsed JSON body (before validation). */
  rawBody?: unknown;
  principal?: Principal;
  /** The tenant this request acts in: the principal's, or for anonymous calls the selected/default one. */
  tenantId?: string;
  input?: { body: unknown; query: unknown; params: unknown };
  /** Headers every response of this request carries (rate-limit headers, …). */
  responseHeaders: Record<string, string>;
}

export type CairnRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> & {
  state?: RequestState;
};

/** The state of a request past the first middleware; its absence is a wiring bug. */
export function stateOf(request: CairnRequest): RequestState {
  if (!request.state) throw new Error('Request state missing: requestContext middleware must run first');
  return request.state;
}

const stateByEvent = new WeakMap<object, RequestState>();

/** Associates the state with the event, so middy's base handler (which sees only the event) can reach it. */
export function attachState(request: CairnRequest, state: RequestState): void {
  request.state = state;
  stateByEvent.set(request.event, state);
}

/** The state of the request whose event this is. */
export function stateOfEvent(event: object): RequestState {
  const state = stateByEvent.get(event);
  if (!state) throw new Error('Request state missing for event');
  return state;
}
