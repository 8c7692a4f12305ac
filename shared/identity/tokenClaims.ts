import type { Profile } from './profile.js';

/**
 * Builds the tenant and role claims Cognito puts into tokens (pre-token-generation trigger; the local
 * Cognito calls the same code). The home tenant and its roles become `cairn:tenant`/`cairn:roles`;
 * every membership goes into `cairn:memberships` as a JSON string (ID-token claims must be strings).
 * A user with no membership gets no tenant claims at all, so their tokens reach no tenant's data.
 */
export interface ClaimsOverride {
  claimsToAddOrOverride: Record<string, string>;
  claimsToSuppress: string[];
}

export const TENANT_CLAIMS = ['cairn:tenant', 'cairn:roles', 'cairn:memberships'] as const;

/** The OIDC standard claim carrying the user's IANA time zone (the profile's `timezone`). */
export const TIME_ZONE_CLAIM = 'zoneinfo';

export function tenantClaims(profile: Pick<Profile, 'homeTenantId' | 'memberships'> & Partial<Pick<Profile, 'timezone'>> | undefined): ClaimsOverride {
  const memberships = profile?.memberships ?? {};
  const tenants = Object.keys(memberships).sort();
  const home = profile?.homeTenantId && memberships[profile.homeTenantId] ? profile.homeTenantId : tenants[0];
  if (!home) return { claimsToAddOrOverride: {}, claimsToSuppress: [...TENANT_CLAIMS] };
  const roleMap = Object.fromEntries(tenants.map((tenant) => [tenant, memberships[tenant]?.roles ?? []]));
  return {
    claimsToAddOrOverride: {
      'cairn:tenant': home,
      'cairn:roles': (memberships[home]?.roles ?? []).join(' '),
      'cairn:memberships': JSON.stringify(roleMap),
      ...(profile?.timezone ? { [TIME_ZONE_CLAIM]: profile.timezone } : {}),
    },
    claimsToSuppress: [],
  };
}

/** The Cognito group whose members are platform operators (created by lib/constructs/cairnAuth.ts). */
export const PLATFORM_OPERATORS_GROUP = 'cairn-platform-operators';

/** The claim carrying platform roles (shared/auth/principal.ts). */
export const PLATFORM_CLAIM = 'cairn:platform';

/**
 * Adds the platform claim to a user's claims from their Cognito groups: `cairn:platform: operator` for
 * members of PLATFORM_OPERATORS_GROUP, and the claim suppressed for everyone else, so a token can carry
 * it only when an AWS administrator put the user in that group (no tenant route can: no function has
 * `cognito-idp:AdminAddUserToGroup`). Membership shows from the next token (ID tokens live an hour).
 */
export function withPlatformClaims(claims: ClaimsOverride, groups: readonly string[] | undefined): ClaimsOverride {
  if (groups?.includes(PLATFORM_OPERATORS_GROUP)) {
    return { ...claims, claimsToAddOrOverride: { ...claims.claimsToAddOrOverride, [PLATFORM_CLAIM]: 'operator' } };
  }
  return { ...claims, claimsToSuppress: [...claims.claimsToSuppress, PLATFORM_CLAIM] };
}
