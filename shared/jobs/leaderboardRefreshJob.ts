import { periodId } from '../domain/leaderboardPeriod.js';
import { logger } from '../http/observability.js';
import { refreshLeaderboard, type RefreshResult } from '../leaderboards/leaderboardRefresh.js';
import { listTenants } from './tenantDirectory.js';

/** Tenants refreshed at once: enough to finish hundreds of tenants in one run, few enough to stay gentle on the table. */
const TENANT_CONCURRENCY = 4;

export interface LeaderboardRefreshReport {
  tenants: number;
  refreshed: RefreshResult[];
  failed: { tenantId: string; period: string; error: string }[];
}

/**
 * One run of the `leaderboard-refresh` job: for every tenant (or the given ones), the current weekly,
 * monthly and all-time views at `now`. Each refresh is idempotent and switches its pointer
 * conditionally, so a retried or overlapping run does no harm. A failing tenant does not stop the
 * others; the run then throws at the end, so the scheduler's retries and dead-letter queue see it.
 */
export async function runLeaderboardRefreshJob(now: Date, tenants?: readonly string[]): Promise<LeaderboardRefreshReport> {
  const targets = tenants ?? (await listTenants());
  const periods = [periodId('weekly', now), periodId('monthly', now), periodId('alltime', now)];
  const report: LeaderboardRefreshReport = { tenants: targets.length, refreshed: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const tenantId = targets[next++]!;
      for (const period of periods) {
        try {
          report.refreshed.push(await refreshLeaderboard(tenantId, period, now));
        } catch (err) {
          report.failed.push({ tenantId, period, error: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TENANT_CONCURRENCY, targets.length) }, worker));
  logger.info('leaderboard refresh run', { tenants: report.tenants, refreshed: report.refreshed.length, failed: report.failed.length });
  if (report.failed.length > 0) {
    throw new Error(`Leaderboard refresh failed for ${report.failed.length} view(s): ${report.failed.slice(0, 5).map((f) => `${f.tenantId}/${f.period}: ${f.error}`).join('; ')}`);
  }
  return report;
}
