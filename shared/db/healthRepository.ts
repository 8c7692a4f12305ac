import { GetCommand } from './commands.js';
import { documentClient, tableName } from './client.js';
import { healthProbeKey } from './keys.js';

/**
 * Proves the table answers with one strongly consistent point read of a fixed key (0.5 RCU whether or
 * not the item exists). Resolves to the latency in milliseconds; rejects when the table is unreachable.
 */
export async function probeTable(timeoutMs = 2000): Promise<number> {
  const started = performance.now();
  await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: healthProbeKey(), ConsistentRead: true }),
    { abortSignal: AbortSignal.timeout(timeoutMs) },
  );
  return Math.round(performance.now() - started);
}
