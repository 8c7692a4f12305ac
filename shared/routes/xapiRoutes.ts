import * as s from '../schemas/xapi.js';
import { xapiStatement } from '../schemas/xapiStatement.js';
import type { RouteDefinition } from './types.js';

/**
 * xAPI (issue 22), group `xapi`.
 * - The statements resource (a subset of the xAPI 1.0.3 LRS): `POST`, `PUT` and `GET
 *   /xapi/statements`. Declared public because they take two kinds of credentials, checked by the
 *   handler: the learner's Cairn bearer token (verified by the middleware as on every route; the actor
 *   must be the caller) or the tenant's HTTP Basic LRS credential (server-to-server). Without either:
 *   401. Every call needs `X-Experience-API-Version: 1.0.x`.
 * - The org admin's LRS endpoints (where Cairn forwards the tenant's statements) and the Basic
 *   credentials of server-to-server senders.
 */
const resource = { group: 'xapi', auth: { kind: 'public', basicCredentials: true }, style: 'rest003', envelope: 'bare', rateClass: 'standard', tags: ['xAPI'] } as const;
const admin = { group: 'xapi', auth: { kind: 'authenticated', roles: ['org_admin'] }, style: 'rest003', tags: ['xAPI administration'] } as const;

export const XAPI_ROUTES: RouteDefinition[] = [
  {
    ...resource,
    id: 'xapi.postStatements',
    method: 'POST',
    path: '/xapi/statements',
    maxBodyBytes: s.XAPI_BODY_BYTES,
    summary:
      'Store a statement or a list (≤ 50) and apply it to the progress engine (the statement id is the event id): a replay applies once, the same id with other content is 409, a verb or activity Cairn cannot map is 400 naming it',
    request: { body: s.postStatementsBody },
    response: { status: 200, description: 'The statement ids', schema: s.statementIds },
  },
  {
    ...resource,
    id: 'xapi.putStatement',
    method: 'PUT',
    path: '/xapi/statements',
    maxBodyBytes: s.XAPI_BODY_BYTES,
    summary: 'Store one statement under ?statementId= (idempotent: the same statement again is 204, other content 409)',
    request: { query: s.statementIdQuery, body: xapiStatement },
    response: { status: 204, description: 'Stored', schema: s.noContent },
  },
  {
    ...resource,
    id: 'xapi.getStatement',
    method: 'GET',
    path: '/xapi/statements',
    summary: 'One stored statement by ?statementId= (a learner sees only their own; a Basic credential its tenant\'s)',
    request: { query: s.statementIdQuery },
    response: { status: 200, description: 'The statement', schema: s.storedStatement },
  },
  {
    ...admin,
    id: 'xapi.listLrs',
    method: 'GET',
    path: '/api/v1/xapi/lrs',
    rateClass: 'standard',
    summary: 'The organization\'s LRS endpoints (never a password)',
    response: { status: 200, description: 'The LRS endpoints', schema: s.lrsList },
  },
  {
    ...admin,
    id: 'xapi.putLrs',
    method: 'PUT',
    path: '/api/v1/xapi/lrs/{lrs_id}',
    rateClass: 'integration',
    summary: 'Create or replace an LRS endpoint that receives the organization\'s statements (endpoint checked against the SSRF rules; password stored encrypted)',
    request: { params: s.lrsParams, body: s.putLrsBody },
    response: { status: 200, description: 'The LRS endpoint', schema: s.lrsView },
  },
  {
    ...admin,
    id: 'xapi.deleteLrs',
    method: 'DELETE',
    path: '/api/v1/xapi/lrs/{lrs_id}',
    rateClass: 'integration',
    summary: 'Stop forwarding statements to an LRS',
    request: { params: s.lrsParams },
    response: { status: 200, description: 'Deleted', schema: s.deleted },
  },
  {
    ...admin,
    id: 'xapi.listCredentials',
    method: 'GET',
    path: '/api/v1/xapi/credentials',
    rateClass: 'standard',
    summary: 'The organization\'s HTTP Basic credentials for /xapi/statements (never a password)',
    response: { status: 200, description: 'The credentials', schema: s.credentialList },
  },
  {
    ...admin,
    id: 'xapi.createCredential',
    method: 'POST',
    path: '/api/v1/xapi/credentials',
    rateClass: 'integration',
    summary: 'Create an HTTP Basic credential for a server-to-server statement sender; the password is shown once',
    request: { body: s.createCredentialBody },
    response: { status: 201, description: 'The credential with its password', schema: s.credentialCreated },
  },
  {
    ...admin,
    id: 'xapi.deleteCredential',
    method: 'DELETE',
    path: '/api/v1/xapi/credentials/{key_id}',
    rateClass: 'integration',
    summary: 'Revoke a credential',
    request: { params: s.credentialParams },
    response: { status: 200, description: 'Deleted', schema: s.deleted },
  },
];
