import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { StageContext } from '../../lib/stageConfig.js';

export interface SynthesizedStage {
  /** The cloud assembly: `Cairn-<stage>.template.json`, and `validation-report.json` with `nag`. */
  outdir: string;
  synthError: unknown;
  template: () => Template;
  /** The nested stack holding the HTTP API's routes, integrations and invoke permissions (issue 22). */
  routesTemplate: () => Template;
  /** A nested stack's template, by the nested stack's construct id (`Routes`, `PrivacyStack`). */
  nestedTemplate: (id: string) => Template;
}

type SynthOptions = { bundle?: boolean; nag?: boolean; context?: StageContext };

interface CacheEntry {
  outdir: string;
  synthError: string | null;
  /** Each nested stack's template file in `outdir`, by construct id. */
  nestedTemplateFiles?: Record<string, string>;
}

/**
 * The run's synth cache (issue 17, CI time): test/globalSetup.js sets CAIRN_SYNTH_CACHE to a fresh
 * folder per `jest` run (a private one is used without it). Synthesizing the stack is most of an infra
 * test file's time, and several files synthesize the same stage with the same options (prod with
 * cdk-nag in five of them), so the first one records the cloud assembly there and the others read its
 * template. Per run, never across runs: a code change is always synthesized anew. Bundled synths are
 * never shared.
 */
const cacheDir = (): string => (process.env.CAIRN_SYNTH_CACHE ??= mkdtempSync(join(tmpdir(), 'cairn-synth-cache-')));

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Synthesizes the real stack for a stage the way bin/app.ts does (bundling optional: it is slow), in a
 * child Node process (test/infra/synthWorker.ts), so a test file loads the CDK app only when it has to
 * synthesize, and never inside Jest's module registry. One worker synthesizes a given stage and options
 * per run; another asking for it meanwhile waits for that assembly.
 */
export function synthStage(stage: string, options: SynthOptions = {}): SynthesizedStage {
  const key = createHash('sha256').update(JSON.stringify([stage, options.nag === true, options.context ?? {}])).digest('hex').slice(0, 16);
  const entryFile = options.bundle ? join(mkdtempSync(join(tmpdir(), 'cairn-synth-')), 'entry.json') : join(cacheDir(), `${key}.json`);
  if (!existsSync(entryFile)) {
    let owner = true;
    try {
      closeSync(openSync(`${entryFile}.lock`, 'wx'));
    } catch {
      owner = false; // another worker is synthesizing it
    }
    if (owner) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'synthWorker.ts'), stage, JSON.stringify(options), entryFile], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
        maxBuffer: 64 * 1024 * 1024,
      });
      // A worker that died before writing its entry: the error is the entry, so no one waits for it.
      if (!existsSync(entryFile)) writeFileSync(entryFile, JSON.stringify({ outdir: '', synthError: `synth of ${stage} failed (exit ${String(run.status)}): ${run.stderr}` } satisfies CacheEntry));
    } else {
      for (const started = Date.now(); !existsSync(entryFile) && Date.now() - started < 10 * 60_000; ) sleep(200);
    }
  }
  const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as CacheEntry;
  let template: Template | undefined;
  const nested = new Map<string, Template>();
  const nestedTemplate = (id: string): Template => {
    const file = entry.nestedTemplateFiles?.[id];
    if (!file) throw new Error(`no nested stack ${id} in the synth of ${stage}`);
    if (!nested.has(id)) nested.set(id, Template.fromJSON(JSON.parse(readFileSync(join(entry.outdir, file), 'utf8')) as Record<string, unknown>));
    return nested.get(id)!;
  };
  return {
    outdir: entry.outdir,
    synthError: entry.synthError === null ? undefined : new Error(entry.synthError),
    template: () => (template ??= Template.fromJSON(JSON.parse(readFileSync(join(entry.outdir, `Cairn-${stage}.template.json`), 'utf8')) as Record<string, unknown>)),
    routesTemplate: () => nestedTemplate('Routes'),
    nestedTemplate,
  };
}
