import { createHash } from 'node:crypto';
import { tenantPrefix } from '../db/keys.js';

/**
 * Keys of the privacy entities (issue 20): data export jobs, erasure requests and receipts. Like every
 * key they lead with the tenant.
 */

/** A user's data exports: the jobs (`X#<exportId>`) and the per-day request counters (`N#<date>`). */
export function dataExportsPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#EXPORTS`;
}

export function dataExportKey(tenantId: string, userId: string, exportId: string) {
  return { pk: dataExportsPartition(tenantId, userId), sk: `X#${exportId}` };
}

/** The counter of exports a user requested on one UTC date (the daily limit is a condition on it). */
export function dataExportDayKey(tenantId: string, userId: string, date: string) {
  return { pk: dataExportsPartition(tenantId, userId), sk: `N#${date}` };
}

/** The partition of a user's rate-limit windows (shared/http/middleware/rateLimit.ts subject `U#<user>`). */
export function rateLimitPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#RL#U#${userId}`;
}

/**
 * The pseudonymous reference of an erased user in a tenant: sha-256 of tenant and user id. It lets a
 * second erasure request find the receipt, and anonymised payments keep a stable payer reference,
 * without any item carrying the id itself.
 */
export function erasedUserRef(tenantId: string, userId: string): string {
  return `erased-${createHash('sha256').update(`${tenantId.length}:${tenantId};${userId.length}:${userId}`).digest('hex').slice(0, 40)}`;
}

/** The receipt of an erasure, in the tenant's erasure collection, keyed by the erased user's reference. */
export function erasureReceiptKey(tenantId: string, userRef: string) {
  return { pk: `${tenantPrefix(tenantId)}#ERASURES`, sk: `R#${userRef}` };
}
