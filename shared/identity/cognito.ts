import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { runtimeConfig } from '../config/runtimeConfig.js';
import { ServiceUnavailableError } from '../http/errors.js';
import { isOpenCircuitRefusal, lazyBreaker } from '../integrations/lazyBreaker.js';
import type { BreakerOptions } from '../integrations/platformBreaker.js';
import { sdkFailure } from '../integrations/sdkCalls.js';

/**
 * The Cognito client and pool configuration the account service uses: the regional endpoint in AWS,
 * the local Cognito's endpoint locally (COGNITO_ENDPOINT). Created once per instance; replaceable in tests.
 */
export interface CognitoContext {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
}

let context: CognitoContext | undefined;

/**
 * The Cognito SDK, loaded by the first call that needs it (issue 17): only sign-up, sign-in, refresh,
 * sign-out, erasure and the integration probe call Cognito, so no cold start of the identity function
 * pays for the client (~150 KB of SDK core and commands).
 */
export const cognitoSdk = () => import('@aws-sdk/client-cognito-identity-provider');

function poolConfig() {
  const config = runtimeConfig();
  if (!config.cognito) throw new Error('COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID must be set for account routes');
  return config.cognito;
}

export async function cognito(): Promise<CognitoContext> {
  if (!context) {
    const config = runtimeConfig();
    const pool = poolConfig();
    const { CognitoIdentityProviderClient } = await cognitoSdk();
    context ??= {
      client: guardCognitoClient(new CognitoIdentityProviderClient({
        region: config.region,
        maxAttempts: 3,
        ...(pool.endpoint ? { endpoint: pool.endpoint, credentials: { accessKeyId: 'cairnlocal', secretAccessKey: 'cairnlocal' } } : {}),
      })),
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
    };
  }
  return context;
}

/** The app client id (the OAuth routes name it), without loading the SDK. */
export function cognitoClientId(): string {
  return context?.clientId ?? poolConfig().clientId;
}

/** Injects a Cognito context (tests, fault injection). */
export function setCognito(replacement: CognitoContext | undefined): void {
  context = replacement;
}

/** Cognito's own failures (server faults, throttling, network); a wrong password is an answer. */
export const isCognitoFailure = (error: unknown): boolean => sdkFailure(error) !== undefined;

/**
 * Puts a Cognito client's calls behind a circuit breaker (issue 20, dependency `cognito`): its `send`
 * runs under the breaker, so after `failureThreshold` consecutive Cognito failures, sign-up, sign-in,
 * refresh and sign-out answer 503 at once without calling Cognito, until the half-open trial succeeds
 * or an operator resets it. Returns the same client (its `send` replaced on the instance). The breaker
 * loads with the first call (lazyBreaker.ts).
 */
export function guardCognitoClient(client: CognitoIdentityProviderClient, options?: BreakerOptions): CognitoIdentityProviderClient {
  const breaker = lazyBreaker('cognito', 'user-pool', isCognitoFailure, options);
  const send = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const guarded = async (...args: unknown[]) => {
    const guard = await breaker();
    try {
      return await guard.execute(() => send(...args));
    } catch (error) {
      if (isOpenCircuitRefusal(error)) throw new ServiceUnavailableError('The identity provider is failing; sign-in is paused briefly (circuit open)');
      throw error;
    }
  };
  client.send = guarded as typeof client.send;
  return client;
}
