import type { RuntimeConfig } from '../config/runtimeConfig.js';

/**
 * Whether the token signing keys can be obtained: inline JWKS must parse and hold a key; a JWKS URI
 * must answer within the timeout with a key set. The result is cached for a minute per instance so the
 * health route never hammers the identity provider.
 */
let cached: { at: number; status: 'healthy' | 'degraded' } | undefined;

export async function signingKeysStatus(auth: RuntimeConfig['auth'], nowMs: number, timeoutMs = 2000): Promise<'healthy' | 'degraded'> {
  if (cached && nowMs - cached.at < 60_000) return cached.status;
  let status: 'healthy' | 'degraded' = 'degraded';
  try {
    const jwks = auth.jwksJson
      ? JSON.parse(auth.jwksJson)
      : auth.jwksUri
        ? await (await fetch(auth.jwksUri, { signal: AbortSignal.timeout(timeoutMs) })).json()
        : undefined;
    if (Array.isArray(jwks?.keys) && jwks.keys.length > 0) status = 'healthy';
  } catch {
    status = 'degraded';
  }
  cached = { at: nowMs, status };
  return status;
}

/** Clears the cache (tests). */
export function resetSigningKeysStatus(): void {
  cached = undefined;
}
