import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceUnavailableError } from '../http/errors.js';

/**
 * Where a background job runs (large reports, large data exports). In AWS: a worker Lambda named by an
 * environment variable CDK sets on the calling function, invoked asynchronously (`Event`), so Lambda
 * retries a failed run twice and then sends it to the worker's DLQ. Locally (`npm start`, tests): the
 * same worker code in-process, installed through the channel — shared/ never imports the local stack.
 * Each kind of job has its own channel (shared/reports/reportDispatcher.ts, shared/privacy/exportDispatcher.ts).
 */
export interface BackgroundDispatcher<J> {
  readonly kind: 'lambda' | 'local';
  dispatch(job: J): Promise<void>;
}

export interface BackgroundChannel<J> {
  /** Installs a dispatcher (the local stack and tests); undefined resets to the configured one. */
  install(dispatcher: BackgroundDispatcher<J> | undefined): void;
  /** The dispatcher of this process; neither installed nor configured → 503 (nothing would run the job). */
  current(): BackgroundDispatcher<J>;
}

/** A kind of job's channel: the installed dispatcher, else the worker Lambda named by `functionEnv`. */
export function backgroundChannel<J>(options: { functionEnv: string; unavailable: string }): BackgroundChannel<J> {
  let installed: BackgroundDispatcher<J> | undefined;
  return {
    install(dispatcher) {
      installed = dispatcher;
    },
    current() {
      if (installed) return installed;
      const functionName = process.env[options.functionEnv];
      if (!functionName) throw new ServiceUnavailableError(options.unavailable);
      installed = new LambdaDispatcher<J>(functionName);
      return installed;
    },
  };
}

/**
 * Invokes the worker asynchronously with the job as its JSON payload. The Lambda client loads on the
 * first dispatch (a dynamic import: a self-contained chunk of the bundle, lib/constructs/lambdaBundle.ts),
 * so the calling function's cold start does not pay for it; only large jobs dispatch.
 */
export class LambdaDispatcher<J> implements BackgroundDispatcher<J> {
  readonly kind = 'lambda' as const;
  constructor(
    private readonly functionName: string,
    private client?: LambdaClient,
  ) {}

  async dispatch(job: J): Promise<void> {
    const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
    this.client ??= new LambdaClient({});
    await this.client.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
  }
}

/**
 * Runs each job in this process after the dispatching request returns (the local stack, tests). A job
 * that fails is handed to `onFailure` and never rejects the dispatch. `idle()` waits for every job
 * dispatched so far (including ones dispatched while waiting), so a test or Ctrl-C never cuts one in half.
 */
export function inProcessDispatcher<J>(run: (job: J) => Promise<unknown>, onFailure: (job: J, error: unknown) => void = () => {}): BackgroundDispatcher<J> & { idle(): Promise<void> } {
  const running = new Set<Promise<void>>();
  return {
    kind: 'local',
    async dispatch(job) {
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(job))
        .then(
          () => undefined,
          (err: unknown) => onFailure(job, err),
        )
        .finally(() => running.delete(p));
      running.add(p);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
