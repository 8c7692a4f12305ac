import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { runtimeConfig } from '../config/runtimeConfig.js';

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
      client: new CognitoIdentityProviderClient({
        region: config.region,
        maxAttempts: 3,
        ...(config.cognito.endpoint
          ? { endpoint: config.cognito.endpoint, credentials: { accessKeyId: 'cairnlocal', secretAccessKey: 'cairnlocal' } }
          : {}),
      }),
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
