import { spawnSync } from 'node:child_process';
import { createCairnClient } from '../../client/cairnClient.js';
import { killLocalStack, NODE_ARGS, spawnLocalStack, START_TIMEOUT_MS, startLocalStack } from '../support/localStackProcess.js';
import { freePort, portAccepts } from '../support/ports.js';
import { dirname } from 'node:path';

// Drives `npm start`'s program (bin/local.ts) as a separate process over real HTTP: DynamoDB Local,
// the table, the token issuer and the route table's routes, then Ctrl-C. Routes are called through the
// typed client (issue 22); the CORS preflight and the unknown path are API Gateway's behaviour, not routes
// of the contract, so they stay plain fetch calls.
const root = process.cwd();

describe('local stack (npm start)', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  let base: string;
  let apiPort: number;
  let dynamoPort: number;

  beforeAll(async () => {
    stack = await startLocalStack();
    base = stack.base;
    apiPort = stack.ports.api;
    dynamoPort = stack.ports.dynamo;
  }, START_TIMEOUT_MS + 10_000);

  afterAll(() => (stack ? killLocalStack(stack) : undefined));

  it('serves GET /api/v1/health with the table check healthy', async () => {
    const { data, response } = await createCairnClient({ baseUrl: base }).GET('/api/v1/health');
    expect(response.status).toBe(200);
    expect(data?.status).toBe('healthy');
    expect(data?.services.database).toBe('healthy');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves the OpenAPI document generated from the route table', async () => {
    const { data: document } = await createCairnClient({ baseUrl: base }).GET('/openapi.json');
    expect(document?.openapi).toBe('3.1.0');
    expect(Object.keys(document?.paths as Record<string, unknown>)).toContain('/api/v1/health');
    // The local stack's document names the stack as its server, so "try it" on /docs calls it.
    expect(document?.servers).toEqual([{ url: base }]);
  });

  it('answers CORS preflights like API Gateway and unknown routes with JSON 404', async () => {
    const preflight = await fetch(`${base}/api/v1/health`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await fetch(`${base}/api/v1/does-not-exist`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('accepts a token from `npm run token` and refuses a tampered one', async () => {
    const minted = spawnSync(process.execPath, [...NODE_ARGS, 'bin/token.ts', '--user', 'u-e2e', '--tenant', 'acme', '--role', 'learner'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(minted.status).toBe(0);
    const token = minted.stdout.trim();
    expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const ok = await createCairnClient({ baseUrl: base, token }).GET('/api/v1/health');
    expect(ok.response.status).toBe(200);
    const tampered = await createCairnClient({ baseUrl: base, token: `${token.slice(0, -4)}AAAA` }).GET('/api/v1/health');
    expect(tampered.response.status).toBe(401);
  });

  it('explains a busy port in one line', async () => {
    const second = spawnLocalStack({ PORT: String(apiPort), DYNAMODB_PORT: String(await freePort()), COGNITO_PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    const lines = second.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`port ${apiPort} is already in use`));
  });

  it('explains missing Java in one line', async () => {
    const noJava = spawnLocalStack({ PORT: String(await freePort()), PATH: dirname(process.execPath) });
    expect(await noJava.exited).toBe(1);
    expect(noJava.output().trim().split('\n')).toEqual([expect.stringMatching(/Java .*needs Java 17|Java was not found/)]);
  });

  it('stops everything on Ctrl-C, DynamoDB Local included', async () => {
    expect(await portAccepts(dynamoPort)).toBe(true);
    stack.child.kill('SIGINT');
    expect(await stack.exited).toBe(0);
    const deadline = Date.now() + 10_000;
    while ((await portAccepts(dynamoPort)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await portAccepts(dynamoPort)).toBe(false);
    expect(await portAccepts(apiPort)).toBe(false);
  });
});

