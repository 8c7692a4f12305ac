import { runLeaderboardRefreshJob, type LeaderboardRefreshReport } from '../../shared/jobs/leaderboardRefreshJob.js';
import type { ScheduledJobEvent } from '../../shared/jobs/schedules.js';

/**
 * Lambda entry of the `leaderboard-refresh` job (shared/jobs/schedules.ts), invoked hourly by
 * EventBridge Scheduler (locally by bin/local/localScheduler.ts). It refreshes the periods of the
 * time it actually runs (the ones readers ask for), not of the scheduled time: a retry that lands in
 * a new week refreshes the new week, which is the board the API serves.
 */
export async function handler(_event: Partial<ScheduledJobEvent> = {}): Promise<Omit<LeaderboardRefreshReport, 'refreshed'> & { refreshed: number }> {
  const report = await runLeaderboardRefreshJob(new Date());
  return { tenants: report.tenants, refreshed: report.refreshed.length, failed: report.failed };
}
