import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as Sdk from '@aws-sdk/lib-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import * as Light from '../../shared/db/commands.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '../../shared/db/dynamoErrors.js';
import { fromWireJson, LightDocumentClient, marshalInput, signRequest, toWireJson, unmarshalOutput } from '../../shared/db/lightDynamoDb.js';
import type { Operation } from '../../shared/db/commands.js';

/** A SHA-256 for the SDK's signer, on node:crypto (what @aws-crypto would give it). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

describe('Signature Version 4', () => {
  const body = '{"TableName":"cairn","Key":{"pk":{"S":"T#a"},"sk":{"S":"PROFILE"}}}';
  const now = new Date('2026-12-03T23:15:42.123Z');
  const headers = { 'content-type': 'application/x-amz-json-1.0', host: 'dynamodb.eu-west-1.amazonaws.com', 'x-amz-target': 'DynamoDB_20120810.GetItem' };

  it.each([
    ['long-term keys', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
    ['a session (Lambda)', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN==' }],
  ])('signs exactly as the AWS SDK signer does, with %s', async (_label, credentials) => {
    const ours = signRequest({ headers, body, region: 'eu-west-1', service: 'dynamodb', credentials, now });
    const signer = new SignatureV4({ credentials, region: 'eu-west-1', service: 'dynamodb', sha256: NodeSha256 as never, applyChecksum: false });
    const theirs = await signer.sign(
      { method: 'POST', protocol: 'https:', hostname: 'dynamodb.eu-west-1.amazonaws.com', path: '/', query: {}, headers: { ...headers }, body } as never,
      { signingDate: now },
    );
    const sdkHeaders = (theirs as unknown as { headers: Record<string, string> }).headers;
    expect(ours.authorization).toBe(sdkHeaders.authorization);
    expect(ours['x-amz-date']).toBe('20261203T231542Z');
    expect(ours['x-amz-security-token']).toBe('sessionToken' in credentials ? credentials.sessionToken : undefined);
  });

  it('changes the signature when the body, the target or the date changes', () => {
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    const base = signRequest({ headers, body, region: 'eu-west-1', service: 'dynamodb', credentials, now }).authorization;
    expect(signRequest({ headers, body: `${body} `, region: 'eu-west-1', service: 'dynamodb', credentials, now }).authorization).not.toBe(base);
    expect(signRequest({ headers: { ...headers, 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body, region: 'eu-west-1', service: 'dynamodb', credentials, now }).authorization).not.toBe(base);
    expect(signRequest({ headers, body, region: 'eu-west-1', service: 'dynamodb', credentials, now: new Date(now.getTime() + 1000) }).authorization).not.toBe(base);
  });
});

/**
 * The wire JSON and the document output of every operation, compared with what
 * `@aws-sdk/lib-dynamodb` sends and returns for the same command: the SDK client runs with a request
 * handler that records its HTTP body and answers with a canned DynamoDB answer.
 */
