// Starts one DynamoDB Local for the whole test run (DESIGN §10) and mints the run's token-issuer keys.
// Each test file uses its own tenant ids, so files share the table without seeing each other's data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { freePort } from './ports.js';
import { join } from 'node:path';
import { ensureTable, javaProblem, startDynamoDbLocal } from '../../bin/local/dynamoDbLocal.js';
import { generateIssuerKeys, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../bin/local/localIssuer.js';


export async function setUpTestRun(): Promise<void> {
  const java = javaProblem();
  if (java) throw new Error(java);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  (globalThis as { __CAIRN_DYNAMO__?: unknown }).__CAIRN_DYNAMO__ = dynamo;
  const tableName = 'cairn-test';
  await ensureTable(dynamo.endpoint, tableName);
  const keys = generateIssuerKeys();
  const env = {
    STAGE: 'test',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    DEFAULT_TENANT_ID: 'public',
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_AUDIENCE: LOCAL_AUDIENCE,
    AUTH_JWKS_JSON: JSON.stringify(keys.jwks),
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
  const dynamo = (globalThis as { __CAIRN_DYNAMO__?: { stop(): Promise<void> } }).__CAIRN_DYNAMO__;
  await dynamo?.stop();
}
