import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateIssuerKeys, LOCAL_AUDIENCE, LOCAL_ISSUER, mintToken } from '../local/localIssuer.js';
import { summarizeLatencies, type LatencySummary } from './stats.js';

/**
 * Issue 17's honesty check: init + the first request, so work moved from import to the first call
 * shows. A probe is one API Gateway v2 event a function answers with DynamoDB reads only; the child
 * process imports the bundle, invokes its handler once and reports both times. DynamoDB is a local
 * HTTPS server answering every call with an empty result at once, so the figure is the function's own
 * work up to and around its network calls (SDK client set-up, TLS, signing, marshalling, validation,
 * the handler), not DynamoDB's latency. HTTPS as in AWS (an `http://` endpoint would load a different
 * client stack); its self-signed certificate is accepted through NODE_TLS_REJECT_UNAUTHORIZED=0.
 */
export interface FirstRequestProbe {
  /** Function name (`catalog`, `progress`, …). */
  name: string;
  method: 'GET';
  /** The route's path template, as API Gateway names the route (`GET /v1/tutorials/progress/{tutorialId}`). */
  route: string;
  path: string;
  pathParameters?: Record<string, string>;
  /** Whether the request carries a learner's token. */
  authenticated: boolean;
  /** The status the probe must get (a wrong answer is an error, never a timing). */
  status: number;
}

export const FIRST_REQUEST_PROBES: readonly FirstRequestProbe[] = [
  { name: 'catalog', method: 'GET', route: '/api/v1/courses', path: '/api/v1/courses/', authenticated: false, status: 200 },
  { name: 'progress', method: 'GET', route: '/v1/tutorials/progress/{tutorialId}', path: '/v1/tutorials/progress/probe-tutorial', pathParameters: { tutorialId: 'probe-tutorial' }, authenticated: true, status: 200 },
  { name: 'gamification', method: 'GET', route: '/api/v1/gamification/streak/{userId}', path: '/api/v1/gamification/streak/probe-user', pathParameters: { userId: 'probe-user' }, authenticated: true, status: 200 },
  { name: 'notifications', method: 'GET', route: '/api/v1/notifications', path: '/api/v1/notifications/', authenticated: true, status: 200 },
];

/**
 * DynamoDB's JSON protocol, answered with "nothing there" for every operation; an update returning its
 * new values (the rate limiter's counter) gets a first hit.
 */
function emptyAnswer(target: string): Record<string, unknown> {
  const operation = target.split('.').pop() ?? '';
  if (operation === 'UpdateItem') return { Attributes: { hits: { N: '1' } } };
  if (operation === 'Query' || operation === 'Scan') return { Items: [], Count: 0, ScannedCount: 0 };
  if (operation === 'BatchGetItem') return { Responses: {}, UnprocessedKeys: {} };
  if (operation === 'BatchWriteItem') return { UnprocessedItems: {} };
  if (operation === 'TransactGetItems') return { Responses: [] };
  return {};
}

/** A self-signed certificate for 127.0.0.1 (openssl), for the local HTTPS DynamoDB stand-in. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-cert-'));
  try {
    const run = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr}`);
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A request the stand-in received: its operation and Authorization header (the infra test checks the signing). */
export interface StandInRequest {
  target: string;
  authorization: string;
}

export async function startEmptyDynamoDb(): Promise<{ endpoint: string; stop: () => Promise<void>; requests: StandInRequest[] }> {
  const requests: StandInRequest[] = [];
  const server: Server = createServer(selfSignedCertificate(), (request, response) => {
    request.resume();
    request.on('end', () => {
      requests.push({ target: String(request.headers['x-amz-target'] ?? ''), authorization: String(request.headers.authorization ?? '') });
      const body = JSON.stringify(emptyAnswer(String(request.headers['x-amz-target'] ?? '')));
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `https://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())), requests };
}

export interface FirstRequestRow {
  name: string;
  init: LatencySummary;
  initPlusFirst: LatencySummary;
  /** CPU time of the process (user + system) over the same spans: less sensitive to other load on the machine. */
  initCpu: LatencySummary;
  initPlusFirstCpu: LatencySummary;
}

function probeEvent(probe: FirstRequestProbe, token: string | undefined): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: `${probe.method} ${probe.route}`,
    rawPath: probe.path,
    ...(probe.pathParameters ? { pathParameters: probe.pathParameters } : {}),
    rawQueryString: '',
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    requestContext: { http: { method: probe.method, path: probe.path, sourceIp: '127.0.0.1' }, requestId: 'first-request-probe', timeEpoch: Date.now() },
    isBase64Encoded: false,
  };
}

/**
 * `runs` fresh processes per probe: each imports `file`, invokes the handler once with the probe and
 * prints init and init + first request (ms). Throws when the answer is not the probe's status.
 */
export async function measureFirstRequest(file: string, probe: FirstRequestProbe, endpoint: string, runs: number, env: Record<string, string>): Promise<FirstRequestRow> {
  const keys = generateIssuerKeys();
  const token = probe.authenticated ? mintToken(keys, { userId: 'probe-user', tenantId: 'probe-tenant', roles: ['learner'] }) : undefined;
  const script = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const c0 = cpu(); const t0 = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); const t1 = performance.now(); const c1 = cpu();
    const r = await m.handler(${JSON.stringify(probeEvent(probe, token))}, { awsRequestId: 'first-request-probe', functionName: 'probe', getRemainingTimeInMillis: () => 30000 });
    const t2 = performance.now(); const c2 = cpu(); process.stdout.write('\\n@@first-request@@' + JSON.stringify({ init: t1 - t0, total: t2 - t0, initCpu: c1 - c0, totalCpu: c2 - c0, status: r.statusCode, body: String(r.body).slice(0, 300) }), () => process.exit(0));`;
  const init: number[] = [];
  const total: number[] = [];
  const initCpu: number[] = [];
  const totalCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Asynchronous: the DynamoDB stand-in answers from this process's event loop.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { encoding: 'utf8', timeout: 60_000, env: { ...env, DYNAMODB_ENDPOINT: endpoint, NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_NO_WARNINGS: '1', AUTH_ISSUER: LOCAL_ISSUER, AUTH_AUDIENCE: LOCAL_AUDIENCE, AUTH_JWKS_JSON: JSON.stringify(keys.jwks), AUTH_JWKS_URI: '' } },
        (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    let out: { init: number; total: number; initCpu: number; totalCpu: number; status: number; body: string };
    try {
      // The function's own log lines come first; the figures follow the marker.
      out = JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('@@first-request@@') + '@@first-request@@'.length)) as typeof out;
    } catch {
      throw new Error(`first request of ${probe.name} failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
    }
    if (out.status !== probe.status) throw new Error(`first request of ${probe.name}: ${out.status} instead of ${probe.status}: ${out.body} ${run.stdout.slice(0, 2000)}`);
    init.push(out.init);
    total.push(out.total);
    initCpu.push(out.initCpu);
    totalCpu.push(out.totalCpu);
  }
  return { name: probe.name, init: summarizeLatencies(init), initPlusFirst: summarizeLatencies(total), initCpu: summarizeLatencies(initCpu), initPlusFirstCpu: summarizeLatencies(totalCpu) };
}
