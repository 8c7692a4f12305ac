/**
 * The external dependencies integration management watches (issue 20, seed 003 §8), by the service
 * names its routes take. Breakers (cockatiel) guard the three whose outages Cairn can ride out by
 * failing fast: Cognito, Stripe and Bedrock. DynamoDB, S3 and Step Functions are AWS services inside
 * the same region whose SDK clients already retry; their calls are measured, not broken.
 */
export const DEPENDENCIES = ['dynamodb', 'cognito', 'stripe', 'bedrock', 's3', 'step-functions'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

export const BREAKER_DEPENDENCIES = ['cognito', 'stripe', 'bedrock'] as const;
export type BreakerDependency = (typeof BREAKER_DEPENDENCIES)[number];

export function isBreakerDependency(dependency: string): dependency is BreakerDependency {
  return (BREAKER_DEPENDENCIES as readonly string[]).includes(dependency);
}
