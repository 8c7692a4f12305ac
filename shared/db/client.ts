import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '../config/runtimeConfig.js';
import { figuresDue, recordDependencyCall } from '../integrations/callFigures.js';
import { flushCallFigures } from '../integrations/figureFlush.js';
import { sdkFailure } from '../integrations/sdkCalls.js';
import { recordDynamoDbRequest } from './requestTally.js';

const baseClients = new WeakMap<DynamoDBDocumentClient, DynamoDBClient>();

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
  // Per request: the tally (requestTally.ts). Per container: the integration figures of DynamoDB
  // (issue 20), flushed after a call once the flush interval has passed (callFigures.ts): at most one
  // extra UpdateItem per dependency every 30 s per container, never one per call.
  base.middlewareStack.add(
    (next, context) => async (args) => {
      recordDynamoDbRequest(context.commandName ?? 'unknown');
      const started = performance.now();
      let failure: string | undefined;
      try {
        return await next(args);
      } catch (error) {
        failure = sdkFailure(error);
        throw error;
      } finally {
        recordDependencyCall('dynamodb', performance.now() - started, failure);
        if (figuresDue()) await flushCallFigures(base, runtimeConfig().tableName).catch(() => 0);
      }
    },
    { step: 'initialize', name: 'cairnRequestTally' },
  );
  const document = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  baseClients.set(document, base);
  return document;
}

let client: DynamoDBDocumentClient | undefined;

/**
 * Writes this container's buffered integration figures now (the integration routes, after their
 * probes; tests). Resolves to the number of items written.
 */
export async function flushIntegrationFigures(): Promise<number> {
  const base = baseClients.get(documentClient());
  return base ? flushCallFigures(base, tableName()) : 0;
}

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
