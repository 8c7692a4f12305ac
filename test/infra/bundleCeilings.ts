/**
 * Per-function ceilings (KB) on what a cold start loads: `index.mjs` plus the chunks it imports
 * statically, minified, AWS SDK included (bin/bench/functionBundles.ts). Each sits ~3 KB above the
 * function's size when it was set (the figure in its comment), so a regression fails the infra test;
 * lower a ceiling when a function shrinks, and say why in its comment when you raise one. A function
 * not listed (a new group) gets issue 17's goal, 350 KB.
 *
 * Where the bytes are (catalog, 179.7 KB): zod ~100 KB, aws-jwt-verify ~16 KB, the light DynamoDB
 * client with util-dynamodb ~16 KB (shared/db/lightDynamoDb.ts, which replaced client-dynamodb +
 * lib-dynamodb and their SDK core, ~190 KB, in every function), the group's routes, schemas, services
 * and the HTTP layer the rest. What loads on first use and is not counted: the Cognito, S3, Lambda,
 * Step Functions, Secrets Manager, SQS and Bedrock clients, Stripe, the PDF renderer, cockatiel.
 *
 * Where init time goes (`node --cpu-prof` of catalog's bundle, ~35 ms p50 on the bench machine, 3 ms of
 * it the empty process): compiling the bundle's source ~40 % (it grows with the bytes: zod is the largest
 * part left; `zod/mini` would be ~26 KB and ~6 ms less, but every schema's method chain would change),
 * module-scope evaluation ~25 %, node:https ~9 ms (TLS for DynamoDB and the JWKS), GC the rest. An ESM
 * import of node:http costs ~30 ms by itself (its namespace's WebSocket getter loads undici): nothing on
 * the init path may import it (the light client reaches it through `process.getBuiltinModule`).
 */
export const SIZE_GOAL_KB = 350;

/**
 * Report, media, content, certificate and receipt functions store files in S3 and hand out presigned
 * URLs: the S3 client and presigner (~310 KB as a self-contained chunk, lib/constructs/lambdaBundle.ts)
 * load on the first call that stores, reads or signs a file. `report-worker` and `job-scheduled-reports`
 * store a file on every run, so for them that chunk is part of every invocation's cost even though it
 * is not counted here. The AI functions load the Bedrock client on the first model call, identity the
 * Cognito client on the first sign-up, sign-in, refresh, sign-out or erasure.
 */

/** Set 2026-12-03 after the light DynamoDB client and the on-demand Cognito client (issue 17). */
export const BUNDLE_CEILINGS_KB: Record<string, number> = {
  achievements: 168, // 164.3 KB
  analytics: 169, // 165.4 KB
  'analytics-aggregateTenant': 59, // 55.8 KB
  'analytics-finishRun': 26, // 22.2 KB
  'analytics-planRun': 26, // 22.5 KB
  'analytics-recordTenantFailure': 27, // 23.3 KB
  analyticsProcessing: 162, // 158.7 KB
  assistant: 228, // 224.5 KB
  authoring: 204, // 200.5 KB
  authWebhooks: 167, // 163.9 KB
  catalog: 183, // 179.7 KB
  certificates: 166, // 162.1 KB
  chat: 266, // 262.9 KB
  chatStream: 212, // 208.1 KB
  comparison: 181, // 177.1 KB
  content: 196, // 192.7 KB
  enrollment: 181, // 177.8 KB
  enrollments: 192, // 188.8 KB
  gamification: 184, // 180.7 KB
  identity: 193, // 189.3 KB
  integration: 173, // 169.8 KB
  'job-leaderboard-refresh': 123, // 119.6 KB
  'job-scheduled-reports': 173, // 169.5 KB
  'job-streak-at-risk': 137, // 133.4 KB
  leaderboards: 163, // 159.7 KB
  learnerAnalytics: 211, // 208.0 KB
  media: 184, // 180.7 KB
  notifications: 170, // 166.9 KB
  orgAnalytics: 179, // 175.2 KB
  organizations: 187, // 183.0 KB
  payments: 208, // 204.2 KB
  personalCourses: 184, // 180.2 KB
  'pre-token-generation': 118, // 114.8 KB
  programs: 183, // 180.0 KB
  progress: 239, // 235.9 KB
  reflections: 168, // 164.3 KB
  'report-worker': 170, // 166.7 KB
  reports: 217, // 213.7 KB
  reviews: 164, // 160.1 KB
  'saga-charge': 40, // 36.1 KB
  'saga-checkPayment': 36, // 32.8 KB
  'saga-notify': 129, // 125.7 KB
  'saga-recordFailure': 130, // 126.5 KB
  'saga-refund': 137, // 133.9 KB
  'saga-releaseCoupon': 126, // 122.9 KB
  'saga-reserveCoupon': 130, // 126.6 KB
  'saga-validate': 127, // 123.9 KB
  'saga-writeEnrollment': 129, // 125.5 KB
  sessions: 227, // 223.1 KB
  skills: 173, // 169.3 KB
  system: 160, // 156.9 KB
  trainerAnalytics: 170, // 166.3 KB
  xapi: 235, // 232.0 KB
  'xapi-delivery': 48, // 44.1 KB
};

/** The ceiling of a function (KB). */
export function ceilingOf(name: string): number {
  return BUNDLE_CEILINGS_KB[name] ?? SIZE_GOAL_KB;
}

/** The functions over their ceiling, as `name: size KB > ceiling KB` (empty when every one fits). */
export function overCeiling(bundles: readonly { name: string; bytes: number }[], ceiling: (name: string) => number = ceilingOf): string[] {
  return bundles.filter((b) => b.bytes / 1024 > ceiling(b.name)).map((b) => `${b.name}: ${(b.bytes / 1024).toFixed(1)} KB > ${ceiling(b.name)} KB`);
}
