import { randomUUID } from 'node:crypto';
import { createCairnClient } from '../../client/cairnClient.js';
import { fetchFrom } from '../support/boundFetch.js';
import { killLocalStack, START_TIMEOUT_MS, startLocalStack } from '../support/localStackProcess.js';

// Each seed contract's account flow over HTTP against the local stack (local Cognito, DynamoDB Local),
// through the typed client generated from the OpenAPI document (issue 22), as a front end would call it:
// sign up → sign in → protected route → refresh → the new token works → sign out → refresh refused.
let stack: Awaited<ReturnType<typeof startLocalStack>>;
beforeAll(async () => {
  stack = await startLocalStack();
}, START_TIMEOUT_MS + 10_000);
afterAll(() => (stack ? killLocalStack(stack) : undefined));

const PASSWORD = 'Correct-Horse-9-Battery';
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/**
 * A client that calls from a given loopback source address: each flow is its own client IP, as separate
 * browsers would be, so the anonymous auth rate limit (10/min per IP) applies per flow.
 */
const clientFrom = (localAddress: string) => (token?: string) =>
  createCairnClient({ baseUrl: stack.base.replace('localhost', '127.0.0.1'), fetch: fetchFrom(localAddress), ...(token ? { token } : {}) });

describe('account flow, seed 002 contract', () => {
  const api = clientFrom('127.0.0.2');
  it('signs up, signs in, reads the profile, refreshes, signs out', async () => {
    const address = email('s002');
    const signup = await api().POST('/api/v1/auth/signup/', { body: { email: address, password: PASSWORD, full_name: 'Ada Lovelace' } });
    expect(signup.response.status).toBe(201);
    expect(signup.data?.user).toMatchObject({ email: address, full_name: 'Ada Lovelace' });
    expect(Date.parse(signup.data?.expires_at ?? '')).toBeGreaterThan(Date.now());

    const signin = await api().POST('/api/v1/auth/signin/', { body: { email: address, password: PASSWORD } });
    expect(signin.response.status).toBe(200);
    expect(signin.data?.user.roles).toEqual(['student']);
    expect(signin.data?.user.subscription).toEqual({ plan: 'free', ai_limit: 3, ai_used: 0 });
    const tokens = signin.data!;

    const profile = await api(tokens.access_token).GET('/api/v1/auth/profile/');
    expect(profile.response.status).toBe(200);
    expect(profile.data).toMatchObject({ id: signup.data?.user.id, email: address, full_name: 'Ada Lovelace', roles: ['student'] });

    const refreshed = await api().POST('/api/v1/auth/refresh/', { body: { refresh_token: tokens.refresh_token } });
    expect(refreshed.response.status).toBe(200);
    expect((await api(refreshed.data?.access_token).GET('/api/v1/auth/profile/')).response.status).toBe(200);

    expect((await api().POST('/api/v1/auth/signout/', { body: { refresh_token: tokens.refresh_token } })).response.status).toBe(204);
    const after = await api().POST('/api/v1/auth/refresh/', { body: { refresh_token: tokens.refresh_token } });
    expect(after.response.status).toBe(401);
    expect(after.error?.error.code).toBe('AUTH_INVALID_TOKEN');
  });
});

describe('account flow, seed 003 contract', () => {
  const api = clientFrom('127.0.0.3');
  it('logs in, reads /me with roles and organization, refreshes, logs out', async () => {
    const address = email('s003');
    expect((await api().POST('/auth/register', { body: { email: address, password: PASSWORD, firstName: 'Grace', lastName: 'Hopper' } })).response.status).toBe(201);

    const login = await api().POST('/api/v1/auth/login', { body: { email: address, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    expect(login.data?.success).toBe(true);
    expect(login.data?.data.user).toMatchObject({ email: address, fullName: 'Grace Hopper', roles: ['learner'], organizationId: 'public' });
    const session = login.data!.data;

    const me = await api(session.token).GET('/api/v1/auth/me');
    expect(me.response.status).toBe(200);
    expect(me.data?.data).toMatchObject({ roles: ['learner'], organizationId: 'public', preferences: { leaderboardPrivacy: 'public', predictiveAnalyticsEnabled: true } });

    // Seed 003 has no refresh route; its clients refresh through the shared seed 002 route.
    const refreshed = await api().POST('/api/v1/auth/refresh/', { body: { refresh_token: session.refreshToken } });
    expect(refreshed.response.status).toBe(200);
    expect((await api(refreshed.data?.access_token).GET('/api/v1/auth/me')).response.status).toBe(200);

    const logout = await api().POST('/api/v1/auth/logout', { body: { refreshToken: session.refreshToken } });
    expect(logout.data).toEqual({ success: true, data: { signedOut: true } });
    expect((await api().POST('/api/v1/auth/refresh/', { body: { refresh_token: session.refreshToken } })).response.status).toBe(401);
  });
});

describe('account flow, seed 004 contract', () => {
  const api = clientFrom('127.0.0.4');
  it('registers, logs in, updates profile and preferences, refreshes, logs out', async () => {
    const address = email('s004');
    const registered = await api().POST('/auth/register', { body: { email: address, password: PASSWORD, firstName: 'Alan', timezone: 'Europe/London' } });
    expect(registered.response.status).toBe(201);
    expect(registered.data?.data.user).toMatchObject({ email: address, firstName: 'Alan', timezone: 'Europe/London' });

    const login = await api().POST('/auth/login', { body: { email: address, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    const session = login.data!.data;
    const signedIn = api(session.accessToken);

    const updated = await signedIn.PUT('/api/users/profile', { body: { lastName: 'Turing', timezone: 'Asia/Tokyo' } });
    expect(updated.data?.data).toMatchObject({ firstName: 'Alan', lastName: 'Turing', timezone: 'Asia/Tokyo' });
    const prefs = await signedIn.PUT('/api/users/preferences', { body: { learningStyle: 'visual', privacySettings: { leaderboardPrivacy: 'private' } } });
    expect(prefs.data?.data).toMatchObject({ learningStyle: 'visual', privacySettings: { leaderboardPrivacy: 'private', predictiveAnalyticsEnabled: true } });
    expect((await signedIn.GET('/api/users/preferences')).data?.data.learningStyle).toBe('visual');

    const refreshed = await api().POST('/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refreshed.response.status).toBe(200);
    expect((await api(refreshed.data?.data.accessToken).GET('/api/users/profile')).data?.data.lastName).toBe('Turing');

    expect((await api().DELETE('/auth/logout', { body: { refreshToken: session.refreshToken } })).response.status).toBe(200);
    const after = await api().POST('/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(after.response.status).toBe(401);
    expect(after.error?.error.code).toBe('AUTHENTICATION_FAILED');
  });
});
