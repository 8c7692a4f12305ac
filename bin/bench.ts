// `npm run bench -- progress [--learners 50] [--iterations 1] [--chapters 10] [--lessons 10]
//                            [--lift-rate-limits] [--out bench-results/progress.json]`
// A benchmark, not a test (issue 5, part 7): starts its own local stack on free ports (DynamoDB Local in
// memory, the local token issuer, the local HTTP server with the real route table and handlers), drives
// seed 001's flow and seed 000's record_completion with N concurrent learners over real HTTP, prints
// p50/p95/p99 latency, requests per second and DynamoDB requests per call, writes the figures as JSON,
// stops everything, and exits 1 if any call answered non-2xx or any learner's final state was wrong.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COURSE_LIMITS } from '../shared/catalog/course.js';
import { createRouteMatcher } from '../shared/routes/matchRoute.js';
import { rateClassOf, type RateClass } from '../shared/routes/rateClasses.js';
import { ROUTES } from '../shared/routes/routeTable.js';
import type { RouteDefinition } from '../shared/routes/types.js';
import { TUTORIAL_LIMITS } from '../shared/schemas/tutorialProgress.js';
import { GROUPS_WITH_RATE_OVERRIDES, startBenchStack, type BenchStack } from './bench/benchStack.js';
import { HttpRecorder } from './bench/httpRecorder.js';
import {
  principal,
  RECORD_COMPLETION_PATH,
  recordCompletionServed,
  runRecordCompletions,
  runTutorialFlow,
  setUpCourses,
  tutorialFlowCalls,
  type ProgressBenchConfig,
} from './bench/progressScenarios.js';
import { machineInfo, renderScenario, scenarioFigures, skippedScenario, type ScenarioFigures } from './bench/report.js';

const USAGE =
  'usage: npm run bench -- progress [--learners 50] [--iterations 1] [--chapters 10] [--lessons 10] [--lift-rate-limits] [--out bench-results/progress.json]';

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

function parseCli(): { config: ProgressBenchConfig; out: string; liftRateLimits: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      strict: true,
      options: {
        learners: { type: 'string' },
        iterations: { type: 'string' },
        chapters: { type: 'string' },
        lessons: { type: 'string' },
        out: { type: 'string' },
        'lift-rate-limits': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1 || positionals[0] !== 'progress') fail(`the benchmarks are "progress" and "reports"\n${USAGE}`);
  return {
    config: {
      learners: intOption(values.learners, 'learners', 50, 1, 1000),
      iterations: intOption(values.iterations, 'iterations', 1, 1, 100),
      chapters: intOption(values.chapters, 'chapters', 10, 1, TUTORIAL_LIMITS.chapters),
      lessons: intOption(values.lessons, 'lessons', 10, 1, COURSE_LIMITS.lessonsPerSection),
    },
    out: resolve(values.out ?? 'bench-results/progress.json'),
    liftRateLimits: values['lift-rate-limits'],
  };
}

/** A class raised far above any run's volume; the limiter still makes its one UpdateItem per call. */
const liftedClass = (name: string): RateClass => ({ limit: 1_000_000_000, windowSeconds: rateClassOf(name).windowSeconds });

interface RatePlan {
  overrides: Record<string, RateClass>;
  /** Per rate class: calls one learner makes in the run, and the seed's limit per window. */
  perLearner: { rateClass: string; calls: number; limit: number | null; windowSeconds: number; lifted: boolean }[];
}

/**
 * Whether the seed's per-user limits fit the run. Each learner makes all its calls of a scenario within
 * one or two windows, so a class is lifted when one learner's calls of that class exceed its limit (or
 * on --lift-rate-limits). Lifting raises the limit, it does not remove the limiter from the path.
 */
function planRateLimits(config: ProgressBenchConfig, recordCompletionRoute: RouteDefinition | undefined, liftAll: boolean): RatePlan {
  const match = createRouteMatcher(ROUTES);
  const calls = new Map<string, { calls: number; groups: Set<string> }>();
  const add = (route: RouteDefinition, count: number) => {
    const entry = calls.get(route.rateClass) ?? { calls: 0, groups: new Set<string>() };
    entry.calls += count;
    entry.groups.add(route.group);
    calls.set(route.rateClass, entry);
  };
  for (const call of tutorialFlowCalls(config.chapters)) add((match(call.method, call.path) as { route: RouteDefinition }).route, call.count * config.iterations);
  if (recordCompletionRoute) add(recordCompletionRoute, config.lessons * config.iterations);

  const overrides: Record<string, RateClass> = {};
  const perLearner: RatePlan['perLearner'] = [];
  for (const [name, entry] of calls) {
    const seed = rateClassOf(name);
    const lift = seed.limit !== null && (liftAll || entry.calls > seed.limit);
    if (lift) {
      const fixed = [...entry.groups].filter((g) => !GROUPS_WITH_RATE_OVERRIDES.has(g));
      if (fixed.length > 0) fail(`rate class "${name}" (${seed.limit}/${seed.windowSeconds}s) would be exceeded, and group(s) ${fixed.join(', ')} cannot be given overrides; lower --iterations/--chapters/--lessons`);
      overrides[name] = liftedClass(name);
    }
    perLearner.push({ rateClass: name, calls: entry.calls, limit: seed.limit, windowSeconds: seed.windowSeconds, lifted: lift });
  }
  return { overrides, perLearner };
}

