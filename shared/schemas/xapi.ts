import * as z from 'zod';
import { lazySchema } from './lazySchema.js';
import { UUID_PATTERN, xapiStatement } from './xapiStatement.js';

/** xAPI (issue 22): the statements resource subset and the org admin's LRS and credential routes. Strict. */

export const XAPI_MAX_STATEMENTS_PER_POST = 50;
export const XAPI_BODY_BYTES = 256 * 1024;

const resourceId = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, `${what}: 1–64 letters, digits, _ or -`);

export const statementIdQuery = lazySchema(() => z.object({ statementId: z.string().regex(UUID_PATTERN, 'A statement id (UUID)') }).strict());

export const postStatementsBody = lazySchema(() => z.union([xapiStatement, z.array(xapiStatement).min(1).max(XAPI_MAX_STATEMENTS_PER_POST)]));

export const statementIds = lazySchema(() => z.array(z.string()).describe('The ids of the statements, in the order sent'));

export const storedStatement = lazySchema(() => z.record(z.string(), z.unknown()).describe('The statement as stored: with id, stored, authority and version'));

export const noContent = lazySchema(() => z.null().describe('No content'));

export const lrsParams = lazySchema(() => z.object({ lrs_id: resourceId('An LRS id') }).strict());

export const putLrsBody = lazySchema(() => z
  .object({
    endpoint: z.string().max(2048).describe('The LRS endpoint (https, public address, port 443); statements go to <endpoint>/statements'),
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(1024),
    include_email: z.boolean().default(false).describe('Identify learners by their email (mbox) instead of their account; off unless the organization opts in'),
    enabled: z.boolean().default(true),
  })
  .strict());

export const lrsView = lazySchema(() => z.object({
  lrs_id: z.string(),
  endpoint: z.string(),
  username: z.string(),
  include_email: z.boolean(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
}));

export const lrsList = lazySchema(() => z.array(lrsView));

export const createCredentialBody = lazySchema(() => z.object({ label: z.string().trim().min(1).max(100) }).strict());

export const credentialParams = lazySchema(() => z.object({ key_id: z.string().regex(/^xk_[A-Za-z0-9_-]{12}$/, 'A credential id') }).strict());

export const credentialView = lazySchema(() => z.object({ key_id: z.string(), label: z.string(), username: z.string(), created_at: z.string() }));

export const credentialCreated = lazySchema(() => credentialView.extend({ password: z.string().describe('Shown this once; only its hash is stored') }));

export const credentialList = lazySchema(() => z.array(credentialView));

export const deleted = lazySchema(() => z.object({ deleted: z.literal(true) }));
