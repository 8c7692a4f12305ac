import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/** Data export and erasure (issue 20): seed 004 style (`{success, data}`), camelCase like its user routes. Strict: unknown fields are 400s. */

export const emptyBody = lazySchema(() => z.object({}).strict());

export const exportParams = lazySchema(() => z.object({ exportId: z.string().regex(/^exp_[0-9a-f]{32}$/, 'An export id (exp_…)') }).strict());

export const exportData = lazySchema(() =>
  z.object({
    exportId: z.string(),
    status: z.enum(['queued', 'building', 'ready', 'failed']),
    mode: z.enum(['inline', 'background']).describe('inline: built during the request; background: by the export worker (poll this resource)'),
    requestedAt: z.string(),
    readyAt: z.string().nullable(),
    bytes: z.number().int().nullable(),
    entities: z.record(z.string(), z.number().int()).nullable().describe('Items exported per user-data entity (docs/data-model.md "User data")'),
    downloadUrl: z.string().nullable().describe('Presigned GET of the JSON archive, valid 15 minutes; a new one on every read'),
    downloadExpiresAt: z.string().nullable(),
    error: z.string().nullable(),
  }),
);

export const erasureParams = lazySchema(() => z.object({ userId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'A user id') }).strict());

const count = lazySchema(() => z.object({ deleted: z.number().int(), anonymised: z.number().int(), files: z.number().int() }));

export const erasureReceipt = lazySchema(() =>
  z.object({
    receiptId: z.string(),
    tenantId: z.string(),
    userRef: z.string().describe('A pseudonymous reference (hash of tenant and user id); the receipt names no person'),
    requestId: z.string(),
    source: z.enum(['self', 'org_admin', 'auth_webhook']),
    requestedAt: z.string(),
    completedAt: z.string(),
    attempts: z.number().int(),
    tenants: z.number().int(),
    cognitoUser: z.enum(['deleted', 'not_found', 'external']),
    entities: z.record(z.string(), count),
  }),
);

export const erasureData = lazySchema(() =>
  z.object({
    status: z.enum(['pending', 'running', 'failed', 'erased']),
    requestId: z.string(),
    requestedAt: z.string(),
    attempt: z.number().int(),
    receipt: erasureReceipt.nullable(),
  }),
);
