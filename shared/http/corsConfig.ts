/**
 * CORS policy of the HTTP API, declared once: CDK configures API Gateway's CORS from it and the local
 * server answers preflights and decorates responses from it the way API Gateway does.
 */
export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAgeSeconds: number;
}

export function corsConfig(allowOrigins: string[]): CorsConfig {
  return {
    allowOrigins,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'x-request-id', 'x-community-id', 'x-api-version', 'idempotency-key'],
    exposeHeaders: [
      'x-request-id',
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-ratelimit-reset-after',
    ],
    // Credentials cannot be combined with a wildcard origin (browsers reject it; API Gateway refuses it).
    allowCredentials: !allowOrigins.includes('*'),
    maxAgeSeconds: 600,
  };
}
