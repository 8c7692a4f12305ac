import { runtimeConfig } from '../config/runtimeConfig.js';
import { probeTable } from '../db/healthRepository.js';
import type { Dependency } from './dependencies.js';

/**
 * One harmless probe per dependency (issue 20 `health` and `test`): a read that changes nothing and
 * proves the dependency answers, through the same client, breaker and call figures as real traffic.
 *
 * | dependency | probe | cost |
 * | --- | --- | --- |
 * | dynamodb | GetItem of the fixed health key, consistent | 0.5 RCU |
 * | cognito | DescribeUserPool of the stage's pool | free (Cognito API quota) |
 * | stripe | balance retrieval (`GET /v1/balance`) | free (Stripe API quota) |
 * | bedrock | Converse with a 1-token answer ("ping") on the primary model (fallback if it fails) | ~10 input + 1 output tokens |
 * | s3 | HeadBucket of the report bucket | one request |
 * | step-functions | DescribeStateMachine of the enrollment saga | free (API quota) |
 *
 * Each probe imports its dependency's client on first use, so the integration function's cold start
 * carries none of them (the Cognito, Bedrock, Stripe, S3 and Step Functions clients are chunks).
 *
 * A dependency this function is not configured for (no pool, bucket or state machine in its
 * environment: the local stack runs the saga in-process) is `not_configured`, never a guess.
 */
export interface ProbeOutcome {
  /** What ran (the seed's `endpoint`). */
  operation: string;
  configured: boolean;
  ok: boolean;
  latencyMs: number | null;
  error: string | null;
  /** A small, non-secret excerpt of the answer, for `test`. */
  response: Record<string, unknown> | null;
}

export const PROBE_OPERATIONS: Record<Dependency, string> = {
  dynamodb: 'GetItem',
  cognito: 'DescribeUserPool',
  stripe: 'GET /v1/balance',
  bedrock: 'Converse',
  s3: 'HeadBucket',
  'step-functions': 'DescribeStateMachine',
};

type Probe = (signal: AbortSignal) => Promise<Record<string, unknown> | null> | null;

const PROBES: Record<Dependency, Probe> = {
  dynamodb: () => probeTable().then(() => ({ table: 'reachable' })),
  cognito: (signal) => {
    if (!runtimeConfig().cognito) return null;
    return Promise.all([import('@aws-sdk/client-cognito-identity-provider'), import('../identity/cognito.js')]).then(async ([sdk, { cognito }]) => {
      const { client, userPoolId } = await cognito();
      const out = await client.send(new sdk.DescribeUserPoolCommand({ UserPoolId: userPoolId }), { abortSignal: signal });
      return { userPoolId, status: out.UserPool?.Status ?? null };
    });
  },
  stripe: async () => {
    const provider = (await import('../payments/providerFactory.js')).paymentProvider();
    await provider.ping?.();
    return { provider: provider.name };
  },
  bedrock: async () => {
    const models = await (await import('../ai/modelProvider.js')).aiModels();
    const reply = await models.chat.converse({ system: 'Answer with one word.', messages: [{ role: 'user', text: 'ping' }], documents: [], query: 'ping', maxTokens: 1, temperature: 0 });
    return { provider: models.chat.kind, model: reply.modelId, fallbackUsed: reply.fallbackUsed };
  },
  s3: (signal) => {
    const bucket = process.env.REPORTS_BUCKET;
    if (!bucket) return null;
    return import('../reports/reportBucket.js')
      .then(({ s3Client, s3Sdk }) => Promise.all([s3Client(), s3Sdk()]))
      .then(([client, sdk]) => client.send(new sdk.HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal })).then(() => ({ bucket: 'reachable' }));
  },
  'step-functions': (signal) => {
    const arn = process.env.ENROLLMENT_SAGA_ARN;
    if (!arn) return null;
    return import('../aws/stepFunctions.js')
      .then(({ stepFunctions }) => stepFunctions())
      .then(({ sdk, client }) => client.send(new sdk.DescribeStateMachineCommand({ stateMachineArn: arn }), { abortSignal: signal }))
      .then((out) => ({ status: out.status ?? null }));
  },
};

/** Runs one dependency's probe with a timeout (default 3 s) and measures it. */
export async function runProbe(dependency: Dependency, timeoutMs = 3000): Promise<ProbeOutcome> {
  const operation = PROBE_OPERATIONS[dependency];
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  try {
    const pending = PROBES[dependency](signal);
    if (pending === null) return { operation, configured: false, ok: false, latencyMs: null, error: null, response: null };
    const response = await Promise.race([
      pending,
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error(`No answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), { once: true })),
    ]);
    return { operation, configured: true, ok: true, latencyMs: Math.round(performance.now() - started), error: null, response };
  } catch (error) {
    return { operation, configured: true, ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'Error', response: null };
  }
}