/**
 * One unrecorded learner runs the scenario's flow first, so module loading, the token verifier's
 * set-up and both JITs (Node's and DynamoDB Local's JVM) are not billed to the first measured calls.
 * A warm-up that fails means the stack is broken: no figures are worth taking then.
 */
async function warmUp(flow: () => Promise<{ failureCount: number; failures: string[] }>): Promise<void> {
  const outcome = await flow();
  if (outcome.failureCount > 0) throw new Error(`warm-up failed: ${outcome.failures.join('; ')}`);
}

/** Runs `work` and reports the CPU seconds this process and DynamoDB Local spent meanwhile. */
async function withCpu<T>(stack: BenchStack, work: () => Promise<T>): Promise<{ result: T; cpuSeconds: ScenarioFigures['cpuSeconds'] }> {
  const before = process.cpuUsage();
  const javaBefore = stack.dynamoDbCpuSeconds();
  const result = await work();
  const used = process.cpuUsage(before);
  const javaAfter = stack.dynamoDbCpuSeconds();
  const round1 = (value: number) => Math.round(value * 10) / 10;
  return {
    result,
    cpuSeconds: {
      benchProcess: round1((used.user + used.system) / 1e6),
      dynamoDbLocal: javaBefore === undefined || javaAfter === undefined ? null : round1(javaAfter - javaBefore),
    },
  };
}

