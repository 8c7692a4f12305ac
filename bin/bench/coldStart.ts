import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIRST_REQUEST_PROBES, measureFirstRequest, startEmptyDynamoDb, type FirstRequestRow } from './firstRequest.js';
import { synthesizeBundles, type FunctionBundle } from './functionBundles.js';
import { machineInfo } from './report.js';
import { summarizeLatencies, type LatencySummary } from './stats.js';

/** Issue 17's goals, printed beside each function. */
export const COLD_START_GOALS = { maxBundleBytes: 350 * 1024, maxInitP50Ms: 40 } as const;

/** The environment a bundle sees at init: what its module scope may read, nothing of the bench's own. */
export const INIT_ENV: Record<string, string> = {
  TABLE_NAME: 'cairn-bench',
  STAGE: 'prod',
  DEFAULT_TENANT_ID: 'default',
  AUTH_ISSUER: 'https://issuer.example',
  AUTH_AUDIENCE: 'bench',
  AUTH_JWKS_URI: 'https://issuer.example/jwks',
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'cairn-bench',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'cairn-bench',
  POWERTOOLS_METRICS_NAMESPACE: 'Cairn',
};

/**
 * Imports one module in a fresh Node process and returns the time `import()` took (ms): parse,
 * compile and evaluate of the bundle and everything its module scope does, as Lambda's init phase
 * runs it. Process start-up is not included (the empty-module baseline shows the floor).
 */
export function measureInitOnce(file: string, nodeFlags: readonly string[]): number {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t0));`;
  const run = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...INIT_ENV },
  });
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`init of ${file} failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
  return ms;
}

export interface ColdStartRow {
  name: string;
  /** Bytes a cold start loads (entry + static chunks). */
  bytes: number;
  /** Every module of the asset, on-demand chunks included. */
  totalBytes: number;
  mapBytes: number;
  nodeOptions: string;
  /** Init without source-map support. */
  plain: LatencySummary;
  /** Init with `--enable-source-maps`. */
  sourceMaps: LatencySummary;
  /** Init with the function's deployed NODE_OPTIONS: the figure the goal applies to. */
  deployed: LatencySummary;
}

