import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { documentClient } from '../../shared/db/client.js';
import { activityPut, activityRecord, type ActivityInput, type ActivityRecord } from '../../shared/progress/activity.js';

/**
 * Writes ledger records exactly as the progress engine does: the record built by activityRecord and
 * stored with the item and condition of activityPut (the engine puts it inside its transaction; the
 * item and its idempotency condition are the same). A replay of an event id writes nothing.
 */
export type LedgerEntry = Partial<Omit<ActivityInput, 'now' | 'timeZone'>> & { userId: string; now: Date; timeZone: string; tenantId: string };

export function ledgerRecord(entry: LedgerEntry): ActivityRecord {
  return activityRecord({
    eventId: entry.eventId ?? randomUUID(),
    actorId: entry.actorId ?? entry.userId,
    source: entry.source ?? 'lesson.progress',
    contentType: entry.contentType ?? 'course',
    contentId: entry.contentId ?? 'course-1',
    seconds: entry.seconds ?? 0,
    requestHash: entry.requestHash ?? 'fixture',
    ...entry,
  });
}

/** Appends one record; false when its event id was already in the ledger (a replay). */
export async function appendRecord(record: ActivityRecord): Promise<boolean> {
  try {
    const { Put } = activityPut(record);
    await documentClient().send(new PutCommand({ TableName: Put.TableName, Item: Put.Item, ConditionExpression: Put.ConditionExpression }));
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Appends records 16 at a time. */
export async function appendRecords(records: readonly ActivityRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 16) await Promise.all(records.slice(i, i + 16).map(appendRecord));
}
