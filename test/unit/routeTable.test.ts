import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../../shared/routes/openApiDocument.js';
import { RATE_CLASSES } from '../../shared/routes/rateClasses.js';
import { ENDPOINT_GROUPS, ROUTES } from '../../shared/routes/routeTable.js';
import { routeKeyOf } from '../../shared/routes/types.js';

describe('route table', () => {
  it('has unique ids and unique API Gateway route keys (trailing slashes ignored)', () => {
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map(routeKeyOf)).size).toBe(ROUTES.length);
  });

  it('names only declared groups and rate classes, and has exactly one $default route', () => {
    const groups = new Set(ENDPOINT_GROUPS.map((g) => g.name));
    for (const route of ROUTES) {
      expect(groups).toContain(route.group);
      expect(Object.keys(RATE_CLASSES)).toContain(route.rateClass);
    }
    expect(ROUTES.filter((r) => r.path === '$default')).toHaveLength(1);
  });

  it('gives every group a Lambda entry whose handlers match its routes', async () => {
    for (const group of ENDPOINT_GROUPS) {
      const entry = join(process.cwd(), 'lambdas', group.name, 'handler.ts');
      expect(existsSync(entry)).toBe(true);
      // Importing constructs the handler, which throws when a route lacks a handler or vice versa.
      const module = (await import(`../../lambdas/${group.name}/handler.js`)) as { handler: unknown };
      expect(typeof module.handler).toBe('function');
    }
  });

  it('uses API Gateway path syntax', () => {
    for (const route of ROUTES.filter((r) => r.path !== '$default')) {
      expect(route.path).toMatch(/^(\/([A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9_]*\+?\}))+\/?$/);
    }
  });
});

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument(ROUTES, { version: 'test' }) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string }>>;
  };

  it('is OpenAPI 3.1 with one operation per routed entry of the table', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`));
    const expected = ROUTES.filter((r) => r.path !== '$default').map((r) => `${r.method} ${r.path} ${r.id}`);
    expect(operations.sort()).toEqual(expected.sort());
  });

  it('is committed up to date in docs/openapi.json (run `npm run openapi`)', () => {
    const { version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'openapi.json'), 'utf8'));
    expect(committed).toEqual(buildOpenApiDocument(ROUTES, { version }));
  });
});
