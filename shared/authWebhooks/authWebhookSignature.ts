import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of the account lifecycle webhook (seed 002 `X-Supabase-Signature`). The header is
 * `t=<unix seconds>,v1=<hex HMAC-SHA256>` (several `v1=` allowed, e.g. while a secret rotates), and
 * the MAC is over `<t>.<raw body>` with the tenant's signing secret, so neither the body nor the
 * timestamp can be changed without the secret. Pure functions: no clock, no I/O.
 */

/** A signature older (or further in the future) than this is refused: the replay window. */
export const AUTH_WEBHOOK_TOLERANCE_SECONDS = 300;

export type SignatureFailure = 'signature_missing' | 'signature_malformed' | 'timestamp_outside_tolerance' | 'signature_invalid';

/** The signature of `body` at `timestamp` (unix seconds) with `secret`, as lower-case hex. */
export function signAuthWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value a sender puts on a delivery (tests, the local stack's sample sender). */
export function authWebhookHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signAuthWebhook(secret, timestamp, body)}`;
}

/** Parses the header: its timestamp and candidate signatures, or undefined when it is not of the documented shape. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value, ...rest] = part.trim().split('=');
    if (rest.length > 0 || !name || value === undefined) return undefined;
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * Checks a delivery against the tenant's valid secrets (the current one, and the previous one during a
 * rotation's grace period). The timestamp is checked first, then each candidate in constant time.
 * Returns undefined when it is authentic, else why not.
 */
export function verifyAuthWebhook(header: string | undefined, body: string, secrets: readonly string[], now: Date): SignatureFailure | undefined {
  if (!header) return 'signature_missing';
  const parsed = parseSignatureHeader(header);
  if (!parsed) return 'signature_malformed';
  if (Math.abs(Math.floor(now.getTime() / 1000) - parsed.timestamp) > AUTH_WEBHOOK_TOLERANCE_SECONDS) return 'timestamp_outside_tolerance';
  for (const secret of secrets) {
    const expected = Buffer.from(signAuthWebhook(secret, parsed.timestamp, body), 'hex');
    if (parsed.signatures.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected))) return undefined;
  }
  return 'signature_invalid';
}
