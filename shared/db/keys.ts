/**
 * Key builders: the only place key strings are assembled (DESIGN §7). Every partition key leads with
 * the tenant, so no query can cross tenants by construction. Ids are validated before they reach here;
 * `#` is the separator and is rejected in ids by the schemas.
 */
export const tenantPrefix = (tenantId: string): string => `T#${tenantId}`;

/** Rate-limit counter for one subject (user or client IP) in one class and window. */
export function rateLimitKey(tenantId: string, subject: string, rateClass: string, windowStart: number) {
  return {
    pk: `${tenantPrefix(tenantId)}#RL#${subject}`,
    sk: `${rateClass}#${windowStart}`,
  };
}

/** The item the health check reads: a point read that proves the table answers. */
export function healthProbeKey() {
  return { pk: 'SYS#health', sk: 'SYS#health' };
}

/** A user's profile (pool-wide identity; see shared/identity/profile.ts for why it is keyed by user). */
export function profileKey(userId: string) {
  return { pk: `U#${userId}`, sk: 'PROFILE' };
}

/** A member of a tenant; the tenant's member list is one item collection, ordered by user id. */
export function memberKey(tenantId: string, userId: string) {
  return { pk: `${tenantPrefix(tenantId)}#MEMBERS`, sk: `U#${userId}` };
}

/** An organization (tenant) record; its id is the tenant id. */
export function organizationKey(tenantId: string) {
  return { pk: `${tenantPrefix(tenantId)}#ORG`, sk: 'ORG' };
}

/** Index keys that find a profile by email (gsi1): sign-in names, org admins add members by email. */
export function profileByEmailIndexKey(email: string) {
  return { gsi1pk: `EMAIL#${email.toLowerCase()}`, gsi1sk: 'PROFILE' };
}

/** A pending OAuth sign-in's state (single use, expires): in the tenant the sign-in started in. */
export function oauthStateKey(tenantId: string, state: string) {
  return { pk: `${tenantPrefix(tenantId)}#OAUTH`, sk: `STATE#${state}` };
}

/** An invitation of an email (no account yet) into a tenant; gsi1 finds an email's invitations at sign-up. */
export function invitationKey(tenantId: string, email: string) {
  return { pk: `${tenantPrefix(tenantId)}#INVITES`, sk: `EMAIL#${email.toLowerCase()}`, gsi1pk: `INVITE#${email.toLowerCase()}`, gsi1sk: tenantPrefix(tenantId) };
}
