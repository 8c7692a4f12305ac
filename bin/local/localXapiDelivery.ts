import { createXapiDeliveryHandler } from '../../lambdas/xapiDelivery/handler.js';
import type { DeadLetterSink } from '../../shared/xapi/lrsDelivery.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamoDbLocal.js';
import { createStreamPoller, type StreamPoller } from './localStreamPoller.js';

/**
 * xAPI out under `npm start` (issue 22): the table's stream, read from DynamoDB Local every second,
 * feeds the delivery Lambda's own handler, as the event source mapping does in AWS. There is no SQS
 * locally, so the DLQ is the console (one line per undeliverable chunk, with tenant, LRS and reason).
 * It starts at the oldest retained record; delivery markers skip what an LRS already took.
 */
export async function startLocalXapiDelivery(endpoint: string, tableName: string, log: (line: string) => void = console.error): Promise<StreamPoller> {
  const deadLetter: DeadLetterSink = async (message) => {
    log(`cairn: xAPI DLQ: ${message.statements.length} statement(s) for tenant ${message.tenantId}, LRS ${message.lrsId} (${message.endpoint}): ${message.reason}`);
  };
  const handler = createXapiDeliveryHandler(() => ({ deadLetter }));
  const poller = await createStreamPoller({
    endpoint,
    tableName,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    startAt: 'TRIM_HORIZON',
    intervalMs: 1000,
    onRecords: async (records) => {
      const result = await handler({ Records: records as never });
      if (result.batchItemFailures.length > 0) throw new Error(`xAPI delivery: ${result.batchItemFailures.length} record(s) to retry`);
    },
    onError: (error) => log(`cairn: xAPI delivery round failed (retried next round): ${error instanceof Error ? error.message : String(error)}`),
  });
  poller.start();
  return poller;
}
