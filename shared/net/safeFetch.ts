import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress, unbracket } from './addressPolicy.js';

/**
 * The SSRF-safe fetcher (issue 18): the only way Cairn fetches a URL a client gave it.
 *
 *   1. The URL must be https, without credentials, on port 443.
 *   2. The host is resolved (every A and AAAA answer); every answer must be a public address
 *      (shared/net/addressPolicy.ts), or the fetch is refused before any connection is made.
 *   3. The connection goes to the address that was checked (the socket's lookup is pinned to it), so a
 *      second DNS answer cannot swap in a private address between check and connect (DNS rebinding);
 *      TLS still verifies the certificate against the host name.
 *   4. Redirects are followed by hand, at most `maxRedirects`, each Location going through 1–3 again.
 *   5. The whole exchange has a deadline, and the body a size limit (Content-Length checked first, then
 *      the bytes as they arrive); exceeding either aborts the request.
 *
 * A refusal is an UnsafeUrlError (the client's URL is not allowed), anything the remote side does
 * wrong a FetchFailedError. Tests reach a local HTTPS server only through the test allowlist below.
 */
export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  /** Sent as Accept. */
  accept?: string;
  /** GET by default. Anything else is never redirected (a 3xx is a failure): a body is not re-sent to another place. */
  method?: 'GET' | 'POST' | 'PUT';
  /** Extra request headers (e.g. Authorization, Content-Type, X-Experience-API-Version). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent as User-Agent; defaults to the content importer's. */
  userAgent?: string;
}

