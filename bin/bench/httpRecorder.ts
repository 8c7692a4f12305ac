import { performance } from 'node:perf_hooks';
import { createRouteMatcher } from '../../shared/routes/matchRoute.js';
import type { HttpMethod, RouteDefinition } from '../../shared/routes/types.js';

/**
 * The benchmark's HTTP client: sends one real request to the local server, times it from the moment
 * the request is issued until the whole response body has arrived, and records the status, the route
 * (resolved with the same route matcher the server uses, so figures are grouped by route id, not by
 * URL) and the DynamoDB requests the server reports for the call (`x-cairn-dynamodb-*` headers, the
 * local server's bench-only opt-in).
 */
export interface Sample {
  routeId: string;
  method: string;
  status: number;
  ms: number;
  /** DynamoDB requests the call made; undefined when the server did not report them. */
  dynamoDb: number | undefined;
  dynamoDbByCommand: Record<string, number>;
}

export interface Response {
  status: number;
  body: unknown;
  text: string;
}

export interface RequestOptions {
  method: HttpMethod;
  path: string;
  token?: string;
  body?: unknown;
}

/** Parses `QueryCommand=1,UpdateItemCommand=1` (the local server's `x-cairn-dynamodb-commands`). */
export function parseCommandTally(header: string | null): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const entry of (header ?? '').split(',')) {
    const [name, count] = entry.split('=');
    if (name && count !== undefined && Number.isFinite(Number(count))) tally[name.trim()] = Number(count);
  }
  return tally;
}

export class HttpRecorder {
  readonly samples: Sample[] = [];
  private readonly match: ReturnType<typeof createRouteMatcher>;

  constructor(
    private readonly baseUrl: string,
    routes: readonly RouteDefinition[],
  ) {
    this.match = createRouteMatcher(routes);
  }

  /** The route id the server will dispatch `method path` to (`system.notFound`-like catch-all when none). */
  routeOf(method: HttpMethod, path: string): RouteDefinition | undefined {
    return this.match(method, path.split('?')[0] ?? '/')?.route;
  }

  /** Sends the request; `record: false` for set-up and warm-up calls that must not enter the figures. */
  async send(options: RequestOptions, record = true): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${options.path}`, {
      method: options.method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (record) {
      const reported = response.headers.get('x-cairn-dynamodb-requests');
      this.samples.push({
        routeId: this.routeOf(options.method, options.path)?.id ?? 'unmatched',
        method: options.method,
        status: response.status,
        ms,
        dynamoDb: reported === null ? undefined : Number(reported),
        dynamoDbByCommand: parseCommandTally(response.headers.get('x-cairn-dynamodb-commands')),
      });
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body, text };
  }
}
