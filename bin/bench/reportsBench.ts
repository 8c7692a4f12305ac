// `npm run bench -- reports [--learners 500] [--days 30] [--reports 20] [--big-learners 5000] [--out bench-results/reports.json]`
// Issue 15's benchmark: a tenant of N learners with D days of nightly aggregates, then R synchronous
// standard reports (the four types, PDF/CSV/JSON in turn, one at a time) through the real HTTP path
// with their latency percentiles; then one asynchronous report of a tenant of M learners, timed from
// the request to `status: ready` through get_report. Reads, files and S3 are real (DynamoDB Local,
// s3rver); the history is seeded in bulk with the very fold the nightly job runs (foldDay) on records
// shaped like the engine's, so the aggregates are exactly what the nightly aggregation would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, localDateOf } from '../../shared/domain/localDate.js';
import { foldDay, type FoldRecord } from '../../shared/domain/dailyAggregates.js';
import { activeSetsOf, chunkActiveSet } from '../../shared/domain/tenantOverview.js';
import { aggregationStateKey, activeSetKey, learnerDayAggregateKey, learnerStatsKey, memberKey, organizationKey, tenantCoursesIndexKey, courseKey, tenantDayAggregateKey } from '../../shared/db/keys.js';
import { activityShard } from '../../shared/progress/activity.js';
import { inProcessReportDispatcher, setReportDispatcher } from '../../shared/reports/reportDispatcher.js';
import { startBenchStack } from './benchStack.js';
import { principal } from './progressScenarios.js';
import { machineInfo } from './report.js';
import { summarizeLatencies } from './stats.js';

const USAGE = 'usage: npm run bench -- reports [--learners 500] [--days 30] [--reports 20] [--big-learners 5000] [--out bench-results/reports.json]';
const PATH = '/functions/v1/automated-reports';
const COURSES = 8;
const TYPES = ['progress_summary', 'engagement_summary', 'course_performance', 'achievement_summary'] as const;
const OUTPUTS = ['pdf', 'csv', 'json'] as const;

function fail(message: string, code = 2): never {
  console.error(`bench: ${message}`);
  process.exit(code);
}

function intOption(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) fail(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"\n${USAGE}`);
  return value;
}

/** A small deterministic PRNG, so two runs seed the same tenant. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The aggregate items of `learners` learners over the `days` dates ending `through`: each learner is
 * active on a date with probability `activity`, with 1–4 lesson records of one or two courses (some
 * completing a lesson, some scored, rarely completing a course). The records go through foldDay, and the
 * items carry the keys aggregateStore writes (learner-day with its index keys, tenant-day, state).
 */
function seedItems(tenantId: string, userIds: readonly string[], days: number, through: string, activity: number, seed: number): Record<string, unknown>[] {
  const random = rng(seed);
  const items: Record<string, unknown>[] = [];
  const lessons = () => ({ type: 'video', skills: [] });
  for (let d = days - 1; d >= 0; d--) {
    const date = addDays(through, -d);
    const records: FoldRecord[] = [];
    for (const userId of userIds) {
      if (random() >= activity) continue;
      const n = 1 + Math.floor(random() * 4);
      const base = Date.parse(`${date}T08:00:00Z`) + Math.floor(random() * 10) * 3_600_000;
      for (let i = 0; i < n; i++) {
        const course = `course-${Math.floor(random() * COURSES)}`;
        const scored = random() < 0.2;
        records.push({
          eventId: `${userId}-${date}-${i}`, userId, source: 'lesson.progress', contentType: 'course', contentId: course, itemId: `l${Math.floor(random() * 20)}`,
          occurredAt: new Date(base + i * 12 * 60_000).toISOString(), localDate: date, timeZone: 'UTC', seconds: 60 + Math.floor(random() * 900),
          itemCompleted: random() < 0.5, contentCompleted: random() < 0.02, ...(scored ? { score: Math.floor(random() * 11), maxScore: 10, passed: random() < 0.7 } : {}),
        });
      }
    }
    const fold = foldDay(date, records, lessons);
    items.push({ ...tenantDayAggregateKey(tenantId, date), entity: 'tenantDayAggregate', tenantId, ...fold.tenant, newestAt: null, tail: 0 });
    for (const day of fold.learners) items.push({ ...learnerDayAggregateKey(tenantId, day.userId, date), entity: 'learnerDayAggregate', tenantId, ...day });
    // The date's active sets, as the nightly fold writes them (reports read learner-days through them).
    for (const [shard, set] of activeSetsOf(date, fold.learners, activityShard)) {
      const events = fold.learners.filter((day) => activityShard(day.userId) === shard).reduce((n, day) => n + day.events, 0);
      chunkActiveSet(set).forEach((chunk, i) => items.push({ ...activeSetKey(tenantId, date, shard, i), entity: 'activeSet', tenantId, shard, chunk: i, ...chunk, events }));
    }
  }
  items.push({ ...aggregationStateKey(tenantId), entity: 'aggregationState', throughDate: through });
  return items;
}

