import { runStreakAtRiskJob, type StreakAtRiskReport } from '../../shared/jobs/streakAtRiskJob.js';
import type { ScheduledJobEvent } from '../../shared/jobs/schedules.js';

/**
 * Lambda entry of the `streak-at-risk` job (shared/jobs/schedules.ts), invoked hourly by EventBridge
 * Scheduler (locally by bin/local/localScheduler.ts): each learner is reminded in the first run after
 * 20:00 in their zone; later runs that evening find the notification already written.
 */
export async function handler(_event: Partial<ScheduledJobEvent> = {}): Promise<StreakAtRiskReport> {
  return runStreakAtRiskJob(new Date());
}
