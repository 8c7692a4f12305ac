import { spawnSync } from 'node:child_process';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { RouteDefinition } from '../../shared/routes/types.js';
import type { Sample } from './httpRecorder.js';
import { summarizeLatencies, type LatencySummary } from './stats.js';

/**
 * Turns the recorded samples into the figures `npm run bench` prints and writes: per scenario and per
 * route, latency percentiles, requests per second over the scenario's wall time, non-2xx answers, and
 * DynamoDB requests per call (successful calls only; with and without the rate limiter's one window
 * update, which every rate-limited route pays before its handler runs).
 */
export interface RouteFigures {
  routeId: string;
  method: string;
  path: string;
  rateClass: string;
  requests: number;
  non2xx: number;
  statuses: Record<string, number>;
  latency: LatencySummary;
  requestsPerSecond: number;
  dynamoDb: DynamoDbFigures | null;
}

export interface DynamoDbFigures {
  /** Successful calls the figures are taken from. */
  calls: number;
  meanPerCall: number;
  minPerCall: number;
  maxPerCall: number;
  /** Requests the rate limiter adds to each call (1 for a limited route, 0 for class `none`). */
  rateLimiterPerCall: number;
  meanPerCallExcludingRateLimiter: number;
  maxPerCallExcludingRateLimiter: number;
  /** How many calls made how many requests, limiter excluded (e.g. {"2": 480, "4": 20}). */
  distributionExcludingRateLimiter: Record<string, number>;
  /** Mean requests per call by low-level command name (GetItemCommand, QueryCommand, …), limiter included. */
  meanByCommand: Record<string, number>;
}

export interface ScenarioFigures {
  id: string;
  title: string;
  status: 'ran' | 'skipped';
  skipReason?: string;
  learners: number;
  iterations: number;
  requests: number;
  wallSeconds: number;
  requestsPerSecond: number;
  non2xx: number;
  /** Non-2xx answers, wrong values and network errors (each failed step once). */
  problems: number;
  problemExamples: string[];
  overall: LatencySummary;
  routes: RouteFigures[];
  /** Where the wall time went: CPU seconds of this Node process (server and load generator) and of DynamoDB Local. */
  cpuSeconds: { benchProcess: number; dynamoDbLocal: number | null } | null;
  notes: string[];
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const isOk = (status: number) => status >= 200 && status <= 299;

export function scenarioFigures(input: {
  id: string;
  title: string;
  learners: number;
  iterations: number;
  samples: readonly Sample[];
  wallMs: number;
  problems: number;
  problemExamples: string[];
  routes: readonly RouteDefinition[];
  /** Whether a route's rate class makes the limiter run (and cost one UpdateItem). */
  limited: (route: RouteDefinition) => boolean;
  cpuSeconds: ScenarioFigures['cpuSeconds'];
  notes: string[];
}): ScenarioFigures {
  const seconds = input.wallMs / 1000;
  const byRoute = new Map<string, Sample[]>();
  for (const sample of input.samples) {
    const list = byRoute.get(sample.routeId) ?? [];
    list.push(sample);
    byRoute.set(sample.routeId, list);
  }
  const routes: RouteFigures[] = [...byRoute.entries()].map(([routeId, samples]) => {
    const route = input.routes.find((r) => r.id === routeId);
    const statuses: Record<string, number> = {};
    for (const sample of samples) statuses[String(sample.status)] = (statuses[String(sample.status)] ?? 0) + 1;
    const counted = samples.filter((s) => isOk(s.status) && s.dynamoDb !== undefined);
    const limiter = route && input.limited(route) ? 1 : 0;
    let dynamoDb: DynamoDbFigures | null = null;
    if (counted.length > 0) {
      const totals = counted.map((s) => s.dynamoDb as number);
      const byCommand: Record<string, number> = {};
      for (const sample of counted) {
        for (const [name, count] of Object.entries(sample.dynamoDbByCommand)) byCommand[name] = (byCommand[name] ?? 0) + count;
      }
      const distribution: Record<string, number> = {};
      for (const total of totals) distribution[String(total - limiter)] = (distribution[String(total - limiter)] ?? 0) + 1;
      const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
      const max = Math.max(...totals);
      dynamoDb = {
        calls: counted.length,
        meanPerCall: round(mean),
        minPerCall: Math.min(...totals),
        maxPerCall: max,
        rateLimiterPerCall: limiter,
        meanPerCallExcludingRateLimiter: round(mean - limiter),
        maxPerCallExcludingRateLimiter: max - limiter,
        distributionExcludingRateLimiter: distribution,
        meanByCommand: Object.fromEntries(Object.entries(byCommand).sort().map(([name, count]) => [name, round(count / counted.length)])),
      };
    }
    return {
      routeId,
      method: route?.method ?? samples[0]?.method ?? '',
      path: route?.path ?? '',
      rateClass: route?.rateClass ?? '',
      requests: samples.length,
      non2xx: samples.filter((s) => !isOk(s.status)).length,
      statuses,
      latency: summarizeLatencies(samples.map((s) => s.ms)),
      requestsPerSecond: seconds > 0 ? round(samples.length / seconds, 1) : 0,
      dynamoDb,
    };
  });
  return {
    id: input.id,
    title: input.title,
    status: 'ran',
    learners: input.learners,
    iterations: input.iterations,
    requests: input.samples.length,
    wallSeconds: round(seconds, 3),
    requestsPerSecond: seconds > 0 ? round(input.samples.length / seconds, 1) : 0,
    non2xx: input.samples.filter((s) => !isOk(s.status)).length,
    problems: input.problems,
    problemExamples: input.problemExamples,
    overall: summarizeLatencies(input.samples.map((s) => s.ms)),
    routes,
    cpuSeconds: input.cpuSeconds,
    notes: input.notes,
  };
}

export function skippedScenario(id: string, title: string, reason: string, learners: number, iterations: number): ScenarioFigures {
  return {
    id, title, status: 'skipped', skipReason: reason, learners, iterations, requests: 0, wallSeconds: 0, requestsPerSecond: 0, non2xx: 0, problems: 0, problemExamples: [],
    overall: summarizeLatencies([]), routes: [], cpuSeconds: null, notes: [],
  };
}

/** The machine the figures were measured on: they mean little without it. */
export function machineInfo(): Record<string, unknown> {
  const cpuList = cpus();
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const javaVersion = /version "([^"]+)"/.exec(`${java.stderr ?? ''}${java.stdout ?? ''}`)?.[1];
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    node: process.version,
    java: javaVersion ?? 'unknown',
    /** Other work on the machine skews every figure; the 1/5/15-minute load averages when the run ended. */
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

