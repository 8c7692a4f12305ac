import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/http/observability.js';
import { sqsDeadLetter } from '../../shared/xapi/deadLetterQueue.js';
import { deliverActivityRecords, type DeliveryOptions } from '../../shared/xapi/lrsDelivery.js';
import { activitiesOfStream } from '../../shared/xapi/streamRecords.js';

/**
 * The xAPI delivery (issue 22): the table's stream (new activity records only, filtered by the event
 * source) → statements → every LRS of the record's tenant. Undeliverable chunks go to the DLQ from
 * here; records whose chunk could not even be dead-lettered are reported as batch item failures, so
 * the event source retries from the first of them (redelivered statements are skipped by their
 * markers) and after its retries sends the batch's description to the same DLQ.
 */
export function createXapiDeliveryHandler(options: () => DeliveryOptions) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const activities = activitiesOfStream(event.Records);
    if (activities.length === 0) return { batchItemFailures: [] };
    const report = await deliverActivityRecords(activities.map((a) => a.record), options());
    logger.info('xapi delivery', { records: activities.length, ...report, failedEventIds: report.failedEventIds.length });
    const failed = new Set(report.failedEventIds);
    const first = activities.find((a) => failed.has(a.record.eventId));
    return { batchItemFailures: first?.sequenceNumber ? [{ itemIdentifier: first.sequenceNumber }] : [] };
  };
}

let deadLetter: DeliveryOptions['deadLetter'] | undefined;

/** Lambda entry: the DLQ named by XAPI_DLQ_URL (set by lib/constructs/xapiDelivery.ts). */
export const handler = createXapiDeliveryHandler(() => {
  deadLetter ??= sqsDeadLetter(process.env.XAPI_DLQ_URL ?? '');
  return { deadLetter };
});
