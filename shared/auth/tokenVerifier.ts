import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwtBaseError, JwtExpiredError } from 'aws-jwt-verify/error';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { RuntimeConfig, TrustedIssuer } from '../config/runtimeConfig.js';
import { AuthenticationError, ServiceUnavailableError } from '../http/errors.js';

/**
 * Verifies bearer tokens with aws-jwt-verify, configured only from RuntimeConfig: Cognito in AWS
 * (issuer + HTTPS JWKS), local Cognito and the dev token issuer locally (issuer + inline JWKS). The
 * same code runs in every place.
 *
 * Each issuer's audience is checked against `aud` (ID tokens) or `client_id` (Cognito access tokens),
 * and a token without `exp` or `sub` is refused: a token that never expires is never accepted.
 */
export type TokenVerifier = (token: string) => Promise<JwtPayload>;

function audienceCheck(expected: string) {
  return ({ payload }: { payload: JwtPayload }) => {
    const audiences = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    if (!audiences.includes(expected) && clientId !== expected) {
      throw new AuthenticationError('Token audience is not accepted');
    }
    if (typeof payload.exp !== 'number') throw new AuthenticationError('Token has no expiry');
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new AuthenticationError('Token has no subject');
  };
}

export function createTokenVerifier(auth: RuntimeConfig['auth']): TokenVerifier {
  if (!auth.issuer || !auth.audience) throw new Error('AUTH_ISSUER and AUTH_AUDIENCE must be set to verify tokens');
  const issuers: TrustedIssuer[] = [auth, ...auth.extraIssuers];
  const verifier = JwtVerifier.create(
    issuers.map((trusted) => ({
      issuer: trusted.issuer,
      audience: null,
      ...(trusted.jwksUri ? { jwksUri: trusted.jwksUri } : {}),
      customJwtCheck: audienceCheck(trusted.audience),
    })),
  );
  for (const trusted of issuers) {
    if (trusted.jwksJson) verifier.cacheJwks(JSON.parse(trusted.jwksJson), trusted.issuer);
  }

  return async (token: string) => {
    try {
      return await verifier.verify(token);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      if (err instanceof JwtExpiredError) throw new AuthenticationError('Token expired');
      if (err instanceof FetchError) throw new ServiceUnavailableError('Token keys are temporarily unavailable');
      if (err instanceof JwtBaseError) throw new AuthenticationError('Invalid token');
      throw err;
    }
  };
}

/** Extracts the token from `Authorization: Bearer <token>`; undefined when the header is absent. */
export function bearerToken(headers: Record<string, string | undefined>): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AuthenticationError('Authorization header must be "Bearer <token>"');
  return match[1];
}
