import { runtimeConfig } from '../config/runtimeConfig.js';
import { figuresDue, recordDependencyCall } from '../integrations/callFigures.js';
import { flushCallFigures } from '../integrations/figureFlush.js';
import { sdkFailure } from '../integrations/sdkCalls.js';
import { LightDocumentClient } from './lightDynamoDb.js';
import { recordDynamoDbRequest } from './requestTally.js';

/**
 * The DynamoDB document client every repository uses: created once per Lambda instance (module
 * scope), replaceable in tests. Locally it points at DynamoDB Local with one fixed set of credentials,
 * because DynamoDB Local keeps a separate database per access key and region.
 */
export function createDocumentClient(options: { endpoint?: string; region: string }): LightDocumentClient {
  const client: LightDocumentClient = new LightDocumentClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'cairnlocal', secretAccessKey: 'cairnlocal' } } : {}),
    maxAttempts: 3,
    // Per request: the tally (requestTally.ts). Per container: the integration figures of DynamoDB
    // (issue 20), flushed after a call once the flush interval has passed (callFigures.ts): at most one
    // extra UpdateItem per dependency every 30 s per container, never one per call.
    instrument: async (operation, run) => {
      recordDynamoDbRequest(`${operation}Command`);
      const started = performance.now();
      let failure: string | undefined;
      try {
        return await run();
      } catch (error) {
        failure = sdkFailure(error);
        throw error;
      } finally {
        recordDependencyCall('dynamodb', performance.now() - started, failure);
        if (figuresDue()) await flushCallFigures(client, runtimeConfig().tableName).catch(() => 0);
      }
    },
  });
  return client;
}

let client: LightDocumentClient | undefined;

/**
 * Writes this container's buffered integration figures now (the integration routes, after their
 * probes; tests). Resolves to the number of items written.
 */
export async function flushIntegrationFigures(): Promise<number> {
  return flushCallFigures(documentClient(), tableName());
}

/** The shared client, built from the runtime configuration on first use. */
export function documentClient(): LightDocumentClient {
  if (!client) {
    const config = runtimeConfig();
    client = createDocumentClient({ endpoint: config.dynamoDbEndpoint, region: config.region });
  }
  return client;
}

/** Injects a client (tests, fault injection: a Proxy of the real client). Pass undefined to reset. */
export function setDocumentClient(replacement: LightDocumentClient | undefined): void {
  client = replacement;
}

/** The table name from the runtime configuration. */
export function tableName(): string {
  return runtimeConfig().tableName;
}