describe('document marshalling equals lib-dynamodb', () => {
  function sdkRun(answer: object) {
    let sent = '';
    const base = new DynamoDBClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      requestHandler: {
        handle: async (request: { body: string | Uint8Array }) => {
          sent = typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
          return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(toWireJson(answer))]) } };
        },
      } as never,
    });
    const client = Sdk.DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
    return { client, sent: () => JSON.parse(sent) as unknown };
  }

  const item = { pk: 'T#a#U#1', sk: 'PROFILE', n: 42, f: 1.5, neg: -3, t: true, nil: null, gone: undefined, list: [1, 'two', { three: 3 }], map: { a: { b: 'c' } }, tags: new Set(['x', 'y']), nums: new Set([1, 2]), bin: new Uint8Array([0, 1, 254, 255]) };
  const key = { pk: 'T#a#U#1', sk: 'PROFILE' };
  const values = { ':one': 1, ':now': '2026-12-03', ':gone': undefined, ':list': ['a'] };
  const wireItem = {
    pk: { S: 'T#a#U#1' },
    sk: { S: 'PROFILE' },
    n: { N: '42' },
    list: { L: [{ N: '1' }, { S: 'two' }, { M: { three: { N: '3' } } }] },
    bin: { B: Buffer.from([0, 1, 254, 255]).toString('base64') },
  };

  const cases: Array<[Operation, object, object, object]> = [
    ['GetItem', new Light.GetCommand({ TableName: 't', Key: key, ConsistentRead: true }), new Sdk.GetCommand({ TableName: 't', Key: key, ConsistentRead: true }), { Item: wireItem }],
    ['PutItem', new Light.PutCommand({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk) OR n < :one', ExpressionAttributeValues: values, ReturnValues: 'ALL_OLD' }), new Sdk.PutCommand({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk) OR n < :one', ExpressionAttributeValues: values, ReturnValues: 'ALL_OLD' }), { Attributes: wireItem }],
    ['UpdateItem', new Light.UpdateCommand({ TableName: 't', Key: key, UpdateExpression: 'SET d = :now ADD n :one', ExpressionAttributeValues: values, ExpressionAttributeNames: { '#n': 'n' }, ReturnValues: 'ALL_NEW' }), new Sdk.UpdateCommand({ TableName: 't', Key: key, UpdateExpression: 'SET d = :now ADD n :one', ExpressionAttributeValues: values, ExpressionAttributeNames: { '#n': 'n' }, ReturnValues: 'ALL_NEW' }), { Attributes: wireItem }],
    ['DeleteItem', new Light.DeleteCommand({ TableName: 't', Key: key, ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } }), new Sdk.DeleteCommand({ TableName: 't', Key: key, ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } }), {}],
    ['Query', new Light.QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :now', ExpressionAttributeValues: values, ExclusiveStartKey: key, Limit: 5, ScanIndexForward: false }), new Sdk.QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :now', ExpressionAttributeValues: values, ExclusiveStartKey: key, Limit: 5, ScanIndexForward: false }), { Items: [wireItem, wireItem], Count: 2, ScannedCount: 3, LastEvaluatedKey: { pk: { S: 'p' }, sk: { S: 's' } } }],
    ['Scan', new Light.ScanCommand({ TableName: 't', ExclusiveStartKey: key }), new Sdk.ScanCommand({ TableName: 't', ExclusiveStartKey: key }), { Items: [wireItem], Count: 1, ScannedCount: 1 }],
    ['BatchGetItem', new Light.BatchGetCommand({ RequestItems: { t: { Keys: [key, { pk: 'b', sk: 'c' }], ProjectionExpression: 'pk' } } }), new Sdk.BatchGetCommand({ RequestItems: { t: { Keys: [key, { pk: 'b', sk: 'c' }], ProjectionExpression: 'pk' } } }), { Responses: { t: [wireItem] }, UnprocessedKeys: { t: { Keys: [{ pk: { S: 'b' }, sk: { S: 'c' } }] } } }],
    ['BatchWriteItem', new Light.BatchWriteCommand({ RequestItems: { t: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: key } }] } }), new Sdk.BatchWriteCommand({ RequestItems: { t: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: key } }] } }), { UnprocessedItems: { t: [{ PutRequest: { Item: wireItem } }, { DeleteRequest: { Key: { pk: { S: 'x' }, sk: { S: 'y' } } } }] } }],
    [
      'TransactWriteItems',
      new Light.TransactWriteCommand({ TransactItems: [{ ConditionCheck: { TableName: 't', Key: key, ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } } }, { Put: { TableName: 't', Item: item } }, { Delete: { TableName: 't', Key: key } }, { Update: { TableName: 't', Key: key, UpdateExpression: 'SET d = :now', ExpressionAttributeValues: values } }], ClientRequestToken: 'tok' }),
      new Sdk.TransactWriteCommand({ TransactItems: [{ ConditionCheck: { TableName: 't', Key: key, ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } } }, { Put: { TableName: 't', Item: item } }, { Delete: { TableName: 't', Key: key } }, { Update: { TableName: 't', Key: key, UpdateExpression: 'SET d = :now', ExpressionAttributeValues: values } }], ClientRequestToken: 'tok' }),
      {},
    ],
    ['TransactGetItems', new Light.TransactGetCommand({ TransactItems: [{ Get: { TableName: 't', Key: key } }, { Get: { TableName: 't', Key: { pk: 'b', sk: 'c' } } }] }), new Sdk.TransactGetCommand({ TransactItems: [{ Get: { TableName: 't', Key: key } }, { Get: { TableName: 't', Key: { pk: 'b', sk: 'c' } } }] }), { Responses: [{ Item: wireItem }, {}] }],
  ];

  it.each(cases)('%s: the same wire JSON out and the same document back', async (operation, light, sdk, answer) => {
    const run = sdkRun(answer);
    const sdkOutput = (await run.client.send(sdk as never)) as Record<string, unknown>;
    const command = light as Light.DocumentCommand<object, object>;
    expect(command.operation).toBe(operation);
    expect(JSON.parse(toWireJson(marshalInput(operation, command.input as Record<string, unknown>)))).toEqual(run.sent());
    const { $metadata: _ignored, ...sdkDocument } = sdkOutput;
    expect(unmarshalOutput(operation, fromWireJson(toWireJson(answer)))).toEqual(sdkDocument);
  });

  it('refuses a class instance as a map, as lib-dynamodb configured with convertClassInstanceToMap: false', () => {
    class Point {
      x = 1;
    }
    expect(() => marshalInput('PutItem', { TableName: 't', Item: { pk: 'a', sk: 'b', at: new Point() } })).toThrow(/convertClassInstanceToMap/);
  });
});

