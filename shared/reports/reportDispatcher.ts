import { backgroundChannel, inProcessDispatcher, type BackgroundDispatcher } from '../aws/backgroundDispatcher.js';

/**
 * Where a large report runs in the background (shared/aws/backgroundDispatcher.ts): the report worker
 * Lambda named by `REPORT_WORKER_FUNCTION` (set by CDK on the reports function), or locally the same
 * worker code in-process, installed with setReportDispatcher.
 */
export interface ReportJob {
  tenantId: string;
  reportId: string;
}

export type ReportDispatcher = BackgroundDispatcher<ReportJob>;

const channel = backgroundChannel<ReportJob>({ functionEnv: 'REPORT_WORKER_FUNCTION', unavailable: 'Background reports are not available: no report worker is configured' });

/** Installs a dispatcher (the local stack and tests); undefined resets to the configured one. */
export function setReportDispatcher(dispatcher: ReportDispatcher | undefined): void {
  channel.install(dispatcher);
}

/** The dispatcher of this process; neither installed nor configured → 503 (nothing would run the report). */
export function reportDispatcher(): ReportDispatcher {
  return channel.current();
}

/** Runs each report in this process after the request returns, logging a failed one; `idle()` waits for all. */
export function inProcessReportDispatcher(run: (job: ReportJob) => Promise<unknown>, log: (message: string) => void = () => {}): ReportDispatcher & { idle(): Promise<void> } {
  return inProcessDispatcher(run, (job, err) => log(`cairn: background report ${job.reportId} failed: ${err instanceof Error ? err.message : String(err)}`));
}
