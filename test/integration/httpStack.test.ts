import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { ContractStyle } from '../../shared/routes/types.js';
import { FIXTURE_HANDLERS, FIXTURE_ROUTES, STYLE_WRITE_PATHS, fixtureItems } from '../support/fixtureGroup.js';
import { httpClient, type CallResult } from '../support/http.js';
import { foreignKeys, tokenFor, uniqueTenant } from '../support/tokens.js';

const call = httpClient(FIXTURE_ROUTES, { fixture: createGroupHandler('fixture', FIXTURE_ROUTES, FIXTURE_HANDLERS) });
const STYLES = Object.keys(STYLE_WRITE_PATHS) as ContractStyle[];
const validItem = { name: 'rope', quantity: 2 };

/** The error code and offending fields, wherever each contract style puts them. */
function errorOf(style: ContractStyle, response: CallResult): { code: string; fields: string[] } {
  const b = response.body;
  switch (style) {
    case 'rpc000':
      return { code: b.error.code, fields: (b.error.details.issues ?? []).map((i: { field: string }) => i.field) };
    case 'rest001':
      return { code: b.code, fields: b.field ? [b.field] : [] };
    case 'rest002':
      return { code: b.error.code, fields: b.error.details.filter((d: { field?: string }) => d.field).map((d: { field: string }) => d.field) };
    case 'rest003':
    case 'rest004':
      return { code: b.error.code, fields: Array.isArray(b.error.details) ? b.error.details.map((d: { field: string }) => d.field) : [] };
  }
}

const AUTH_CODE: Record<ContractStyle, string> = {
  rpc000: 'AUTHENTICATION_FAILED',
  rest001: 'AUTHENTICATION_FAILED',
  rest002: 'AUTH_INVALID_TOKEN',
  rest003: 'UNAUTHORIZED',
  rest004: 'AUTHENTICATION_FAILED',
};

describe('authentication', () => {
  const tenant = uniqueTenant('auth');
  const cases: [string, () => string | undefined][] = [
    ['no token', () => undefined],
    ['an expired token', () => tokenFor({ userId: 'u1', tenantId: tenant, roles: ['learner'], expiresInSeconds: -60 })],
    ['a token signed by another key', () => tokenFor({ userId: 'u1', tenantId: tenant, roles: ['learner'] }, foreignKeys())],
    ['a token for another audience', () => tokenFor({ userId: 'u1', tenantId: tenant, roles: ['learner'], audience: 'someone-else' })],
    ['a token from another issuer', () => tokenFor({ userId: 'u1', tenantId: tenant, roles: ['learner'], issuer: 'https://evil.example' })],
    ['a token that is not a JWT', () => 'not.a.jwt'],
  ];

  for (const style of STYLES) {
    it.each(cases)(`refuses %s with 401 in the ${style} style and writes nothing`, async (_label, makeToken) => {
      const token = makeToken();
      const response = await call({ ...STYLE_WRITE_PATHS[style], body: validItem, ...(token ? { token } : {}) });
      expect(response.status).toBe(401);
      expect(errorOf(style, response).code).toBe(AUTH_CODE[style]);
      expect(await fixtureItems(tenant)).toHaveLength(0);
    });
  }

  it('refuses an Authorization header that is not a bearer token', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/fixture/admin', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a token without tenant claims', async () => {
    const token = tokenFor({ userId: 'u1', tenantId: '', roles: [] });
    const response = await call({ method: 'GET', path: '/api/v1/fixture/admin', token });
    expect(response.status).toBe(401);
  });

  it('verifies a token sent to a public route and refuses it when bad', async () => {
    const bad = tokenFor({ userId: 'u1', tenantId: tenant, roles: ['learner'] }, foreignKeys());
    const response = await call({ method: 'GET', path: '/api/v1/fixture/things/abc', token: bad });
    expect(response.status).toBe(401);
  });

  it('accepts a valid token and stores the item in the token\'s tenant only', async () => {
    const own = uniqueTenant('own');
    const token = tokenFor({ userId: 'u1', tenantId: own, roles: ['learner'] });
    const response = await call({ ...STYLE_WRITE_PATHS.rest003, body: { name: 'tent', quantity: 1 }, token });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ success: true, data: { name: 'tent', quantity: 1, tenantId: own } });
    expect(await fixtureItems(own)).toHaveLength(1);
  });
});