describe('the light client over HTTP', () => {
  let server: Server;
  let endpoint: string;
  let handle: (request: IncomingMessage, body: string, response: ServerResponse) => void;
  const requests: Array<{ target: string; authorization: string; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        requests.push({ target: String(request.headers['x-amz-target']), authorization: String(request.headers.authorization), body });
        handle(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests.length = 0;
  });

  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' });
    response.end(JSON.stringify(body));
  };
  const client = (extra: Partial<ConstructorParameters<typeof LightDocumentClient>[0]> = {}) =>
    new LightDocumentClient({ region: 'eu-west-1', endpoint, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, ...extra });
  const get = () => new Light.GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } });

  it('retries a 5xx and a throttled answer, then returns the item; three attempts in all', async () => {
    let calls = 0;
    handle = (_request, _body, response) => {
      calls += 1;
      if (calls === 1) return answer(response, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'boom' });
      if (calls === 2) return answer(response, 400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' });
      return answer(response, 200, { Item: { pk: { S: 'a' }, sk: { S: 'b' }, n: { N: '7' } } });
    };
    const output = await client().send(get());
    expect(output.Item).toEqual({ pk: 'a', sk: 'b', n: 7 });
    expect(output.$metadata).toMatchObject({ httpStatusCode: 200, requestId: 'req-1', attempts: 3 });
    expect(requests.map((r) => r.target)).toEqual(['DynamoDB_20120810.GetItem', 'DynamoDB_20120810.GetItem', 'DynamoDB_20120810.GetItem']);
    expect(requests[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
  });

  it('gives up after maxAttempts with the last error, its status and the attempt count', async () => {
    handle = (_request, _body, response) => answer(response, 503, { __type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable', message: 'down' });
    const error = (await client().send(get()).catch((e: unknown) => e)) as Error & { $fault: string; $metadata: Record<string, unknown> };
    expect(error.name).toBe('ServiceUnavailable');
    expect(error.$fault).toBe('server');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 503, requestId: 'req-1', attempts: 3 });
    expect(requests).toHaveLength(3);
  });

  it('never retries a client error, and throws the SDK-shaped condition failure with its Item in attribute-value form', async () => {
    handle = (_request, _body, response) => answer(response, 400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed', Item: { pk: { S: 'a' }, n: { N: '1' } } });
    const error = await client()
      .send(new Light.PutCommand({ TableName: 't', Item: { pk: 'a', sk: 'b' }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 }, Item: { pk: { S: 'a' }, n: { N: '1' } } });
    expect(requests).toHaveLength(1);
  });

  it('throws TransactionCanceledException with its reasons, recognised by the SDK class too', async () => {
    handle = (_request, _body, response) =>
      answer(response, 400, { __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', Message: 'Transaction cancelled', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }] });
    const error = await client()
      .send(new Light.TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }] }))
      .catch((e: unknown) => e);
    const { TransactionCanceledException: SdkCancelled } = await import('@aws-sdk/client-dynamodb');
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error).toBeInstanceOf(SdkCancelled);
    expect((error as TransactionCanceledException).message).toBe('Transaction cancelled');
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }]);
    // And the other way round: an SDK-built exception (fault injection in tests) passes our checks.
    expect(new SdkCancelled({ message: 'x', $metadata: {}, CancellationReasons: [] })).toBeInstanceOf(TransactionCanceledException);
    expect(new Error('x')).not.toBeInstanceOf(TransactionCanceledException);
  });

  it('times out a silent server (retried, then TimeoutError) and ends an aborted call at once, unretried', async () => {
    handle = () => undefined; // never answers
    const timedOut = await client({ requestTimeoutMs: 50, maxAttempts: 2 })
      .send(get())
      .catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ name: 'TimeoutError' });
    expect(requests).toHaveLength(2);
    requests.length = 0;
    const aborted = await client()
      .send(get(), { abortSignal: AbortSignal.timeout(50) })
      .catch((e: unknown) => e);
    expect(aborted).toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });

  it('signs with the environment credentials, session token included, and refuses to send without them', async () => {
    handle = (_request, _body, response) => answer(response, 200, {});
    const saved = { ...process.env };
    try {
      process.env.AWS_ACCESS_KEY_ID = 'ASIAENV';
      process.env.AWS_SECRET_ACCESS_KEY = 'envsecret';
      process.env.AWS_SESSION_TOKEN = 'envtoken';
      await new LightDocumentClient({ region: 'eu-west-1', endpoint }).send(get());
      expect(requests[0]!.authorization).toMatch(/Credential=ASIAENV\/.*SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target/);
      delete process.env.AWS_ACCESS_KEY_ID;
      const error = await new LightDocumentClient({ region: 'eu-west-1', endpoint }).send(get()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'CredentialsProviderError' });
      expect(requests).toHaveLength(1);
    } finally {
      process.env = saved;
    }
  });
});
