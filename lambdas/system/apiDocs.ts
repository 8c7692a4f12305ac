import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { apiDocsLocation, DOCS_ASSETS, DOCS_CONTENT_SECURITY_POLICY, REFERENCE_HTML, REFERENCE_SCRIPT, type DocsAsset } from '../../shared/docs/referencePage.js';
import type { RouteHandler, RouteResult } from '../../shared/http/routeHandler.js';

/**
 * The reference page's routes (issue 22). Files are read from disk on first use and kept with their
 * gzip form for the life of the instance: Swagger UI's bundle is ~1.7 MB, ~0.5 MB compressed, and
 * read only when someone opens the page, never at a cold start.
 */
const cache = new Map<string, Promise<{ plain: Buffer; gzip: Buffer }>>();

function load(key: string, read: () => Promise<Buffer>): Promise<{ plain: Buffer; gzip: Buffer }> {
  let entry = cache.get(key);
  if (!entry) {
    entry = read().then((plain) => ({ plain, gzip: gzipSync(plain) }));
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

function acceptsGzip(headers: Record<string, string | undefined> | undefined): boolean {
  return /\bgzip\b/.test(headers?.['accept-encoding'] ?? '');
}

async function fileResult(key: string, contentType: string, read: () => Promise<Buffer>, headers: Record<string, string | undefined> | undefined, extraHeaders: Record<string, string>): Promise<RouteResult> {
  const { plain, gzip } = await load(key, read);
  const text = contentType.startsWith('text/') || contentType.startsWith('application/json');
  if (acceptsGzip(headers)) {
    return { raw: { body: gzip.toString('base64'), contentType, base64: true }, headers: { ...extraHeaders, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } };
  }
  return { raw: text ? { body: plain.toString('utf8'), contentType } : { body: plain.toString('base64'), contentType, base64: true }, headers: { ...extraHeaders, Vary: 'Accept-Encoding' } };
}

/** GET /docs: the page, with its own content security policy. */
export const docsPage: RouteHandler = async () => ({
  raw: { body: REFERENCE_HTML, contentType: 'text/html; charset=utf-8' },
  headers: { 'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-cache' },
});

/** GET /docs/{asset}: Swagger UI's files from swagger-ui-dist, and the page's start-up script. */
export const docsAsset: RouteHandler = async ({ params, event }) => {
  const asset = (params as { asset: DocsAsset }).asset;
  const read = asset === 'reference.js' ? async () => Buffer.from(REFERENCE_SCRIPT) : () => readFile(join(apiDocsLocation().assetsDir, asset));
  return fileResult(asset, DOCS_ASSETS[asset], read, event.headers, { 'Cache-Control': 'public, max-age=3600' });
};

/** GET /openapi.json: the document generated at build time (docs/openapi.json, copied beside the bundle). */
export const openApi: RouteHandler = async ({ event }) =>
  fileResult('openapi.json', 'application/json; charset=utf-8', () => readFile(apiDocsLocation().documentPath), event.headers, { 'Cache-Control': 'no-cache' });
