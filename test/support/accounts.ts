import { randomUUID } from 'node:crypto';
import { handler as identityHandler } from '../../lambdas/identity/handler.js';
import { handler as organizationsHandler } from '../../lambdas/organizations/handler.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from './http.js';

/** In-process client for the identity and organizations groups, and a helper to create real accounts. */
export const accountsApi = httpClient(ROUTES, { identity: identityHandler, organizations: organizationsHandler });

export const STRONG_PASSWORD = 'Correct-Horse-9-Battery';

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 12)}@example.com`;

/** Registers an account through the seed 004 route; returns its id, email, Cognito bearer and refresh token. */
export async function registerAccount(label = 'user', extra: Record<string, unknown> = {}) {
  const email = uniqueEmail(label);
  const response = await accountsApi({ method: 'POST', path: '/auth/register', body: { email, password: STRONG_PASSWORD, ...extra } });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${response.rawBody}`);
  return {
    userId: response.body.data.user.id as string,
    email,
    token: response.body.data.accessToken as string,
    refreshToken: response.body.data.refreshToken as string,
  };
}

/** Claims of a JWT (no verification: the tests inspect tokens the API just issued). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}
