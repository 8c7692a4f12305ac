import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { ENDPOINT_GROUPS } from '../../shared/routes/routeTable.js';
import { synthStage } from './synth.js';

// Bundles the functions exactly as `cdk deploy` would (local esbuild, no Docker) and boots each
// bundle in a separate Node process of the Lambda runtime's major, invoking the catch-all route.
describe('Lambda bundles', () => {
  it('bundle as minified ESM with source maps and boot on the Lambda runtime', () => {
    const { outdir, synthError, template } = synthStage('dev', { bundle: true });
    expect(synthError).toBeUndefined();
    expect(readdirSync(outdir).filter((name) => name.startsWith('asset.')).length).toBeGreaterThan(0);
    // Each API group's function, found through its code asset, answers the catch-all route.
    const functions = Object.values(template().findResources('AWS::Lambda::Function')) as {
      Properties: { FunctionName: string; Code: { S3Key: string } };
    }[];
    const apiAssets = ENDPOINT_GROUPS.map((group) => {
      const fn = functions.find((f) => f.Properties.FunctionName === `cairn-dev-${group.name}`);
      return `asset.${fn?.Properties.Code.S3Key.replace(/\.zip$/, '')}`;
    });
    for (const asset of apiAssets) {
      const files = readdirSync(join(outdir, asset));
      expect(files).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']));
      const script = `
        const m = await import(${JSON.stringify(pathToFileURL(join(outdir, asset, 'index.mjs')).href)});
        const r = await m.handler({ version: '2.0', routeKey: '$default', rawPath: '/nope', rawQueryString: '', headers: {},
          requestContext: { http: { method: 'GET', path: '/nope', sourceIp: '127.0.0.1' }, requestId: 'boot-test-1' }, isBase64Encoded: false }, {});
        process.stdout.write(JSON.stringify({ status: r.statusCode, body: JSON.parse(r.body) }));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, TABLE_NAME: 't', AUTH_ISSUER: 'https://issuer.example', AUTH_AUDIENCE: 'a', AUTH_JWKS_URI: 'https://issuer.example/jwks', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'us-east-1' },
      });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { status: number; body: { error: { code: string } } };
      expect(out.status).toBe(404);
      expect(out.body.error.code).toBe('NOT_FOUND');
    }
    // The Cognito trigger's bundle loads and exports its handler.
    const trigger = functions.find((f) => f.Properties.FunctionName === 'cairn-dev-pre-token-generation');
    const triggerModule = pathToFileURL(join(outdir, `asset.${trigger?.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs')).href;
    const loaded = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(triggerModule)}); process.stdout.write(typeof m.handler);`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, TABLE_NAME: 't', AWS_REGION: 'us-east-1' },
    });
    expect(loaded.stdout).toBe('function');
  });
});
