import { createHash, createHmac } from 'node:crypto';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DocumentCommand, Operation } from './commands.js';
import { dynamoDbError } from './dynamoErrors.js';

/**
 * A light DynamoDB document client (issue 17): DynamoDB's JSON protocol over one keep-alive
 * connection pool, signed with Signature Version 4, marshalled with `@aws-sdk/util-dynamodb` (the
 * functions lib-dynamodb uses). It replaces `@aws-sdk/client-dynamodb` + `@aws-sdk/lib-dynamodb` at
 * runtime: those two and the SDK core weigh ~190 KB minified and ~40 ms of every cold start, for ten
 * operations that are each one signed POST. The tests run this same client against DynamoDB Local, so
 * Lambda runs the code the tests run.
 *
 * What it keeps of the SDK's behaviour (each has a test in test/unit/lightDynamoDb.test.ts or
 * test/integration/lightDynamoDb.test.ts):
 * - marshalling: `removeUndefinedValues`, no class instances as maps, Sets, binary as base64;
 * - errors: the SDK's names, `$fault`, `$metadata.httpStatusCode`, and the body's fields
 *   (`CancellationReasons`, `Item`) in attribute-value form (dynamoErrors.ts);
 * - retries: 3 attempts for throttling, 5xx, timeouts and dropped connections, with the SDK's full-
 *   jitter backoff (100 ms base, 500 ms when throttled); never for a client error.
 * - credentials: the Lambda environment's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 *   AWS_SESSION_TOKEN), or fixed ones (DynamoDB Local).
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface LightDynamoDbOptions {
  region: string;
  /** Default: `https://dynamodb.<region>.amazonaws.com`. */
  endpoint?: string;
  /** Default: the environment's credentials, read per request. */
  credentials?: Credentials;
  /** Attempts per request, the first included (default 3, as the SDK). */
  maxAttempts?: number;
  /** Idle-socket timeout per attempt (default 30 s); a timed-out attempt is retried. */
  requestTimeoutMs?: number;
  /** Wraps every command once (all its attempts): the request tally and integration figures. */
  instrument?: <T>(operation: Operation, run: () => Promise<T>) => Promise<T>;
}

type Wire = Record<string, unknown>;
type AttributeMap = Record<string, unknown>;
type NativeMap = Record<string, unknown>;

const MARSHALL_OPTIONS = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
const THROTTLING = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

const toAttributes = (value: unknown): AttributeMap => marshall(value as NativeMap, MARSHALL_OPTIONS) as AttributeMap;
const toNative = (value: unknown): NativeMap => unmarshall(value as never) as NativeMap;

function mapValues<T, U>(record: Record<string, T> | undefined, fn: (value: T) => U): Record<string, U> | undefined {
  if (!record) return undefined;
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = fn(value);
  return out;
}

/** Marshals the fields of one item-level part (Key, Item, ExpressionAttributeValues, ExclusiveStartKey). */
function marshalParts(part: Wire | undefined, fields: readonly string[]): Wire | undefined {
  if (!part) return part;
  const out: Wire = { ...part };
  for (const field of fields) if (out[field] !== undefined) out[field] = toAttributes(out[field]);
  return out;
}

function unmarshalParts(part: Wire | undefined, fields: readonly string[]): Wire | undefined {
  if (!part) return part;
  const out: Wire = { ...part };
  for (const field of fields) if (out[field] !== undefined) out[field] = toNative(out[field]);
  return out;
}

const KEYED = ['Key', 'ExpressionAttributeValues'] as const;

type WriteRequest = { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } };

function writeRequest(request: WriteRequest, convert: (value: unknown) => unknown): WriteRequest {
  return {
    ...(request.PutRequest ? { PutRequest: { ...request.PutRequest, Item: convert(request.PutRequest.Item) } } : {}),
    ...(request.DeleteRequest ? { DeleteRequest: { ...request.DeleteRequest, Key: convert(request.DeleteRequest.Key) } } : {}),
  };
}

