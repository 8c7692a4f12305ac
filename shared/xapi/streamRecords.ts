import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { toActivityRecord, type ActivityRecord } from '../progress/activity.js';

/**
 * The table's stream records that are new activity records (issue 22): INSERTs of `entity =
 * activity`. The same shape arrives in a Lambda stream event and from DynamoDB Streams' GetRecords
 * (the local poller), so both feed the delivery through this one function. The event source's filter
 * already drops everything else in AWS; this filter keeps the local poller and a mis-set filter honest.
 */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown>; SequenceNumber?: string };
}

export interface StreamActivity {
  record: ActivityRecord;
  sequenceNumber: string | undefined;
}

export function activitiesOfStream(records: readonly StreamRecordLike[]): StreamActivity[] {
  const activities: StreamActivity[] = [];
  for (const entry of records) {
    const image = entry.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
    if (entry.eventName !== 'INSERT' || !image || image.entity?.S !== 'activity') continue;
    activities.push({ record: toActivityRecord(unmarshall(image)), sequenceNumber: entry.dynamodb?.SequenceNumber });
  }
  return activities;
}
