import { createHash } from 'node:crypto';

/**
 * Statement ids of the statements Cairn emits: RFC 4122 version-5 UUIDs (SHA-1 of a namespace and a
 * name) from the activity record's tenant, learner and event id, plus which of the record's statements
 * it is. The same record gives the same ids on every delivery, so a redelivered stream record can
 * never become a second statement at an LRS (which treats a known id as the same statement).
 */

/** Cairn's namespace for statement ids (a fixed random UUID; changing it would re-identify every statement). */
export const CAIRN_STATEMENT_NAMESPACE = '0f6b1c2e-9a51-4d8e-b7c3-5e2a8d4f1a90';

/** A version-5 UUID of `name` in `namespace` (RFC 4122 §4.3). */
export function uuidV5(name: string, namespace: string = CAIRN_STATEMENT_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of one statement of an activity record: `part` is `main` for the record's own statement,
 * `content` for the course/tutorial completion it caused, `award:<achievement id>` for an award.
 */
export function statementIdOf(tenantId: string, userId: string, eventId: string, part: string): string {
  return uuidV5(`${tenantId}\u0000${userId}\u0000${eventId}\u0000${part}`);
}
