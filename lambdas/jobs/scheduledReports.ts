import type { ScheduledJobEvent } from '../../shared/jobs/schedules.js';
import { runScheduledReports, type ScheduledReportsReport } from '../../shared/reports/reportSchedules.js';

/**
 * Lambda entry of the `scheduled-reports` job (shared/jobs/schedules.ts), invoked hourly by
 * EventBridge Scheduler (locally by bin/local/localScheduler.ts): each schedule's due period gets its
 * report once, however often this fires.
 */
export async function handler(event: Partial<ScheduledJobEvent> = {}): Promise<ScheduledReportsReport> {
  return runScheduledReports(event.scheduledTime ? new Date(Math.max(Date.parse(event.scheduledTime), Date.now())) : new Date());
}
