import { itemId, type ItemKey } from '../db/batchGet.js';
import { activityKey } from '../db/keys.js';
import { ConflictError } from '../http/errors.js';
import { toActivityRecord, type ActivityRecord } from '../progress/activity.js';
import type { WriteIdentity } from '../progress/eventId.js';
import type { Snapshot } from '../progress/progressWrite.js';

/**
 * Replays detected in the snapshot read. The progress engine recognises a replay when its
 * transaction hits the existing activity record, but some writes would be refused *before* any
 * transaction once the original has been applied (completing a session that the original completed,
 * logging into a session that has since ended). So when the client chose the event id, the write's
 * one read (a BatchGetItem) also fetches that event's activity record: found with the same request
 * hash, the request is answered as a replay without a transaction; found with another hash, the key
 * was reused for a different request (409, as the engine answers). No extra request either way.
 */
export function priorEventKeys(tenantId: string, userId: string, identity: WriteIdentity): ItemKey[] {
  return identity.clientSupplied ? [activityKey(tenantId, userId, identity.eventId)] : [];
}

/** The already applied record of this event, if the snapshot holds one (and it is this same request). */
export function priorEvent(snapshot: Snapshot, tenantId: string, userId: string, identity: WriteIdentity, requestHash: string): ActivityRecord | undefined {
  if (!identity.clientSupplied) return undefined;
  const item = snapshot.get(itemId(activityKey(tenantId, userId, identity.eventId)));
  if (!item) return undefined;
  const existing = toActivityRecord(item);
  if (existing.requestHash !== requestHash) {
    throw new ConflictError('This idempotency key was already used for a different request', [
      { field: 'headers.idempotency-key', message: `Event ${existing.eventId} was recorded for another request`, code: 'idempotency_key_reused' },
    ]);
  }
  return existing;
}
