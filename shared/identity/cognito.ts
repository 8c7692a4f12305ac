import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
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

export function cognito(): CognitoContext {
  if (!context) {
    const config = runtimeConfig();
    if (!config.cognito) throw new Error('COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID must be set for account routes');
    context = {
      client: guardCognitoClient(new CognitoIdentityProviderClient({
        region: config.region,
        maxAttempts: 3,
        ...(config.cognito.endpoint
          ? { endpoint: config.cognito.endpoint, credentials: { accessKeyId: 'cairnlocal', secretAccessKey: 'cairnlocal' } }
          : {}),
      })),
      userPoolId: config.cognito.userPoolId,
      clientId: config.cognito.clientId,
    };
  }
  return context;
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
