import { stageSecretKey } from '../aws/stageSecretKey.js';

/**
 * The stage key that encrypts tenants' LRS passwords at rest (lrsStore.ts): Secrets Manager secret
 * `XAPI_KEY_SECRET_ID` in AWS (lib/constructs/xapiDelivery.ts), read by the xAPI API and the delivery
 * function; `XAPI_LOCAL_KEY` or a development value on a local stack (shared/aws/stageSecretKey.ts).
 */
export const LOCAL_XAPI_KEY = 'cairn-local-xapi-key-development-only';

export const xapiSecretKey = stageSecretKey({ secretIdVariable: 'XAPI_KEY_SECRET_ID', localKeyVariable: 'XAPI_LOCAL_KEY', localDefault: LOCAL_XAPI_KEY, info: 'xapi-lrs-credentials/v1' });