function gitCommit(): string | undefined {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

async function main(): Promise<void> {
  const { config, out, liftRateLimits } = parseCli();
  const match = createRouteMatcher(ROUTES);
  const completionRoute = match('POST', RECORD_COMPLETION_PATH)?.route;
  const recordCompletionRoute = completionRoute && completionRoute.path !== '$default' ? completionRoute : undefined;
  const plan = planRateLimits(config, recordCompletionRoute, liftRateLimits);
  const lifted = plan.perLearner.filter((p) => p.lifted);
  const rateNote = (classes: (c: string) => boolean) => {
    const entries = plan.perLearner.filter((p) => classes(p.rateClass));
    const raised = entries.filter((p) => p.lifted);
    const inForce = entries.filter((p) => !p.lifted);
    return [
      ...(raised.length > 0
        ? [`RATE LIMITS LIFTED for ${raised.map((p) => `${p.rateClass} (${p.calls} calls per learner > seed ${p.limit}/${p.windowSeconds}s)`).join(', ')}: limit raised, the limiter's UpdateItem still runs on every call`]
        : []),
      ...(inForce.length > 0 ? [`seed rate limits in force (calls per learner: ${inForce.map((p) => `${p.rateClass} ${p.calls} of ${p.limit ?? '∞'}/${p.windowSeconds}s`).join(', ')})`] : []),
    ].join('; ');
  };
  const tutorialClasses = new Set(tutorialFlowCalls(config.chapters).map((call) => match(call.method, call.path)?.route.rateClass));

  const startedAt = new Date();
  console.log(`bench: starting a private local stack (DynamoDB Local in memory, free ports)…`);
  let stack: BenchStack | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack?.stop();
  };
  const interrupted = () => {
    console.error('\nbench: interrupted; stopping the local stack…');
    void stop().then(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  const scenarios: ScenarioFigures[] = [];
  try {
    stack = await startBenchStack({ rateClasses: plan.overrides });
    console.log(`bench: API ${stack.url}, DynamoDB Local ${stack.dynamoDbEndpoint}; ${rateNote(() => true)}`);
    const tenantId = `bench-${randomUUID().slice(0, 8)}`;
    const limited = (route: RouteDefinition) => rateClassOf(route.rateClass, plan.overrides).limit !== null;

    // Scenario 1: seed 001's flow.
    {
      const recorder = new HttpRecorder(stack.url, ROUTES);
      await warmUp(() => runTutorialFlow(new HttpRecorder(stack!.url, ROUTES), [principal(stack!.issuer, tenantId, ['learner'])], { ...config, iterations: 1 }));
      const learners = Array.from({ length: config.learners }, () => principal(stack!.issuer, tenantId, ['learner']));
      console.log(`bench: scenario 1, seed 001 flow: ${config.learners} learners × ${config.iterations} × (GET, ${config.chapters} chapters, quiz, complete, GET)…`);
      const { result: outcome, cpuSeconds } = await withCpu(stack, () => runTutorialFlow(recorder, learners, config));
      scenarios.push(
        scenarioFigures({
          id: 'seed001-tutorial-flow',
          title: `Scenario 1: seed 001 tutorial flow (K = ${config.chapters} chapters, 1 quiz, complete, final GET verified)`,
          learners: config.learners,
          iterations: config.iterations,
          samples: recorder.samples,
          wallMs: outcome.wallMs,
          problems: outcome.failureCount,
          problemExamples: outcome.failures,
          routes: ROUTES,
          limited,
          cpuSeconds,
          notes: [rateNote((c) => tutorialClasses.has(c))],
        }),
      );
    }

    // Scenario 2: seed 000 record_completion over a published catalog course.
    {
      const title = `Scenario 2: seed 000 record_completion (M = ${config.lessons} lessons of a published, sequenced course, in order)`;
      const recorder = new HttpRecorder(stack.url, ROUTES);
      const instructor = principal(stack.issuer, tenantId, ['instructor']);
      const probe = await recordCompletionServed(recorder, instructor);
      if (!probe.served) {
        const reason = `POST ${RECORD_COMPLETION_PATH} answered 404 (${recordCompletionRoute ? 'the route table lists it, yet it answered 404' : 'not in the route table yet'}); scenario skipped`;
        console.log(`bench: scenario 2: ${reason}`);
        scenarios.push(skippedScenario('seed000-record-completion', title, reason, config.learners, config.iterations));
      } else {
        console.log(`bench: scenario 2, seed 000 record_completion: setting up ${config.iterations} course(s) of ${config.lessons} lessons over HTTP…`);
        const courses = await setUpCourses(recorder, instructor, config);
        await warmUp(() => runRecordCompletions(new HttpRecorder(stack!.url, ROUTES), [principal(stack!.issuer, tenantId, ['learner'])], courses.slice(0, 1)));
        const learners = Array.from({ length: config.learners }, () => principal(stack!.issuer, tenantId, ['learner']));
        console.log(`bench: scenario 2: ${config.learners} learners × ${config.iterations} × ${config.lessons} completions…`);
        const { result: outcome, cpuSeconds } = await withCpu(stack, () => runRecordCompletions(recorder, learners, courses));
        scenarios.push(
          scenarioFigures({
            id: 'seed000-record-completion',
            title,
            learners: config.learners,
            iterations: config.iterations,
            samples: recorder.samples,
            wallMs: outcome.wallMs,
            problems: outcome.failureCount,
            problemExamples: outcome.failures,
            routes: ROUTES,
            limited,
            cpuSeconds,
            notes: [rateNote((c) => c === recordCompletionRoute?.rateClass), 'course set-up calls (authoring) and the route probe are not recorded'],
          }),
        );
      }
    }
  } finally {
    await stop();
  }
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);

  const ran = scenarios.filter((s) => s.status === 'ran');
  const ok = ran.every((s) => s.non2xx === 0 && s.problems === 0);
  const machine = machineInfo();
  const report = {
    benchmark: 'progress',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit() ?? null,
    machine,
    config,
    rateLimits: { lifted: lifted.length > 0, perLearner: plan.perLearner, note: rateNote(() => true) },
    method: {
      stack: 'bin/bench.ts in one Node process: the local HTTP server (bin/local/localServer.ts) with the real route table, middy stack, JWT verification, rate limiter and group handlers, plus the load generator; DynamoDB Local (in memory, separate JVM) on a free port',
      latency: 'client-side wall time per request, from issuing it to receiving the whole body (ms); percentiles by nearest rank',
      throughput: 'recorded requests / wall time from the first learner starting to the last one finishing',
      dynamoDb: 'per successful call, from the local server\'s x-cairn-dynamodb-* headers (shared/db/requestTally.ts); the rate limiter\'s one UpdateItem is shown separately',
      warmUp: 'before each scenario one extra, unrecorded learner runs its whole flow (cold start and JIT warm-up excluded); course set-up and the route probe are unrecorded too',
      caveat: 'DynamoDB Local proves correctness, not scale (DESIGN §12): compare runs on the same machine, not with AWS',
    },
    scenarios,
    ok,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  console.log('');
  console.log(
    `Machine: ${String(machine.cpus)} × ${String(machine.cpuModel)}, ${String(machine.totalMemoryMb)} MB, node ${String(machine.node)}, java ${String(machine.java)}, load average ${(machine.loadAverage as number[]).join(' / ')}`,
  );
  for (const scenario of scenarios) console.log(`\n${renderScenario(scenario)}`);
  console.log(`\nbench: figures written to ${out}`);
  if (!ok) {
    const non2xx = ran.reduce((n, s) => n + s.non2xx, 0);
    const problems = ran.reduce((n, s) => n + s.problems, 0);
    fail(`FAILED: ${non2xx} non-2xx response(s), ${problems} problem(s); the figures above include errors`, 1);
  }
}

const benchmark = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const run = benchmark === 'reports' ? import('./bench/reportsBench.js').then((m) => m.runReportsBench(process.argv.slice(2).filter((a) => a !== 'reports'))) : main();
run.catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
