import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CairnStack } from '../../lib/cairnStack.js';
import { stageConfig, type StageContext } from '../../lib/stageConfig.js';
import { ENDPOINT_GROUPS, ROUTES } from '../../shared/routes/routeTable.js';

export interface SynthesizedStage {
  /** The cloud assembly: `Cairn-<stage>.template.json`, and `validation-report.json` with `nag`. */
  outdir: string;
  synthError: unknown;
  template: () => Template;
}

type SynthOptions = { bundle?: boolean; nag?: boolean; context?: StageContext };

/**
 * The run's synth cache (issue 17, CI time): test/globalSetup.js sets CAIRN_SYNTH_CACHE to a fresh
 * folder per `jest` run. Synthesizing the stack is the slow part of most infra test files, and several
 * of them synthesize the same stage with the same options (prod with cdk-nag in five files), so the
 * first file to synthesize a stage records its cloud assembly there and the others read the template
 * from it. Per run, never across runs: a code change is always synthesized anew. Bundled synths are not
 * shared (one file uses them).
 */
function cacheEntryOf(stage: string, options: SynthOptions): string | undefined {
  const dir = process.env.CAIRN_SYNTH_CACHE;
  if (!dir || options.bundle) return undefined;
  const key = createHash('sha256').update(JSON.stringify([stage, options.nag === true, options.context ?? {}])).digest('hex').slice(0, 16);
  return join(dir, `${key}.json`);
}

interface CacheEntry {
  outdir: string;
  synthError: string | null;
}

const templateFile = (outdir: string, stage: string) => join(outdir, `Cairn-${stage}.template.json`);

/**
 * Synthesizes the real stack for a stage the way bin/app.ts does (bundling optional: it is slow), or
 * reads the same stage and options from the run's synth cache.
 */
export function synthStage(stage: string, options: SynthOptions = {}): SynthesizedStage {
  const entryFile = cacheEntryOf(stage, options);
  if (entryFile && existsSync(entryFile)) {
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as CacheEntry;
    let template: Template | undefined;
    return {
      outdir: entry.outdir,
      synthError: entry.synthError === null ? undefined : new Error(entry.synthError),
      template: () => (template ??= Template.fromJSON(JSON.parse(readFileSync(templateFile(entry.outdir, stage), 'utf8')) as Record<string, unknown>)),
    };
  }
  const outdir = mkdtempSync(join(tmpdir(), 'cairn-cdk-'));
  const app = new App({ outdir, context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CairnStack(app, `Cairn-${stage}`, {
    stage: stageConfig(stage, options.context),
    groups: ENDPOINT_GROUPS,
    routes: ROUTES,
    env: { region: 'us-east-1' },
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let synthError: unknown;
  try {
    app.synth();
  } catch (err) {
    synthError = err;
  }
  if (entryFile && existsSync(templateFile(outdir, stage))) {
    // Written whole, then renamed: a worker never reads half an entry (two workers may both write one).
    const entry: CacheEntry = { outdir, synthError: synthError === undefined ? null : String((synthError as Error).message ?? synthError) };
    writeFileSync(`${entryFile}.${process.pid}`, JSON.stringify(entry));
    renameSync(`${entryFile}.${process.pid}`, entryFile);
  }
  return { outdir, synthError, template: () => Template.fromStack(stack) };
}
