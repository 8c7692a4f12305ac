import { FetchFailedError, safeFetch, setTestAllowlist, UnsafeUrlError, type Resolver } from '../../shared/net/safeFetch.js';
import { startHttpsTestServer, type HttpsTestServer } from '../support/httpsTestServer.js';

/**
 * Issue 18, the SSRF-safe fetcher. `guarded` is a local HTTPS server the fetcher must refuse (it is
 * not on the test allowlist): every refusal test checks it received no request at all. `allowed` is
 * reached only through the test allowlist and serves the success paths and the redirects.
 */
let guarded: HttpsTestServer;
let guardedV6: HttpsTestServer;
let allowed: HttpsTestServer;
const LIMITS = { maxBytes: 64 * 1024, timeoutMs: 2000 };

beforeAll(async () => {
  guarded = await startHttpsTestServer();
  guardedV6 = await startHttpsTestServer(undefined, '::1');
  allowed = await startHttpsTestServer((req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    } else if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (url.pathname === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(100 * 1024) }).end('x'.repeat(100 * 1024));
    } else if (url.pathname === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 100; i++) res.write('y'.repeat(1024));
      res.end();
    } else if (url.pathname === '/slow') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
      // never ends
    } else if (url.pathname === '/missing') {
      res.writeHead(404).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<title>hello</title>');
    }
  });
  setTestAllowlist([{ host: allowed.host, port: allowed.port, ca: allowed.ca }]);
});

afterAll(async () => {
  setTestAllowlist([]);
  await Promise.all([guarded.close(), guardedV6.close(), allowed.close()]);
});

async function refusal(promise: Promise<unknown>): Promise<UnsafeUrlError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UnsafeUrlError);
  return err as UnsafeUrlError;
}

describe('the SSRF-safe fetcher refuses', () => {
  afterEach(() => {
    expect(guarded.hits).toEqual([]);
    expect(guardedV6.hits).toEqual([]);
  });

  it('a local server on 127.0.0.1 (private_address, never connected)', async () => {
    expect((await refusal(safeFetch(guarded.url('/'), LIMITS))).reason).toBe('private_address');
  });

  it('[::1] and localhost (after DNS resolution)', async () => {
    expect((await refusal(safeFetch(guardedV6.url('/'), LIMITS))).reason).toBe('private_address');
    expect((await refusal(safeFetch(`https://localhost:${guarded.port}/`, LIMITS))).reason).toBe('private_address');
  });

  it.each([
    ['https://169.254.169.254/latest/meta-data/', 'private_address'],
    ['https://10.0.0.1/', 'private_address'],
    ['https://10.255.255.254/x', 'private_address'],
    ['https://[fd00:ec2::254]/', 'private_address'],
    ['https://[::ffff:127.0.0.1]/', 'private_address'],
    ['https://2130706433/', 'private_address'], // 127.0.0.1 as one decimal number
    ['https://0x7f.1/', 'private_address'], // 127.0.0.1 in hex shorthand
    ['file:///etc/passwd', 'not_https'],
    ['http://example.com/', 'not_https'],
    ['gopher://example.com/', 'not_https'],
    ['https://user:secret@example.com/', 'credentials_in_url'],
    ['not a url', 'invalid_url'],
  ])('%s (%s)', async (url, reason) => {
    expect((await refusal(safeFetch(url, LIMITS))).reason).toBe(reason);
  });

  it('a name whose DNS answers include a private address, even beside a public one', async () => {
    const evil: Resolver = async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }];
    expect((await refusal(safeFetch('https://rebind.example/', LIMITS, evil))).reason).toBe('private_address');
    const mapped: Resolver = async () => [{ address: '::ffff:169.254.169.254', family: 6 }];
    expect((await refusal(safeFetch('https://mapped.example/', LIMITS, mapped))).reason).toBe('private_address');
  });

  it('a public address on another port than 443', async () => {
    const publicName: Resolver = async () => [{ address: '93.184.215.14', family: 4 }];
    expect((await refusal(safeFetch('https://example.com:8443/', LIMITS, publicName))).reason).toBe('port_not_allowed');
  });

  it.each([
    ['127.0.0.1', () => guarded.url('/secret')],
    ['[::1]', () => guardedV6.url('/secret')],
    ['169.254.169.254', () => 'https://169.254.169.254/latest/meta-data/iam/'],
    ['10.0.0.0/8', () => 'https://10.0.0.5/'],
    ['file://', () => 'file:///etc/passwd'],
    ['plain http', () => `http://127.0.0.1:${guarded.port}/`],
  ])('a redirect to %s', async (_label, target) => {
    const err = await refusal(safeFetch(allowed.url(`/redirect?to=${encodeURIComponent(target())}`), LIMITS));
    expect(['private_address', 'not_https']).toContain(err.reason);
    expect(allowed.hits.at(-1)).toContain('/redirect');
  });

  it('more than three redirects', async () => {
    expect((await refusal(safeFetch(allowed.url('/loop'), LIMITS))).reason).toBe('too_many_redirects');
  });
});

describe('the SSRF-safe fetcher limits', () => {
  const failure = async (promise: Promise<unknown>) => {
    const err = await promise.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(FetchFailedError);
    return (err as FetchFailedError).failure;
  };

  it('the size: by Content-Length and by the bytes that arrive', async () => {
    expect(await failure(safeFetch(allowed.url('/big'), LIMITS))).toBe('too_large');
    expect(await failure(safeFetch(allowed.url('/big-chunked'), LIMITS))).toBe('too_large');
  });

  it('the time: a body that never ends is cut at the deadline', async () => {
    const started = Date.now();
    expect(await failure(safeFetch(allowed.url('/slow'), { maxBytes: 1024, timeoutMs: 500 }))).toBe('timeout');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(1500);
  });

  it('an error status is a failure, not a body', async () => {
    expect(await failure(safeFetch(allowed.url('/missing'), LIMITS))).toBe('http_status');
  });
});

describe('the SSRF-safe fetcher succeeds', () => {
  it('for an allowlisted server, following a redirect to it', async () => {
    const direct = await safeFetch(allowed.url('/page'), LIMITS);
    expect(direct).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(direct.body.toString()).toBe('<title>hello</title>');
    const redirected = await safeFetch(allowed.url(`/redirect?to=${encodeURIComponent('/page2')}`), LIMITS);
    expect(redirected.url).toBe(allowed.url('/page2'));
  });
});

describe('the test allowlist', () => {
  it('cannot be set outside a Jest worker or inside Lambda', () => {
    const worker = process.env.JEST_WORKER_ID;
    try {
      delete process.env.JEST_WORKER_ID;
      expect(() => setTestAllowlist([])).toThrow('only be set inside a Jest test run');
      process.env.JEST_WORKER_ID = worker;
      process.env.AWS_LAMBDA_FUNCTION_NAME = 'cairn-prod-content';
      expect(() => setTestAllowlist([])).toThrow('only be set inside a Jest test run');
    } finally {
      process.env.JEST_WORKER_ID = worker;
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
  });
});
