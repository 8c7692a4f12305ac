import { localS3Environment, startLocalS3, type LocalS3 } from '../local/localS3.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GroupHandlerOptions, LambdaHttpHandler } from '../../shared/http/createGroupHandler.js';
import { corsConfig } from '../../shared/http/corsConfig.js';
import type { RateClass } from '../../shared/routes/rateClasses.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { ensureTable, javaProblem, startDynamoDbLocal, type RunningDynamoDb } from '../local/dynamoDbLocal.js';
import { generateIssuerKeys, LOCAL_AUDIENCE, LOCAL_ISSUER, type IssuerKeys } from '../local/localIssuer.js';
import { startLocalServer } from '../local/localServer.js';

/**
 * The benchmark's own local stack, built from the same parts as `npm start` (bin/local.ts): DynamoDB
 * Local in memory, the single table from the CDK definition, a fresh local token issuer, and the local
 * HTTP server in front of the real group handlers. Every port is chosen free by the OS, so a running
 * `npm start` (3000/8000/9229) is never disturbed. Local Cognito is not started: the bench only calls
 * routes that verify tokens, and it mints them with the local issuer, which the server trusts.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchStack {
  url: string;
  dynamoDbEndpoint: string;
  tableName: string;
  issuer: IssuerKeys;
  /** CPU seconds DynamoDB Local's JVM has used so far (Linux /proc only; undefined elsewhere). */
  dynamoDbCpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; undefined off Linux. */
function processCpuSeconds(pid: number | undefined, ticksPerSecond: number): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export interface BenchStackOptions {
  /** Rate classes replaced for the run (createGroupHandler's `rateClasses`); empty keeps the seed's limits. */
  rateClasses: Record<string, RateClass>;
}

/** A TCP port free on the loopback interface right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Groups whose Lambda can be built with rate-class overrides. The progress group exports its factory
 * for exactly this (load tests and the bench); any other group is loaded as deployed.
 */
async function loadGroupHandler(group: string, options: GroupHandlerOptions): Promise<LambdaHttpHandler> {
  const href = pathToFileURL(join(root, 'lambdas', group, 'handler.ts')).href;
  const factory = RATE_OVERRIDE_FACTORIES[group];
  if (factory && Object.keys(options.rateClasses ?? {}).length > 0) {
    const module = (await import(href)) as Record<string, (options: GroupHandlerOptions) => LambdaHttpHandler>;
    return module[factory]!(options);
  }
  const module = (await import(href)) as { handler: LambdaHttpHandler };
  return module.handler;
}

/** The handler factory each group exports for rate-class overrides (progress: issue 5, reports: issue 15). */
const RATE_OVERRIDE_FACTORIES: Record<string, string> = { progress: 'createProgressHandler', reports: 'createReportsHandler' };

/** Groups whose rate classes the bench can lift (see loadGroupHandler). */
export const GROUPS_WITH_RATE_OVERRIDES: ReadonlySet<string> = new Set(Object.keys(RATE_OVERRIDE_FACTORIES));

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const java = javaProblem();
  if (java) throw new Error(java);
  const tableName = 'cairn-bench';
  const dynamo: RunningDynamoDb = await startDynamoDbLocal({ port: await freePort() });
  // A crash of this process must not leave Java behind.
  const killJava = () => {
    if (dynamo.process.exitCode === null && dynamo.process.signalCode === null) dynamo.process.kill('SIGKILL');
  };
  process.on('exit', killJava);
  let s3: LocalS3 | undefined;
  try {
    await ensureTable(dynamo.endpoint, tableName);
    // A local S3 for every bench: reports, and the certificates seed 001 `complete` renders (issue 23).
    s3 = await startLocalS3({ port: await freePort() });
    Object.assign(process.env, localS3Environment(s3));
    const issuer = generateIssuerKeys();
    Object.assign(process.env, {
      STAGE: 'local',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      DEFAULT_TENANT_ID: 'public',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      POWERTOOLS_SERVICE_NAME: 'cairn-bench',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // The per-request log line would cost as much as the work being measured.
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AUTH_ISSUER: LOCAL_ISSUER,
      AUTH_AUDIENCE: LOCAL_AUDIENCE,
      AUTH_JWKS_JSON: JSON.stringify(issuer.jwks),
    });
    const server = await startLocalServer({
      port: 0,
      routes: ROUTES,
      loadGroupHandler: (group) => loadGroupHandler(group, { rateClasses: options.rateClasses }),
      cors: corsConfig(['*']),
      openApiDocument: () => ({}),
      exposeDynamoDbRequests: true,
    });
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
    return {
      // The server listens on 127.0.0.1; skipping the name lookup keeps it out of the figures.
      url: server.url.replace('//localhost:', '//127.0.0.1:'),
      dynamoDbEndpoint: dynamo.endpoint,
      tableName,
      issuer,
      dynamoDbCpuSeconds: () => processCpuSeconds(dynamo.process.pid, ticks),
      stop: async () => {
        await server.close();
        await s3?.stop();
        await dynamo.stop();
        process.off('exit', killJava);
      },
    };
  } catch (err) {
    await s3?.stop();
    await dynamo.stop();
    process.off('exit', killJava);
    throw err;
  }
}
