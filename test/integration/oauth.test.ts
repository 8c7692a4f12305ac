import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { handlers as identityHandlers } from '../../lambdas/identity/handler.js';
import { privacyHandlers } from '../../lambdas/identity/privacy.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { OAUTH_STATE_TTL_SECONDS } from '../../shared/identity/oauthService.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { STRONG_PASSWORD, accountsApi as call, registerAccount, uniqueEmail } from '../support/accounts.js';
import { httpClient } from '../support/http.js';

// The hosted-UI authorization-code flow against the local Cognito's /oauth2 pages, which stand in for
// the provider: start → the user signs in at the authorize URL → callback with code and state.
const REDIRECT = 'https://app.example.com/auth/callback';

async function signInAtHostedUi(authUrl: string, username: string, password: string): Promise<{ code: string; state: string }> {
  const url = new URL(authUrl);
  const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), username, password });
  const response = await fetch(`${url.origin}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`hosted UI did not redirect (${response.status})`);
  const back = new URL(location);
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  return { code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') ?? '' };
}

async function start(provider = 'google') {
  const response = await call({ method: 'POST', path: '/api/v1/auth/oauth/signin/', body: { provider, redirect_url: REDIRECT } });
  expect(response.status).toBe(200);
  return response.body as { auth_url: string; state: string };
}

describe('OAuth sign-in (seed 002)', () => {
  it('returns a hosted-UI authorize URL with PKCE and the state', async () => {
    const { auth_url, state } = await start();
    const url = new URL(auth_url);
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      identity_provider: 'Google',
      redirect_uri: REDIRECT,
      response_type: 'code',
      state,
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
  });

  it('signs an existing user in and refuses the same state a second time', async () => {
    const account = await registerAccount('oauth');
    const { auth_url, state } = await start();
    const { code, state: returned } = await signInAtHostedUi(auth_url, account.email, STRONG_PASSWORD);
    expect(returned).toBe(state);
    const done = await call({ method: 'POST', path: '/api/v1/auth/oauth/callback/', body: { provider: 'google', code, state } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ user: { id: account.userId, email: account.email }, is_new_user: false });
    expect((await call({ method: 'GET', path: '/api/v1/auth/profile/', token: done.body.access_token })).status).toBe(200);

    const replay = await call({ method: 'POST', path: '/api/v1/auth/oauth/callback/', body: { provider: 'google', code, state } });
    expect(replay.status).toBe(400);
    expect(replay.body.error.details.map((d: { field: string }) => d.field)).toContain('body.state');
  });

  it('creates the profile of a first-time user (a pool user without a Cairn profile)', async () => {
    const email = uniqueEmail('federated');
    const sdk = new CognitoIdentityProviderClient({ endpoint: process.env.COGNITO_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: process.env.COGNITO_USER_POOL_ID, Username: email, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Fed User' }], MessageAction: 'SUPPRESS' }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: process.env.COGNITO_USER_POOL_ID, Username: email, Password: STRONG_PASSWORD, Permanent: true }));
    const { auth_url, state } = await start('apple');
    const { code } = await signInAtHostedUi(auth_url, email, STRONG_PASSWORD);
    const done = await call({ method: 'POST', path: '/api/v1/auth/oauth/callback/', body: { provider: 'apple', code, state } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ user: { email, full_name: 'Fed User' }, is_new_user: true });
  });

  it('refuses an expired state', async () => {
    const account = await registerAccount('oauth-late');
    const { auth_url, state } = await start();
    const { code } = await signInAtHostedUi(auth_url, account.email, STRONG_PASSWORD);
    const late = httpClient(ROUTES, {
      identity: createGroupHandler('identity', ROUTES, { ...identityHandlers, ...privacyHandlers }, { now: () => Date.now() + (OAUTH_STATE_TTL_SECONDS + 5) * 1000 }),
    });
    const response = await late({ method: 'POST', path: '/api/v1/auth/oauth/callback/', body: { provider: 'google', code, state } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body.state');
  });

  it('refuses a state started for another provider, an unregistered redirect URL and a bad code', async () => {
    const { state } = await start('google');
    const otherProvider = await call({ method: 'POST', path: '/api/v1/auth/oauth/callback/', body: { provider: 'facebook', code: 'abc', state } });
    expect(otherProvider.status).toBe(400);
    const redirect = await call({ method: 'POST', path: '/api/v1/auth/oauth/signin/', body: { provider: 'google', redirect_url: 'https://evil.example/cb' } });
    expect(redirect.status).toBe(400);
    expect(redirect.body.error.details[0].field).toBe('body.redirect_url');
    const fresh = await start('google');
    const badCode = await call({ method: 'POST', path: '/api/v1/auth/oauth/callback/', body: { provider: 'google', code: 'not-a-real-code', state: fresh.state } });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.details[0].field).toBe('body.code');
  });
});
