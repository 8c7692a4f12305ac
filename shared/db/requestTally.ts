import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts DynamoDB requests per API call. Each invocation runs inside an async scope holding a tally;
 * the shared DynamoDB client (lightDynamoDb.ts, `instrument`) records every command sent inside that scope. The count is
 * logged per request and asserted by the integration tests against the budget in docs/data-model.md.
 * Async scoping (not a global counter) keeps concurrent requests apart in the local server.
 */
export interface DynamoDbTally {
  total: number;
  byCommand: Record<string, number>;
}

const storage = new AsyncLocalStorage<DynamoDbTally>();

/** Runs `fn` inside a tally scope, reusing an enclosing scope if one exists (a test wrapping a handler). */
export function withDynamoDbTally<T>(fn: () => Promise<T>): Promise<T> {
  if (storage.getStore()) return fn();
  return storage.run({ total: 0, byCommand: {} }, fn);
}

/** Runs `fn` in a fresh scope and returns its result with the number of DynamoDB requests it made. */
export async function measureDynamoDbRequests<T>(fn: () => Promise<T>): Promise<{ result: T; tally: DynamoDbTally }> {
  const tally: DynamoDbTally = { total: 0, byCommand: {} };
  const result = await storage.run(tally, fn);
  return { result, tally };
}

/** The tally of the current scope, if any. */
export function currentDynamoDbTally(): DynamoDbTally | undefined {
  return storage.getStore();
}

/** Records one command in the current scope; called by the client's instrument hook (client.ts). */
export function recordDynamoDbRequest(commandName: string): void {
  const tally = storage.getStore();
  if (!tally) return;
  tally.total += 1;
  tally.byCommand[commandName] = (tally.byCommand[commandName] ?? 0) + 1;
}
