import * as z from 'zod';
import { rateClassOf } from './rateClasses.js';
import type { ContractStyle, RouteDefinition } from './types.js';

/**
 * Generates the OpenAPI 3.1 document from the route table and its zod schemas (zod's own JSON Schema
 * 2020-12 output, which OpenAPI 3.1 uses as-is). Named schemas (`.meta({ id })`) become components.
 * `npm run openapi` writes it to docs/openapi.json; the local server serves it at /openapi.json.
 */
type JsonObject = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output', components: JsonObject): JsonObject {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as JsonObject;
  const rewritten = JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonObject;
  const defs = (rewritten.$defs ?? {}) as JsonObject;
  for (const [name, def] of Object.entries(defs)) components[name] ??= def;
  delete rewritten.$defs;
  delete rewritten.$schema;
  return rewritten;
}

/**
 * The seed contract each style comes from (docs/api.md "Contract styles"). The reference page (/docs)
 * groups routes by it: every operation's tag is `Seed NNN · <area>`, and `x-tagGroups` groups those
 * tags by seed for viewers that support it.
 */
const SEED_CONTRACTS: Record<ContractStyle, { seed: string; name: string; error: string }> = {
  rpc000: { seed: '000', name: 'AI GYM (action RPC)', error: '`{success: false, error: {code, message, details, timestamp, request_id}}`' },
  rest001: { seed: '001', name: 'tutorial progress', error: '`{error: "message", code, field?, request_id}`' },
  rest002: { seed: '002', name: 'Unpuzzle LMS', error: '`{status: "error", error: {code, message, details: [{field, message}]}, timestamp, request_id}`' },
  rest003: { seed: '003', name: 'learning analytics', error: '`{success: false, error: {code, message, details, requestId}}`' },
  rest004: { seed: '004', name: 'Courses AI', error: '`{success: false, error: {code, message, details}, meta: {requestId, timestamp}}`' },
};

/** A seed's own names for the canonical codes (shared/http/contractStyles.ts). */
const STYLE_CODES: Partial<Record<ContractStyle, Record<string, string>>> = {
  rest002: { AUTHENTICATION_FAILED: 'AUTH_INVALID_TOKEN', AUTHORIZATION_DENIED: 'PERMISSION_DENIED' },
  rest003: { AUTHENTICATION_FAILED: 'UNAUTHORIZED', AUTHORIZATION_DENIED: 'FORBIDDEN' },
};

/** The tag of one area of a seed contract, e.g. `Seed 001 · tutorial progress`. */
export function seedTagOf(style: ContractStyle, area: string): string {
  return `Seed ${SEED_CONTRACTS[style].seed} · ${area}`;
}

const ERROR_RESPONSES: Record<string, { code: string; description: string }> = {
  '400': { code: 'VALIDATION_ERROR', description: 'malformed JSON, wrong type, missing or unknown field, body over the cap' },
  '401': { code: 'AUTHENTICATION_FAILED', description: 'missing, expired or invalid token' },
  '403': { code: 'AUTHORIZATION_DENIED', description: 'role or tenant not allowed' },
  '429': { code: 'RATE_LIMIT_EXCEEDED', description: 'see Retry-After and X-RateLimit-* headers' },
  '500': { code: 'INTERNAL_ERROR', description: 'unexpected failure; quote the request id' },
};

const str = { type: 'string' };
const fieldIssue = { type: 'object', properties: { field: str, message: str, code: str }, required: ['message'] };
const anyDetails = { description: 'The offending fields ({field, message, code?}[]), a reason string, or null' };

