import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterMessage, DeadLetterSink } from './lrsDelivery.js';

/**
 * The delivery's DLQ in AWS: one SQS message per undeliverable chunk (tenant, LRS, reason and the
 * statements themselves, so an operator can replay them to the LRS once it is back). The queue's
 * alarm (lib/constructs/xapiDelivery.ts) fires on the first message. The SQS client is loaded on the
 * first failure only, so a healthy delivery never pays for it.
 */
let client: SQSClient | undefined;

/** Injects the SQS client (tests: aws-sdk-client-mock); undefined resets it. */
export function setDeadLetterClient(replacement: SQSClient | undefined): void {
  client = replacement;
}

export function sqsDeadLetter(queueUrl: string): DeadLetterSink {
  return async (message: DeadLetterMessage) => {
    const sdk = await import('@aws-sdk/client-sqs');
    client ??= new sdk.SQSClient({});
    await client.send(
      new sdk.SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: { tenantId: { DataType: 'String', StringValue: message.tenantId }, lrsId: { DataType: 'String', StringValue: message.lrsId } },
      }),
    );
  };
}