/** The wire input of a document command: its native values as DynamoDB attribute values. */
export function marshalInput(operation: Operation, input: Wire): Wire {
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return marshalParts(input, KEYED)!;
    case 'PutItem':
      return marshalParts(input, ['Item', 'ExpressionAttributeValues'])!;
    case 'Query':
    case 'Scan':
      return marshalParts(input, ['ExclusiveStartKey', 'ExpressionAttributeValues'])!;
    case 'BatchGetItem':
      return { ...input, RequestItems: mapValues(input.RequestItems as Record<string, Wire>, (table) => ({ ...table, Keys: (table.Keys as unknown[]).map(toAttributes) })) };
    case 'BatchWriteItem':
      return { ...input, RequestItems: mapValues(input.RequestItems as Record<string, WriteRequest[]>, (requests) => requests.map((r) => writeRequest(r, toAttributes))) };
    case 'TransactWriteItems':
      return {
        ...input,
        TransactItems: (input.TransactItems as Wire[]).map((item) => ({
          ...(item.ConditionCheck ? { ConditionCheck: marshalParts(item.ConditionCheck as Wire, KEYED) } : {}),
          ...(item.Put ? { Put: marshalParts(item.Put as Wire, ['Item', 'ExpressionAttributeValues']) } : {}),
          ...(item.Delete ? { Delete: marshalParts(item.Delete as Wire, KEYED) } : {}),
          ...(item.Update ? { Update: marshalParts(item.Update as Wire, KEYED) } : {}),
        })),
      };
    case 'TransactGetItems':
      return { ...input, TransactItems: (input.TransactItems as Wire[]).map((item) => ({ Get: marshalParts(item.Get as Wire, ['Key']) })) };
  }
}

/** The document output of a wire answer: its attribute values as native values. */
export function unmarshalOutput(operation: Operation, output: Wire): Wire {
  switch (operation) {
    case 'GetItem':
      return unmarshalParts(output, ['Item'])!;
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return unmarshalParts(output, ['Attributes'])!;
    case 'Query':
    case 'Scan':
      return {
        ...output,
        ...(output.Items ? { Items: (output.Items as unknown[]).map(toNative) } : {}),
        ...(output.LastEvaluatedKey ? { LastEvaluatedKey: toNative(output.LastEvaluatedKey) } : {}),
      };
    case 'BatchGetItem':
      return {
        ...output,
        ...(output.Responses ? { Responses: mapValues(output.Responses as Record<string, unknown[]>, (items) => items.map(toNative)) } : {}),
        ...(output.UnprocessedKeys ? { UnprocessedKeys: mapValues(output.UnprocessedKeys as Record<string, Wire>, (table) => ({ ...table, Keys: (table.Keys as unknown[]).map(toNative) })) } : {}),
      };
    case 'BatchWriteItem':
      return {
        ...output,
        ...(output.UnprocessedItems ? { UnprocessedItems: mapValues(output.UnprocessedItems as Record<string, WriteRequest[]>, (requests) => requests.map((r) => writeRequest(r, toNative))) } : {}),
      };
    case 'TransactGetItems':
      return { ...output, ...(output.Responses ? { Responses: (output.Responses as Wire[]).map((r) => unmarshalParts(r, ['Item'])) } : {}) };
    case 'TransactWriteItems':
      return output;
  }
}

