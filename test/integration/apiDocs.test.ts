import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { localLambdaContext, toApiGatewayEvent } from '../../bin/local/apiGatewayEvent.js';
import { handler as systemHandler } from '../../lambdas/system/handler.js';
import { CATCH_ALL_ROUTE } from '../../shared/routes/catchAllRoute.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';

// Issue 22: the API reference page and its files, served by the system group from swagger-ui-dist
// (no CDN) and docs/openapi.json; the browser test is test/e2e/apiDocsPage.test.ts.
const call = httpClient(ROUTES, { system: systemHandler });
const swaggerFile = (name: string) => readFileSync(join(process.cwd(), 'node_modules', 'swagger-ui-dist', name));

describe('API reference page', () => {
  it('serves /docs as HTML that loads only same-origin files, under its own content security policy', async () => {
    const page = await call({ method: 'GET', path: '/docs' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.rawBody).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
    expect(page.rawBody).toContain('<script src="/docs/reference.js"></script>');
    expect(page.rawBody).toContain('<link rel="stylesheet" href="/docs/swagger-ui.css">');
    expect(page.rawBody).not.toMatch(/(https?:)?\/\/[a-z]/i);
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-request-id']).toBeTruthy();
    expect(page.dynamoDbRequests).toBe(0);
  });

  it('answers /docs/ (trailing slash) with the same page', async () => {
    const page = await call({ method: 'GET', path: '/docs/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('serves Swagger UI\'s bundle byte for byte, gzip-compressed when the client accepts it', async () => {
    const plain = await call({ method: 'GET', path: '/docs/swagger-ui-bundle.js' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawBody).toBe(swaggerFile('swagger-ui-bundle.js').toString('utf8'));

    const gzipped = await call({ method: 'GET', path: '/docs/swagger-ui-bundle.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.isBase64Encoded).toBe(true);
    const compressed = Buffer.from(gzipped.rawBody ?? '', 'base64');
    expect(gunzipSync(compressed).equals(swaggerFile('swagger-ui-bundle.js'))).toBe(true);
    expect(compressed.length).toBeLessThan(swaggerFile('swagger-ui-bundle.js').length / 2);
    expect(gzipped.dynamoDbRequests).toBe(0);
  });

  it('serves the style sheet, the icon as binary and the start-up script that points at /openapi.json without the public validator', async () => {
    const css = await call({ method: 'GET', path: '/docs/swagger-ui.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.rawBody).toBe(swaggerFile('swagger-ui.css').toString('utf8'));
    const icon = await call({ method: 'GET', path: '/docs/favicon-32x32.png' });
    expect(icon.headers['content-type']).toBe('image/png');
    expect(icon.isBase64Encoded).toBe(true);
    expect(Buffer.from(icon.rawBody ?? '', 'base64').equals(swaggerFile('favicon-32x32.png'))).toBe(true);
    const script = await call({ method: 'GET', path: '/docs/reference.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.rawBody).toContain("url: '/openapi.json'");
    expect(script.rawBody).toContain('validatorUrl: null');
  });

  it('refuses any other file name with 400 naming params.asset', async () => {
    for (const path of ['/docs/package.json', '/docs/swagger-ui-bundle.js.map', '/docs/..%2Fpackage.json']) {
      const response = await call({ method: 'GET', path });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(JSON.stringify(response.body.error.details)).toContain('params.asset');
    }
  });

  it('serves /openapi.json as committed in docs/openapi.json', async () => {
    const response = await call({ method: 'GET', path: '/openapi.json' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual(JSON.parse(readFileSync(join(process.cwd(), 'docs', 'openapi.json'), 'utf8')));
  });

  describe('in AWS, through the $default route (the three routes have no API Gateway route of their own)', () => {
    const viaDefault = (method: string, path: string) =>
      systemHandler(toApiGatewayEvent({ method, url: path, headers: {}, sourceIp: '198.18.0.9' }, { route: CATCH_ALL_ROUTE, pathParameters: {} }), localLambdaContext('test-system'));

    it('serves the page, a file with its path parameter, and the document', async () => {
      const page = await viaDefault('GET', '/docs');
      expect(page.statusCode).toBe(200);
      expect(page.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
      const css = await viaDefault('GET', '/docs/swagger-ui.css');
      expect(css.statusCode).toBe(200);
      expect(css.body).toBe(swaggerFile('swagger-ui.css').toString('utf8'));
      expect((await viaDefault('GET', '/openapi.json')).statusCode).toBe(200);
    });

    it('validates the file name and answers anything else with the catch-all 404', async () => {
      const bad = await viaDefault('GET', '/docs/package.json');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('params.asset');
      for (const [method, path] of [['POST', '/docs'], ['GET', '/docs/a/b'], ['GET', '/api/v1/nothing-here']] as const) {
        const missing = await viaDefault(method, path);
        expect(missing.statusCode).toBe(404);
        expect(missing.body).toContain('NOT_FOUND');
      }
    });
  });
});
