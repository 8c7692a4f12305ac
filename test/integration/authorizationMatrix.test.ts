import type { LambdaHttpHandler } from '../../shared/http/createGroupHandler.js';
import { ENDPOINT_GROUPS, ROUTES } from '../../shared/routes/routeTable.js';
import { ROLES } from '../../shared/routes/types.js';
import { httpClient } from '../support/http.js';
import { foreignKeys, tokenFor, uniqueTenant } from '../support/tokens.js';

// The authorization matrix, generated from the route table (DESIGN §4): every route of every group,
// through its real Lambda handler. A route added to the table is covered without touching this file.
const handlers: Record<string, LambdaHttpHandler> = {};
for (const group of ENDPOINT_GROUPS) {
  handlers[group.name] = ((await import(`../../lambdas/${group.name}/handler.js`)) as { handler: LambdaHttpHandler }).handler;
}
const call = httpClient(ROUTES, handlers);
const routed = ROUTES.filter((route) => route.path !== '$default');

/** A concrete path for a template: every `{param}` gets a plausible id. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'matrix-id-1');

describe('authorization matrix (every route in the table)', () => {
  const tenant = uniqueTenant('matrix');

  it.each(routed.map((r) => [r.id, r] as const))('%s refuses a token signed by another key with 401', async (_id, route) => {
    const token = tokenFor({ userId: 'm1', tenantId: tenant, roles: [...ROLES] }, foreignKeys());
    const response = await call({ method: route.method, path: concrete(route.path), token });
    expect(response.status).toBe(401);
  });

  it.each(routed.map((r) => [r.id, r] as const))('%s refuses an expired token with 401', async (_id, route) => {
    const token = tokenFor({ userId: 'm1', tenantId: tenant, roles: [...ROLES], expiresInSeconds: -1 });
    const response = await call({ method: route.method, path: concrete(route.path), token });
    expect(response.status).toBe(401);
  });

  it.each(routed.map((r) => [r.id, r] as const))('%s refuses a tenant the token is not a member of with 403', async (_id, route) => {
    const token = tokenFor({ userId: 'm1', tenantId: tenant, roles: [...ROLES] });
    const response = await call({ method: route.method, path: concrete(route.path), token, headers: { 'x-community-id': uniqueTenant('foreign') } });
    expect(response.status).toBe(403);
  });

  const authenticated = routed.filter((r) => r.auth.kind === 'authenticated');
  if (authenticated.length > 0) {
    it.each(authenticated.map((r) => [r.id, r] as const))('%s refuses a request without a token with 401', async (_id, route) => {
      expect((await call({ method: route.method, path: concrete(route.path) })).status).toBe(401);
    });
  }

  const restricted = routed.flatMap((route) =>
    route.auth.kind === 'authenticated' && route.auth.roles
      ? ROLES.filter((role) => !(route.auth.kind === 'authenticated' && route.auth.roles?.includes(role))).map((role) => [route.id, role, route] as const)
      : [],
  );
  if (restricted.length > 0) {
    it.each(restricted)('%s refuses role %s with 403', async (_id, role, route) => {
      const token = tokenFor({ userId: 'm1', tenantId: tenant, roles: [role] });
      expect((await call({ method: route.method, path: concrete(route.path), token })).status).toBe(403);
    });
  }
});
