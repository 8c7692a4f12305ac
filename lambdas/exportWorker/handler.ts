import type { ExportJob } from '../../shared/privacy/exportDispatcher.js';
import { runBackgroundExport } from '../../shared/privacy/exportService.js';

/**
 * The export worker: builds one large data export in the background, invoked asynchronously by the
 * privacy function (locally: in-process). A failure is recorded on the export and rethrown, so Lambda
 * retries twice and then sends the job to the worker's DLQ, whose alarm pages someone.
 */
export async function handler(job: ExportJob): Promise<{ exportId: string; status: string }> {
  return { exportId: job.exportId, status: await runBackgroundExport(job) };
}
