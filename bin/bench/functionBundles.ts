import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One Lambda's bundle as `cdk synth` writes it: the asset folder's `index.mjs` and its source map. */
export interface FunctionBundle {
  /** The deployed function name without the `cairn-<stage>-` prefix (`payments`, `saga-charge`, …). */
  name: string;
  functionName: string;
  dir: string;
  /** Absolute path of the bundle's entry module. */
  file: string;
  /**
   * Bytes a cold start loads: `index.mjs` and every chunk it imports statically, transitively
   * (minified, AWS SDK included). The size goal and ceilings apply to this.
   */
  bytes: number;
  /** Bytes of every `.mjs` in the asset, the chunks only a dynamic `import()` loads included. */
  totalBytes: number;
  /** Bytes of the source maps of the files a cold start loads (0 when absent). */
  mapBytes: number;
  /** The function's NODE_OPTIONS as deployed ('' when unset). */
  nodeOptions: string;
}

interface TemplateFunction {
  Properties: { FunctionName?: string; Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
}

/**
 * Every Lambda function of a synthesized template with its bundle in the cloud assembly `outdir`,
 * sorted by name. Functions are found through their code asset (`Code.S3Key` = `<hash>.zip` →
 * `asset.<hash>/`), so this reads exactly what `cdk deploy` would upload.
 */
export function functionBundles(outdir: string, template: { Resources?: Record<string, { Type: string } & Partial<TemplateFunction>> }, stage: string): FunctionBundle[] {
  const bundles: FunctionBundle[] = [];
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const props = (resource as TemplateFunction).Properties;
    const key = props.Code?.S3Key;
    const functionName = props.FunctionName;
    if (typeof key !== 'string' || typeof functionName !== 'string') continue; // CDK's own helper functions (inline code)
    const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    const file = join(dir, 'index.mjs');
    const loaded = staticClosure(dir, 'index.mjs');
    const nodeOptions = props.Environment?.Variables?.NODE_OPTIONS;
    bundles.push({
      name: functionName.replace(`cairn-${stage}-`, ''),
      functionName,
      dir,
      file,
      bytes: loaded.reduce((sum, name) => sum + sizeOf(join(dir, name)), 0),
      totalBytes: listModules(dir).reduce((sum, name) => sum + sizeOf(join(dir, name)), 0),
      mapBytes: loaded.reduce((sum, name) => sum + sizeOf(join(dir, `${name}.map`)), 0),
      nodeOptions: typeof nodeOptions === 'string' ? nodeOptions : '',
    });
  }
  return bundles.sort((a, b) => a.name.localeCompare(b.name));
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function listModules(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.mjs'));
  } catch {
    return [];
  }
}

/**
 * The files of a split esbuild bundle that loading `entry` loads: the entry and the chunks reached
 * through static imports (`import … from "./chunk.mjs"`, `import "./chunk.mjs"`), not those reached
 * only through a dynamic `import("./chunk.mjs")`, which load when the code that needs them runs.
 */
export function staticClosure(dir: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    let code: string;
    try {
      code = readFileSync(join(dir, name), 'utf8');
    } catch {
      return;
    }
    for (const match of code.matchAll(/(import\(\s*)?["'`]\.\/([^"'`]+\.mjs)["'`]/g)) {
      if (!match[1]) visit(match[2] as string);
    }
  };
  visit(entry);
  return [...seen];
}

/**
 * Synthesizes a stage's stack with bundling (local esbuild, as `cdk synth -c stage=<stage>` does) into a
 * fresh temporary folder and lists its function bundles.
 */
export async function synthesizeBundles(stage: string): Promise<{ outdir: string; bundles: FunctionBundle[] }> {
  // Imported here, not at the top: the CDK app is heavy, and the listing helpers above need none of it.
  const [{ App }, { CairnStack }, { stageConfig }, { ENDPOINT_GROUPS, ROUTES }] = await Promise.all([
    import('aws-cdk-lib'),
    import('../../lib/cairnStack.js'),
    import('../../lib/stageConfig.js'),
    import('../../shared/routes/routeTable.js'),
  ]);
  const outdir = mkdtempSync(join(tmpdir(), 'cairn-bundles-'));
  const app = new App({ outdir });
  const stack = new CairnStack(app, `Cairn-${stage}`, {
    stage: stageConfig(stage),
    groups: ENDPOINT_GROUPS,
    routes: ROUTES,
    env: { region: 'us-east-1' },
  });
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as Parameters<typeof functionBundles>[1];
  return { outdir, bundles: functionBundles(outdir, template, stage) };
}
