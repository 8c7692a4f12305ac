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
 * Where init time goes (`node --cpu-prof` of catalog's bundle, 25-35 ms p50 on the bench machine, 3 ms
 * of it the empty process): compiling the bundle's source ~40 % (it grows with the bytes: zod is the
 * largest part left; `zod/mini` would be ~26 KB and ~6 ms less, but every schema's method chain would
 * change), module-scope evaluation ~25 %, node:https ~9 ms (TLS for DynamoDB), GC the rest. Built-ins are
 * reached through `process.getBuiltinModule` (lambdaBundle.ts `hoistBuiltinImports`), never an ES
 * import, whose namespace reads lazy getters: node:http's loads undici (~30 ms), node:crypto's Web
 * Crypto (~5 ms); A/B over 30 processes of catalog: 37.5 → 34.0 ms p50.
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

/** Set 2026-12-03 after the light DynamoDB client, the on-demand Cognito client and the AI breakers loading with the models (issue 17). */
export const BUNDLE_CEILINGS_KB: Record<string, number> = {
  achievements: 168, // 165.0 KB
  analytics: 170, // 166.0 KB
  'analytics-aggregateTenant': 60, // 56.0 KB
  'analytics-finishRun': 26, // 22.3 KB
  'analytics-planRun': 26, // 22.6 KB
  'analytics-recordTenantFailure': 27, // 23.4 KB
  analyticsProcessing: 163, // 159.4 KB
  assistant: 214, // 210.2 KB
  authoring: 205, // 201.3 KB
  authWebhooks: 168, // 164.7 KB
  catalog: 184, // 180.4 KB
  certificates: 166, // 162.7 KB
  chat: 253, // 249.1 KB
  chatStream: 197, // 193.6 KB
  comparison: 181, // 177.7 KB
  content: 197, // 193.6 KB
  enrollment: 182, // 178.5 KB
  enrollments: 193, // 189.6 KB
  gamification: 185, // 181.3 KB
  identity: 193, // 189.8 KB
  integration: 174, // 170.3 KB
  'job-leaderboard-refresh': 123, // 119.8 KB
  'job-scheduled-reports': 173, // 169.6 KB
  'job-streak-at-risk': 137, // 133.6 KB
  leaderboards: 164, // 160.3 KB
  learnerAnalytics: 212, // 208.5 KB
  media: 185, // 181.4 KB
  notifications: 171, // 167.5 KB
  orgAnalytics: 179, // 175.8 KB
  organizations: 187, // 183.5 KB
  payments: 209, // 205.0 KB
  personalCourses: 184, // 180.9 KB
  'pre-token-generation': 118, // 114.9 KB
  programs: 184, // 180.7 KB
  progress: 240, // 236.7 KB
  reflections: 168, // 164.9 KB
  'report-worker': 170, // 166.8 KB
  reports: 218, // 214.4 KB
  reviews: 164, // 160.8 KB
  'saga-charge': 40, // 36.2 KB
  'saga-checkPayment': 36, // 32.9 KB
  'saga-notify': 129, // 125.7 KB
  'saga-recordFailure': 130, // 126.6 KB
  'saga-refund': 138, // 134.0 KB
  'saga-releaseCoupon': 126, // 122.9 KB
  'saga-reserveCoupon': 130, // 126.6 KB
  'saga-validate': 127, // 123.9 KB
  'saga-writeEnrollment': 129, // 125.6 KB
  sessions: 227, // 224.0 KB
  skills: 173, // 169.9 KB
  system: 161, // 157.7 KB
  trainerAnalytics: 170, // 166.9 KB
  xapi: 237, // 233.2 KB
  'xapi-delivery': 48, // 44.7 KB
};

/** The ceiling of a function (KB). */
export function ceilingOf(name: string): number {
  return BUNDLE_CEILINGS_KB[name] ?? SIZE_GOAL_KB;
}

/** The functions over their ceiling, as `name: size KB > ceiling KB` (empty when every one fits). */
export function overCeiling(bundles: readonly { name: string; bytes: number }[], ceiling: (name: string) => number = ceilingOf): string[] {
  return bundles.filter((b) => b.bytes / 1024 > ceiling(b.name)).map((b) => `${b.name}: ${(b.bytes / 1024).toFixed(1)} KB > ${ceiling(b.name)} KB`);
}
