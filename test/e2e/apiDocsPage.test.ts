import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { killLocalStack, NODE_ARGS, START_TIMEOUT_MS, startLocalStack } from '../support/localStackProcess.js';

// Issue 22 "Reference page": headless Chromium (Debian's `chromium`, installed by .ci/run) opens /docs
// on the local stack (`npm start`'s program) with every request to anything but the loopback blocked.
// The route list renders grouped by seed contract, each route shows its roles, rate limit and error
// codes, "try it" calls the API with a token from `npm run token`, and the console stays free of
// errors. Screenshots go to test-artifacts/ (git-ignored): api-docs.png (the groups) and
// api-docs-try-it.png (the route after "try it").
const root = process.cwd();
const artifacts = join(root, 'test-artifacts');
const TUTORIAL_PATH = '/v1/tutorials/progress/{tutorialId}';

/** Debian's chromium (or chromium-browser) from PATH; CHROMIUM_PATH overrides. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  throw new Error('Chromium was not found on PATH: install Debian\'s `chromium` (apt-get install chromium; .ci/run does it)');
}

const isLoopback = (url: string) => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
};

describe('API reference page in headless Chromium, offline', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const blocked: string[] = [];
  const failed: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack();
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1600 });
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (isLoopback(request.url())) return void request.continue();
      blocked.push(request.url());
      void request.abort('blockedbyclient');
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url ?? ''})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`));
    mkdirSync(artifacts, { recursive: true });
  }, START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await killLocalStack(stack);
  });

  it('renders every route grouped by seed contract, with no request leaving the machine and no console error', async () => {
    const response = await page.goto(`${stack.base}/docs`, { waitUntil: 'networkidle0', timeout: 60_000 });
    expect(response?.status()).toBe(200);
    await page.waitForSelector('h3.opblock-tag', { timeout: 30_000 });

    const openApi = (await (await fetch(`${stack.base}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags: string[] }>> };
    const expected = new Map<string, string[]>();
    for (const [path, methods] of Object.entries(openApi.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const tag of operation.tags) expected.set(tag, [...(expected.get(tag) ?? []), `${method.toUpperCase()} ${path}`]);
      }
    }
    // The page opens as the list of groups: one per area of a seed contract, seed by seed.
    const tags = await page.$$eval('h3.opblock-tag', (nodes) => nodes.map((n) => n.getAttribute('data-tag') ?? ''));
    expect(tags).toEqual([...expected.keys()].sort());
    for (const seed of ['000', '001', '002', '003', '004']) expect(tags.some((t) => t.startsWith(`Seed ${seed} · `))).toBe(true);
    for (const tag of tags) expect(tag).toMatch(/^Seed 00[0-4] · /);
    await page.screenshot({ path: join(artifacts, 'api-docs.png') });

    // Each group, opened, lists exactly its routes (method and path), then closes again.
    for (const tag of tags) {
      const header = `h3.opblock-tag[data-tag="${tag}"]`;
      await page.click(header);
      await page.waitForSelector(`.opblock-tag-section:has(${header}) .opblock`, { timeout: 10_000 });
      const routes = await page.$eval(header, (h) =>
        [...(h.closest('.opblock-tag-section')?.querySelectorAll('.opblock') ?? [])].map(
          (op) => `${op.querySelector('.opblock-summary-method')?.textContent ?? ''} ${op.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? ''}`,
        ),
      );
      expect({ tag, routes: routes.sort() }).toEqual({ tag, routes: [...(expected.get(tag) ?? [])].sort() });
      await page.click(header);
    }

    expect(blocked).toEqual([]);
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('shows a route\'s roles, rate limit and error codes, and "try it" calls the API with a token from npm run token', async () => {
    const minted = spawnSync(process.execPath, [...NODE_ARGS, 'bin/token.ts', '--user', 'u-docs', '--tenant', 'docs-e2e', '--role', 'learner'], { cwd: root, encoding: 'utf8' });
    expect(minted.status).toBe(0);

    await page.click('button.authorize');
    await page.waitForSelector('.modal-ux input[type=text]');
    await page.type('.modal-ux input[type=text]', minted.stdout.trim());
    await page.click('.modal-ux button.modal-btn.authorize');
    await page.click('.modal-ux button.btn-done');

    await page.click('h3.opblock-tag[data-tag="Seed 001 · tutorial progress"]');
    const operation = `.opblock-get:has(.opblock-summary-path[data-path="${TUTORIAL_PATH}"])`;
    await page.waitForSelector(operation);
    await page.click(`${operation} .opblock-summary-control`);
    await page.waitForSelector(`${operation} .opblock-description-wrapper`);
    const description = await page.$eval(`${operation} .opblock-description-wrapper`, (n) => n.textContent ?? '');
    expect(description).toContain('Roles: any signed-in member of the tenant.');
    expect(description).toContain('Rate limit: 60 per 60 s (tutorial-read)');
    expect(description).toContain('Error codes: 400 VALIDATION_ERROR, 401 AUTHENTICATION_FAILED, 403 AUTHORIZATION_DENIED, 429 RATE_LIMIT_EXCEEDED, 500 INTERNAL_ERROR');

    await page.click(`${operation} button.try-out__btn`);
    await page.type(`${operation} input[placeholder="tutorialId"]`, 'intro-to-docs');
    await page.click(`${operation} button.execute`);
    await page.waitForSelector(`${operation} .live-responses-table tr.response .response-col_status`, { timeout: 30_000 });
    const status = await page.$eval(`${operation} .live-responses-table tr.response .response-col_status`, (n) => n.textContent?.trim());
    expect(status).toBe('200');
    const body = await page.$eval(`${operation} .live-responses-table tr.response .response-col_description .highlight-code pre`, (n) => n.textContent ?? '');
    // Seed 001's default progress for a tutorial nobody has started.
    expect(JSON.parse(body)).toMatchObject({ tutorialId: 'intro-to-docs', userId: 'u-docs', completionPercentage: 0, chaptersCompleted: 0, chapterProgress: [], quizScores: [], certificateEarned: false });

    const element = await page.$(operation);
    await element?.screenshot({ path: join(artifacts, 'api-docs-try-it.png') });
    expect(blocked).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
