import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '../config/runtimeConfig.js';
import { recordDynamoDbRequest } from './requestTally.js';

/**
 * The DynamoDB document client every repository uses: created once per Lambda instance (module
 * scope), replaceable in tests. Locally it points at DynamoDB Local with one fixed set of credentials,
 * because DynamoDB Local keeps a separate database per access key and region.
 */
export function createDocumentClient(options: { endpoint?: string; region: string }): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'cairnlocal', secretAccessKey: 'cairnlocal' } }
      : {}),
    maxAttempts: 3,
  });
  base.middlewareStack.add(
    (next, context) => async (args) => {
      recordDynamoDbRequest(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'cairnRequestTally' },
  );
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let client: DynamoDBDocumentClient | undefined;

/** The shared client, built from the runtime configuration on first use. */
export function documentClient(): DynamoDBDocumentClient {
  if (!client) {
    const config = runtimeConfig();
    client = createDocumentClient({ endpoint: config.dynamoDbEndpoint, region: config.region });
  }
  return client;
}

/** Injects a client (tests, fault injection with aws-sdk-client-mock). Pass undefined to reset. */
export function setDocumentClient(replacement: DynamoDBDocumentClient | undefined): void {
  client = replacement;
}

/** The table name from the runtime configuration. */
export function tableName(): string {
  return runtimeConfig().tableName;
}
