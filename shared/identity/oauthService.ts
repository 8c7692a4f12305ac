import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, PutCommand } from '../db/commands.js';
import { unverifiedPayload } from '../auth/tokenPayload.js';
import { runtimeConfig } from '../config/runtimeConfig.js';
import { documentClient, tableName } from '../db/client.js';
import { oauthStateKey } from '../db/keys.js';
import { ServiceUnavailableError, ValidationError } from '../http/errors.js';
import { cognitoClientId } from './cognito.js';
import type { Profile } from './profile.js';
import { getProfile } from './profileRepository.js';

/**
 * OAuth sign-in through Cognito's hosted UI (seed 002): an authorization-code flow with PKCE.
 *
 * 1. start: a random state and PKCE verifier are stored (TTL 10 minutes) and the hosted-UI authorize
 *    URL for the provider is returned; the app sends the user there.
 * 2. The provider and Cognito send the user back to the app's registered redirect URL with code and state.
 * 3. complete: the state is consumed by a conditional delete (single use, unexpired, same provider) —
 *    a replayed or forged state changes nothing — then the code is exchanged at Cognito's token endpoint.
 *    The pre-token-generation trigger has created the profile of a first-time user by then.
 */
export const OAUTH_STATE_TTL_SECONDS = 600;

/** Seed 002 provider names → Cognito identity_provider values. */
export const OAUTH_PROVIDERS = { google: 'Google', facebook: 'Facebook', apple: 'SignInWithApple', amazon: 'LoginWithAmazon' } as const;
export type OAuthProvider = keyof typeof OAUTH_PROVIDERS;

function oauthConfig() {
  const config = runtimeConfig().oauth;
  if (!config) throw new ServiceUnavailableError('OAuth sign-in is not configured for this stage');
  return config;
}

export async function startOAuth(tenantId: string, provider: OAuthProvider, redirectUrl: string, now: Date): Promise<{ authUrl: string; state: string }> {
  const config = oauthConfig();
  if (!config.providers.includes(provider)) {
    throw new ValidationError([{ field: 'body.provider', message: `Provider not enabled; enabled: ${config.providers.join(', ') || 'none'}`, code: 'provider_disabled' }]);
  }
  if (!config.redirectUrls.includes(redirectUrl)) {
    throw new ValidationError([{ field: 'body.redirect_url', message: 'Not a registered redirect URL', code: 'redirect_not_allowed' }]);
  }
  const state = randomBytes(32).toString('base64url');
  const codeVerifier = randomBytes(48).toString('base64url');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...oauthStateKey(tenantId, state), type: 'oauthState', provider, redirectUrl, codeVerifier, createdAt: now.toISOString(), expiresAt: nowSeconds + OAUTH_STATE_TTL_SECONDS },
    }),
  );
  const authUrl = new URL(`${config.domain}/oauth2/authorize`);
  authUrl.search = new URLSearchParams({
    identity_provider: OAUTH_PROVIDERS[provider],
    client_id: cognitoClientId(),
    redirect_uri: redirectUrl,
    response_type: 'code',
    scope: 'openid email profile',
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { authUrl: authUrl.toString(), state };
}

export interface OAuthResult {
  profile: Profile;
  idToken: string;
  refreshToken: string;
  isNewUser: boolean;
}

export async function completeOAuth(tenantId: string, provider: OAuthProvider, code: string, state: string, now: Date): Promise<OAuthResult> {
  const config = oauthConfig();
  let stored: Record<string, unknown> | undefined;
  try {
    const result = await documentClient().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: oauthStateKey(tenantId, state),
        ConditionExpression: 'attribute_exists(pk) AND provider = :provider AND expiresAt > :now',
        ExpressionAttributeValues: { ':provider': provider, ':now': Math.floor(now.getTime() / 1000) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    stored = result.Attributes;
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ConditionalCheckFailedException')) throw err;
  }
  if (!stored) throw new ValidationError([{ field: 'body.state', message: 'Unknown, already used or expired state', code: 'invalid_state' }]);

  let response: Response;
  try {
    response = await fetch(`${config.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: cognitoClientId(),
        code,
        redirect_uri: stored.redirectUrl as string,
        code_verifier: stored.codeVerifier as string,
      }).toString(),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    throw new ServiceUnavailableError('The identity provider did not answer');
  }
  if (!response.ok) throw new ValidationError([{ field: 'body.code', message: 'The authorization code was rejected', code: 'invalid_code' }]);
  const tokens = (await response.json()) as { id_token?: string; refresh_token?: string };
  if (!tokens.id_token || !tokens.refresh_token) throw new ServiceUnavailableError('The identity provider returned no tokens');
  const sub = unverifiedPayload(tokens.id_token).sub as string;
  const profile = await getProfile(sub);
  if (!profile) throw new ServiceUnavailableError('Profile was not created for the signed-in user');
  return { profile, idToken: tokens.id_token, refreshToken: tokens.refresh_token, isNewUser: profile.createdAt >= (stored.createdAt as string) };
}