/** Each style's error body (shared/http/contractStyles.ts renderError), a component per style. */
const ERROR_SCHEMAS: Record<ContractStyle, { name: string; schema: JsonObject }> = {
  rpc000: {
    name: 'ErrorRpc000',
    schema: {
      type: 'object',
      required: ['success', 'error'],
      properties: {
        success: { const: false },
        error: {
          type: 'object',
          required: ['code', 'message', 'details', 'timestamp', 'request_id'],
          properties: { code: str, message: str, details: { type: 'object', description: '{field, message, issues[]} for bad input, else {reason, retry_after?}' }, timestamp: str, request_id: str },
        },
      },
    },
  },
  rest001: {
    name: 'ErrorRest001',
    schema: { type: 'object', required: ['error', 'code', 'request_id'], properties: { error: str, code: str, field: str, retryAfter: { type: 'number' }, request_id: str } },
  },
  rest002: {
    name: 'ErrorRest002',
    schema: {
      type: 'object',
      required: ['status', 'error', 'timestamp', 'request_id'],
      properties: {
        status: { const: 'error' },
        error: { type: 'object', required: ['code', 'message', 'details'], properties: { code: str, message: str, details: { type: 'array', items: fieldIssue }, retry_after: { type: 'number' } } },
        timestamp: str,
        request_id: str,
      },
    },
  },
  rest003: {
    name: 'ErrorRest003',
    schema: {
      type: 'object',
      required: ['success', 'error'],
      properties: {
        success: { const: false },
        error: { type: 'object', required: ['code', 'message', 'requestId'], properties: { code: str, message: str, details: anyDetails, retryAfter: { type: 'number' }, requestId: str } },
      },
    },
  },
  rest004: {
    name: 'ErrorRest004',
    schema: {
      type: 'object',
      required: ['success', 'error', 'meta'],
      properties: {
        success: { const: false },
        error: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str, details: anyDetails, retryAfter: { type: 'number' } } },
        meta: { type: 'object', required: ['requestId', 'timestamp'], properties: { requestId: str, timestamp: str } },
      },
    },
  },
};

/** The error answers every route of its kind can give, with the code in the route's style. */
function errorResponsesOf(route: RouteDefinition, limited: boolean): { status: string; code: string; description: string }[] {
  return Object.entries(ERROR_RESPONSES)
    .filter(([status]) => !((status === '401' || status === '403') && route.auth.kind === 'public') && !(status === '429' && !limited))
    .map(([status, { code, description }]) => ({ status, code: STYLE_CODES[route.style]?.[code] ?? code, description }));
}

