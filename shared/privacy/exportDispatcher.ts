import { backgroundChannel, inProcessDispatcher, type BackgroundDispatcher } from '../aws/backgroundDispatcher.js';

/** One background export: which user's archive, in which tenant. */
export interface ExportJob {
  tenantId: string;
  userId: string;
  exportId: string;
}

/**
 * Where a large export is built (shared/aws/backgroundDispatcher.ts): the export worker Lambda named by
 * `EXPORT_WORKER_FUNCTION`, or locally the same code in-process (setExportDispatcher).
 */
export type ExportDispatcher = BackgroundDispatcher<ExportJob>;

const channel = backgroundChannel<ExportJob>({ functionEnv: 'EXPORT_WORKER_FUNCTION', unavailable: 'Background exports are not available: no export worker is configured' });

export function setExportDispatcher(dispatcher: ExportDispatcher | undefined): void {
  channel.install(dispatcher);
}

export function exportDispatcher(): ExportDispatcher {
  return channel.current();
}

/**
 * Runs each job in this process after the request returns (local stack, tests); `idle()` waits for all.
 * A failed build is not logged here: the worker marks the export failed, and its status route shows it.
 */
export function inProcessExportDispatcher(run: (job: ExportJob) => Promise<unknown>): ExportDispatcher & { idle(): Promise<void> } {
  return inProcessDispatcher(run);
}
