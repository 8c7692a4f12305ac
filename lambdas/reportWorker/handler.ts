import type { ReportJob } from '../../shared/reports/reportDispatcher.js';
import { runBackgroundReport } from '../../shared/reports/reportService.js';

/**
 * The report worker: produces one large report in the background, invoked asynchronously by the
 * reports function (locally: in-process). A failure is recorded on the report and rethrown, so Lambda
 * retries the invocation twice and then sends it to the worker's DLQ, whose alarm pages someone.
 */
export async function handler(job: ReportJob): Promise<{ reportId: string; status: string }> {
  return { reportId: job.reportId, status: await runBackgroundReport(job) };
}