// --- Signature Version 4 -------------------------------------------------------------------------

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${createHash('sha256').update(secret).digest('hex')}|${date}|${region}|${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    if (signingKeys.size > 20) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * Signs a POST to `/` (Signature Version 4, header form) and returns the headers to send: the given
 * ones, `x-amz-date`, `x-amz-security-token` when the credentials have one, and `authorization`.
 * Every given header is signed; `host` must be among them.
 */
export function signRequest(options: { headers: Record<string, string>; body: string; region: string; service: string; credentials: Credentials; now: Date }): Record<string, string> {
  const amzDate = options.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...options.headers, 'x-amz-date': amzDate };
  if (options.credentials.sessionToken) headers['x-amz-security-token'] = options.credentials.sessionToken;
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const signedHeaders = names.join(';');
  const canonical = ['POST', '/', '', ...names.map((name) => `${name}:${lower[name]!.trim().replace(/\s+/g, ' ')}`), '', signedHeaders, sha256Hex(options.body)].join('\n');
  const scope = `${date}/${options.region}/${options.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const signature = createHmac('sha256', signingKey(options.credentials.secretAccessKey, date, options.region, options.service))
    .update(stringToSign, 'utf8')
    .digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

function environmentCredentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    const error = new Error('No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    error.name = 'CredentialsProviderError';
    throw error;
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

// --- JSON with binary attributes -----------------------------------------------------------------

/** JSON for DynamoDB: binary values (Uint8Array) as base64, as the SDK's serializer writes them. */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, current: unknown) {
    const original = key === '' ? current : this[key];
    return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : current;
  });
}

/** Parses DynamoDB's JSON: `B` and `BS` values (base64) back to Uint8Array, as the SDK does. */
export function fromWireJson(text: string): Wire {
  if (!text) return {};
  return JSON.parse(text, (key, value: unknown) => {
    if (key === 'B' && typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
    if (key === 'BS' && Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v: string) => new Uint8Array(Buffer.from(v, 'base64')));
    return value;
  }) as Wire;
}

// --- The client ----------------------------------------------------------------------------------

/**
 * node:https is loaded at init (every request needs it), node:http only for a local endpoint. Both
 * through `process.getBuiltinModule`, not an ESM import: an ESM import of node:http evaluates every
 * export of its namespace, and Node's lazy `WebSocket`/`EventSource` getters there load undici
 * (~30 ms of a cold start, measured by `npm run bench -- coldstart`). node:https has no such getters.
 */
const https = process.getBuiltinModule('node:https');
const httpModule = () => process.getBuiltinModule('node:http');

interface HttpAnswer {
  status: number;
  body: string;
  requestId: string | undefined;
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`DynamoDB did not answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

function retryable(error: unknown): { retry: boolean; throttled: boolean } {
  if (!(error instanceof Error)) return { retry: false, throttled: false };
  if (THROTTLING.has(error.name)) return { retry: true, throttled: true };
  const details = error as { $metadata?: { httpStatusCode?: number }; code?: string };
  const status = details.$metadata?.httpStatusCode;
  if (status !== undefined) return { retry: status >= 500 && status !== 501, throttled: false };
  return { retry: error.name === 'TimeoutError' || TRANSIENT_CODES.has(details.code ?? ''), throttled: false };
}

/** Per call: an AbortSignal ends the attempt in flight with an AbortError, which is not retried. */
export interface SendOptions {
  abortSignal?: AbortSignal;
}

export class LightDocumentClient {
  private readonly url: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly observers: Array<(commandName: string, output: Wire) => void> = [];

  constructor(private readonly options: LightDynamoDbOptions) {
    this.url = new URL(options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com`);
    this.agent = this.url.protocol === 'http:' ? new (httpModule().Agent)({ keepAlive: true, maxSockets: 50 }) : new https.Agent({ keepAlive: true, maxSockets: 50 });
  }

  /** Sends a document command: native values in and out. */
  async send<Input extends object, Output extends object>(command: DocumentCommand<Input, Output>, options: SendOptions = {}): Promise<Output> {
    const wire = marshalInput(command.operation, command.input as Wire);
    const output = unmarshalOutput(command.operation, await this.sendWire(command.operation, wire, options));
    for (const observe of this.observers) observe(`${command.operation}Command`, output);
    return output as Output;
  }

  /** Sends an input already in attribute-value form (a stream record's keys, integration figures). */
  async sendWire(operation: Operation, input: Wire, options: SendOptions = {}): Promise<Wire> {
    const run = () => this.attempts(operation, toWireJson(input), options.abortSignal);
    return this.options.instrument ? this.options.instrument(operation, run) : run();
  }

  /** Calls `observe` with every command's name and document output (the benches' items-read counter). */
  observe(observe: (commandName: string, output: Wire) => void): void {
    this.observers.push(observe);
  }

  private async attempts(operation: Operation, body: string, signal: AbortSignal | undefined): Promise<Wire> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.post(operation, body, signal);
        const parsed = fromWireJson(answer.body);
        if (answer.status === 200) {
          return { ...parsed, $metadata: { httpStatusCode: 200, requestId: answer.requestId, attempts: attempt } };
        }
        const { __type, message, Message, ...fields } = parsed as { __type?: string; message?: string; Message?: string };
        const name = (__type ?? '').split('#').pop() || `DynamoDbHttp${answer.status}`;
        throw dynamoDbError(name, message ?? Message ?? `DynamoDB answered ${answer.status}`, answer.status, answer.requestId, fields);
      } catch (error) {
        const { retry, throttled } = retryable(error);
        if (!retry || attempt >= maxAttempts) {
          if (error instanceof Error) {
            const metadata = (error as { $metadata?: Record<string, unknown> }).$metadata;
            if (metadata) metadata.attempts = attempt;
          }
          throw error;
        }
        const base = throttled ? 500 : 100;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 2 ** attempt * base)));
      }
    }
  }

  private post(operation: Operation, body: string, signal: AbortSignal | undefined): Promise<HttpAnswer> {
    const host = this.url.host;
    const headers = signRequest({
      headers: { 'content-type': 'application/x-amz-json-1.0', host, 'x-amz-target': `DynamoDB_20120810.${operation}` },
      body,
      region: this.options.region,
      service: 'dynamodb',
      credentials: this.options.credentials ?? environmentCredentials(),
      now: new Date(),
    });
    const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
    const send = this.url.protocol === 'http:' ? httpModule().request : https.request;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const request = send(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          path: '/',
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          ...(signal ? { signal } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const requestId = response.headers['x-amzn-requestid'];
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), requestId: typeof requestId === 'string' ? requestId : undefined });
          });
        },
      );
      request.setTimeout(timeoutMs, () => request.destroy(new TimeoutError(timeoutMs)));
      request.on('error', reject);
      request.end(body);
    });
  }
}
