// The scheduled jobs on a laptop (DESIGN §9): the same declarations (shared/jobs/schedules.ts), the
// same handler modules, the same rate expressions as EventBridge Scheduler in AWS. Like a new rate
// schedule in AWS, each job runs once when the scheduler starts and then every interval. A run that
// is still going when the next is due is skipped (AWS would start an overlapping one; every job is
// idempotent, so skipping only saves work locally). stop() clears the timers and waits for runs in
// flight, so Ctrl-C never cuts a refresh in half before DynamoDB Local stops.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rateIntervalMs } from '../../shared/jobs/scheduleExpression.js';
import { JOB_SCHEDULES, type JobSchedule, type ScheduledJobEvent } from '../../shared/jobs/schedules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type JobHandler = (event: ScheduledJobEvent) => Promise<unknown>;

export interface LocalSchedulerOptions {
  jobs?: readonly JobSchedule[];
  /** Loads a job's handler; defaults to importing `job.entry` from the project root. */
  loadHandler?: (job: JobSchedule) => Promise<JobHandler>;
  log?: (message: string) => void;
}

export interface JobRun {
  job: string;
  scheduledTime: string;
  ok: boolean;
  error?: string;
}

export interface LocalScheduler {
  /** Every finished run so far, oldest first. */
  readonly runs: readonly JobRun[];
  /** One line per job: name and schedule. */
  describe(): string[];
  stop(): Promise<void>;
}

async function importHandler(job: JobSchedule): Promise<JobHandler> {
  const module = (await import(pathToFileURL(join(root, job.entry)).href)) as { handler: JobHandler };
  return module.handler;
}

/** Starts every job on its schedule (intervals are validated first: an unsupported expression throws here). */
export function startLocalScheduler(options: LocalSchedulerOptions = {}): LocalScheduler {
  const jobs = options.jobs ?? JOB_SCHEDULES;
  const loadHandler = options.loadHandler ?? importHandler;
  const log = options.log ?? ((message: string) => console.log(message));
  const intervals = jobs.map((job) => ({ job, intervalMs: rateIntervalMs(job.schedule) }));
  const runs: JobRun[] = [];
  const inFlight = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const fire = (job: JobSchedule) => {
    if (stopped) return;
    if (inFlight.has(job.name)) {
      log(`cairn: job ${job.name} still running; this run is skipped`);
      return;
    }
    const scheduledTime = new Date().toISOString();
    const run = (async () => {
      try {
        const handler = await loadHandler(job);
        await handler({ job: job.name, scheduledTime });
        runs.push({ job: job.name, scheduledTime, ok: true });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        runs.push({ job: job.name, scheduledTime, ok: false, error });
        log(`cairn: job ${job.name} failed: ${error}`);
      } finally {
        inFlight.delete(job.name);
      }
    })();
    inFlight.set(job.name, run);
  };

  for (const { job, intervalMs } of intervals) {
    timers.push(setTimeout(() => fire(job), 0));
    timers.push(setInterval(() => fire(job), intervalMs));
  }

  return {
    runs,
    describe: () => jobs.map((job) => `${job.name} ${job.schedule}`),
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(inFlight.values());
    },
  };
}