function measureRow(name: string, file: string, sizes: { bytes: number; totalBytes: number; mapBytes: number }, nodeOptions: string, runs: number): ColdStartRow {
  const plain: number[] = [];
  const withMaps: number[] = [];
  // Interleaved, so a burst of other load on the machine skews both columns alike.
  for (let i = 0; i < runs; i++) {
    plain.push(measureInitOnce(file, []));
    withMaps.push(measureInitOnce(file, ['--enable-source-maps']));
  }
  const deployedMaps = nodeOptions.split(/\s+/).includes('--enable-source-maps');
  const plainSummary = summarizeLatencies(plain);
  const mapsSummary = summarizeLatencies(withMaps);
  return { name, ...sizes, nodeOptions, plain: plainSummary, sourceMaps: mapsSummary, deployed: deployedMaps ? mapsSummary : plainSummary };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const pad = (value: string | number, width: number, left = false) => (left ? String(value).padEnd(width) : String(value).padStart(width));

/** The terminal table: one row per function, the empty-module baseline first. */
export function renderColdStart(rows: readonly ColdStartRow[], runs: number): string {
  const lines: string[] = [];
  const header = `  ${pad('function', 30, true)} ${pad('init KB', 7)} ${pad('all KB', 7)} ${pad('map KB', 8)}  ${pad('init p50', 9)} ${pad('p95', 7)}  ${pad('+maps p50', 10)} ${pad('p95', 7)}  ${pad('deployed p50', 12)}  goals`;
  lines.push(`Module init in a fresh Node ${process.version} process, ms over ${runs} processes each (nearest-rank percentiles); "+maps" = --enable-source-maps`);
  lines.push('init KB = what a cold start loads (index.mjs + statically imported chunks); all KB = every module, on-demand chunks included; map KB = source maps of the init files');
  lines.push(header);
  lines.push(`  ${'-'.repeat(header.length - 2)}`);
  for (const row of rows) {
    const misses = [
      ...(row.bytes > COLD_START_GOALS.maxBundleBytes ? [`size > ${COLD_START_GOALS.maxBundleBytes / 1024} KB`] : []),
      ...(row.deployed.p50Ms > COLD_START_GOALS.maxInitP50Ms ? [`init > ${COLD_START_GOALS.maxInitP50Ms} ms`] : []),
    ];
    lines.push(
      `  ${pad(row.name, 30, true)} ${pad(kb(row.bytes), 7)} ${pad(kb(row.totalBytes), 7)} ${pad(kb(row.mapBytes), 8)}  ${pad(row.plain.p50Ms.toFixed(1), 9)} ${pad(row.plain.p95Ms.toFixed(1), 7)}  ${pad(row.sourceMaps.p50Ms.toFixed(1), 10)} ${pad(row.sourceMaps.p95Ms.toFixed(1), 7)}  ${pad(row.deployed.p50Ms.toFixed(1), 12)}  ${row.name === '(empty module)' ? 'baseline' : misses.length === 0 ? 'ok' : `MISSED: ${misses.join(', ')}`}`,
    );
  }
  return lines.join('\n');
}

export interface ColdStartOptions {
  stage: string;
  runs: number;
  out: string;
  /** Only functions whose name contains one of these (all when empty). */
  only: readonly string[];
  /** Also measure init + first request for the functions with a probe (bin/bench/firstRequest.ts). */
  firstRequest?: boolean;
}

/** The init + first request table (ms, p50 over the runs): wall time and the process's CPU time. */
export function renderFirstRequest(rows: readonly FirstRequestRow[], runs: number): string {
  const lines = [`Init + first request (a DynamoDB stand-in over local HTTPS answers at once), p50 over ${runs} fresh processes; CPU = user + system time of the process`];
  lines.push(`  ${pad('function', 16, true)} ${pad('init', 8)} ${pad('+ first', 8)} ${pad('first', 8)}   ${pad('CPU init', 9)} ${pad('+ first', 8)} ${pad('first', 8)}`);
  for (const row of rows) {
    lines.push(
      `  ${pad(row.name, 16, true)} ${pad(row.init.p50Ms.toFixed(1), 8)} ${pad(row.initPlusFirst.p50Ms.toFixed(1), 8)} ${pad((row.initPlusFirst.p50Ms - row.init.p50Ms).toFixed(1), 8)}   ${pad(row.initCpu.p50Ms.toFixed(1), 9)} ${pad(row.initPlusFirstCpu.p50Ms.toFixed(1), 8)} ${pad((row.initPlusFirstCpu.p50Ms - row.initCpu.p50Ms).toFixed(1), 8)}`,
    );
  }
  return lines.join('\n');
}

/**
 * `npm run bench -- coldstart`: synthesizes the stage with bundling (as `cdk synth` does), then for
 * every function imports its bundle in `runs` fresh Node processes with and without source-map
 * support, beside an empty module. Prints the table, writes JSON, and returns whether every function
 * met the size and init goals.
 */
export async function runColdStartBench(options: ColdStartOptions, meta: { commit: string | undefined }): Promise<boolean> {
  console.log(`bench: synthesizing stage ${options.stage} with bundling (local esbuild)…`);
  const synthStarted = Date.now();
  const { outdir, bundles } = await synthesizeBundles(options.stage);
  console.log(`bench: ${bundles.length} functions bundled in ${((Date.now() - synthStarted) / 1000).toFixed(1)} s (${outdir})`);
  const selected: FunctionBundle[] = options.only.length === 0 ? bundles : bundles.filter((b) => options.only.some((o) => b.name.includes(o)));

  const emptyDir = mkdtempSync(join(tmpdir(), 'cairn-empty-'));
  const emptyFile = join(emptyDir, 'index.mjs');
  writeFileSync(emptyFile, 'export const handler = async () => ({});\n');
  const rows: ColdStartRow[] = [];
  const firstRequestRows: FirstRequestRow[] = [];
  try {
    rows.push(measureRow('(empty module)', emptyFile, { bytes: 0, totalBytes: 0, mapBytes: 0 }, '', options.runs));
    for (const bundle of selected) {
      process.stdout.write(`bench: ${bundle.name}…\r`);
      rows.push(measureRow(bundle.name, bundle.file, bundle, bundle.nodeOptions, options.runs));
    }
    const probes = options.firstRequest ? FIRST_REQUEST_PROBES.filter((probe) => selected.some((b) => b.name === probe.name)) : [];
    if (probes.length > 0) {
      const dynamoDb = await startEmptyDynamoDb();
      try {
        for (const probe of probes) {
          process.stdout.write(`bench: ${probe.name} first request…\r`);
          firstRequestRows.push(await measureFirstRequest(selected.find((b) => b.name === probe.name)!.file, probe, dynamoDb.endpoint, options.runs, { PATH: process.env.PATH ?? '', ...INIT_ENV }));
        }
      } finally {
        await dynamoDb.stop();
      }
    }
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  }
  const functions = rows.slice(1);
  const ok = functions.every((row) => row.bytes <= COLD_START_GOALS.maxBundleBytes && row.deployed.p50Ms <= COLD_START_GOALS.maxInitP50Ms);
  const machine = machineInfo();
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify(
      {
        benchmark: 'coldstart',
        finishedAt: new Date().toISOString(),
        commit: meta.commit ?? null,
        machine,
        stage: options.stage,
        runs: options.runs,
        goals: COLD_START_GOALS,
        method: {
          bundles: 'the function assets of `cdk synth` with bundling (local esbuild, lib/constructs/lambdaBundle.ts); bytes = index.mjs plus the chunks it imports statically, totalBytes = every .mjs of the asset',
          init: 'time of `await import(bundle)` in a fresh Node process per sample (process start-up excluded), with the environment a function sees at init; plain and with --enable-source-maps; "deployed" uses the function\'s NODE_OPTIONS',
          percentiles: 'nearest rank',
        },
        rows,
        firstRequest: firstRequestRows,
        ok,
      },
      null,
      2,
    )}\n`,
  );
  console.log('');
  console.log(`Machine: ${String(machine.cpus)} × ${String(machine.cpuModel)}, load average ${(machine.loadAverage as number[]).join(' / ')}`);
  console.log(renderColdStart(rows, options.runs));
  if (firstRequestRows.length > 0) console.log(`\n${renderFirstRequest(firstRequestRows, options.runs)}`);
  console.log(`\nbench: figures written to ${options.out}`);
  return ok;
}
