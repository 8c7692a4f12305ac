import { createHash } from 'node:crypto';
import { ValidationError } from '../http/errors.js';

/**
 * The event id of a progress write (issue 5): the client's `Idempotency-Key`, else its `X-Request-ID`
 * (both must look like ids), else the request id API Gateway assigned, which is unique per request.
 * A client that retries a write with the same key gets it applied once; a client that sends none gets
 * every request applied (two identical quiz attempts are two attempts).
 */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export interface WriteIdentity {
  eventId: string;
  /** True when the client chose the id (so a replay is expected and answered as the original). */
  clientSupplied: boolean;
}

export function resolveEventId(headers: Record<string, string | undefined> | undefined, requestId: string): WriteIdentity {
  const key = headers?.['idempotency-key'];
  if (key !== undefined) {
    if (!EVENT_ID_PATTERN.test(key)) {
      throw new ValidationError([{ field: 'headers.idempotency-key', message: 'Idempotency-Key must be 1–128 letters, digits, . _ : or -', code: 'invalid_format' }]);
    }
    return { eventId: key, clientSupplied: true };
  }
  const requestIdHeader = headers?.['x-request-id'];
  if (requestIdHeader !== undefined && requestIdHeader === requestId && EVENT_ID_PATTERN.test(requestIdHeader)) {
    return { eventId: requestIdHeader, clientSupplied: true };
  }
  return { eventId: EVENT_ID_PATTERN.test(requestId) ? requestId : fingerprint(requestId), clientSupplied: false };
}

/**
 * A stable digest of what a write asks for (operation, target, input). Stored on the activity record
 * so a key reused for a different request is refused instead of silently answered as a replay.
 */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
