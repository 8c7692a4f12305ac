import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB's errors as the light client (lightDynamoDb.ts) throws them: the shape of the AWS SDK's
 * exceptions (`name`, `message`, `$fault`, `$metadata`, and the body's fields such as
 * `CancellationReasons` or `Item`, left in DynamoDB's attribute-value form as the SDK leaves them).
 *
 * `instanceof` matches by name, so a check written against these classes also recognises the SDK's own
 * exception of the same name (a test injecting `new TransactionCanceledException(...)` from
 * `@aws-sdk/client-dynamodb`) and the other way round.
 */
export interface DynamoDbErrorMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}

export class DynamoDbError extends Error {
  $fault: 'client' | 'server';
  $metadata: DynamoDbErrorMetadata;
  constructor(name: string, message: string, fault: 'client' | 'server', metadata: DynamoDbErrorMetadata, fields: Record<string, unknown> = {}) {
    super(message);
    this.name = name;
    this.$fault = fault;
    this.$metadata = metadata;
    Object.assign(this, fields);
  }
}

interface SdkLikeOptions {
  message?: string;
  $metadata?: DynamoDbErrorMetadata;
}

function named(value: unknown, name: string): boolean {
  return value instanceof Error && value.name === name;
}

export class ConditionalCheckFailedException extends DynamoDbError {
  declare Item?: Record<string, AttributeValue>;
  constructor(options: SdkLikeOptions & { Item?: Record<string, AttributeValue> } = {}) {
    const { message, $metadata, ...fields } = options;
    super('ConditionalCheckFailedException', message ?? 'The conditional request failed', 'client', $metadata ?? {}, fields);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return named(value, 'ConditionalCheckFailedException');
  }
}

export class TransactionCanceledException extends DynamoDbError {
  declare CancellationReasons?: CancellationReason[];
  constructor(options: SdkLikeOptions & { CancellationReasons?: CancellationReason[] } = {}) {
    const { message, $metadata, ...fields } = options;
    super('TransactionCanceledException', message ?? 'Transaction cancelled', 'client', $metadata ?? {}, fields);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return named(value, 'TransactionCanceledException');
  }
}

/** The error for a DynamoDB error answer: the two classes above by name, any other as DynamoDbError. */
export function dynamoDbError(name: string, message: string, status: number, requestId: string | undefined, fields: Record<string, unknown>): DynamoDbError {
  const metadata: DynamoDbErrorMetadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
  if (name === 'ConditionalCheckFailedException') return new ConditionalCheckFailedException({ message, $metadata: metadata, ...fields });
  if (name === 'TransactionCanceledException') return new TransactionCanceledException({ message, $metadata: metadata, ...fields });
  return new DynamoDbError(name, message, status >= 500 ? 'server' : 'client', metadata, fields);
}
