import * as z from 'zod';
import * as s from '../schemas/privacy.js';
import type { RouteDefinition } from './types.js';

/**
 * Privacy (issue 20): a learner's data export and account erasure, in seed 004's user area and style,
 * served by the identity group (its Lambda; part of IDENTITY_ROUTES). Erasure's state is the answer of
 * its POST, which is idempotent (a running erasure answers its state, a finished one its receipt). Export: the caller's own data only. Erasure: the caller's own account, or an org
 * admin's for an account of their organization; another tenant's user is not found.
 */
const base = { group: 'identity', auth: { kind: 'authenticated' }, style: 'rest004', tags: ['privacy'] } as const;
const ok = <T extends z.ZodType>(schema: T) => z.object({ success: z.literal(true), data: schema });

export const PRIVACY_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'identity.requestDataExport',
    method: 'POST',
    path: '/api/users/export',
    rateClass: 'bulk',
    summary: 'Export all your data in this organization as a JSON archive: built at once for small accounts (201, ready, with a download URL), in the background for large ones (202, poll the export); one at a time, 5 a day',
    request: { body: s.emptyBody },
    response: { status: 201, description: 'The export (202 when queued for the background worker)', schema: ok(s.exportData) },
  },
  {
    ...base,
    id: 'identity.getDataExport',
    method: 'GET',
    path: '/api/users/export/{exportId}',
    rateClass: 'standard',
    summary: 'One of your exports: its status and, when ready, a fresh download URL',
    request: { params: s.exportParams },
    response: { status: 200, description: 'The export', schema: ok(s.exportData) },
  },
  {
    ...base,
    id: 'identity.requestErasure',
    method: 'POST',
    path: '/api/users/{userId}/erasure',
    rateClass: 'bulk',
    summary: 'Erase an account (yours, or as org admin one of your organization\'s): every item removed or anonymised, the sign-in deleted. Idempotent: 202 with the state while it runs (call again to poll), 200 with the same receipt once erased; a failed erasure is resumed',
    request: { params: s.erasureParams, body: s.emptyBody },
    response: { status: 202, description: 'The erasure (200 with its receipt when already erased)', schema: ok(s.erasureData) },
  },
];
