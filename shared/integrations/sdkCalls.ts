import { recordDependencyCall } from './callFigures.js';
import type { Dependency } from './dependencies.js';

const THROTTLING = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TooManyRequestsException', 'SlowDown', 'Throttling']);

/**
 * The dependency's own failure in an AWS SDK error, or undefined when the error is the request's
 * outcome (a failed condition, a missing object, a validation error). Failures: server faults,
 * throttling, timeouts and errors without an HTTP status (the network).
 */
export function sdkFailure(error: unknown): string | undefined {
  if (!(error instanceof Error)) return 'Error';
  const details = error as { $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (details.$fault === 'server' || THROTTLING.has(error.name) || error.name === 'TimeoutError' || error.name === 'AbortError') return error.name;
  if (details.$metadata?.httpStatusCode === undefined) return error.name;
  return undefined;
}

interface MiddlewareClient {
  middlewareStack: { add: (middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>, options: { step: 'deserialize'; name: string }) => void };
}

/**
 * Measures every call of an AWS SDK client as a call of `dependency` (callFigures.ts), at the
 * deserialize step: each attempt that reached the service (an SDK retry is a second call), and never a
 * presigned URL (the presigner stops before sending). Costs no request.
 */
export function recordSdkCalls<C>(client: C, dependency: Dependency): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next) => async (args) => {
      const started = performance.now();
      let failure: string | undefined;
      try {
        return await next(args);
      } catch (error) {
        failure = sdkFailure(error);
        throw error;
      } finally {
        recordDependencyCall(dependency, performance.now() - started, failure);
      }
    },
    { step: 'deserialize', name: `cairnCallFigures-${dependency}` },
  );
  return client;
}
