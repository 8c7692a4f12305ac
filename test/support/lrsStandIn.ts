import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpsTestServer, type HttpsTestServer } from './httpsTestServer.js';

/**
 * An LRS stand-in for the xAPI delivery tests: a local HTTPS server that takes `POST …/statements`
 * (a list), answers per its `mode`, and records what it accepted. `failNext` makes the next requests
 * fail with 503 (a flaky LRS); `down` makes every request fail with 500.
 */
export interface LrsStandIn {
  server: HttpsTestServer;
  /** Every statement the LRS accepted (2xx), in arrival order. */
  accepted: Record<string, unknown>[];
  /** Every request: its status and the statement ids it carried. */
  requests: { status: number; ids: string[]; headers: Record<string, string | string[] | undefined> }[];
  failNext: number;
  down: boolean;
  /** The status a down LRS answers (500 unless set). */
  downStatus: number;
  endpoint: string;
  close(): Promise<void>;
}

export async function startLrsStandIn(): Promise<LrsStandIn> {
  const lrs = { accepted: [], requests: [], failNext: 0, down: false, downStatus: 500 } as unknown as LrsStandIn;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let statements: Record<string, unknown>[] = [];
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        statements = Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : [parsed as Record<string, unknown>];
      } catch {
        statements = [];
      }
      const ids = statements.map((s) => String(s.id));
      let status = 200;
      if (req.method !== 'POST' || !req.url?.endsWith('/statements')) status = 404;
      else if (lrs.down) status = lrs.downStatus;
      else if (lrs.failNext > 0) {
        lrs.failNext -= 1;
        status = 503;
      }
      lrs.requests.push({ status, ids, headers: req.headers });
      if (status === 200) lrs.accepted.push(...statements);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? JSON.stringify(ids) : '{"error":"unavailable"}');
    });
  };
  const server = await startHttpsTestServer(handler);
  lrs.server = server;
  lrs.endpoint = server.url('/xapi/');
  lrs.close = () => server.close();
  return lrs;
}
