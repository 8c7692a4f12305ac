/**
 * Scheduled jobs, declared once as data (DESIGN §8): the CDK construct (lib/constructs/cairnSchedules.ts)
 * creates one EventBridge Scheduler schedule and one Lambda per entry, and the local stack
 * (bin/local/localScheduler.ts) runs the same handler modules on the same schedules. Every job is
 * idempotent, so a retry, a duplicate delivery or an overlapping run does no harm.
 */
export interface JobSchedule {
  /** Stable job name: the Lambda is `cairn-<stage>-job-<name>`, the schedule `cairn-<stage>-<name>`. */
  name: string;
  description: string;
  /** EventBridge Scheduler expression; only `rate(<n> minute|minutes|hour|hours|day|days)` is used (see scheduleExpression.ts). */
  schedule: string;
  /** Handler module relative to the project root; it exports `handler(event: ScheduledJobEvent)`. */
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Renders and stores reports: report fonts in the bundle, write access to the report bucket. */
  reports?: boolean;
}

/** What a job's handler receives: the job name and the time the run was scheduled for (ISO). */
export interface ScheduledJobEvent {
  job: string;
  scheduledTime?: string;
}

export const JOB_SCHEDULES: readonly JobSchedule[] = [
  {
    name: 'leaderboard-refresh',
    description: 'Refreshes every tenant\'s current weekly, monthly and all-time leaderboard views (hourly; meta.lastRefreshed says when)',
    schedule: 'rate(1 hour)',
    entry: 'lambdas/jobs/leaderboardRefresh.ts',
    memoryMb: 1024,
    timeoutSeconds: 600,
  },
  {
    name: 'streak-at-risk',
    description: 'Notifies learners with a streak and nothing done today once it is past 20:00 in their time zone (hourly; once per local day)',
    schedule: 'rate(1 hour)',
    entry: 'lambdas/jobs/streakAtRisk.ts',
    memoryMb: 512,
    timeoutSeconds: 600,
  },
  {
    name: 'scheduled-reports',
    description: 'Makes each report schedule\'s due weekly or monthly report once per period, stores it in S3 and notifies its recipients in-app (hourly)',
    schedule: 'rate(1 hour)',
    entry: 'lambdas/jobs/scheduledReports.ts',
    memoryMb: 1769,
    timeoutSeconds: 900,
    reports: true,
  },
];
