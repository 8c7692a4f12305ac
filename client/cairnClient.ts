import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/schema.js';

/**
 * The typed Cairn client (issue 22): openapi-fetch over the types `npm run client` generates from the
 * OpenAPI document (docs/openapi.json → client/generated/schema.d.ts, with openapi-typescript). Every
 * path, method, parameter, body and response is checked by the compiler against the contract, the way
 * a front end would use it:
 *
 * ```ts
 * const api = createCairnClient({ baseUrl: 'http://localhost:3000', token });
 * const { data, error, response } = await api.GET('/v1/tutorials/progress/{tutorialId}', { params: { path: { tutorialId: 'intro' } } });
 * ```
 *
 * `data` is the success body of the route's documented status, `error` the error body in the route's
 * seed contract style; `response` is the raw Response (status, headers). The generated folder is not
 * committed: `npm run client` writes it, and `npm run typecheck` and `npm test` run it first.
 */
export type CairnPaths = paths;
export type CairnClient = Client<paths>;

export interface CairnClientOptions {
  /** The API's origin: `http://localhost:3000` for `npm start`, the stack's `ApiUrl` output in AWS. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` on every call: a Cognito access token, or locally one from `npm run token`. */
  token?: string;
  /** Headers for every call (e.g. `x-community-id` to act in another tenant the token is a member of). */
  headers?: Record<string, string>;
  /** A fetch of your own (tests bind a source address with it); the global fetch otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A client for one principal: one token, one base URL. */
export function createCairnClient(options: CairnClientOptions): CairnClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    headers: { ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
