// `npm start`: the whole product on one machine with no AWS account (DESIGN §9).
//   DynamoDB Local (data under .data/dynamodb, or --in-memory), the single table from the CDK
//   definition, the local token issuer, and every route of the route table on http://localhost:3000
//   (PORT overrides; DYNAMODB_PORT overrides DynamoDB Local's 8000). Ctrl-C stops everything.
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import type { LambdaHttpHandler } from '../shared/http/createGroupHandler.js';
import { corsConfig } from '../shared/http/corsConfig.js';
import { buildOpenApiDocument } from '../shared/routes/openApiDocument.js';
import { ROUTES } from '../shared/routes/routeTable.js';
import { ensureTable, javaProblem, startDynamoDbLocal, type RunningDynamoDb } from './local/dynamoDbLocal.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateIssuerKeys } from './local/localIssuer.js';
import { startLocalServer } from './local/localServer.js';
import { startLocalScheduler, type LocalScheduler } from './local/localScheduler.js';
import { installLocalEnrollmentSaga } from './local/localStateMachine.js';
import { installLocalAnalyticsPipeline, startLocalNightly, type LocalNightly } from './local/localAnalyticsPipeline.js';
import { paymentConfig } from '../shared/payments/paymentConfig.js';
import { localAuthEnvironment, localCallbackUrls, startLocalCognito, type LocalCognito } from './local/cognitoLocal.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { localS3Environment, startLocalS3, type LocalS3 } from './local/localS3.js';
import { inProcessReportDispatcher, setReportDispatcher } from '../shared/reports/reportDispatcher.js';
import { startLocalXapiDelivery } from './local/localXapiDelivery.js';
import type { StreamPoller } from './local/localStreamPoller.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const inMemory = args.has('--in-memory');
const apiPort = Number(process.env.PORT ?? 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const cognitoPort = Number(process.env.COGNITO_PORT ?? 9229);
const s3Port = Number(process.env.S3_PORT ?? 4569);
const tableName = process.env.TABLE_NAME ?? 'cairn-local';

function fail(message: string): never {
  console.error(`cairn: ${message}`);
  process.exit(1);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

async function main(): Promise<void> {
  const java = javaProblem();
  if (java) fail(java);
  if (!Number.isInteger(apiPort) || apiPort <= 0) fail(`PORT must be a port number, got "${process.env.PORT}".`);
  if (!(await portFree(apiPort))) fail(`port ${apiPort} is already in use; stop the other process or set PORT to a free port.`);
  if (!(await portFree(dynamoPort))) fail(`port ${dynamoPort} (DynamoDB Local) is already in use; stop the other process or set DYNAMODB_PORT.`);
  if (!(await portFree(cognitoPort))) fail(`port ${cognitoPort} (local Cognito) is already in use; stop the other process or set COGNITO_PORT.`);
  if (!(await portFree(s3Port))) fail(`port ${s3Port} (local S3) is already in use; stop the other process or set S3_PORT.`);

  const issuer = loadOrCreateIssuerKeys(join(root, '.data', 'issuer'));
  const running: { dynamo?: RunningDynamoDb; cognito?: LocalCognito; server?: Awaited<ReturnType<typeof startLocalServer>>; scheduler?: LocalScheduler; nightly?: LocalNightly; s3?: LocalS3; reports?: { idle(): Promise<void> }; xapi?: StreamPoller } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\ncairn: stopping…');
    await running.scheduler?.stop();
    await running.xapi?.stop();
    await running.nightly?.stop();
    await running.server?.close();
    await running.reports?.idle();
    await running.s3?.stop();
    await running.cognito?.stop();
    await running.dynamo?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('exit', () => {
    if (running.dynamo && running.dynamo.process.exitCode === null) running.dynamo.process.kill('SIGKILL');
  });

  const dynamo = await startDynamoDbLocal({ port: dynamoPort, ...(inMemory ? {} : { dataDir: join(root, '.data', 'dynamodb') }) });
  dynamo.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`cairn: DynamoDB Local exited unexpectedly (code ${code}).`);
      void stop(1);
    }
  });
  running.dynamo = dynamo;
  const table = await ensureTable(dynamo.endpoint, tableName);

  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    DEFAULT_TENANT_ID: process.env.DEFAULT_TENANT_ID ?? 'public',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    POWERTOOLS_SERVICE_NAME: 'cairn-local',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    XAPI_HOME_BASE_URL: process.env.XAPI_HOME_BASE_URL ?? `http://localhost:${apiPort}`,
  });

  // Local Cognito, with our real pre-token-generation trigger in place of the Lambda.
  const trigger = (await import(pathToFileURL(join(root, 'lambdas', 'cognitoTriggers', 'preTokenGeneration.ts')).href)) as {
    handler: (event: never) => Promise<unknown>;
  };
  const cognito = await startLocalCognito({
    port: cognitoPort,
    dataDir: inMemory ? mkdtempSync(join(tmpdir(), 'cairn-cognito-')) : join(root, '.data', 'cognito'),
    preTokenGeneration: (event) => trigger.handler(event as never),
    callbackUrls: localCallbackUrls(apiPort),
  });
  running.cognito = cognito;
  // Tokens from `npm run token` are trusted beside Cognito's, locally only.
  Object.assign(process.env, localAuthEnvironment(cognito, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: issuer.jwks }, localCallbackUrls(apiPort)));

  // Local S3 for report exports (issue 15): s3rver in-process; large reports run in-process in the background.
  const s3 = await startLocalS3({ port: s3Port, directory: inMemory ? mkdtempSync(join(tmpdir(), 'cairn-s3-')) : join(root, '.data', 's3'), corsOrigins: (process.env.CORS_ORIGINS ?? '*').split(',') });
  running.s3 = s3;
  Object.assign(process.env, localS3Environment(s3));
  const { runBackgroundReport } = await import('../shared/reports/reportService.js');
  const reports = inProcessReportDispatcher((job) => runBackgroundReport(job), (message) => console.error(message));
  setReportDispatcher(reports);
  running.reports = reports;

  // The enrollment saga: the CDK definition run in-process with the task Lambdas' handlers (issue 7).
  await installLocalEnrollmentSaga({ authenticationPollMs: 5000 });
  // The nightly analytics workflow (issue 14): the CDK definition in-process; org admins' reprocessing starts it too.
  const analyticsPipeline = await installLocalAnalyticsPipeline();
  // Privacy (issue 20): the erasure workflow from its CDK definition and the export worker, in-process.
  const { installLocalPrivacy } = await import('./local/localErasure.js');
  installLocalPrivacy();

  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const loadGroupHandler = async (group: string): Promise<LambdaHttpHandler> => {
    const module = (await import(pathToFileURL(join(root, 'lambdas', group, 'handler.ts')).href)) as { handler: LambdaHttpHandler };
    return module.handler;
  };
  const server = await startLocalServer({
    port: apiPort,
    routes: ROUTES,
    loadGroupHandler,
    cors: corsConfig((process.env.CORS_ORIGINS ?? '*').split(',')),
    openApiDocument: () => buildOpenApiDocument(ROUTES, { version, serverUrl: `http://localhost:${apiPort}` }),
    jwks: issuer.jwks,
  });

  running.server = server;
  // Scheduled jobs (shared/jobs/schedules.ts) on the same schedules as EventBridge Scheduler in AWS.
  running.scheduler = startLocalScheduler();
  running.nightly = startLocalNightly(analyticsPipeline);
  // xAPI out (issue 22): the table's stream from DynamoDB Local → the delivery handler → tenants' LRSs.
  running.xapi = await startLocalXapiDelivery(dynamo.endpoint, tableName);
  const routeCount = ROUTES.filter((r) => r.path !== '$default').length;
  console.log(
    [
      `cairn: local stack ready`,
      `  API            ${server.url}  (${routeCount} routes; try ${server.url}/api/v1/health)`,
      `  OpenAPI        ${server.url}/openapi.json   API reference ${server.url}/docs (try it with a token from npm run token)`,
      `  Schedules      ${running.scheduler.describe().join(', ')}  (first run now)`,
      `                 ${running.nightly.describe()}  (first run now, for yesterday)`,
      `  DynamoDB Local ${dynamo.endpoint}  table "${tableName}" ${table === 'created' ? 'created' : 'reused'} (${inMemory ? 'in memory' : 'data in .data/dynamodb'})`,
      `  Cognito        ${cognito.endpoint}  pool ${cognito.userPoolId}, client ${cognito.clientId} (sign up: POST ${server.url}/auth/register)`,
      `  Step Functions enrollment saga, analytics pipeline and erasure workflow from the CDK definitions, run in-process (aws-local-stepfunctions)`,
      `  xAPI           statements in at ${server.url}/xapi/statements; out: the table stream (DynamoDB Local) → each tenant's LRSs, polled every second (DLQ: this console)`,
      `  Tokens         npm run token -- --user <id> --tenant <id> --role <role>   (dev issuer, trusted locally only)`,
      ...paymentLines(`${server.url}/api/v1/payments/webhooks/stripe/`),
      `  S3 (s3rver)    ${s3.endpoint}  bucket "${s3.bucket}": reports go to ${s3.bucket}/<tenant>/reports/<report id>/ (${inMemory ? 'temporary directory' : 'files in .data/s3'}); export_url works from curl`,
      `                 bucket "${s3.mediaBucket}": media uploads (presigned PUT / multipart from the browser, CORS on) under ${s3.mediaBucket}/<tenant>/media/<media id>/`,
      `  Not local yet  OAuth sign-in: it arrives with its issue`,
      `  Ctrl-C stops everything, DynamoDB Local included.`,
    ].join('\n'),
  );
}

/** What the banner says about payments: the local test-mode provider's test methods and webhook secret. */
function paymentLines(webhookUrl: string): string[] {
  const config = paymentConfig();
  if (config.provider === 'stripe') return [`  Payments       Stripe (secrets from Secrets Manager ids in STRIPE_*_SECRET_ID); webhooks at ${webhookUrl}`];
  return [
    `  Payments       local test-mode provider: pm_card_visa succeeds; pm_card_chargeDeclined, pm_card_chargeDeclinedInsufficientFunds decline;`,
    `                 pm_card_authenticationRequired needs 3-D Secure. Webhooks at ${webhookUrl}, signing secret ${config.localWebhookSecret}`,
  ];
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
