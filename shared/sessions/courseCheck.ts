import { itemId, type ItemKey } from '../db/batchGet.js';
import { tableName } from '../db/client.js';
import { personalCourseKey } from '../db/keys.js';
import { NotFoundError } from '../http/errors.js';
import type { Snapshot } from '../progress/progressWrite.js';

/**
 * Sessions and progress logs belong to one of the learner's personal courses. Instead of reading the
 * course first (a request per write), each write carries a ConditionCheck `attribute_exists(pk)` on
 * the course in its transaction: the course is *presumed* present in the snapshot, and if the check
 * fails the progress engine replaces the presumption with what DynamoDB returned (nothing, for a
 * missing course) and re-plans, which then answers 404. Another user's or another tenant's course is
 * missing by construction (the key holds tenant and user), so it is a 404 too.
 */
export function coursePresumed(snapshot: Snapshot, tenantId: string, userId: string, courseId: string): ItemKey {
  const key = personalCourseKey(tenantId, userId, courseId);
  if (!snapshot.has(itemId(key))) snapshot.set(itemId(key), { ...key, presumed: true });
  return key;
}

/** Throws 404 when a failed check showed the course is not (or no longer) there. */
export function assertCourseInSnapshot(snapshot: Snapshot, key: ItemKey): void {
  if (!snapshot.has(itemId(key))) throw new NotFoundError('Course not found');
}

/** The transaction item proving the course exists when the write commits. */
export function courseConditionCheck(key: ItemKey) {
  return { ConditionCheck: { TableName: tableName(), Key: key, ConditionExpression: 'attribute_exists(pk)' } };
}
