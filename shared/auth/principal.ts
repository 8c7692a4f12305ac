import * as z from 'zod';
import { PLATFORM_ROLES, ROLES, type PlatformRole, type Role } from '../routes/types.js';
import { DEFAULT_TIME_ZONE, isIanaTimeZone } from '../domain/timezone.js';
import { AuthenticationError, AuthorizationError, ValidationError } from '../http/errors.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * The caller as Cairn sees it. Tenant and roles come only from verified token claims (DESIGN §6):
 *
 * - `sub`: the user id.
 * - `cairn:tenant`: the user's home tenant; `cairn:roles`: their roles there (array or space-separated).
 * - `cairn:memberships` (optional): every tenant the user belongs to with its roles, as an object or
 *   a JSON string (Cognito ID-token claims must be strings).
 *
 * - `cairn:platform` (optional): platform roles (`operator`), space-separated. Only the pre-token-
 *   generation trigger sets it, from the Cognito group `cairn-platform-operators` (tokenClaims.ts);
 *   it is independent of the tenant: an operator is also a member of some tenant like anyone else.
 *
 * A request may pick another of its tenants with `x-community-id` (seed 000); a tenant the token is
 * not a member of is refused with 403.
 */
export interface Principal {
  userId: string;
  tenantId: string;
  roles: Role[];
  memberships: Record<string, Role[]>;
  /** Platform-wide roles (docs/api.md "Platform operators"); empty or absent for almost everyone. */
  platformRoles?: PlatformRole[];
  email?: string;
  /**
   * The learner's IANA time zone from the OIDC `zoneinfo` claim (the profile's, put in by the
   * pre-token-generation trigger); UTC when absent or not a real zone. Local dates of activity
   * (streaks, "today") use it, so a profile change applies from the next token (at most an hour).
   */
  timeZone: string;
}

/** Tenant ids: letters, digits, `-` and `_`, up to 64 characters (no `#`, the key separator). */
export const tenantIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid tenant id'));

const roleList = lazySchema(() => z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
  z.array(z.enum(ROLES)),
));

// Unknown platform roles are dropped rather than failing the token: a role added later must not lock
// older functions' callers out.
const platformRoleList = lazySchema(() => z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
  z.array(z.string()).transform((roles) => roles.filter((role): role is PlatformRole => (PLATFORM_ROLES as readonly string[]).includes(role))),
));

const membershipsClaim = lazySchema(() => z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return null;
    }
  },
  z.record(tenantIdSchema, roleList),
));

const claimsSchema = lazySchema(() => z.object({
  sub: z.string().min(1).max(128),
  email: z.string().optional(),
  'cairn:tenant': tenantIdSchema,
  'cairn:roles': roleList,
  'cairn:memberships': membershipsClaim.optional(),
  'cairn:platform': platformRoleList.optional(),
  zoneinfo: z.string().optional(),
}));

/** Builds the principal from verified claims and the optional `x-community-id` header. */
export function principalFromClaims(claims: Record<string, unknown>, requestedTenant: string | undefined): Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new AuthenticationError('Token is missing tenant or role claims');
  const home = parsed.data['cairn:tenant'];
  const memberships: Record<string, Role[]> = {
    ...parsed.data['cairn:memberships'],
    [home]: parsed.data['cairn:roles'],
  };
  let tenantId = home;
  if (requestedTenant !== undefined && requestedTenant !== home) {
    if (!tenantIdSchema.safeParse(requestedTenant).success) {
      throw new ValidationError([{ field: 'headers.x-community-id', message: 'Invalid tenant id', code: 'invalid_format' }]);
    }
    if (!Object.hasOwn(memberships, requestedTenant)) {
      throw new AuthorizationError('Token is not a member of the requested community');
    }
    tenantId = requestedTenant;
  }
  return {
    userId: parsed.data.sub,
    tenantId,
    roles: [...new Set(memberships[tenantId] ?? [])],
    memberships,
    ...(parsed.data['cairn:platform']?.length ? { platformRoles: [...new Set(parsed.data['cairn:platform'])] } : {}),
    ...(parsed.data.email ? { email: parsed.data.email } : {}),
    timeZone: parsed.data.zoneinfo && isIanaTimeZone(parsed.data.zoneinfo) ? parsed.data.zoneinfo : DEFAULT_TIME_ZONE,
  };
}

/** True when the principal holds at least one of `allowed` in its current tenant. */
export function hasAnyRole(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.some((role) => allowed.includes(role));
}

/** True when the principal holds at least one of the platform roles `allowed`. */
export function hasAnyPlatformRole(principal: Pick<Principal, 'platformRoles'>, allowed: readonly PlatformRole[]): boolean {
  return (principal.platformRoles ?? []).some((role) => allowed.includes(role));
}
