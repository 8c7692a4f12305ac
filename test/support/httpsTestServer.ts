import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A local HTTPS server for the SSRF tests, with a throwaway self-signed certificate for 127.0.0.1 and
 * localhost (made by openssl). It counts the requests it receives, so a test can prove the fetcher
 * never connected to a server it had to refuse.
 */
export interface HttpsTestServer {
  host: string;
  port: number;
  ca: string;
  url(path: string): string;
  hits: string[];
  close(): Promise<void>;
}

let material: { key: string; cert: string } | undefined;
function certificate(): { key: string; cert: string } {
  if (material) return material;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost'], { stdio: 'ignore' });
  material = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  return material;
}

export async function startHttpsTestServer(handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok'), host = '127.0.0.1'): Promise<HttpsTestServer> {
  const { key, cert } = certificate();
  const hits: string[] = [];
  const server = createServer({ key, cert }, (req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    ca: cert,
    url: (path) => `https://${shown}:${port}${path}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
