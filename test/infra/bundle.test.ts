import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { INIT_ENV } from '../../bin/bench/coldStart.js';
import { FIRST_REQUEST_PROBES, measureFirstRequest, startEmptyDynamoDb } from '../../bin/bench/firstRequest.js';
import { functionBundles, staticClosure, type FunctionBundle } from '../../bin/bench/functionBundles.js';
import { ENDPOINT_GROUPS } from '../../shared/routes/routeTable.js';
import { ceilingOf, overCeiling } from './bundleCeilings.js';
import { synthStage } from './synth.js';

const BUILTINS = new Set(builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])));

const BOOT_ENV = { PATH: process.env.PATH ?? '', TABLE_NAME: 't', AUTH_ISSUER: 'https://issuer.example', AUTH_AUDIENCE: 'a', AUTH_JWKS_URI: 'https://issuer.example/jwks', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'us-east-1' };

function runModule(script: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: BOOT_ENV });
}

// One bundled synth for the whole file (bundling every function is the slow part of the infra suite):
// the functions exactly as `cdk deploy` would upload them (local esbuild, no Docker).
const { outdir, synthError, template } = synthStage('dev', { bundle: true });
const bundles: FunctionBundle[] = synthError ? [] : functionBundles(outdir, template().toJSON(), 'dev');
const bundleOf = (name: string) => {
  const found = bundles.find((b) => b.name === name);
  if (!found) throw new Error(`no bundle for function ${name}`);
  return found;
};

