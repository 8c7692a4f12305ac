// Starts one DynamoDB Local and one local Cognito for the whole test run (DESIGN §10) and mints the
// run's dev token-issuer keys (trusted beside Cognito, as in the local stack).
// Each test file uses its own tenant ids, so files share the table without seeing each other's data.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './ports.js';
import { join } from 'node:path';
import { ensureTable, javaProblem, startDynamoDbLocal } from '../../bin/local/dynamoDbLocal.js';
import { generateIssuerKeys, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../bin/local/localIssuer.js';
import { localAuthEnvironment, startLocalCognito, type LocalCognito } from '../../bin/local/cognitoLocal.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { localS3Environment, startLocalS3, type LocalS3 } from '../../bin/local/localS3.js';


/** The app redirect URL the tests' OAuth flows register. */
export const TEST_CALLBACK_URLS = ['https://app.example.com/auth/callback'];

export async function setUpTestRun(): Promise<void> {
  const java = javaProblem();
  if (java) throw new Error(java);
  const tableName = 'cairn-test';
  Object.assign(process.env, { TABLE_NAME: tableName, AWS_REGION: 'us-east-1', DEFAULT_TENANT_ID: 'public', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' });
  // The run's synth cache for the infra tests (test/infra/synth.ts); the workers inherit the variable.
  process.env.CAIRN_SYNTH_CACHE = mkdtempSync(join(tmpdir(), 'cairn-synth-cache-'));
  const keys = generateIssuerKeys();
  const [dynamoPort, cognitoPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  // Started side by side (issue 17, CI time): DynamoDB Local's JVM takes seconds to start, and the local
  // Cognito and S3 do not need it until a test runs. The pre-token-generation trigger is imported on its
  // first call, by which time DYNAMODB_ENDPOINT is set.
  const started = await Promise.allSettled([
    startDynamoDbLocal({ port: dynamoPort }).then(async (started) => {
      (globalThis as { __CAIRN_DYNAMO__?: unknown }).__CAIRN_DYNAMO__ = started;
      process.env.DYNAMODB_ENDPOINT = started.endpoint;
      await ensureTable(started.endpoint, tableName);
      return started;
    }),
    startLocalCognito({
      port: cognitoPort,
      dataDir: mkdtempSync(join(tmpdir(), 'cairn-cognito-')),
      preTokenGeneration: async (event) => {
        const trigger = (await import('../../lambdas/cognitoTriggers/preTokenGeneration.js')) as { handler: (event: never) => Promise<unknown> };
        return trigger.handler(event as never);
      },
      callbackUrls: TEST_CALLBACK_URLS,
    }).then((started: LocalCognito) => ((globalThis as { __CAIRN_COGNITO__?: LocalCognito }).__CAIRN_COGNITO__ = started)),
    startLocalS3({ port: s3Port }).then((started: LocalS3) => ((globalThis as { __CAIRN_S3__?: LocalS3 }).__CAIRN_S3__ = started)),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await tearDownTestRun(); // no orphaned Java when the local Cognito or S3 failed to start
    throw failed.reason;
  }
  const [dynamo, cognito, s3] = started.map((result) => (result as PromiseFulfilledResult<unknown>).value) as [{ endpoint: string }, LocalCognito, LocalS3];
  const env = {
    ...localS3Environment(s3),
    STAGE: 'test',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    DEFAULT_TENANT_ID: 'public',
    ...localAuthEnvironment(cognito, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: keys.jwks }, TEST_CALLBACK_URLS),
    TEST_ISSUER_JWKS: JSON.stringify(keys.jwks),
    TEST_ISSUER_KEY_PEM: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    TEST_ISSUER_KID: keys.kid,
  };
  // Workers inherit the environment of the process that forks them; the file is for debugging a run.
  Object.assign(process.env, env);
  const dir = join(process.cwd(), 'test', '.runtime');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'env.json'), JSON.stringify({ DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT, TABLE_NAME: tableName }, null, 2));
}

/** Stops the run's DynamoDB Local (no orphaned Java). */
export async function tearDownTestRun(): Promise<void> {
  await (globalThis as { __CAIRN_COGNITO__?: LocalCognito }).__CAIRN_COGNITO__?.stop();
  await (globalThis as { __CAIRN_S3__?: LocalS3 }).__CAIRN_S3__?.stop();
  const dynamo = (globalThis as { __CAIRN_DYNAMO__?: { stop(): Promise<void> } }).__CAIRN_DYNAMO__;
  await dynamo?.stop();
  if (process.env.CAIRN_SYNTH_CACHE) rmSync(process.env.CAIRN_SYNTH_CACHE, { recursive: true, force: true });
}
