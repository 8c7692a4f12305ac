import { stageSecretKey } from '../aws/stageSecretKey.js';

/**
 * The stage key that encrypts tenants' webhook signing secrets at rest (webhookSecretStore.ts):
 * Secrets Manager secret `AUTH_WEBHOOK_KEY_SECRET_ID` in AWS (lib/constructs/authWebhookKey.ts);
 * `AUTH_WEBHOOK_LOCAL_KEY` or a development value on a local stack (shared/aws/stageSecretKey.ts).
 */
export const LOCAL_AUTH_WEBHOOK_KEY = 'cairn-local-auth-webhook-key-development-only';

export const webhookSecretKey = stageSecretKey({
  secretIdVariable: 'AUTH_WEBHOOK_KEY_SECRET_ID',
  localKeyVariable: 'AUTH_WEBHOOK_LOCAL_KEY',
  localDefault: LOCAL_AUTH_WEBHOOK_KEY,
  info: 'auth-webhook-signing-secrets/v1',
});
