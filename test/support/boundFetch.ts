import { request } from 'node:http';

/**
 * A fetch for the typed client (client/cairnClient.ts) that sends from a given loopback source address,
 * so each flow of a test is its own client IP, as separate browsers would be (the anonymous auth rate
 * limit is per IP). Plain HTTP to the local stack only.
 */
export function fetchFrom(localAddress: string): (input: Request) => Promise<Response> {
  return async (input) => {
    const payload = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        input.url,
        {
          method: input.method,
          localAddress,
          headers: { ...Object.fromEntries(input.headers), ...(payload ? { 'content-length': String(payload.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
            }
            const status = res.statusCode ?? 0;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
}
