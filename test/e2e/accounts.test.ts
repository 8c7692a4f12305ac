import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { killLocalStack, START_TIMEOUT_MS, startLocalStack } from '../support/localStackProcess.js';

// Each seed contract's account flow over HTTP against the local stack (local Cognito, DynamoDB Local):
// sign up → sign in → protected route → refresh → the new token works → sign out → refresh refused.
let stack: Awaited<ReturnType<typeof startLocalStack>>;
beforeAll(async () => {
  stack = await startLocalStack();
}, START_TIMEOUT_MS + 10_000);
afterAll(() => (stack ? killLocalStack(stack) : undefined));

const PASSWORD = 'Correct-Horse-9-Battery';
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/**
 * One HTTP call from a given loopback source address: each flow is its own client IP, as separate
 * browsers would be, so the anonymous auth rate limit (10/min per IP) applies per flow.
 */
function httpFrom(localAddress: string) {
  return (method: string, path: string, options: { body?: unknown; token?: string } = {}) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const payload = options.body !== undefined ? JSON.stringify(options.body) : undefined;
      const req = request(
        `${stack.base.replace('localhost', '127.0.0.1')}${path}`,
        {
          method,
          localAddress,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

describe('account flow, seed 002 contract', () => {
  const http = httpFrom('127.0.0.2');
  it('signs up, signs in, reads the profile, refreshes, signs out', async () => {
    const address = email('s002');
    const signup = await http('POST', '/api/v1/auth/signup/', { body: { email: address, password: PASSWORD, full_name: 'Ada Lovelace' } });
    expect(signup.status).toBe(201);
    expect(signup.body.user).toMatchObject({ email: address, full_name: 'Ada Lovelace' });
    expect(Date.parse(signup.body.expires_at)).toBeGreaterThan(Date.now());

    const signin = await http('POST', '/api/v1/auth/signin/', { body: { email: address, password: PASSWORD } });
    expect(signin.status).toBe(200);
    expect(signin.body.user.roles).toEqual(['student']);
    expect(signin.body.user.subscription).toEqual({ plan: 'free', ai_limit: 3, ai_used: 0 });

    const profile = await http('GET', '/api/v1/auth/profile/', { token: signin.body.access_token });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: signup.body.user.id, email: address, full_name: 'Ada Lovelace', roles: ['student'] });

    const refreshed = await http('POST', '/api/v1/auth/refresh/', { body: { refresh_token: signin.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect((await http('GET', '/api/v1/auth/profile/', { token: refreshed.body.access_token })).status).toBe(200);

    expect((await http('POST', '/api/v1/auth/signout/', { body: { refresh_token: signin.body.refresh_token } })).status).toBe(204);
    const after = await http('POST', '/api/v1/auth/refresh/', { body: { refresh_token: signin.body.refresh_token } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('AUTH_INVALID_TOKEN');
  });
});

describe('account flow, seed 003 contract', () => {
  const http = httpFrom('127.0.0.3');
  it('logs in, reads /me with roles and organization, refreshes, logs out', async () => {
    const address = email('s003');
    expect((await http('POST', '/auth/register', { body: { email: address, password: PASSWORD, firstName: 'Grace', lastName: 'Hopper' } })).status).toBe(201);

    const login = await http('POST', '/api/v1/auth/login', { body: { email: address, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.success).toBe(true);
    expect(login.body.data.user).toMatchObject({ email: address, fullName: 'Grace Hopper', roles: ['learner'], organizationId: 'public' });

    const me = await http('GET', '/api/v1/auth/me', { token: login.body.data.token });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ roles: ['learner'], organizationId: 'public', preferences: { leaderboardPrivacy: 'public', predictiveAnalyticsEnabled: true } });

    // Seed 003 has no refresh route; its clients refresh through the shared /api/v1/auth/refresh.
    const refreshed = await http('POST', '/api/v1/auth/refresh', { body: { refresh_token: login.body.data.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await http('GET', '/api/v1/auth/me', { token: refreshed.body.access_token })).status).toBe(200);

    const logout = await http('POST', '/api/v1/auth/logout', { body: { refreshToken: login.body.data.refreshToken } });
    expect(logout.body).toEqual({ success: true, data: { signedOut: true } });
    expect((await http('POST', '/api/v1/auth/refresh', { body: { refresh_token: login.body.data.refreshToken } })).status).toBe(401);
  });
});

describe('account flow, seed 004 contract', () => {
  const http = httpFrom('127.0.0.4');
  it('registers, logs in, updates profile and preferences, refreshes, logs out', async () => {
    const address = email('s004');
    const registered = await http('POST', '/auth/register', { body: { email: address, password: PASSWORD, firstName: 'Alan', timezone: 'Europe/London' } });
    expect(registered.status).toBe(201);
    expect(registered.body.data.user).toMatchObject({ email: address, firstName: 'Alan', timezone: 'Europe/London' });

    const login = await http('POST', '/auth/login', { body: { email: address, password: PASSWORD } });
    expect(login.status).toBe(200);
    const token = login.body.data.accessToken;

    const updated = await http('PUT', '/api/users/profile', { token, body: { lastName: 'Turing', timezone: 'Asia/Tokyo' } });
    expect(updated.body.data).toMatchObject({ firstName: 'Alan', lastName: 'Turing', timezone: 'Asia/Tokyo' });
    const prefs = await http('PUT', '/api/users/preferences', { token, body: { learningStyle: 'visual', privacySettings: { leaderboardPrivacy: 'private' } } });
    expect(prefs.body.data).toMatchObject({ learningStyle: 'visual', privacySettings: { leaderboardPrivacy: 'private', predictiveAnalyticsEnabled: true } });
    expect((await http('GET', '/api/users/preferences', { token })).body.data.learningStyle).toBe('visual');

    const refreshed = await http('POST', '/auth/refresh', { body: { refreshToken: login.body.data.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await http('GET', '/api/users/profile', { token: refreshed.body.data.accessToken })).body.data.lastName).toBe('Turing');

    expect((await http('DELETE', '/auth/logout', { body: { refreshToken: login.body.data.refreshToken } })).status).toBe(200);
    const after = await http('POST', '/auth/refresh', { body: { refreshToken: login.body.data.refreshToken } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('AUTHENTICATION_FAILED');
  });
});
