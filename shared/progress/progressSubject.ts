import { hasAnyRole, type Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { memberKey, profileKey } from '../db/keys.js';
import { DEFAULT_TIME_ZONE, isIanaTimeZone } from '../domain/timezone.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';
import type { Role } from '../routes/types.js';

/** Roles that may read and write another member's progress in their own tenant (issue 5). */
export const PROGRESS_SUPERVISOR_ROLES: readonly Role[] = ['trainer', 'org_admin'];

/** Whose progress, and the time zone their local dates are counted in. */
export interface Subject {
  userId: string;
  timeZone: string;
}

/**
 * Whose progress a request is about: the caller by default (time zone from their token). Naming
 * another user needs a supervisor role (403 otherwise) and that user must be a member of the caller's
 * tenant (404 otherwise); their membership and profile (for *their* time zone, so a trainer abroad
 * never shifts a learner's days) are one BatchGetItem, paid only when acting for someone else. Tenant
 * always comes from the token, so a user of another tenant is never reachable.
 */
export async function resolveSubject(principal: Principal, requestedUserId: string | undefined): Promise<Subject> {
  if (requestedUserId === undefined || requestedUserId === principal.userId) return { userId: principal.userId, timeZone: principal.timeZone };
  if (!hasAnyRole(principal, PROGRESS_SUPERVISOR_ROLES)) {
    throw new AuthorizationError(`Reading or writing another learner's progress requires one of the roles: ${PROGRESS_SUPERVISOR_ROLES.join(', ')}`);
  }
  const found = await batchGetItems([memberKey(principal.tenantId, requestedUserId), profileKey(requestedUserId)]);
  if (!found.get(itemId(memberKey(principal.tenantId, requestedUserId)))) throw new NotFoundError('No such member in this organization');
  const zone = found.get(itemId(profileKey(requestedUserId)))?.timezone;
  return { userId: requestedUserId, timeZone: typeof zone === 'string' && isIanaTimeZone(zone) ? zone : DEFAULT_TIME_ZONE };
}
