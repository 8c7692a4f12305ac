import type * as z from 'zod';

/**
 * Types of the route table (DESIGN §4): every endpoint is declared once as data, and that declaration
 * feeds CDK, the in-Lambda router, the local server, the OpenAPI document and the authorization tests.
 */

/** The five response/error conventions the seed documents use; see shared/http/contractStyles.ts. */
export type ContractStyle = 'rpc000' | 'rest001' | 'rest002' | 'rest003' | 'rest004';

/** Roles a principal may hold inside one tenant. */
export const ROLES = ['learner', 'instructor', 'trainer', 'org_admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Platform roles: held across every tenant, never inside one (docs/api.md "Platform operators"). They
 * come only from the `cairn:platform` claim, which the pre-token-generation trigger sets from a Cognito
 * group that no tenant route can change (granted at deploy time, by an AWS administrator).
 */
export const PLATFORM_ROLES = ['operator'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route.
 * - `public`: no token needed; a token, when sent, is still verified and becomes the principal.
 * - `authenticated`: a valid token is required; `roles` (when given) lists the tenant roles allowed, any
 *   one suffices; `platformRoles` lists platform roles that are allowed too (an operator-only route
 *   declares `roles: []` and `platformRoles: ['operator']`).
 */
export type RouteAuth =
  /** `basicCredentials`: an `Authorization: Basic …` header is left to the handler (xAPI's LRS credentials) instead of refused as a malformed bearer token. */
  | { kind: 'public'; basicCredentials?: true }
  | { kind: 'authenticated'; roles?: readonly Role[]; platformRoles?: readonly PlatformRole[] };

/** How a successful result is put on the wire: inside the style's `{success, data}` envelope or bare. */
export type SuccessEnvelope = 'style' | 'bare';

export interface RouteRequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export interface RouteResponseSchema {
  status: number;
  description: string;
  schema: z.ZodType;
  /** Media type of a success that is not JSON (the reference page's HTML and files); JSON otherwise. */
  contentType?: string;
}

export interface RouteDefinition {
  /** Stable, unique operation id: `<group>.<name>`; also the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** API Gateway path template (`/api/v1/courses/{id}/`), or `$default` for the catch-all route. */
  path: string;
  /** Endpoint group = one Lambda function. */
  group: string;
  auth: RouteAuth;
  rateClass: string;
  style: ContractStyle;
  envelope?: SuccessEnvelope;
  summary: string;
  tags?: readonly string[];
  request?: RouteRequestSchemas;
  response: RouteResponseSchema;
  /** Body size cap in bytes for this route; defaults to DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /**
   * `stream`: the answer is a server-sent event stream. HTTP APIs cannot stream responses, so in AWS
   * the route is served by its group's Lambda Function URL in RESPONSE_STREAM mode (no HTTP API route;
   * lib/constructs/cairnApi.ts); the local server streams it (bin/local/localServer.ts).
   */
  transport?: 'stream';
  /**
   * `catchAll`: no API Gateway route of its own. In AWS the request reaches the `$default` route, whose
   * group (system) serves it, and the Lambda matches method and path itself (shared/http/middleware/
   * requestContext.ts); locally and in tests it is matched like any route. For routes that need nothing
   * from the gateway (the reference page, issue 22): each API route is a CloudFormation resource, and
   * the stack stands at CloudFormation's 500-resource limit. Only for routes of the catch-all's group.
   */
  gateway?: 'catchAll';
}

export interface EndpointGroup {
  /** Folder name under lambdas/ and the Lambda's logical name. */
  name: string;
  description: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Extra AWS permissions the group's function needs beyond its table (granted by lib/). */
  /**
   * The function serves the API reference page (issue 22): its asset carries Swagger UI's files and
   * docs/openapi.json in `api-docs/` beside index.mjs (files, not part of the JavaScript bundle).
   */
  bundlesApiDocs?: boolean;
  grants?: readonly ('cognitoSignUp' | 'reportsBucket' | 'mediaBucket' | 'documentFiles' | 'bedrock' | 'authWebhookKey' | 'xapiKey' | 'integrationProbes')[];
}

/**
 * The API Gateway route key of a route: `GET /path` or `$default`. HTTP APIs cannot declare a path
 * with a trailing slash and route `/a/` to the route `/a` (the Lambda still sees `rawPath: "/a/"`), so
 * the seed 002 paths (`/api/v1/auth/signup/`) are declared without it; two routes that differ only by
 * the slash would collide, which the route-table tests catch.
 */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return route.path === '$default' ? '$default' : `${route.method} ${gatewayPath(route.path)}`;
}

/** A path as API Gateway matches it: without a trailing slash (except the root). */
export function gatewayPath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
