import * as z from 'zod';
import { rateClassOf } from './rateClasses.js';
import type { RouteDefinition } from './types.js';

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

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'VALIDATION_ERROR: malformed JSON, wrong type, missing or unknown field, body over the cap',
  '401': 'AUTHENTICATION_FAILED: missing, expired or invalid token',
  '403': 'AUTHORIZATION_DENIED: role or tenant not allowed',
  '429': 'RATE_LIMIT_EXCEEDED: see Retry-After and X-RateLimit-* headers',
  '500': 'INTERNAL_ERROR: unexpected failure; quote the request id',
};

export function buildOpenApiDocument(routes: readonly RouteDefinition[], info: { version: string; serverUrl?: string }): JsonObject {
  const components: JsonObject = {};
  const paths: Record<string, JsonObject> = {};
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
        content: { [route.transport === 'stream' ? 'text/event-stream' : 'application/json']: { schema: toSchema(route.response.schema, 'output', components) } },
      },
    };
    for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
      if (status === '401' && route.auth.kind === 'public') continue;
      if (status === '403' && route.auth.kind === 'public') continue;
      if (status === '429' && rateClass.limit === null) continue;
      responses[status] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
    }
    const operation: JsonObject = {
      operationId: route.id,
      summary: route.summary,
      tags: route.tags ?? [route.group],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.request?.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.request.body, 'input', components) } } } }
        : {}),
      responses,
      security: route.auth.kind === 'authenticated' ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
      'x-cairn-group': route.group,
      'x-cairn-contract-style': route.style,
      'x-cairn-rate-limit': rateClass.limit === null ? 'none' : `${rateClass.limit} per ${rateClass.windowSeconds} s (${route.rateClass})`,
      ...(route.auth.kind === 'authenticated' && route.auth.roles ? { 'x-cairn-roles': route.auth.roles } : {}),
      // Platform roles (the `cairn:platform` claim, docs/api.md "Platform operators") admitted as well.
      ...(route.auth.kind === 'authenticated' && route.auth.platformRoles ? { 'x-cairn-platform-roles': route.auth.platformRoles } : {}),
      // Served by the group's streaming Lambda Function URL in AWS (stack output `<group>StreamUrl`), not the HTTP API.
      ...(route.transport === 'stream' ? { 'x-cairn-transport': 'lambda-function-url-response-stream' } : {}),
    };
    paths[route.path] ??= {};
    (paths[route.path] as JsonObject)[route.method.toLowerCase()] = operation;
  }
  components.ErrorBody ??= { type: 'object', description: 'Error in the route\'s contract style (docs/api.md)' };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cairn API',
      version: info.version,
      description: 'Learning-progress backend. Every route keeps its seed contract style (x-cairn-contract-style).',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