/** The operation's description: contract, roles, rate limit and error codes, as the reference page shows them. */
function describeRoute(route: RouteDefinition, rateLimit: string, errors: readonly { status: string; code: string }[]): string {
  const contract = SEED_CONTRACTS[route.style];
  const roles =
    route.auth.kind === 'public'
      ? 'public (no token needed; a token, when sent, is verified)'
      : route.auth.roles
        ? `${route.auth.roles.map((r) => `\`${r}\``).join(', ')} (any one, in the tenant the token selects)`
        : 'any signed-in member of the tenant';
  return [
    `**Contract:** seed ${contract.seed} ${contract.name} (\`${route.style}\`); errors are ${contract.error}.`,
    `**Roles:** ${roles}.`,
    `**Rate limit:** ${rateLimit === 'none' ? 'none' : `${rateLimit}, per principal (user, or client IP when anonymous)`}.`,
    `**Error codes:** ${errors.map((e) => `${e.status} \`${e.code}\``).join(', ')}; route-specific codes in docs/api.md.`,
  ].join('\n\n');
}

export function buildOpenApiDocument(routes: readonly RouteDefinition[], info: { version: string; serverUrl?: string }): JsonObject {
  const components: JsonObject = {};
  const paths: Record<string, JsonObject> = {};
  const tags = new Map<string, ContractStyle>();
  for (const route of routes) {
    if (route.path === '$default') continue;
    const parameters: JsonObject[] = [];
    for (const [location, schema] of [['path', route.request?.params], ['query', route.request?.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input', components);
      const required = new Set((json.required as string[] | undefined) ?? []);
      for (const [name, property] of Object.entries((json.properties ?? {}) as JsonObject)) {
        parameters.push({ name, in: location, required: location === 'path' || required.has(name), schema: property });
      }
    }
    for (const match of route.path.matchAll(/\{([^}+]+)\+?\}/g)) {
      const name = match[1] as string;
      if (!parameters.some((p) => p.name === name && p.in === 'path')) {
        parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
      }
    }
    const rateClass = rateClassOf(route.rateClass);
    const responses: JsonObject = {
      [String(route.response.status)]: {
        description: route.response.description,
        content: { [route.transport === 'stream' ? 'text/event-stream' : (route.response.contentType ?? 'application/json')]: { schema: toSchema(route.response.schema, 'output', components) } },
      },
    };
    const errors = errorResponsesOf(route, rateClass.limit !== null);
    for (const { status, code, description } of errors) {
      const errorSchema = ERROR_SCHEMAS[route.style];
      components[errorSchema.name] ??= { ...errorSchema.schema, description: `Error body of the seed ${SEED_CONTRACTS[route.style].seed} contract (${route.style})` };
      responses[status] ??= { description: `${code}: ${description}`, content: { 'application/json': { schema: { $ref: `#/components/schemas/${errorSchema.name}` } } } };
    }
    const rateLimit = rateClass.limit === null ? 'none' : `${rateClass.limit} per ${rateClass.windowSeconds} s (${route.rateClass})`;
    const areas = route.tags ?? [route.group];
    for (const area of areas) tags.set(seedTagOf(route.style, area), route.style);
    const operation: JsonObject = {
      operationId: route.id,
      summary: route.summary,
      description: describeRoute(route, rateLimit, errors),
      tags: areas.map((area) => seedTagOf(route.style, area)),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.request?.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.request.body, 'input', components) } } } }
        : {}),
      responses,
      security: route.auth.kind === 'authenticated' ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
      'x-cairn-group': route.group,
      'x-cairn-contract-style': route.style,
      'x-cairn-rate-limit': rateLimit,
      'x-cairn-auth': route.auth.kind,
      ...(route.auth.kind === 'authenticated' && route.auth.roles ? { 'x-cairn-roles': route.auth.roles } : {}),
      'x-cairn-error-codes': errors.map((e) => e.code),
      // Platform roles (the `cairn:platform` claim, docs/api.md "Platform operators") admitted as well.
      ...(route.auth.kind === 'authenticated' && route.auth.platformRoles ? { 'x-cairn-platform-roles': route.auth.platformRoles } : {}),
      // Served by the group's streaming Lambda Function URL in AWS (stack output `<group>StreamUrl`), not the HTTP API.
      ...(route.transport === 'stream' ? { 'x-cairn-transport': 'lambda-function-url-response-stream' } : {}),
    };
    paths[route.path] ??= {};
    (paths[route.path] as JsonObject)[route.method.toLowerCase()] = operation;
  }
  const sortedTags = [...tags.keys()].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cairn API',
      version: info.version,
      description: [
        'Learning-progress backend. Every route keeps the contract of the seed it comes from (x-cairn-contract-style); routes are grouped by seed contract (tags `Seed NNN · area`).',
        'Each route lists its roles, rate limit and error codes. To try a route, press Authorize and paste a bearer token: against `npm start`, one from `npm run token -- --user u1 --tenant acme --role learner`; in AWS, a Cognito access token.',
      ].join('\n\n'),
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    tags: sortedTags.map((name) => ({ name, description: `Seed ${SEED_CONTRACTS[tags.get(name)!].seed} contract (${SEED_CONTRACTS[tags.get(name)!].name}, style \`${tags.get(name)}\`)` })),
    'x-tagGroups': (Object.keys(SEED_CONTRACTS) as ContractStyle[])
      .filter((style) => sortedTags.some((name) => tags.get(name) === style))
      .map((style) => ({ name: `Seed ${SEED_CONTRACTS[style].seed} · ${SEED_CONTRACTS[style].name}`, tags: sortedTags.filter((name) => tags.get(name) === style) })),
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
