/**
 * The schedule expressions Cairn's jobs use, parsed once for the local scheduler (EventBridge Scheduler
 * reads them itself in AWS). Only `rate(<n> <unit>)` is supported: it means the same thing in both
 * places (first run when the schedule starts, then every interval), which a cron expression evaluated
 * by two different engines would not guarantee. Anything else is refused, so a job declared with an
 * expression the local stack cannot honour fails the unit tests instead of silently never running.
 */
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** The interval in ms of a `rate(...)` expression; throws on anything else (and on `rate(1 minutes)`, as AWS does). */
export function rateIntervalMs(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) throw new Error(`Unsupported schedule expression "${expression}": use rate(<n> minute(s)|hour(s)|day(s))`);
  const value = Number(match[1]);
  const unit = match[2]!;
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  if (value < 1) throw new Error(`Schedule "${expression}": the rate must be at least 1`);
  if ((value === 1) !== (singular === unit)) throw new Error(`Schedule "${expression}": use "1 ${singular}" or "<n> ${singular}s"`);
  return value * UNIT_MS[singular as keyof typeof UNIT_MS];
}

/**
 * The next run of a daily UTC cron expression `cron(<minute> <hour> * * ? *)` strictly after `after`
 * (the one shape the nightly analytics pipeline uses, NIGHTLY_SCHEDULE); throws on any other cron.
 */
export function nextDailyCronRun(expression: string, after: Date): Date {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression);
  if (!match) throw new Error(`Unsupported cron expression "${expression}": only cron(<minute> <hour> * * ? *) (daily, UTC) is supported locally`);
  const minute = Number(match[1]);
  const hour = Number(match[2]);
  if (minute > 59 || hour > 23) throw new Error(`Cron "${expression}": minute 0–59, hour 0–23`);
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hour, minute));
  if (next.getTime() <= after.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}