describe('Lambda bundles', () => {
  it('synthesize with every function bundled', () => {
    expect(synthError).toBeUndefined();
    expect(bundles.length).toBeGreaterThanOrEqual(ENDPOINT_GROUPS.length);
  });

  it('are minified split ESM with external source maps and no --enable-source-maps', () => {
    for (const bundle of bundles) {
      const files = readdirSync(bundle.dir);
      expect(files).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']));
      expect(bundle.nodeOptions).not.toContain('--enable-source-maps');
    }
  });

  // Issue 17: a cold start's bytes per function, each under its ceiling (test/infra/bundleCeilings.ts).
  it.each(ENDPOINT_GROUPS.map((g) => g.name).concat(['saga-charge', 'saga-notify', 'job-leaderboard-refresh', 'analytics-aggregateTenant', 'pre-token-generation']))(
    '%s stays under its size ceiling',
    (name) => {
      expect(bundleOf(name).bytes / 1024).toBeLessThanOrEqual(ceilingOf(name));
    },
  );

  it('every function stays under its size ceiling', () => {
    expect(overCeiling(bundles)).toEqual([]);
  });

  it('fails a function whose ceiling is lowered below its size (1 KB under it)', () => {
    for (const bundle of bundles) {
      const lowered = Math.ceil(bundle.bytes / 1024) - 1;
      expect(overCeiling([bundle], () => lowered)).toEqual([`${bundle.name}: ${(bundle.bytes / 1024).toFixed(1)} KB > ${lowered} KB`]);
    }
  });

  it('gives the system function the API reference page\'s files beside its code, outside what a cold start loads (issue 22)', () => {
    const system = bundleOf('system');
    expect(readdirSync(join(system.dir, 'api-docs')).sort()).toEqual(['favicon-32x32.png', 'openapi.json', 'swagger-ui-bundle.js', 'swagger-ui.css']);
    for (const other of bundles.filter((b) => b.name !== 'system')) expect(readdirSync(other.dir)).not.toContain('api-docs');
  });

  it('loads Stripe and the Step Functions client only on demand', () => {
    for (const name of ['payments', 'enrollment', 'saga-charge', 'saga-notify']) {
      const bundle = bundleOf(name);
      // The SDKs are in the asset (on-demand chunks) but not in what a cold start loads.
      expect(bundle.totalBytes - bundle.bytes).toBeGreaterThan(100 * 1024);
    }
  });

  it('loads the Bedrock client only on demand in the AI functions', () => {
    for (const name of ['assistant', 'chat', 'chatStream']) {
      const bundle = bundleOf(name);
      const modules = readdirSync(bundle.dir).filter((file) => file.endsWith('.mjs'));
      const bedrockChunk = modules.find((file) => readFileSync(join(bundle.dir, file), 'utf8').includes('AmazonBedrockFrontendService'));
      expect({ name, bedrockChunk: bedrockChunk !== undefined }).toEqual({ name, bedrockChunk: true });
      expect(staticClosure(bundle.dir, 'index.mjs')).not.toContain(bedrockChunk);
    }
  });

  // Issue 17: the S3 SDK is a self-contained chunk (lib/constructs/lambdaBundle.ts SELF_CONTAINED_CHUNKS),
  // loaded by the first call that touches a file; its share of the SDK core stays out of init.
  it('loads the S3 SDK only on demand, from a self-contained chunk', () => {
    for (const name of ['reports', 'report-worker', 'job-scheduled-reports', 'media']) {
      const bundle = bundleOf(name);
      const init = staticClosure(bundle.dir, 'index.mjs');
      expect({ name, chunk: readdirSync(bundle.dir).includes('s3Sdk.mjs'), inInit: init.includes('s3Sdk.mjs') }).toEqual({ name, chunk: true, inInit: false });
      const initCode = init.map((file) => readFileSync(join(bundle.dir, file), 'utf8')).join('\n');
      // S3's XML protocol is not in what a cold start loads.
      expect({ name, xml: initCode.includes('aws.protocols#restXml') }).toEqual({ name, xml: false });
    }
  });

  it('report functions carry the report fonts, keep canvas external and load the PDF renderer only on demand', () => {
    for (const name of ['reports', 'report-worker', 'job-scheduled-reports']) {
      const bundle = bundleOf(name);
      expect({ name, fonts: readdirSync(join(bundle.dir, 'fonts')).sort() }).toEqual({ name, fonts: ['Inter_400Regular.ttf', 'Inter_600SemiBold.ttf'] });
      const modules = readdirSync(bundle.dir).filter((file) => file.endsWith('.mjs'));
      // vega's optional canvas import stays an import (canvas is not installed; vega falls back to SVG).
      expect(modules.some((file) => /import\(\s*"canvas"\s*\)|from\s*"canvas"/.test(readFileSync(join(bundle.dir, file), 'utf8')))).toBe(true);
      // pdfkit, fontkit and vega are in the asset (~2 MB) but not in what a cold start loads.
      const pdfChunk = modules.find((file) => file.startsWith('reportPdf-'));
      expect({ name, pdfChunk: pdfChunk !== undefined }).toEqual({ name, pdfChunk: true });
      expect(staticClosure(bundle.dir, 'index.mjs')).not.toContain(pdfChunk);
      expect(bundle.totalBytes - bundle.bytes).toBeGreaterThan(1024 * 1024);
    }
  });

  it('boot on the Lambda runtime: each API group answers its catch-all with 404', () => {
    for (const group of ENDPOINT_GROUPS) {
      const script = `
        const m = await import(${JSON.stringify(pathToFileURL(bundleOf(group.name).file).href)});
        const r = await m.handler({ version: '2.0', routeKey: '$default', rawPath: '/nope', rawQueryString: '', headers: {},
          requestContext: { http: { method: 'GET', path: '/nope', sourceIp: '127.0.0.1' }, requestId: 'boot-test-1' }, isBase64Encoded: false }, {});
        process.stdout.write(JSON.stringify({ status: r.statusCode, body: JSON.parse(r.body) }));`;
      const run = runModule(script);
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { status: number; body: { error: { code: string } } };
      expect(out.status).toBe(404);
      expect(out.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('answer a read route through the bundled light DynamoDB client, signed, over HTTPS, with no ES import of a built-in (issue 17)', async () => {
    const dynamoDb = await startEmptyDynamoDb();
    try {
      for (const probe of FIRST_REQUEST_PROBES) {
        const before = dynamoDb.requests.length;
        // Throws unless the bundled handler answers the probe's status (200) in a fresh process.
        await measureFirstRequest(bundleOf(probe.name).file, probe, dynamoDb.endpoint, 1, { PATH: process.env.PATH ?? '', ...INIT_ENV });
        const sent = dynamoDb.requests.slice(before);
        expect({ name: probe.name, some: sent.length > 0 }).toEqual({ name: probe.name, some: true });
        for (const request of sent) {
          expect(request.target).toMatch(/^DynamoDB_20120810\.(GetItem|Query|BatchGetItem|UpdateItem|PutItem|TransactWriteItems)$/);
          expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=cairnlocal\/\d{8}\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
        }
      }
    } finally {
      await dynamoDb.stop();
    }
    for (const bundle of bundles) {
      for (const file of staticClosure(bundle.dir, 'index.mjs')) {
        const code = readFileSync(join(bundle.dir, file), 'utf8');
        const esImports = [...code.matchAll(/(?:import|from)\s*"([^"]+)"/g)].map((m) => m[1]!).filter((specifier) => BUILTINS.has(specifier));
        expect({ name: bundle.name, file, esImports }).toEqual({ name: bundle.name, file, esImports: [] });
      }
    }
  });

  it('boot on the Lambda runtime: every other function loads and exports its handler', () => {
    const groups = new Set(ENDPOINT_GROUPS.map((g) => g.name));
    for (const bundle of bundles.filter((b) => !groups.has(b.name))) {
      const run = runModule(`const m = await import(${JSON.stringify(pathToFileURL(bundle.file).href)}); process.stdout.write(typeof m.handler);`);
      expect({ name: bundle.name, out: run.stdout, err: run.stderr }).toEqual({ name: bundle.name, out: 'function', err: '' });
    }
  });
});
