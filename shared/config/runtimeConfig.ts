/**
 * Runtime configuration read from the environment. CDK sets these variables on every function; the
 * local stack and the test harness set the same names, so the code paths are identical everywhere.
 */
export interface RuntimeConfig {
  stage: string;
  tableName: string;
  /** Only set locally (DynamoDB Local); in AWS the SDK's regional endpoint is used. */
  dynamoDbEndpoint: string | undefined;
  region: string;
  /** Tenant that anonymous catalog reads and self-registered users fall into. */
  defaultTenantId: string;
  auth: TrustedIssuer & {
    /** Further trusted issuers, only set locally (the dev token issuer beside local Cognito). */
    extraIssuers: TrustedIssuer[];
  };
  /** Cognito user pool the account service talks to (absent where accounts are not served). */
  cognito: { userPoolId: string; clientId: string; endpoint: string | undefined } | undefined;
  /** Hosted-UI OAuth sign-in (seed 002): Cognito's domain, allowed app redirect URLs, enabled providers. */
  oauth: { domain: string; redirectUrls: string[]; providers: string[] } | undefined;
}

export interface TrustedIssuer {
  issuer: string;
  audience: string;
  /** HTTPS JWKS location (Cognito). */
  jwksUri: string | undefined;
  /** Inline JWKS (local issuers, tests): aws-jwt-verify only fetches over HTTPS. */
  jwksJson: string | undefined;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

/** Reads the configuration; throws at cold start if a required variable is missing. */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    stage: env.STAGE ?? 'dev',
    tableName: required(env, 'TABLE_NAME'),
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    defaultTenantId: env.DEFAULT_TENANT_ID ?? 'public',
    auth: {
      // Checked when a verifier is built: the Cognito trigger runs without a verifier (and cannot name
      // its own pool's issuer without a circular dependency).
      issuer: env.AUTH_ISSUER ?? '',
      audience: env.AUTH_AUDIENCE ?? '',
      jwksUri: env.AUTH_JWKS_URI || undefined,
      jwksJson: env.AUTH_JWKS_JSON || undefined,
      extraIssuers: env.AUTH_EXTRA_ISSUERS ? (JSON.parse(env.AUTH_EXTRA_ISSUERS) as TrustedIssuer[]) : [],
    },
    cognito:
      env.COGNITO_USER_POOL_ID && env.COGNITO_CLIENT_ID
        ? { userPoolId: env.COGNITO_USER_POOL_ID, clientId: env.COGNITO_CLIENT_ID, endpoint: env.COGNITO_ENDPOINT || undefined }
        : undefined,
    oauth:
      env.OAUTH_DOMAIN && env.OAUTH_REDIRECT_URLS
        ? {
            domain: env.OAUTH_DOMAIN.replace(/\/$/, ''),
            redirectUrls: env.OAUTH_REDIRECT_URLS.split(',').map((u) => u.trim()).filter(Boolean),
            providers: (env.OAUTH_PROVIDERS ?? '').split(',').map((p) => p.trim()).filter(Boolean),
          }
        : undefined,
  };
}

let cached: RuntimeConfig | undefined;

/** Module-scope cached config for handlers; `resetRuntimeConfig` lets tests change the environment. */
export function runtimeConfig(): RuntimeConfig {
  cached ??= loadRuntimeConfig();
  return cached;
}

export function resetRuntimeConfig(): void {
  cached = undefined;
}