export interface SafeFetchResult {
  /** The URL that answered (after redirects). */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

export type UnsafeReason = 'invalid_url' | 'not_https' | 'credentials_in_url' | 'port_not_allowed' | 'private_address' | 'unresolvable' | 'too_many_redirects';

/** The URL (or a redirect's target) is not one Cairn may fetch. */
export class UnsafeUrlError extends Error {
  constructor(
    readonly reason: UnsafeReason,
    message: string,
  ) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

export type FetchFailure = 'timeout' | 'too_large' | 'http_status' | 'network';

/** The remote side failed: timed out, sent too much, answered an error status, or dropped the connection. */
export class FetchFailedError extends Error {
  constructor(
    readonly failure: FetchFailure,
    message: string,
    /** The answer's status, for `http_status`. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchFailedError';
  }
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

// ---- The test allowlist: loopback servers of the test suite, never anything in a deployed stage. ----

interface AllowedTestTarget {
  host: string;
  port: number;
  /** The test server's self-signed certificate. */
  ca: string;
}

let testTargets: AllowedTestTarget[] = [];

/**
 * Lets a Jest test fetch from its own local HTTPS servers (address + port + certificate). There is no
 * configuration, environment variable or stage setting behind it: only code can call it, and it throws
 * unless it runs inside a Jest worker (`JEST_WORKER_ID`) and outside Lambda (`AWS_LAMBDA_FUNCTION_NAME`),
 * so a deployed function cannot enable it even by mistake. Pass [] to clear.
 */
export function setTestAllowlist(targets: AllowedTestTarget[]): void {
  if (!process.env.JEST_WORKER_ID || process.env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('The SSRF test allowlist can only be set inside a Jest test run');
  }
  testTargets = targets;
}

const testTargetOf = (address: string, port: number) => testTargets.find((t) => t.host === address && t.port === port);

/** Parses and checks one URL; returns it with the address to connect to. */
async function vet(raw: string, resolve: Resolver): Promise<{ url: URL; address: string; family: number; ca?: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('invalid_url', 'Not a valid URL');
  }
  if (url.protocol !== 'https:') throw new UnsafeUrlError('not_https', `Only https URLs are fetched (got ${url.protocol.replace(':', '')})`);
  if (url.username || url.password) throw new UnsafeUrlError('credentials_in_url', 'URLs with credentials are not fetched');
  const port = url.port ? Number(url.port) : 443;
  const host = unbracket(url.hostname);
  let answers: { address: string; family: number }[];
  if (isIP(host)) answers = [{ address: host, family: isIP(host) }];
  else {
    try {
      answers = await resolve(host);
    } catch {
      throw new UnsafeUrlError('unresolvable', `The host ${host} does not resolve`);
    }
    if (answers.length === 0) throw new UnsafeUrlError('unresolvable', `The host ${host} does not resolve`);
  }
  const first = answers[0]!;
  const testTarget = answers.length === 1 ? testTargetOf(first.address, port) : undefined;
  if (testTarget) return { url, address: first.address, family: first.family, ca: testTarget.ca };
  const refused = answers.find((a) => !isPublicAddress(a.address));
  if (refused) throw new UnsafeUrlError('private_address', `The host ${host} resolves to a non-public address`);
  if (port !== 443) throw new UnsafeUrlError('port_not_allowed', 'Only the standard https port (443) is fetched');
  return { url, address: first.address, family: first.family };
}

/**
 * Checks a URL a client wants Cairn to call later (e.g. an LRS endpoint being configured): the same
 * rules as a fetch (https, no credentials, port 443, every address public), without connecting.
 */
export async function checkUrl(raw: string, resolve: Resolver = systemResolver): Promise<URL> {
  return (await vet(raw, resolve)).url;
}

interface OneResponse {
  status: number;
  location: string | undefined;
  contentType: string;
  body: Buffer;
}

/** One request to a vetted address, within the remaining time and the size limit. */
function requestOnce(target: { url: URL; address: string; family: number; ca?: string }, options: SafeFetchOptions, deadline: number): Promise<OneResponse> {
  return new Promise((resolvePromise, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FetchFailedError('timeout', `No answer within ${options.timeoutMs} ms`));
    const pinned: LookupFunction = (_host, lookupOptions, callback) => {
      if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const req = httpsRequest(
      target.url,
      {
        method: options.method ?? 'GET',
        lookup: pinned,
        headers: {
          accept: options.accept ?? '*/*',
          'user-agent': options.userAgent ?? 'CairnContentImporter/1.0',
          ...options.headers,
          ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
        },
        ...(target.ca ? { ca: target.ca } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        const contentType = String(res.headers['content-type'] ?? '');
        if (status >= 300 && status < 400 && location) {
          res.resume();
          return resolvePromise({ status, location, contentType, body: Buffer.alloc(0) });
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          req.destroy();
          return reject(new FetchFailedError('too_large', `The resource is larger than ${options.maxBytes} bytes`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy(new FetchFailedError('too_large', `The resource is larger than ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolvePromise({ status, location: undefined, contentType, body: Buffer.concat(chunks) }));
        res.on('error', (err) => reject(err instanceof FetchFailedError ? err : new FetchFailedError('network', 'The connection failed')));
      },
    );
    const timer = setTimeout(() => req.destroy(new FetchFailedError('timeout', `No complete answer within ${options.timeoutMs} ms`)), remaining);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => reject(err instanceof FetchFailedError ? err : new FetchFailedError('network', 'The connection failed')));
    req.end(options.body);
  });
}

/** Fetches `raw` under the rules above; a 2xx answer's body, or an error. */
export async function safeFetch(raw: string, options: SafeFetchOptions, resolve: Resolver = systemResolver): Promise<SafeFetchResult> {
  const deadline = Date.now() + options.timeoutMs;
  const maxRedirects = options.maxRedirects ?? 3;
  let current = raw;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const target = await vet(current, resolve);
    const response = await requestOnce(target, options, deadline);
    if (response.location !== undefined) {
      if ((options.method ?? 'GET') !== 'GET') throw new FetchFailedError('http_status', `The server answered ${response.status} (a redirect; not followed for ${options.method})`, response.status);
      current = new URL(response.location, target.url).toString();
      continue;
    }
    if (response.status < 200 || response.status >= 300) throw new FetchFailedError('http_status', `The server answered ${response.status}`, response.status);
    return { url: target.url.toString(), status: response.status, contentType: response.contentType, body: response.body };
  }
  throw new UnsafeUrlError('too_many_redirects', `More than ${maxRedirects} redirects`);
}