function pad(value: string | number, width: number, left = false): string {
  const text = String(value);
  return left ? text.padEnd(width) : text.padStart(width);
}

function commandsText(byCommand: Record<string, number>): string {
  return Object.entries(byCommand)
    .map(([name, count]) => `${name.replace(/Command$/, '')} ${count}`)
    .join(', ');
}

/** A plain-text table per scenario for the terminal. */
export function renderScenario(figures: ScenarioFigures): string {
  const lines: string[] = [];
  lines.push(`${figures.title}`);
  if (figures.status === 'skipped') {
    lines.push(`  SKIPPED: ${figures.skipReason ?? ''}`);
    return lines.join('\n');
  }
  lines.push(
    `  ${figures.learners} learners × ${figures.iterations} iteration(s): ${figures.requests} requests in ${figures.wallSeconds.toFixed(2)} s = ${figures.requestsPerSecond} req/s; non-2xx ${figures.non2xx}; problems ${figures.problems}`,
  );
  if (figures.cpuSeconds) {
    const java = figures.cpuSeconds.dynamoDbLocal === null ? 'n/a' : `${figures.cpuSeconds.dynamoDbLocal.toFixed(1)} s`;
    lines.push(`  CPU over ${figures.wallSeconds.toFixed(1)} s wall: bench process (server + handlers + load generator) ${figures.cpuSeconds.benchProcess.toFixed(1)} s, DynamoDB Local JVM ${java}`);
  }
  for (const note of figures.notes) lines.push(`  note: ${note}`);
  const header = `  ${pad('route', 34, true)} ${pad('calls', 6)} ${pad('non2xx', 6)} ${pad('p50 ms', 8)} ${pad('p95 ms', 8)} ${pad('p99 ms', 8)} ${pad('max ms', 8)} ${pad('req/s', 7)}  ${pad('DynamoDB requests/call', 30, true)} by command (mean, limiter incl.)`;
  lines.push(header);
  lines.push(`  ${'-'.repeat(header.length - 2)}`);
  const row = (name: string, calls: number, non2xx: number, latency: LatencySummary, rps: number, ddb: string, commands: string) =>
    `  ${pad(name, 34, true)} ${pad(calls, 6)} ${pad(non2xx, 6)} ${pad(latency.p50Ms.toFixed(1), 8)} ${pad(latency.p95Ms.toFixed(1), 8)} ${pad(latency.p99Ms.toFixed(1), 8)} ${pad(latency.maxMs.toFixed(1), 8)} ${pad(rps, 7)}  ${pad(ddb, 30, true)} ${commands}`;
  for (const route of figures.routes) {
    const d = route.dynamoDb;
    const ddb = d
      ? `${d.meanPerCall}${d.minPerCall !== d.maxPerCall ? ` [${d.minPerCall}–${d.maxPerCall}]` : ''}${d.rateLimiterPerCall ? ` = ${d.meanPerCallExcludingRateLimiter} + limiter` : ''}`
      : 'n/a';
    lines.push(row(route.routeId, route.requests, route.non2xx, route.latency, route.requestsPerSecond, ddb, d ? commandsText(d.meanByCommand) : ''));
  }
  lines.push(row('all routes', figures.requests, figures.non2xx, figures.overall, figures.requestsPerSecond, '', ''));
  for (const example of figures.problemExamples) lines.push(`  problem: ${example}`);
  return lines.join('\n');
}
