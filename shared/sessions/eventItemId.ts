import { createHash } from 'node:crypto';

/**
 * The id of the item a progress write creates (a session, a progress log), derived from the write's
 * event id instead of drawn at random. A retried request with the same Idempotency-Key therefore
 * names the same item: the replay finds it (and answers from it) instead of creating a twin, and the
 * item's `attribute_not_exists` condition is a second guard behind the activity record's. The
 * tenant, user and kind are hashed in, so equal keys of different learners or kinds never collide.
 * Formatted as an RFC 9562 version 8 (custom, name-based) UUID.
 */
export function eventItemId(kind: 'session' | 'log', tenantId: string, userId: string, eventId: string): string {
  const bytes = createHash('sha256').update(`${kind}|${tenantId}|${userId}|${eventId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
