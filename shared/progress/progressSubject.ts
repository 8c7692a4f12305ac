import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { hasAnyRole, type Principal } from '../auth/principal.js';
import { documentClient, tableName } from '../db/client.js';
import { memberKey } from '../db/keys.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';
import type { Role } from '../routes/types.js';

/** Roles that may read and write another member's progress in their own tenant (issue 5). */
export const PROGRESS_SUPERVISOR_ROLES: readonly Role[] = ['trainer', 'org_admin'];

/**
 * Whose progress a request is about: the caller by default. Naming another user needs a supervisor
 * role (403 otherwise) and that user must be a member of the caller's tenant (404 otherwise: one
 * GetItem, paid only when acting for someone else). Tenant always comes from the token, so a user of
 * another tenant is never reachable.
 */
export async function resolveSubject(principal: Principal, requestedUserId: string | undefined): Promise<string> {
  if (requestedUserId === undefined || requestedUserId === principal.userId) return principal.userId;
  if (!hasAnyRole(principal, PROGRESS_SUPERVISOR_ROLES)) {
    throw new AuthorizationError(`Reading or writing another learner's progress requires one of the roles: ${PROGRESS_SUPERVISOR_ROLES.join(', ')}`);
  }
  const member = await documentClient().send(new GetCommand({ TableName: tableName(), Key: memberKey(principal.tenantId, requestedUserId) }));
  if (!member.Item) throw new NotFoundError('No such member in this organization');
  return requestedUserId;
}
