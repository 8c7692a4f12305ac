import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toApiGatewayEvent } from '../../bin/local/apiGatewayEvent.js';
import { bundleLambda } from '../../lib/constructs/lambdaBundle.js';
import { CATCH_ALL_ROUTE } from '../../shared/routes/catchAllRoute.js';

// Issue 22, the reference page in AWS: the system function's asset carries Swagger UI's files and the
// OpenAPI document as files in api-docs/ (not in the JavaScript a cold start loads), and the bundled
// handler serves them from $LAMBDA_TASK_ROOT/api-docs, run from a folder without node_modules.
const outdir = mkdtempSync(join(tmpdir(), 'cairn-system-'));
bundleLambda('lambdas/system/handler.ts', outdir, { apiDocs: true });

/** Invokes the bundled handler with the event API Gateway sends: these routes have no API route of their own, so `$default`. */
function invokeBundled(method: string, path: string, headers: Record<string, string> = {}) {
  const event = toApiGatewayEvent({ method, url: path, headers, sourceIp: '198.18.0.1' }, { route: CATCH_ALL_ROUTE, pathParameters: {} });
  if (event.routeKey !== '$default') throw new Error('expected a $default event');
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(join(outdir, 'index.mjs')).href)});
const result = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'r1', functionName: 'cairn-test-system', getRemainingTimeInMillis: () => 10000 });
process.stdout.write(JSON.stringify(result));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: mkdtempSync(join(tmpdir(), 'cairn-elsewhere-')),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { PATH: process.env.PATH ?? '', EVENT: JSON.stringify(event), LAMBDA_TASK_ROOT: outdir, TABLE_NAME: 't', AUTH_ISSUER: 'https://issuer.example', AUTH_AUDIENCE: 'a', AUTH_JWKS_URI: 'https://issuer.example/jwks', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'us-east-1' },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded?: boolean };
}

describe('API reference page in the system Lambda bundle', () => {
  it('carries Swagger UI and the committed OpenAPI document as files beside index.mjs', () => {
    expect(readdirSync(join(outdir, 'api-docs')).sort()).toEqual(['favicon-32x32.png', 'openapi.json', 'swagger-ui-bundle.js', 'swagger-ui.css']);
    expect(readFileSync(join(outdir, 'api-docs', 'openapi.json'), 'utf8')).toBe(readFileSync(join(process.cwd(), 'docs', 'openapi.json'), 'utf8'));
    // None of Swagger UI's code is in the function's JavaScript (its bundle opens with its licence banner).
    const banner = readFileSync(join(process.cwd(), 'node_modules', 'swagger-ui-dist', 'swagger-ui-bundle.js'), 'utf8').slice(0, 60);
    const withSwagger = readdirSync(outdir).filter((f) => f.endsWith('.mjs') && readFileSync(join(outdir, f), 'utf8').includes(banner));
    expect(withSwagger).toEqual([]);
  });

  it('serves the page, a file and the document from $LAMBDA_TASK_ROOT/api-docs, arriving through $default', () => {
    const page = invokeBundled('GET', '/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('/docs/swagger-ui-bundle.js');

    const css = invokeBundled('GET', '/docs/swagger-ui.css');
    expect(css.statusCode).toBe(200);
    expect(css.body).toBe(readFileSync(join(process.cwd(), 'node_modules', 'swagger-ui-dist', 'swagger-ui.css'), 'utf8'));

    const document = invokeBundled('GET', '/openapi.json');
    expect(document.statusCode).toBe(200);
    expect(JSON.parse(document.body)).toEqual(JSON.parse(readFileSync(join(process.cwd(), 'docs', 'openapi.json'), 'utf8')));

    // Anything else through $default is still the catch-all's 404.
    expect(invokeBundled('GET', '/docs/nested/file.js').statusCode).toBe(404);
  });
});
