import { hasAnyRole, type Principal } from '../auth/principal.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
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

/** What must be read to resolve a subject: nothing for the caller, the membership and profile for another. */
export interface SubjectPlan {
  userId: string;
  self: boolean;
  keys: ItemKey[];
}

/**
 * The first half of resolveSubject, for callers that fold its reads into their own BatchGetItem: the
 * role check (403 before any request) and the keys to read. settleSubject finishes it.
 */
export function planSubject(principal: Principal, requestedUserId: string | undefined): SubjectPlan {
  if (requestedUserId === undefined || requestedUserId === principal.userId) return { userId: principal.userId, self: true, keys: [] };
  if (!hasAnyRole(principal, PROGRESS_SUPERVISOR_ROLES)) {
    throw new AuthorizationError(`Reading or writing another learner's progress requires one of the roles: ${PROGRESS_SUPERVISOR_ROLES.join(', ')}`);
  }
  return { userId: requestedUserId, self: false, keys: [memberKey(principal.tenantId, requestedUserId), profileKey(requestedUserId)] };
}

/** The second half: 404 for a non-member, and the subject's own time zone from their profile. */
export function settleSubject(principal: Principal, plan: SubjectPlan, found: Map<string, Record<string, unknown>>): Subject {
  if (plan.self) return { userId: principal.userId, timeZone: principal.timeZone };
  if (!found.get(itemId(memberKey(principal.tenantId, plan.userId)))) throw new NotFoundError('No such member in this organization');
  const zone = found.get(itemId(profileKey(plan.userId)))?.timezone;
  return { userId: plan.userId, timeZone: typeof zone === 'string' && isIanaTimeZone(zone) ? zone : DEFAULT_TIME_ZONE };
}

/**
 * Whose progress a request is about: the caller by default (time zone from their token). Naming
 * another user needs a supervisor role (403 otherwise) and that user must be a member of the caller's
 * tenant (404 otherwise); their membership and profile (for *their* time zone, so a trainer abroad
 * never shifts a learner's days) are one BatchGetItem, paid only when acting for someone else. Tenant
 * always comes from the token, so a user of another tenant is never reachable.
 */
export async function resolveSubject(principal: Principal, requestedUserId: string | undefined): Promise<Subject> {
  const plan = planSubject(principal, requestedUserId);
  return settleSubject(principal, plan, plan.keys.length > 0 ? await batchGetItems(plan.keys) : new Map());
}
