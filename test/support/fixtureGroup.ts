import { PutCommand, QueryCommand } from '../../shared/db/commands.js';
import * as z from 'zod';
import { documentClient, tableName } from '../../shared/db/client.js';
import { tenantPrefix } from '../../shared/db/keys.js';
import type { RouteHandler, RouteHandlers } from '../../shared/http/routeHandler.js';
import { CATCH_ALL_ROUTE } from '../../shared/routes/catchAllRoute.js';
import type { ContractStyle, RouteDefinition } from '../../shared/routes/types.js';

/**
 * A test-only endpoint group that exercises the shared HTTP stack in every contract style: a
 * validated write (so "nothing written" can be checked in the table), a role-restricted read, a
 * rate-limited read and a handler that fails unexpectedly.
 */
export const itemBody = z
  .object({
    name: z.string().min(1).max(50).regex(/^[a-z0-9-]+$/),
    quantity: z.number().int().min(0),
    tags: z.array(z.string().max(20)).max(5).optional(),
  })
  .strict();

const itemResponse = z.object({ name: z.string(), quantity: z.number(), tenantId: z.string() });

export const STYLE_WRITE_PATHS: Record<ContractStyle, { method: 'POST'; path: string }> = {
  rpc000: { method: 'POST', path: '/functions/v1/fixture-items' },
  rest001: { method: 'POST', path: '/v1/tutorials/progress/fixture/items' },
  rest002: { method: 'POST', path: '/api/v1/fixture/store/' },
  rest003: { method: 'POST', path: '/api/v1/fixture/items' },
  rest004: { method: 'POST', path: '/api/fixture/items' },
};

const base = { group: 'fixture', summary: 'fixture', rateClass: 'none' } as const;

export const FIXTURE_ROUTES: RouteDefinition[] = [
  ...(Object.entries(STYLE_WRITE_PATHS) as [ContractStyle, { method: 'POST'; path: string }][]).map(
    ([style, { method, path }]): RouteDefinition => ({
      ...base,
      id: `fixture.write.${style}`,
      method,
      path,
      style,
      auth: { kind: 'authenticated' },
      request: { body: itemBody },
      response: { status: 201, description: 'stored', schema: itemResponse },
      maxBodyBytes: 1024,
    }),
  ),
  {
    ...base,
    id: 'fixture.adminOnly',
    method: 'GET',
    path: '/api/v1/fixture/admin',
    style: 'rest003',
    auth: { kind: 'authenticated', roles: ['org_admin', 'trainer'] },
    response: { status: 200, description: 'ok', schema: z.object({ ok: z.boolean() }) },
  },
  {
    ...base,
    id: 'fixture.limited',
    method: 'GET',
    path: '/api/v1/fixture/limited',
    style: 'rest002',
    rateClass: 'tutorial-complete',
    auth: { kind: 'public' },
    response: { status: 200, description: 'ok', schema: z.object({ ok: z.boolean() }) },
  },
  {
    ...base,
    id: 'fixture.standardRead',
    method: 'GET',
    path: '/api/v1/fixture/standard',
    style: 'rest002',
    rateClass: 'standard',
    auth: { kind: 'public' },
    response: { status: 200, description: 'ok', schema: z.object({ ok: z.boolean() }) },
  },
  {
    ...base,
    id: 'fixture.standardWrite',
    method: 'POST',
    path: '/api/v1/fixture/standard',
    style: 'rest002',
    rateClass: 'standard',
    auth: { kind: 'public' },
    response: { status: 200, description: 'ok', schema: z.object({ ok: z.boolean() }) },
  },
  {
    ...base,
    id: 'fixture.boom',
    method: 'GET',
    path: '/api/v1/fixture/boom',
    style: 'rpc000',
    auth: { kind: 'public' },
    response: { status: 200, description: 'never', schema: z.object({}) },
  },
  {
    ...base,
    id: 'fixture.query',
    method: 'GET',
    path: '/api/v1/fixture/things/{thingId}',
    style: 'rest003',
    auth: { kind: 'public' },
    request: {
      params: z.object({ thingId: z.string().regex(/^[a-z0-9-]{3,40}$/) }).strict(),
      query: z.object({ page: z.coerce.number().int().min(1).default(1) }).strict(),
    },
    response: { status: 200, description: 'ok', schema: z.object({ thingId: z.string(), page: z.number() }) },
  },
  { ...CATCH_ALL_ROUTE, group: 'fixture' },
];

const write: RouteHandler = async ({ body, tenantId }) => {
  const item = body as z.infer<typeof itemBody>;
  await documentClient().send(
    new PutCommand({ TableName: tableName(), Item: { pk: `${tenantPrefix(tenantId)}#FIXTURE`, sk: `ITEM#${item.name}`, ...item } }),
  );
  return { data: { name: item.name, quantity: item.quantity, tenantId } };
};

export const FIXTURE_HANDLERS: RouteHandlers = {
  ...Object.fromEntries(Object.keys(STYLE_WRITE_PATHS).map((style) => [`fixture.write.${style}`, write])),
  'fixture.adminOnly': async () => ({ data: { ok: true } }),
  'fixture.limited': async () => ({ data: { ok: true } }),
  'fixture.standardRead': async () => ({ data: { ok: true } }),
  'fixture.standardWrite': async () => ({ data: { ok: true } }),
  'fixture.boom': async () => {
    throw new Error('secret internal detail: connection string postgres://user:pw@db');
  },
  'fixture.query': async ({ params, query }) => ({
    data: { thingId: (params as { thingId: string }).thingId, page: (query as { page: number }).page },
  }),
};

/** Items the fixture wrote for a tenant (to prove a refused request wrote nothing). */
export async function fixtureItems(tenantId: string): Promise<Record<string, unknown>[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${tenantPrefix(tenantId)}#FIXTURE` },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}
