import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { synthStage } from './synth.js';

// Bundles the functions exactly as `cdk deploy` would (local esbuild, no Docker) and boots each
// bundle in a separate Node process of the Lambda runtime's major, invoking the catch-all route.
describe('Lambda bundles', () => {
  it('bundle as minified ESM with source maps and boot on the Lambda runtime', () => {
    const { outdir, synthError } = synthStage('dev', { bundle: true });
    expect(synthError).toBeUndefined();
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
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
  });
});
