/**
 * Security headers on every API response. The API returns JSON only, so the content security policy
 * forbids everything and framing is denied. CORS headers are added by API Gateway (and by the local
 * server from the same configuration, shared/http/corsConfig.ts), not by the Lambda.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Accepts a client-supplied request id only if it is short and plain; otherwise one is generated. */
export function isAcceptableRequestId(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9._:-]{8,128}$/.test(value);
}