function tenantItems(tenantId: string, admin: string, userIds: readonly string[], seed: number): Record<string, unknown>[] {
  const random = rng(seed);
  const now = new Date().toISOString();
  return [
    { ...organizationKey(tenantId), type: 'organization', tenantId, name: `Bench ${tenantId}`, createdAt: now },
    { ...memberKey(tenantId, admin), type: 'member', tenantId, userId: admin, roles: ['org_admin'], fullName: 'Bench Admin' },
    ...Array.from({ length: COURSES }, (_, i) => ({ ...courseKey(tenantId, `course-${i}`), ...tenantCoursesIndexKey(tenantId, now, `course-${i}`), entity: 'course', tenantId, courseId: `course-${i}`, title: `Course ${i + 1}`, instructorIds: [admin] })),
    ...userIds.flatMap((userId, i) => [
      { ...memberKey(tenantId, userId), type: 'member', tenantId, userId, roles: ['learner'], fullName: `Learner ${i + 1}` },
      { ...learnerStatsKey(tenantId, userId), entity: 'learnerStats', courseProgress: Object.fromEntries(Array.from({ length: 1 + (i % 3) }, (_, c) => [`course-${(i + c) % COURSES}`, Math.floor(random() * 101)])) },
    ]),
  ];
}

export async function runReportsBench(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { learners: { type: 'string' }, days: { type: 'string' }, reports: { type: 'string' }, 'big-learners': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  const learners = intOption(parsed.values.learners, 'learners', 500, 1, 500);
  const days = intOption(parsed.values.days, 'days', 30, 1, 90);
  const reportCount = intOption(parsed.values.reports, 'reports', 20, 1, 200);
  const bigLearners = intOption(parsed.values['big-learners'], 'big-learners', 5000, 501, 20000);
  const out = resolve(parsed.values.out ?? 'bench-results/reports.json');

  const stack = await startBenchStack({ rateClasses: { reports: { limit: 1_000_000_000, windowSeconds: 3600 } } });
  const { runBackgroundReport } = await import('../../shared/reports/reportService.js');
  const dispatcher = inProcessReportDispatcher((job) => runBackgroundReport(job), (m) => console.error(m));
  setReportDispatcher(dispatcher);
  const { putAll } = await import('../../test/support/leaderboard.js');
  const problems: string[] = [];
  try {
    const through = addDays(localDateOf(new Date(), 'UTC'), -1);
    const seedTenant = async (tenantId: string, count: number, activity: number, seed: number) => {
      const admin = principal(stack.issuer, tenantId, ['org_admin']);
      const ids = Array.from({ length: count }, (_, i) => `learner-${String(i).padStart(5, '0')}`);
      const started = performance.now();
      const items = [...tenantItems(tenantId, admin.userId, ids, seed), ...seedItems(tenantId, ids, days, through, activity, seed)];
      process.stdout.write(`bench: seeding ${tenantId}: ${count} learners, ${days} days, ${items.length} items… `);
      await putAll(items);
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
      return admin;
    };
    const call = async (token: string, body: Record<string, unknown>) => {
      const started = performance.now();
      const res = await fetch(`${stack.url}${PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as { data?: Record<string, unknown> };
      return { status: res.status, ms: performance.now() - started, data: json.data ?? {}, requests: Number(res.headers.get('x-cairn-dynamodb-requests') ?? NaN) };
    };

    // 1. Synchronous standard reports of a 500-learner tenant (after one unrecorded warm-up).
    const standard = await seedTenant('bench-reports-500', learners, 0.6, 7);
    const generate = (type: string, output: string, i: number) => ({ action: 'generate_report', report_type: type, parameters: { date_range: 'last_30_days', output, format: i % 2 === 0 ? 'detailed' : 'summary' } });
    await call(standard.token, generate('progress_summary', 'pdf', 0));
    const samples: number[] = [];
    const requests: number[] = [];
    const byOutput: Record<string, number[]> = { pdf: [], csv: [], json: [] };
    for (let i = 0; i < reportCount; i++) {
      const output = OUTPUTS[i % OUTPUTS.length]!;
      const res = await call(standard.token, generate(TYPES[i % TYPES.length]!, output, i));
      if (res.status !== 200 || res.data.status !== 'ready' || (res.data.summary as { users_analyzed?: number })?.users_analyzed !== learners) problems.push(`report ${i}: ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`);
      samples.push(res.ms);
      byOutput[output]!.push(res.ms);
      requests.push(res.requests);
      process.stdout.write(`\rbench: synchronous reports ${i + 1}/${reportCount}`);
    }
    console.log('');
    const sync = summarizeLatencies(samples);

    // 2. One asynchronous report of a 5,000-learner tenant, timed to ready.
    const big = await seedTenant('bench-reports-big', bigLearners, 0.3, 11);
    const asyncStarted = performance.now();
    const accepted = await call(big.token, { action: 'generate_report', report_type: 'progress_summary', parameters: { date_range: 'last_30_days', output: 'pdf', format: 'summary' } });
    if (accepted.status !== 202) problems.push(`big report: ${accepted.status} ${JSON.stringify(accepted.data).slice(0, 200)}`);
    let status = String(accepted.data.status);
    let polls = 0;
    while (status === 'processing' && performance.now() - asyncStarted < 600_000) {
      await new Promise((r) => setTimeout(r, 250));
      const got = await call(big.token, { action: 'get_report', report_id: accepted.data.report_id });
      status = String(got.data.status);
      polls++;
      if (status === 'ready' && (got.data.summary as { users_analyzed?: number })?.users_analyzed !== bigLearners) problems.push('big report: wrong users_analyzed');
    }
    const asyncMs = performance.now() - asyncStarted;
    if (status !== 'ready') problems.push(`big report ended ${status}`);
    await dispatcher.idle();

    const figures = {
      benchmark: 'reports',
      ok: problems.length === 0,
      machine: machineInfo(),
      config: { learners, days, reports: reportCount, bigLearners },
      synchronous: { ...sync, byOutput: Object.fromEntries(Object.entries(byOutput).map(([k, v]) => [k, summarizeLatencies(v)])), dynamoDbRequestsPerReport: { min: Math.min(...requests), max: Math.max(...requests) }, targetP95Ms: 2000 },
      asynchronous: { learners: bigLearners, acceptedInMs: Math.round(accepted.ms), readyAfterMs: Math.round(asyncMs), polls },
      problems: problems.slice(0, 20),
      notes: 'One Node process runs the HTTP server, the handlers, the in-process report worker and the load generator; DynamoDB Local (JVM) and s3rver are local. DynamoDB Local proves correctness, not scale: compare runs on one machine.',
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`\nSynchronous standard reports (${learners} learners, ${days} days, ${reportCount} reports, one at a time):`);
    console.log(`  p50 ${sync.p50Ms} ms  p95 ${sync.p95Ms} ms  p99 ${sync.p99Ms} ms  max ${sync.maxMs} ms  (target p95 < 2000 ms)`);
    for (const [k, v] of Object.entries(figures.synchronous.byOutput)) console.log(`  ${k.padEnd(4)} p50 ${v.p50Ms} ms  p95 ${v.p95Ms} ms  (${v.count})`);
    console.log(`  DynamoDB requests per report (incl. the limiter): ${figures.synchronous.dynamoDbRequestsPerReport.min}–${figures.synchronous.dynamoDbRequestsPerReport.max}`);
    console.log(`Asynchronous report (${bigLearners} learners): 202 in ${figures.asynchronous.acceptedInMs} ms, ready after ${figures.asynchronous.readyAfterMs} ms`);
    console.log(`bench: figures written to ${out}`);
  } finally {
    await dispatcher.idle();
    setReportDispatcher(undefined);
    await stack.stop();
  }
  if (problems.length > 0) fail(`FAILED: ${problems.length} problem(s): ${problems.slice(0, 3).join('; ')}`, 1);
}
