import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { RATE_CLASSES } from '../../shared/routes/rateClasses.js';
import { FIXTURE_HANDLERS, FIXTURE_ROUTES } from '../support/fixtureGroup.js';
import { httpClient } from '../support/http.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// The fixture's limited route uses the seed 001 "tutorial-complete" class: 5 requests per 60 s.
const { limit, windowSeconds } = RATE_CLASSES['tutorial-complete'];
const WINDOW_START_MS = Date.UTC(2030, 0, 1, 12, 0, 0); // a whole minute, far from other tests' windows

function clientAt(clock: { now: number }) {
  const handler = createGroupHandler('fixture', FIXTURE_ROUTES, FIXTURE_HANDLERS, { now: () => clock.now });
  return httpClient(FIXTURE_ROUTES, { fixture: handler });
}

describe('rate limiting', () => {
  it('admits the limit, refuses the next with 429 and headers, and admits again in a fresh window', async () => {
    const clock = { now: WINDOW_START_MS + 10_000 };
    const call = clientAt(clock);
    const ip = '203.0.113.10';
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) {
      const response = await call({ method: 'GET', path: '/api/v1/fixture/limited', sourceIp: ip });
      statuses.push(response.status);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(limit - i - 1));
    }
    expect(statuses).toEqual(Array(limit).fill(200));

    const refused = await call({ method: 'GET', path: '/api/v1/fixture/limited', sourceIp: ip });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(refused.body.error.retry_after).toBe(50);
    expect(refused.headers['retry-after']).toBe('50');
    expect(refused.headers['x-ratelimit-limit']).toBe(String(limit));
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.headers['x-ratelimit-reset']).toBe(String(WINDOW_START_MS / 1000 + windowSeconds));
    expect(refused.headers['x-ratelimit-reset-after']).toBe('50');

    clock.now = WINDOW_START_MS + windowSeconds * 1000;
    const fresh = await call({ method: 'GET', path: '/api/v1/fixture/limited', sourceIp: ip });
    expect(fresh.status).toBe(200);
    expect(fresh.headers['x-ratelimit-remaining']).toBe(String(limit - 1));
  });

  it('admits exactly the limit when requests arrive concurrently', async () => {
    const clock = { now: WINDOW_START_MS + 5_000 };
    const call = clientAt(clock);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call({ method: 'GET', path: '/api/v1/fixture/limited', sourceIp: '203.0.113.20' })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(limit);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(20 - limit);
  });

  it('counts per principal: another user, another IP and another tenant have their own windows', async () => {
    const clock = { now: WINDOW_START_MS + 20_000 };
    const call = clientAt(clock);
    const tenant = uniqueTenant('rl');
    const alice = tokenFor({ userId: 'alice', tenantId: tenant, roles: ['learner'] });
    for (let i = 0; i < limit; i++) await call({ method: 'GET', path: '/api/v1/fixture/limited', token: alice });
    expect((await call({ method: 'GET', path: '/api/v1/fixture/limited', token: alice })).status).toBe(429);

    const bob = tokenFor({ userId: 'bob', tenantId: tenant, roles: ['learner'] });
    expect((await call({ method: 'GET', path: '/api/v1/fixture/limited', token: bob })).status).toBe(200);
    const aliceElsewhere = tokenFor({ userId: 'alice', tenantId: uniqueTenant('rl2'), roles: ['learner'] });
    expect((await call({ method: 'GET', path: '/api/v1/fixture/limited', token: aliceElsewhere })).status).toBe(200);
    expect((await call({ method: 'GET', path: '/api/v1/fixture/limited', sourceIp: '203.0.113.99' })).status).toBe(200);
  });

  it('keeps counting an anonymous client that rotates x-community-id', async () => {
    const call = clientAt({ now: WINDOW_START_MS + 40_000 });
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const response = await call({ method: 'GET', path: '/api/v1/fixture/limited', sourceIp: '203.0.113.40', headers: { 'x-community-id': uniqueTenant('rot') } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(limit).fill(200), 429]);
  });

  it('costs one atomic update per limited request and none for an unlimited class', async () => {
    const call = clientAt({ now: WINDOW_START_MS + 30_000 });
    const limited = await call({ method: 'GET', path: '/api/v1/fixture/limited', sourceIp: '203.0.113.30' });
    expect(limited.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1 });
    const unlimited = await call({ method: 'GET', path: '/api/v1/fixture/things/abc' });
    expect(unlimited.dynamoDbRequests).toBe(0);
    expect(unlimited.headers['x-ratelimit-limit']).toBeUndefined();
  });
});
