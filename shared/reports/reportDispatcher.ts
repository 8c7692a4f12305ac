import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceUnavailableError } from '../http/errors.js';

/**
 * Where a large report runs in the background. In AWS: the report worker Lambda named by
 * `REPORT_WORKER_FUNCTION` (set by CDK on the reports function), invoked asynchronously (`Event`), so
 * Lambda retries it twice and sends a failed run to the worker's DLQ. Locally (`npm start`, tests): the
 * same worker code in-process, installed with setReportDispatcher — shared/ never imports the local stack.
 */
export interface ReportJob {
  tenantId: string;
  reportId: string;
}

export interface ReportDispatcher {
  readonly kind: 'lambda' | 'local';
  dispatch(job: ReportJob): Promise<void>;
}

let installed: ReportDispatcher | undefined;

/** Installs a dispatcher (the local stack and tests); undefined resets to the configured one. */
export function setReportDispatcher(dispatcher: ReportDispatcher | undefined): void {
  installed = dispatcher;
}

/** The dispatcher of this process; neither installed nor configured → 503 (nothing would run the report). */
export function reportDispatcher(): ReportDispatcher {
  if (installed) return installed;
  const functionName = process.env.REPORT_WORKER_FUNCTION;
  if (!functionName) throw new ServiceUnavailableError('Background reports are not available: no report worker is configured');
  installed = new LambdaReportDispatcher(functionName);
  return installed;
}

/**
 * The Lambda client loads on the first dispatch (a dynamic import: its own chunk of the bundle), so
 * the reports function's cold start does not pay for it; only reports over 500 learners dispatch.
 */
export class LambdaReportDispatcher implements ReportDispatcher {
  readonly kind = 'lambda' as const;
  constructor(
    private readonly functionName: string,
    private client?: LambdaClient,
  ) {}

  async dispatch(job: ReportJob): Promise<void> {
    const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
    this.client ??= new LambdaClient({});
    await this.client.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
  }
}

/**
 * Runs each job in this process after the request returns (the local stack, tests). `idle()` waits
 * for every job dispatched so far, so a test or Ctrl-C never cuts one in half.
 */
export function inProcessReportDispatcher(run: (job: ReportJob) => Promise<unknown>, log: (message: string) => void = () => {}): ReportDispatcher & { idle(): Promise<void> } {
  const running = new Set<Promise<void>>();
  return {
    kind: 'local',
    async dispatch(job) {
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(job))
        .then(
          () => undefined,
          (err: unknown) => log(`cairn: background report ${job.reportId} failed: ${err instanceof Error ? err.message : String(err)}`),
        )
        .finally(() => running.delete(p));
      running.add(p);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
