import { jest } from '@jest/globals';
import { startLocalScheduler, type JobHandler } from '../../bin/local/localScheduler.js';
import { rateIntervalMs } from '../../shared/jobs/scheduleExpression.js';
import { JOB_SCHEDULES, type JobSchedule, type ScheduledJobEvent } from '../../shared/jobs/schedules.js';

/** The local scheduler runs the declared jobs on their rate schedules and stops cleanly. */
const job = (name: string, schedule: string): JobSchedule => ({ name, description: name, schedule, entry: `lambdas/jobs/${name}.ts`, memoryMb: 128, timeoutSeconds: 10 });

describe('schedule expressions', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 days)', 172_800_000],
  ])('reads %s as %i ms', (expression, ms) => {
    expect(rateIntervalMs(expression)).toBe(ms);
  });

  it.each(['rate(1 minutes)', 'rate(2 hour)', 'rate(0 minutes)', 'cron(0 * * * ? *)', 'every hour'])('refuses %s', (expression) => {
    expect(() => rateIntervalMs(expression)).toThrow();
  });

  it('accepts every declared job\'s schedule', () => {
    for (const declared of JOB_SCHEDULES) expect(rateIntervalMs(declared.schedule)).toBeGreaterThan(0);
  });
});

describe('local scheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('runs a job at start and then once per interval, with the job name and scheduled time', async () => {
    const events: ScheduledJobEvent[] = [];
    const handler: JobHandler = async (event) => {
      events.push(event);
    };
    const scheduler = startLocalScheduler({ jobs: [job('tick', 'rate(1 hour)')], loadHandler: async () => handler, log: () => undefined });

    await jest.advanceTimersByTimeAsync(1);
    expect(events).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(events).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(events).toHaveLength(4);
    expect(events[0]).toEqual({ job: 'tick', scheduledTime: '2026-11-23T10:00:00.000Z' });
    expect(events[1]?.scheduledTime).toBe('2026-11-23T11:00:00.000Z');
    await scheduler.stop();
  });

  it('stops: no run after stop(), and stop() waits for the run in flight', async () => {
    let finish: () => void = () => undefined;
    let started = 0;
    let finished = 0;
    const handler: JobHandler = () => {
      started++;
      return new Promise<void>((resolve) => {
        finish = () => {
          finished++;
          resolve();
        };
      });
    };
    const scheduler = startLocalScheduler({ jobs: [job('slow', 'rate(1 minute)')], loadHandler: async () => handler, log: () => undefined });
    await jest.advanceTimersByTimeAsync(1);
    expect(started).toBe(1);

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await jest.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(finished).toBe(1);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(started).toBe(1);
    expect(scheduler.runs).toEqual([{ job: 'slow', scheduledTime: '2026-11-23T10:00:00.000Z', ok: true }]);
  });

  it('skips a run while the previous one is still going, and records failures without stopping', async () => {
    const logs: string[] = [];
    let calls = 0;
    let release: () => void = () => undefined;
    const handler: JobHandler = async () => {
      calls++;
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      if (calls === 2) throw new Error('boom');
    };
    const scheduler = startLocalScheduler({ jobs: [job('busy', 'rate(1 minute)')], loadHandler: async () => handler, log: (m) => logs.push(m) });
    await jest.advanceTimersByTimeAsync(60_001);
    expect(calls).toBe(1);
    expect(logs.some((m) => m.includes('busy still running'))).toBe(true);
    release();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(3);
    await scheduler.stop();
    expect(scheduler.runs.map((r) => r.ok)).toEqual([true, false, true]);
    expect(scheduler.runs[1]?.error).toBe('boom');
  });

  it('refuses to start with a schedule it cannot honour', () => {
    expect(() => startLocalScheduler({ jobs: [job('bad', 'cron(0 * * * ? *)')], loadHandler: async () => async () => undefined })).toThrow(/Unsupported schedule/);
  });
});
