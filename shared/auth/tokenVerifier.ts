import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwtBaseError, JwtExpiredError } from 'aws-jwt-verify/error';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import { AuthenticationError, ServiceUnavailableError } from '../http/errors.js';

/**
 * Verifies bearer tokens with aws-jwt-verify, configured only from RuntimeConfig: Cognito in AWS
 * (issuer + HTTPS JWKS), the local issuer and the tests (issuer + inline JWKS). The same code runs in
 * every place.
 *
 * The audience is checked against `aud` (ID tokens) or `client_id` (Cognito access tokens), and a token
 * without `exp` is refused: a token that never expires is never accepted.
 */
export type TokenVerifier = (token: string) => Promise<JwtPayload>;

export function createTokenVerifier(auth: RuntimeConfig['auth']): TokenVerifier {
  const verifier = JwtVerifier.create({
    issuer: auth.issuer,
    audience: null,
    ...(auth.jwksUri ? { jwksUri: auth.jwksUri } : {}),
    customJwtCheck: ({ payload }) => {
      const audiences = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
      const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
      if (!audiences.includes(auth.audience) && clientId !== auth.audience) {
        throw new AuthenticationError('Token audience is not accepted');
      }
      if (typeof payload.exp !== 'number') throw new AuthenticationError('Token has no expiry');
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new AuthenticationError('Token has no subject');
    },
  });
  if (auth.jwksJson) verifier.cacheJwks(JSON.parse(auth.jwksJson));

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
