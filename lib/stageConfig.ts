import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Everything that differs between stages, in one place. `cdk deploy -c stage=<dev|staging|prod>`
 * picks one; `-c corsOrigins=https://a.example,https://b.example` narrows CORS (default `*`, which is
 * safe for a bearer-token API that sets no cookies); `-c oauthCallbackUrls=…` registers the app's
 * OAuth redirect URLs, `-c oauthProviders=google,…` lists the identity providers added to the pool,
 * `-c authDomainPrefix=…` names the hosted-UI domain (globally unique).
 */
export const STAGES = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageConfig {
  name: StageName;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  logLevel: 'DEBUG' | 'INFO' | 'WARN';
  /** Stage-wide API Gateway throttling (requests per second, burst). */
  throttle: { rateLimit: number; burstLimit: number };
  corsOrigins: string[];
  defaultTenantId: string;
  accessTokenValidity: Duration;
  refreshTokenValidity: Duration;
  /** Hosted-UI OAuth: app redirect URLs (none → OAuth routes answer 503), domain prefix, enabled providers. */
  oauth: { callbackUrls: string[]; domainPrefix: string; providers: string[] };
  /** Days a report file is kept in S3 before the lifecycle rule expires it (`-c reportRetentionDays=N`). */
  reportRetentionDays: number;
  /**
   * Amazon Bedrock models of the AI assistant (issue 19): primary and fallback chat models, the
   * embedding model for memory (Titan Text Embeddings V2) and its dimensions. The AI functions may
   * invoke exactly these (lib/constructs/bedrockAccess.ts). `-c aiModelId=…` / `-c aiFallbackModelId=…` override.
   */
  ai: { modelId: string; fallbackModelId: string | undefined; embeddingModelId: string; embeddingDimensions: 256 | 512 | 1024 };
  /**
   * A Lambda layer (arm64) with static `ffmpeg` and `ffprobe` under /opt/bin (`-c ffmpegLayerArn=…`):
   * the media functions measure video durations and make thumbnails with it. Without one they record
   * `duration_seconds: null` and no thumbnail (shared/media/mediaProbe.ts).
   */
  ffmpegLayerArn?: string;
  /**
   * The base of tenants' xAPI home pages (issue 22, `-c xapiHomeBaseUrl=https://learn.example.org`):
   * actors are `account`s on `<base>/tenants/<tenant>`. Without it, shared/xapi/xapiHome.ts's default.
   */
  xapiHomeBaseUrl?: string;
}

export interface StageContext {
  corsOrigins?: string;
  oauthCallbackUrls?: string;
  oauthProviders?: string;
  authDomainPrefix?: string;
  reportRetentionDays?: string;
  aiModelId?: string;
  aiFallbackModelId?: string;
  ffmpegLayerArn?: string;
  xapiHomeBaseUrl?: string;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

const BASE = {
  defaultTenantId: 'public',
  accessTokenValidity: Duration.hours(1),
  refreshTokenValidity: Duration.days(30),
};

export function stageConfig(name: string, context: StageContext = {}): StageConfig {
  if (!(STAGES as readonly string[]).includes(name)) {
    throw new Error(`Unknown stage "${name}"; use -c stage=${STAGES.join('|')}`);
  }
  const origins = context.corsOrigins ? list(context.corsOrigins) : ['*'];
  const oauth = {
    callbackUrls: context.oauthCallbackUrls ? list(context.oauthCallbackUrls) : name === 'dev' ? ['http://localhost:5173/auth/callback'] : [],
    domainPrefix: context.authDomainPrefix ?? `cairn-${name}`,
    providers: list(context.oauthProviders),
  };
  // Reports expire after 90 days (dev: 30) unless -c reportRetentionDays says otherwise.
  const retention = context.reportRetentionDays ? Number(context.reportRetentionDays) : name === 'dev' ? 30 : 90;
  if (!Number.isInteger(retention) || retention < 1) throw new Error('reportRetentionDays must be a whole number of days ≥ 1');
  // Small, cheap models outside prod; prod answers with Nova Pro and falls back to Nova Lite.
  const ai = {
    modelId: context.aiModelId ?? (name === 'prod' ? 'amazon.nova-pro-v1:0' : 'amazon.nova-lite-v1:0'),
    fallbackModelId: context.aiFallbackModelId ?? (name === 'prod' ? 'amazon.nova-lite-v1:0' : 'amazon.nova-micro-v1:0'),
    embeddingModelId: 'amazon.titan-embed-text-v2:0',
    embeddingDimensions: 256 as const,
  };
  if (context.ffmpegLayerArn && !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/.test(context.ffmpegLayerArn)) throw new Error('ffmpegLayerArn must be a Lambda layer version ARN');
  const media = context.ffmpegLayerArn ? { ffmpegLayerArn: context.ffmpegLayerArn } : {};
  if (context.xapiHomeBaseUrl && !/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(context.xapiHomeBaseUrl)) throw new Error('xapiHomeBaseUrl must be an https URL');
  const xapi = context.xapiHomeBaseUrl ? { xapiHomeBaseUrl: context.xapiHomeBaseUrl } : {};
  switch (name as StageName) {
    case 'dev':
      return { ...BASE, name: 'dev', removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false, logRetention: RetentionDays.ONE_WEEK, logLevel: 'DEBUG', throttle: { rateLimit: 50, burstLimit: 100 }, corsOrigins: origins, oauth, reportRetentionDays: retention, ai, ...media, ...xapi };
    case 'staging':
      return { ...BASE, name: 'staging', removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false, logRetention: RetentionDays.ONE_MONTH, logLevel: 'INFO', throttle: { rateLimit: 200, burstLimit: 400 }, corsOrigins: origins, oauth, reportRetentionDays: retention, ai, ...media, ...xapi };
    case 'prod':
      return { ...BASE, name: 'prod', removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true, logRetention: RetentionDays.ONE_YEAR, logLevel: 'INFO', throttle: { rateLimit: 2000, burstLimit: 4000 }, corsOrigins: origins, oauth, reportRetentionDays: retention, ai, ...media, ...xapi };
  }
}
