import { QueryCommand } from '../db/commands.js';
import { createHash } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { activityDayIndexKey, activityKey, activityTimelineIndexKey } from '../db/keys.js';
import { analyticsDateOf } from '../domain/analyticsDate.js';
import { localDateOf } from '../domain/localDate.js';

/**
 * The activity ledger (issue 5): every progress write appends exactly one activity record, in the
 * same transaction as its effect, keyed by the write's event id. It is the one source streaks, points
 * and analytics read, so it records who, what, when (UTC and the learner's local date) and how much.
 */

/** What kind of write produced the record. */
export const ACTIVITY_SOURCES = [
  'tutorial.chapter',
  'tutorial.quiz',
  'tutorial.complete',
  'tutorial.reset',
  'lesson.progress',
  'block.completion',
  'session.start',
  'session.update',
  'session.complete',
  'progress.log',
  'progress.log.update',
] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** The kind of content an activity is about. */
export type ContentType = 'course' | 'tutorial' | 'personal_course';

/** Number of gsi2 partitions one tenant-day of activity is spread over (DESIGN §7: hot keys are sharded). */
export const ACTIVITY_DAY_SHARDS = 8;

export interface ActivityRecord {
  eventId: string;
  tenantId: string;
  /** Whose progress it is. */
  userId: string;
  /** Who made the request (the learner, or a trainer/org admin acting for them). */
  actorId: string;
  source: ActivitySource;
  contentType: ContentType;
  /** Course, tutorial or personal course id. */
  contentId: string;
  /** Lesson / block / chapter / quiz / session / log id, when the write is about one. */
  itemId?: string;
  /** Server time of the write (UTC, ISO 8601). */
  occurredAt: string;
  /** The learner's local calendar date of `occurredAt` in `timeZone`. */
  localDate: string;
  timeZone: string;
  /** Learning time this write added (seconds; minutes = seconds / 60). 0 when it added none. */
  seconds: number;
  score?: number;
  maxScore?: number;
  passed?: boolean;
  /** The item became complete with this write (first time only). */
  itemCompleted?: boolean;
  /** The course / tutorial became complete with this write (first time only). */
  contentCompleted?: boolean;
  engagementScore?: number;
  /** Seed 004 activity type (exercise, quiz, reading, practice, reflection) for logged activities. */
  activityType?: string;
  /** Personal-record flag for logged exercises. */
  personalRecord?: boolean;
  /** When the client says it happened (completion_time, log timestamp), if it said. */
  clientTimestamp?: string;
  /** fingerprint() of the request, to tell a replay from a reused key. */
  requestHash: string;
  /** Points the write earned (activity plus achievements), set by awarding (issue 6). */
  points?: number;
  /** What the write awarded (id, title, reason …), so a replay reports the same. */
  awarded?: { id: string; title: string; reason: string }[];
}

export interface ActivityInput extends Omit<ActivityRecord, 'occurredAt' | 'localDate' | 'timeZone'> {
  now: Date;
  timeZone: string;
}

/** Builds the record: UTC instant and local date from one clock reading. */
export function activityRecord(input: ActivityInput): ActivityRecord {
  const { now, ...rest } = input;
  return { ...rest, occurredAt: now.toISOString(), localDate: localDateOf(now, input.timeZone) };
}

/** The shard of a user's records in the tenant-day index: stable per user. */
export function activityShard(userId: string): number {
  return createHash('sha256').update(userId).digest()[0]! % ACTIVITY_DAY_SHARDS;
}

/**
 * The transaction item that appends `record`. Its condition is the idempotency check: when the
 * event id is already in the ledger the whole transaction is cancelled and the existing record comes
 * back (ALL_OLD), so the caller can answer the replay without another read.
 */
export function activityPut(record: ActivityRecord) {
  const stripped = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...activityKey(record.tenantId, record.userId, record.eventId),
        ...activityTimelineIndexKey(record.tenantId, record.userId, record.occurredAt, record.eventId),
        ...activityDayIndexKey(record.tenantId, analyticsDateOf(record), activityShard(record.userId), record.occurredAt, record.userId, record.eventId),
        entity: 'activity',
        ...stripped,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
}

/** A stored item back to the record (keys and index attributes stripped). */
export function toActivityRecord(item: Record<string, unknown>): ActivityRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, entity: _e, ...rest } = item;
  return rest as unknown as ActivityRecord;
}

export interface TimelineQuery {
  /** Inclusive lower bound (ISO instant). */
  from?: string;
  /** Exclusive upper bound (ISO instant). */
  to?: string;
  limit?: number;
  /** Newest first. */
  descending?: boolean;
}

/**
 * A learner's activity records in time order: one Query of their timeline (gsi1) per 1 MB. Eventually
 * consistent (an index), so a record written a moment ago may be missing for a few hundred ms.
 */
export async function listActivities(tenantId: string, userId: string, query: TimelineQuery = {}): Promise<ActivityRecord[]> {
  const { gsi1pk } = activityTimelineIndexKey(tenantId, userId, '', '');
  const records: ActivityRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  const conditions = ['gsi1pk = :pk'];
  const values: Record<string, unknown> = { ':pk': gsi1pk };
  if (query.from && query.to) {
    conditions.push('gsi1sk BETWEEN :from AND :to');
    values[':from'] = query.from;
    values[':to'] = query.to;
  } else if (query.from) {
    conditions.push('gsi1sk >= :from');
    values[':from'] = query.from;
  } else if (query.to) {
    conditions.push('gsi1sk < :to');
    values[':to'] = query.to;
  }
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: conditions.join(' AND '),
        ExpressionAttributeValues: values,
        ScanIndexForward: !query.descending,
        ...(query.limit ? { Limit: query.limit - records.length } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const record = toActivityRecord(item);
      // BETWEEN is inclusive; `to` is exclusive (sort keys are `<instant>#<event id>`).
      if (query.to && record.occurredAt >= query.to) continue;
      records.push(record);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && (!query.limit || records.length < query.limit));
  return records;
}
