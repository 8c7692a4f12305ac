import { displayName } from '../../shared/identity/accountService.js';
import type { Profile } from '../../shared/identity/profile.js';
import { subscriptionOf } from '../../shared/identity/plans.js';
import type { Role } from '../../shared/routes/types.js';

/** Seed-specific shapes of the same account data. */

/** Seed 002 calls learners "student". */
export const roles002 = (roles: readonly Role[]) => roles.map((role) => (role === 'learner' ? 'student' : role));

/** The roles a profile holds in a tenant (its home tenant when none is given). */
export function rolesIn(profile: Profile, tenantId = profile.homeTenantId): Role[] {
  return tenantId ? (profile.memberships[tenantId]?.roles ?? []) : [];
}

/** The short user object of seed 002's sign-up and OAuth answers. */
export function userBrief002(profile: Profile) {
  return { id: profile.userId, email: profile.email, full_name: displayName(profile), created_at: profile.createdAt, avatar_url: profile.avatarUrl ?? null };
}

export function profile002(profile: Profile, roles: readonly Role[], now: Date) {
  return {
    id: profile.userId,
    email: profile.email,
    full_name: displayName(profile),
    avatar_url: profile.avatarUrl ?? null,
    bio: profile.bio ?? null,
    roles: roles002(roles),
    subscription: subscriptionOf(profile, now),
    created_at: profile.createdAt,
    updated_at: profile.updatedAt,
  };
}

export function user003(profile: Profile, roles: readonly Role[], tenantId: string | undefined) {
  return { id: profile.userId, email: profile.email, fullName: displayName(profile), roles: [...roles], organizationId: tenantId ?? null };
}

export function user004(profile: Profile) {
  return {
    id: profile.userId,
    email: profile.email,
    firstName: profile.firstName || null,
    lastName: profile.lastName || null,
    timezone: profile.timezone,
    avatarUrl: profile.avatarUrl ?? null,
    bio: profile.bio ?? null,
    preferences: profile.preferences,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}