describe('authorization', () => {
  const tenant = uniqueTenant('authz');

  it('returns 403 for a role the route does not allow', async () => {
    const token = tokenFor({ userId: 'learner-1', tenantId: tenant, roles: ['learner'] });
    const response = await call({ method: 'GET', path: '/api/v1/fixture/admin', token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it('admits any one of the allowed roles', async () => {
    const token = tokenFor({ userId: 'trainer-1', tenantId: tenant, roles: ['learner', 'trainer'] });
    const response = await call({ method: 'GET', path: '/api/v1/fixture/admin', token });
    expect(response.status).toBe(200);
  });

  it('uses the roles of the tenant selected with x-community-id', async () => {
    const other = uniqueTenant('other');
    const token = tokenFor({ userId: 'u2', tenantId: tenant, roles: ['learner'], memberships: { [other]: ['org_admin'] } });
    const asLearner = await call({ method: 'GET', path: '/api/v1/fixture/admin', token });
    const asAdmin = await call({ method: 'GET', path: '/api/v1/fixture/admin', token, headers: { 'x-community-id': other } });
    expect(asLearner.status).toBe(403);
    expect(asAdmin.status).toBe(200);
  });

  it('refuses x-community-id naming a tenant the token is not a member of, and writes nothing there', async () => {
    const victim = uniqueTenant('victim');
    const token = tokenFor({ userId: 'u3', tenantId: tenant, roles: ['org_admin'] });
    const response = await call({ ...STYLE_WRITE_PATHS.rpc000, body: validItem, token, headers: { 'x-community-id': victim } });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('AUTHORIZATION_DENIED');
    expect(await fixtureItems(victim)).toHaveLength(0);
  });
});

describe('input validation', () => {
  const cases: [string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, string][] = [
    ['malformed JSON', { rawBody: '{"name": "rope",', headers: { 'content-type': 'application/json' } }, 'body'],
    ['a wrong type', { body: { name: 'rope', quantity: 'two' } }, 'body.quantity'],
    ['a missing required field', { body: { name: 'rope' } }, 'body.quantity'],
    ['an unknown field', { body: { ...validItem, tenantId: 'someone-else' } }, 'body.tenantId'],
    ['a body over the cap', { body: { ...validItem, tags: ['x'.repeat(2000)] } }, 'body'],
    ['a missing body', {}, 'body'],
  ];

  for (const style of STYLES) {
    it.each(cases)(`answers %s with 400 VALIDATION_ERROR naming the field (${style}) and writes nothing`, async (_label, input, field) => {
      const tenant = uniqueTenant('val');
      const token = tokenFor({ userId: 'u1', tenantId: tenant, roles: ['learner'] });
      const response = await call({ ...STYLE_WRITE_PATHS[style], token, ...input });
      expect(response.status).toBe(400);
      const error = errorOf(style, response);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.fields).toContain(field);
      expect(await fixtureItems(tenant)).toHaveLength(0);
    });
  }

  it('reports every invalid field at once', async () => {
    const token = tokenFor({ userId: 'u1', tenantId: uniqueTenant(), roles: ['learner'] });
    const response = await call({ ...STYLE_WRITE_PATHS.rest002, token, body: { name: 'BAD NAME', quantity: -1, extra: true } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.extra', 'body.name', 'body.quantity']);
  });

  it('refuses a non-JSON content type with 415', async () => {
    const token = tokenFor({ userId: 'u1', tenantId: uniqueTenant(), roles: ['learner'] });
    const response = await call({ ...STYLE_WRITE_PATHS.rest003, token, rawBody: 'name=rope', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('validates path and query parameters and refuses unknown query parameters', async () => {
    const ok = await call({ method: 'GET', path: '/api/v1/fixture/things/abc-1?page=3' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ thingId: 'abc-1', page: 3 });
    const badParam = await call({ method: 'GET', path: '/api/v1/fixture/things/A!' });
    expect(badParam.status).toBe(400);
    expect(badParam.body.error.details.map((d: { field: string }) => d.field)).toContain('params.thingId');
    const unknownQuery = await call({ method: 'GET', path: '/api/v1/fixture/things/abc?page=1&debug=1' });
    expect(unknownQuery.status).toBe(400);
    expect(unknownQuery.body.error.details.map((d: { field: string }) => d.field)).toContain('query.debug');
  });

  it('refuses a body on a route that takes none', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/fixture/things/abc', body: { x: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body');
  });
});

describe('errors and request ids', () => {
  it('answers an unknown route with a JSON 404 NOT_FOUND', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/no/such/thing' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('answers an uncaught error with 500 INTERNAL_ERROR, the request id and no internals', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/fixture/boom', headers: { 'x-request-id': 'req-test-12345' } });
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL_ERROR');
    expect(response.body.error.request_id).toBe('req-test-12345');
    expect(response.rawBody).not.toMatch(/secret|postgres|stack|at \w+ \(/);
  });

  it('echoes an acceptable X-Request-ID and generates one otherwise', async () => {
    const echoed = await call({ method: 'GET', path: '/api/v1/fixture/things/abc', headers: { 'x-request-id': 'client-req-0001' } });
    expect(echoed.headers['x-request-id']).toBe('client-req-0001');
    const generated = await call({ method: 'GET', path: '/api/v1/fixture/things/abc', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers on success and error responses', async () => {
    for (const path of ['/api/v1/fixture/things/abc', '/api/v1/nope']) {
      const response = await call({ method: 'GET', path });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('DynamoDB requests per call', () => {
  it('costs exactly one request for a validated write on an unlimited route, and none when refused', async () => {
    const token = tokenFor({ userId: 'u1', tenantId: uniqueTenant(), roles: ['learner'] });
    const written = await call({ ...STYLE_WRITE_PATHS.rest003, token, body: { name: 'lamp', quantity: 1 } });
    expect(written.dynamoDbByCommand).toEqual({ PutItemCommand: 1 });
    const refused = await call({ ...STYLE_WRITE_PATHS.rest003, token, body: { name: 'lamp' } });
    expect(refused.dynamoDbRequests).toBe(0);
  });
});
