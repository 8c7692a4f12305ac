import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Container credentials are refreshed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The AWS SDK's default credential provider, as Lambda bundles see it: lib/constructs/lambdaBundle.ts
 * aliases `@aws-sdk/credential-provider-node` to this module. In Lambda the role's credentials are in
 * the environment (`AWS_ACCESS_KEY_ID`, …); container credentials (`AWS_CONTAINER_CREDENTIALS_*`) are
 * the fallback, loaded on demand. The SDK's full chain (SSO, INI files, STS web identity, IMDS) and
 * the STS/SSO clients it carries (~130 KB minified) are never needed in a function, so they are not
 * bundled. Local runs and tests are not bundled and keep the SDK's own chain.
 */
export function defaultProvider(init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider {
  const fromEnvironment = fromEnv(init);
  let container: Promise<AwsCredentialIdentity> | undefined;
  let containerExpiry = 0;
  return async () => {
    try {
      return await fromEnvironment();
    } catch (envError) {
      const imds = await import('@smithy/credential-provider-imds');
      if (!process.env[imds.ENV_CMDS_FULL_URI] && !process.env[imds.ENV_CMDS_RELATIVE_URI]) throw envError;
      if (!container || Date.now() > containerExpiry - REFRESH_MARGIN_MS) {
        container = imds.fromContainerMetadata(init)();
        containerExpiry = Number.POSITIVE_INFINITY;
        container.then(
          (credentials) => (containerExpiry = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY),
          () => (container = undefined),
        );
      }
      return container;
    }
  };
}
