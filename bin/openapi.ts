// Writes docs/openapi.json from the route table (npm run openapi).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../shared/routes/openApiDocument.js';
import { ROUTES } from '../shared/routes/routeTable.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const out = join(root, 'docs', 'openapi.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(ROUTES, { version }), null, 2)}\n`);
console.log(`wrote ${out.slice(root.length + 1)}`);
