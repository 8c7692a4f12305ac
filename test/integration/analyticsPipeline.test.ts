import { randomUUID } from 'node:crypto';
import { installLocalAnalyticsPipeline, type LocalPipelineRunner, type PipelineTaskFunction } from '../../bin/local/localAnalyticsPipeline.js';
import { getProcess, nightlyProcessId } from '../../shared/analytics/analyticsProcess.js';
import { aggregateTenant, aggregatedThrough } from '../../shared/analytics/dailyAggregation.js';
import { readTenantDays } from '../../shared/analytics/aggregateStore.js';
import type { RunPlan } from '../../shared/analytics/pipelineSteps.js';
import { setPipelineRunner } from '../../shared/analytics/pipelineRunner.js';
import { activeSetKey, learnerAggregatePartition, tenantAggregatePartition, contentDayAggregateKey, analyticsRunKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import { addDays } from '../../shared/domain/localDate.js';
import { batchGetItems, itemId } from '../../shared/db/batchGet.js';
import { putOrganization } from '../support/leaderboard.js';
import { appendRecord, appendRecords, ledgerRecord } from '../support/ledger.js';
import { uniqueTenant } from '../support/tokens.js';
import { runLeaderboardRefreshJob } from '../../shared/jobs/leaderboardRefreshJob.js';
import { runStreakAtRiskJob } from '../../shared/jobs/streakAtRiskJob.js';
import { listTenants } from '../../shared/jobs/tenantDirectory.js';

// The nightly aggregation workflow (issue 14 part 1), run from the synthesized Step Functions
// definition by aws-local-stepfunctions against DynamoDB Local. PlanRun is wrapped to keep only this
// file's tenants, so other test files' tenants in the shared table are not folded here.

const mine = new Set<string>();
let failing = new Map<string, (attempt: number) => Error | undefined>();
const attempts = new Map<string, number>();
let runner: LocalPipelineRunner;

beforeAll(async () => {
  runner = await installLocalAnalyticsPipeline({
    wrap: {
      PlanRun: (real: PipelineTaskFunction) => async (input) => {
        const plan = (await real(input)) as RunPlan;
        return { ...plan, tenants: plan.tenants.filter((t) => mine.has(t.tenantId)) };
      },
      AggregateTenant: (real: PipelineTaskFunction) => async (input) => {
        const tenantId = input.tenantId as string;
        const attempt = (attempts.get(tenantId) ?? 0) + 1;
        attempts.set(tenantId, attempt);
        const fault = failing.get(tenantId)?.(attempt);
        if (fault) throw fault;
        return real(input);
      },
    },
  });
});
afterAll(() => setPipelineRunner(undefined));

async function newTenant(): Promise<string> {
  const tenantId = uniqueTenant('agg');
  await putOrganization(tenantId);
  mine.add(tenantId);
  return tenantId;
}

function named(name: string, message = name): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

async function nightly(date: string) {
  return runner.run(`test-${date}-${randomUUID().slice(0, 8)}`, { date });
}

/** Every aggregate item of a tenant (tenant partition, the learners' and contents' partitions), sorted. */
async function aggregateItems(tenantId: string, learners: string[], contents: string[]): Promise<Record<string, unknown>[]> {
  const partitions = [tenantAggregatePartition(tenantId), activeSetKey(tenantId, '', 0).pk, ...learners.map((u) => learnerAggregatePartition(tenantId, u)), ...contents.map((c) => contentDayAggregateKey(tenantId, 'course', c, '').pk)];
  const items = (await Promise.all(partitions.map((p) => queryCollection(p, { consistent: true })))).flat();
  return items.filter((item) => !String(item.sk).startsWith('STATE')).sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

describe('nightly aggregation workflow', () => {
  it('counts activity on the learner\'s local date, not the UTC date', async () => {
    const tenant = await newTenant();
    const auckland = randomUUID();
    const losAngeles = randomUUID();
    // 2026-11-30T11:30Z is 00:30 on 1 December in Auckland (UTC+13); 2026-12-01T07:30Z is 23:30 on 30 November in Los Angeles (UTC−8).
    await appendRecords([
      ledgerRecord({ tenantId: tenant, userId: auckland, timeZone: 'Pacific/Auckland', now: new Date('2026-11-30T11:30:00Z'), seconds: 600 }),
      ledgerRecord({ tenantId: tenant, userId: losAngeles, timeZone: 'America/Los_Angeles', now: new Date('2026-12-01T07:30:00Z'), seconds: 300 }),
    ]);
    await nightly('2026-11-30');
    await nightly('2026-12-01');
    const days = await readTenantDays(tenant, '2026-11-30', '2026-12-01');
    expect(days.map((d) => [d.date, d.activeLearners, d.seconds])).toEqual([
      ['2026-11-30', 1, 300],
      ['2026-12-01', 1, 600],
    ]);
    expect(await aggregatedThrough(tenant)).toBe('2026-12-01');
  });

  it('records a process per tenant with seed 000 §10 counts, and the run', async () => {
    const tenant = await newTenant();
    const a = randomUUID();
    await appendRecords([
      // One session (the two records are 10 minutes apart) and one bounce session later that day.
      ledgerRecord({ tenantId: tenant, userId: a, timeZone: 'UTC', now: new Date('2026-11-20T09:00:00Z'), source: 'block.completion', itemId: 'l1', itemCompleted: true, seconds: 120 }),
      ledgerRecord({ tenantId: tenant, userId: a, timeZone: 'UTC', now: new Date('2026-11-20T09:10:00Z'), source: 'block.completion', itemId: 'l2', itemCompleted: true, seconds: 60, awarded: [{ id: 'first-steps', title: 'First Steps', reason: 'r' }] }),
      ledgerRecord({ tenantId: tenant, userId: a, timeZone: 'UTC', now: new Date('2026-11-20T15:00:00Z'), source: 'lesson.progress', itemId: 'l3', seconds: 30 }),
    ]);
    const execution = await nightly('2026-11-20');
    expect(execution.outcome).toBe('succeeded');
    const process = await getProcess(tenant, nightlyProcessId('2026-11-20'));
    expect(process?.status).toBe('completed');
    expect(process?.metricsProcessed).toEqual({ user_sessions: 2, block_completions: 2, achievement_awards: 1, progress_updates: 3 });
    expect(process?.finishedAt).toBeDefined();
    const summary = execution.output as { runId: string; status: string; failed: string[] };
    expect(summary.status).toBe('completed');
    const run = await batchGetItems([analyticsRunKey(summary.runId)]);
    const stored = run.get(itemId(analyticsRunKey(summary.runId)));
    expect(stored?.status).toBe('completed');
    expect((stored?.tenants as Record<string, { status: string; progress_updates: number }>)[tenant]).toMatchObject({ status: 'completed', progress_updates: 3 });
  });

  it('writes identical items when a date is re-run 3 times or twice concurrently', async () => {
    const tenant = await newTenant();
    const learners = [randomUUID(), randomUUID(), randomUUID()];
    const records = learners.flatMap((userId, i) =>
      Array.from({ length: 6 }, (_, k) =>
        ledgerRecord({ tenantId: tenant, userId, timeZone: i === 0 ? 'Asia/Tokyo' : 'Europe/Berlin', now: new Date(Date.parse('2026-11-10T08:00:00Z') + k * 20 * 60_000), contentId: `c${k % 2}`, itemId: `l${k}`, itemCompleted: k % 3 === 0, score: k * 10, passed: k > 2, seconds: 60 * k }),
      ),
    );
    await appendRecords(records);
    await aggregateTenant({ tenantId: tenant, date: '2026-11-10', trigger: 'nightly' });
    const first = await aggregateItems(tenant, learners, ['c0', 'c1']);
    expect(first.length).toBeGreaterThan(learners.length);
    for (let i = 0; i < 3; i++) await aggregateTenant({ tenantId: tenant, date: '2026-11-10', trigger: 'nightly' });
    expect(await aggregateItems(tenant, learners, ['c0', 'c1'])).toEqual(first);
    await Promise.all([aggregateTenant({ tenantId: tenant, date: '2026-11-10', trigger: 'nightly' }), aggregateTenant({ tenantId: tenant, date: '2026-11-10', trigger: 'nightly' })]);
    expect(await aggregateItems(tenant, learners, ['c0', 'c1'])).toEqual(first);
  });

  it('folds a late arrival (back-dated 3 days) into its own date on the next run', async () => {
    const tenant = await newTenant();
    const a = randomUUID();
    await appendRecord(ledgerRecord({ tenantId: tenant, userId: a, timeZone: 'UTC', now: new Date('2026-11-02T10:00:00Z'), seconds: 100 }));
    await aggregateTenant({ tenantId: tenant, date: '2026-11-02', trigger: 'nightly' });
    for (const d of ['2026-11-03', '2026-11-04', '2026-11-05']) await aggregateTenant({ tenantId: tenant, date: d, trigger: 'nightly' });
    // Synced on 6 November, completed offline on 2 November.
    await appendRecord(ledgerRecord({ tenantId: tenant, userId: a, timeZone: 'UTC', now: new Date('2026-11-06T09:00:00Z'), clientTimestamp: '2026-11-02T18:00:00Z', source: 'block.completion', itemId: 'x', itemCompleted: true, seconds: 50 }));
    const result = await aggregateTenant({ tenantId: tenant, date: '2026-11-06', trigger: 'nightly' });
    expect(result.dates.map((d) => [d.date, d.reason])).toEqual([
      ['2026-11-02', 'late_arrivals'],
      ['2026-11-06', 'target'],
    ]);
    const [day] = await readTenantDays(tenant, '2026-11-02', '2026-11-02');
    expect([day?.events, day?.seconds, day?.topics]).toEqual([2, 150, 1]);
    // Nothing new: the next run refolds nothing but its target.
    const again = await aggregateTenant({ tenantId: tenant, date: '2026-11-07', trigger: 'nightly' });
    expect(again.dates.map((d) => d.reason)).toEqual(['target']);
  });

  it('catches up the dates a failed night missed', async () => {
    const tenant = await newTenant();
    const a = randomUUID();
    await appendRecords(['2026-10-10', '2026-10-11', '2026-10-12', '2026-10-13'].map((d) => ledgerRecord({ tenantId: tenant, userId: a, timeZone: 'UTC', now: new Date(`${d}T12:00:00Z`), seconds: 10 })));
    await aggregateTenant({ tenantId: tenant, date: '2026-10-10', trigger: 'nightly' });
    const result = await aggregateTenant({ tenantId: tenant, date: '2026-10-13', trigger: 'nightly' });
    expect(result.dates.map((d) => [d.date, d.reason])).toEqual([
      ['2026-10-11', 'catch_up'],
      ['2026-10-12', 'catch_up'],
      ['2026-10-13', 'target'],
    ]);
    expect((await readTenantDays(tenant, '2026-10-10', '2026-10-13')).map((d) => d.events)).toEqual([1, 1, 1, 1]);
  });
});

describe('nightly aggregation cost', () => {
  /** Learners × days of activity ending on `last`, 3 records per learner-day. */
  async function history(tenantId: string, learners: string[], last: string, days: number): Promise<void> {
    const records = [];
    for (let d = 0; d < days; d++) {
      const date = addDays(last, -d);
      for (const userId of learners) {
        for (let k = 0; k < 3; k++) records.push(ledgerRecord({ tenantId, userId, timeZone: 'UTC', now: new Date(Date.parse(`${date}T10:00:00Z`) + k * 60_000), itemId: `l${k}`, seconds: 30 }));
      }
    }
    await appendRecords(records);
  }

  it('reads the same for a date whatever the history before it (doubled: < 5 % more), and never Scans', async () => {
    const short = await newTenant();
    const long = await newTenant();
    const learners = Array.from({ length: 8 }, () => randomUUID());
    const last = '2026-09-30';
    await history(short, learners, last, 31);
    await history(long, learners, last, 62);
    // Every earlier date of both tenants is folded, as the nightly runs would have (manual folds skip
    // the probes, to keep the set-up quick); the nightly before `last` sets the aggregated-through date.
    for (const [tenant, days] of [[short, 31], [long, 62]] as const) {
      for (let d = days - 1; d >= 2; d--) await aggregateTenant({ tenantId: tenant, date: addDays(last, -d), trigger: 'manual' });
      await aggregateTenant({ tenantId: tenant, date: addDays(last, -1), trigger: 'nightly' });
    }
    const measure = async (tenant: string) => measureDynamoDbRequests(() => aggregateTenant({ tenantId: tenant, date: last, trigger: 'nightly' }));
    const a = await measure(short);
    const b = await measure(long);
    const itemsA = a.result.ledgerItemsRead + a.result.aggregateItemsRead;
    const itemsB = b.result.ledgerItemsRead + b.result.aggregateItemsRead;
    expect(a.result.dates.map((d) => d.reason)).toEqual(['target']);
    expect(b.result.dates.map((d) => d.reason)).toEqual(['target']);
    expect(itemsA).toBeGreaterThan(0);
    expect(itemsB / itemsA).toBeLessThan(1.05);
    expect(b.tally.total / a.tally.total).toBeLessThan(1.05);
    expect(a.tally.byCommand.ScanCommand).toBeUndefined();
    expect(b.tally.byCommand.ScanCommand).toBeUndefined();
    // The set-up is 93 tenant runs, each also writing its date's learner rollups (issue 15): on a loaded
    // machine that takes longer than Jest's default minute.
  }, 180_000);

  it('leaves no Scan in the other scheduled jobs either (tenants come from the directory)', async () => {
    const tenant = await newTenant();
    const now = new Date('2026-08-02T21:00:00Z');
    const jobs: (() => Promise<unknown>)[] = [() => runLeaderboardRefreshJob(now, [tenant]), () => runStreakAtRiskJob(now, [tenant]), () => listTenants()];
    for (const job of jobs) {
      const { tally } = await measureDynamoDbRequests(job);
      expect(tally.total).toBeGreaterThan(0);
      expect(tally.byCommand.ScanCommand).toBeUndefined();
    }
  });

  it('makes no Scan in any task of a run', async () => {
    const tenant = await newTenant();
    await appendRecord(ledgerRecord({ tenantId: tenant, userId: randomUUID(), timeZone: 'UTC', now: new Date('2026-08-01T10:00:00Z'), seconds: 5 }));
    const execution = await nightly('2026-08-01');
    expect(execution.taskCalls.map((c) => c.task)).toEqual(expect.arrayContaining(['PlanRun', 'AggregateTenant', 'FinishRun']));
    for (const call of execution.taskCalls) expect(call.dynamoDb.byCommand.ScanCommand).toBeUndefined();
  });
});

describe('nightly aggregation failures', () => {
  afterEach(() => {
    failing = new Map();
  });

  it('retries a throttled tenant, then records it failed and dead-letters it while the others complete', async () => {
    const bad = await newTenant();
    const good = await newTenant();
    const user = randomUUID();
    for (const tenant of [bad, good]) await appendRecord(ledgerRecord({ tenantId: tenant, userId: user, timeZone: 'UTC', now: new Date('2026-07-01T10:00:00Z'), seconds: 5 }));
    attempts.delete(bad);
    failing.set(bad, () => named('ProvisionedThroughputExceededException', 'Throughput exceeds the current capacity of your table'));
    const dlqBefore = runner.deadLetters.length;
    const execution = await nightly('2026-07-01');
    expect(execution.outcome).toBe('succeeded');
    // 1 try + 3 retries (the definition's MaxAttempts) of the named transient error.
    expect(attempts.get(bad)).toBe(4);
    const summary = execution.output as { status: string; failed: string[] };
    expect(summary.status).toBe('completed_with_failures');
    expect(summary.failed).toEqual([bad]);
    const failed = await getProcess(bad, nightlyProcessId('2026-07-01'));
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toEqual({ name: 'ProvisionedThroughputExceededException', message: 'Throughput exceeds the current capacity of your table' });
    expect((await getProcess(good, nightlyProcessId('2026-07-01')))?.status).toBe('completed');
    expect((await readTenantDays(good, '2026-07-01', '2026-07-01'))[0]?.events).toBe(1);
    const letters = runner.deadLetters.slice(dlqBefore).map((l) => l.body as { tenantId: string; date: string; failure: { Error: string } });
    expect(letters).toEqual([expect.objectContaining({ tenantId: bad, date: '2026-07-01', failure: expect.objectContaining({ Error: 'ProvisionedThroughputExceededException' }) })]);
  });

  it('does not retry an error that is not transient', async () => {
    const bad = await newTenant();
    attempts.delete(bad);
    failing.set(bad, () => new TypeError('bad data'));
    const execution = await nightly('2026-06-01');
    expect(attempts.get(bad)).toBe(1);
    expect((execution.output as { failed: string[] }).failed).toEqual([bad]);
    expect((await getProcess(bad, nightlyProcessId('2026-06-01')))?.error?.name).toBe('TypeError');
  });

  it('completes a tenant whose first try was throttled', async () => {
    const flaky = await newTenant();
    await appendRecord(ledgerRecord({ tenantId: flaky, userId: randomUUID(), timeZone: 'UTC', now: new Date('2026-05-01T10:00:00Z'), seconds: 5 }));
    attempts.delete(flaky);
    failing.set(flaky, (attempt) => (attempt === 1 ? named('ThrottlingException') : undefined));
    const execution = await nightly('2026-05-01');
    expect(attempts.get(flaky)).toBe(2);
    expect((execution.output as { status: string }).status).toBe('completed');
    expect((await readTenantDays(flaky, '2026-05-01', '2026-05-01'))[0]?.events).toBe(1);
  });
});
