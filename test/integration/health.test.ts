import { createDocumentClient, setDocumentClient } from '../../shared/db/client.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { handler as systemHandler } from '../../lambdas/system/handler.js';
import { httpClient } from '../support/http.js';
import { healthResponseSchema } from '../../shared/schemas/health.js';

const call = httpClient(ROUTES, { system: systemHandler });

describe('health', () => {
  afterEach(() => setDocumentClient(undefined));

  it('reports healthy with a real table check in seed 003 §9 shape, in one DynamoDB request', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/health' });
    expect(response.status).toBe(200);
    expect(healthResponseSchema.parse(response.body)).toEqual(response.body);
    expect(response.body.status).toBe('healthy');
    expect(response.body.services.database).toBe('healthy');
    expect(response.body.environment).toBe('test');
    expect(response.dynamoDbByCommand).toEqual({ GetItemCommand: 1 });
  });

  it('reports unhealthy with 503 when the table does not answer', async () => {
    // Nothing listens on port 9: every attempt is refused (ECONNREFUSED), as a table that does not answer.
    const failing = createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
    setDocumentClient(failing);
    const response = await call({ method: 'GET', path: '/api/v1/health' });
    expect(response.status).toBe(503);
    expect(response.body.status).toBe('unhealthy');
    expect(response.body.services.database).toBe('unhealthy');
    expect(response.rawBody).not.toContain('ECONNREFUSED');
  });

  it('reports ready when the table answers and not ready otherwise', async () => {
    expect((await call({ method: 'GET', path: '/ready' })).body).toEqual({ status: 'ready', checks: { database: 'healthy' } });
    const failing = createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
    setDocumentClient(failing);
    const response = await call({ method: 'GET', path: '/ready' });
    expect(response.status).toBe(503);
    expect(response.body.status).toBe('not_ready');
  });

  it('answers an unknown path in the style of its URL space', async () => {
    const rpc = await call({ method: 'POST', path: '/functions/v1/nope', body: {} });
    expect(rpc.status).toBe(404);
    expect(rpc.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(rpc.body.error.request_id).toEqual(rpc.headers['x-request-id']);
    const django = await call({ method: 'GET', path: '/api/v1/nope/' });
    expect(django.body).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
    const wrongMethod = await call({ method: 'DELETE', path: '/api/v1/health' });
    expect(wrongMethod.status).toBe(404);
  });

  it('every handler module matches its routes (a missing handler fails at cold start)', () => {
    expect(() => createGroupHandler('system', ROUTES, { 'system.health': async () => ({}) })).toThrow(/missing: system.ready/);
    expect(() => createGroupHandler('system', ROUTES, { 'system.health': async () => ({}), 'system.ready': async () => ({}), 'system.extra': async () => ({}) })).toThrow(/extra: system.extra/);
  });
});
