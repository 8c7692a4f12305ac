import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceUnavailableError } from '../http/errors.js';

/** One background export: which user's archive, in which tenant. */
export interface ExportJob {
  tenantId: string;
  userId: string;
  exportId: string;
}

/**
 * Where a large export is built: the export worker Lambda named by `EXPORT_WORKER_FUNCTION`, invoked
 * asynchronously (Lambda retries twice, then its DLQ), or locally the same code in-process
 * (setExportDispatcher), as reports do (shared/reports/reportDispatcher.ts).
 */
export interface ExportDispatcher {
  readonly kind: 'lambda' | 'local';
  dispatch(job: ExportJob): Promise<void>;
}

let installed: ExportDispatcher | undefined;

export function setExportDispatcher(dispatcher: ExportDispatcher | undefined): void {
  installed = dispatcher;
}

export function exportDispatcher(): ExportDispatcher {
  if (installed) return installed;
  const functionName = process.env.EXPORT_WORKER_FUNCTION;
  if (!functionName) throw new ServiceUnavailableError('Background exports are not available: no export worker is configured');
  let client: LambdaClient | undefined;
  installed = {
    kind: 'lambda',
    async dispatch(job) {
      const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
      client ??= new LambdaClient({});
      await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
    },
  };
  return installed;
}

/** Runs each job in this process after the request returns (local stack, tests); `idle()` waits for all. */
export function inProcessExportDispatcher(run: (job: ExportJob) => Promise<unknown>): ExportDispatcher & { idle(): Promise<void> } {
  const running = new Set<Promise<void>>();
  return {
    kind: 'local',
    async dispatch(job) {
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(job))
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => running.delete(p));
      running.add(p);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
