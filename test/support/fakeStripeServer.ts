import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalPaymentProvider } from '../../shared/payments/localPaymentProvider.js';
import { PaymentDeclinedError, PaymentProviderUnavailableError, type ProviderPaymentIntent } from '../../shared/payments/paymentProvider.js';
import { PaymentRequestRejectedError } from '../../shared/payments/providerErrors.js';

/**
 * A local HTTP server that answers the four Stripe endpoints the adapter uses the way Stripe does
 * (form-encoded requests with bracketed keys, JSON objects, `{error:{type,code,decline_code}}` with
 * 402/404/500, the Idempotency-Key header honoured). Its state engine is the local test-mode provider,
 * so the documented test cards behave identically. The real `stripe` SDK is pointed at it with the
 * `host`/`port`/`protocol` options; tests read `requests` to see what the SDK actually sent.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  form: Record<string, string>;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

export interface FakeStripeServer {
  url: string;
  host: string;
  port: number;
  engine: LocalPaymentProvider;
  requests: RecordedRequest[];
  /** Answers the next `count` requests with HTTP 500 (an outage the SDK retries). */
  failNextRequests(count: number): void;
  close(): Promise<void>;
}

export async function startFakeStripeServer(): Promise<FakeStripeServer> {
  const engine = new LocalPaymentProvider();
  const requests: RecordedRequest[] = [];
  let failures = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const form = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? url.search : body));
      const idempotencyKey = header(req, 'idempotency-key');
      requests.push({ method: req.method ?? 'GET', path: url.pathname, form, idempotencyKey, authorization: header(req, 'authorization') });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}` });
        res.end(JSON.stringify(json));
      };
      if (failures > 0) {
        failures -= 1;
        send(500, { error: { type: 'api_error', message: 'Injected outage' } });
        return;
      }
      const expand = Object.entries(form).filter(([key]) => key.startsWith('expand[')).map(([, value]) => value);
      try {
        const intentMatch = /^\/v1\/payment_intents\/([^/]+)(\/confirm)?$/.exec(url.pathname);
        if (req.method === 'POST' && url.pathname === '/v1/payment_intents') {
          const metadata = Object.fromEntries(Object.entries(form).filter(([key]) => key.startsWith('metadata[')).map(([key, value]) => [key.slice(9, -1), value]));
          const intent = await engine.createIntent({ amount: Number(form.amount), currency: form.currency ?? '', metadata, idempotencyKey: idempotencyKey ?? `auto-${requests.length}` });
          send(200, stripeIntentJson(engine, intent, expand));
        } else if (req.method === 'POST' && intentMatch?.[2]) {
          const intent = await engine.confirmIntent({ intentId: intentMatch[1] ?? '', paymentMethod: form.payment_method ?? '', idempotencyKey: idempotencyKey ?? `auto-${requests.length}` });
          send(200, stripeIntentJson(engine, intent, expand));
        } else if (req.method === 'GET' && intentMatch && !intentMatch[2]) {
          const intent = await engine.retrieveIntent(intentMatch[1] ?? '');
          send(200, stripeIntentJson(engine, intent, expand));
        } else if (req.method === 'POST' && url.pathname === '/v1/refunds') {
          const refund = await engine.refund({ intentId: form.payment_intent ?? '', idempotencyKey: idempotencyKey ?? `auto-${requests.length}`, ...(form.amount ? { amount: Number(form.amount) } : {}) });
          send(200, { id: refund.id, object: 'refund', amount: refund.amount, status: refund.status, payment_intent: refund.intentId, currency: 'usd' });
        } else {
          send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method} ${url.pathname})` } });
        }
      } catch (err) {
        if (err instanceof PaymentDeclinedError) {
          send(402, { error: { type: 'card_error', code: err.code, decline_code: err.declineCode, message: err.message } });
        } else if (err instanceof PaymentRequestRejectedError) {
          send(err.status, { error: { type: 'invalid_request_error', code: err.code, message: err.message } });
        } else if (err instanceof PaymentProviderUnavailableError) {
          send(500, { error: { type: 'api_error', message: err.message } });
        } else {
          send(500, { error: { type: 'api_error', message: String(err) } });
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    engine,
    requests,
    failNextRequests: (count) => {
      failures = count;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** A provider intent as Stripe's JSON (the latest charge expanded when asked, with its refunded amount). */
export function stripeIntentJson(engine: LocalPaymentProvider, intent: ProviderPaymentIntent, expand: string[] = []) {
  const charged = engine.chargesOf(intent.id) > 0;
  const chargeId = charged ? `ch_${intent.id.slice(3)}` : null;
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    currency: intent.currency,
    status: intent.status,
    metadata: intent.metadata,
    client_secret: intent.clientSecret,
    livemode: false,
    last_payment_error: intent.lastError ? { type: 'card_error', code: intent.lastError.code, decline_code: intent.lastError.declineCode, message: intent.lastError.message } : null,
    latest_charge: chargeId && expand.includes('latest_charge') ? { id: chargeId, object: 'charge', amount_refunded: intent.amountRefunded, payment_intent: intent.id } : chargeId,
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
