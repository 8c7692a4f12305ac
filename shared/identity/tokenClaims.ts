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
