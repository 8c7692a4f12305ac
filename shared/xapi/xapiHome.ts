/**
 * The tenant's xAPI home page: the `account.homePage` of its learners' actors and the root of the
 * activity IRIs Cairn emits and accepts. One value per tenant, from the stage's base URL
 * (`XAPI_HOME_BASE_URL`, set by CDK from `-c xapiHomeBaseUrl=…`; `npm start` sets the local API's
 * URL), so the stream Lambda (which has no request) and the API agree on it.
 */
export const DEFAULT_XAPI_HOME_BASE_URL = 'https://cairn.invalid';

export function xapiHomePage(tenantId: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.XAPI_HOME_BASE_URL || DEFAULT_XAPI_HOME_BASE_URL).replace(/\/+$/, '');
  return `${base}/tenants/${encodeURIComponent(tenantId)}`;
}
