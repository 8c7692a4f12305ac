import { hasAnyPlatformRole, principalFromClaims } from '../../shared/auth/principal.js';
import { PLATFORM_OPERATORS_GROUP, tenantClaims, withPlatformClaims } from '../../shared/identity/tokenClaims.js';

const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'user-1', 'cairn:tenant': 'acme', 'cairn:roles': 'learner', ...extra });
const profile = { homeTenantId: 'acme', memberships: { acme: { roles: ['org_admin' as const], joinedAt: '2026-01-01T00:00:00.000Z' } } };

describe('platform operator role', () => {
  it('comes from the cairn:platform claim, beside the tenant roles', () => {
    const principal = principalFromClaims(claims({ 'cairn:platform': 'operator' }), undefined);
    expect(principal).toMatchObject({ roles: ['learner'], platformRoles: ['operator'] });
    expect(hasAnyPlatformRole(principal, ['operator'])).toBe(true);
  });

  it('is absent without the claim, and unknown platform roles are dropped', () => {
    expect(hasAnyPlatformRole(principalFromClaims(claims(), undefined), ['operator'])).toBe(false);
    expect(principalFromClaims(claims({ 'cairn:platform': 'root superuser' }), undefined).platformRoles).toBeUndefined();
  });

  it('is put into the token by the trigger for members of the operators group only, and suppressed otherwise', () => {
    expect(withPlatformClaims(tenantClaims(profile), [PLATFORM_OPERATORS_GROUP]).claimsToAddOrOverride).toMatchObject({ 'cairn:platform': 'operator', 'cairn:roles': 'org_admin' });
    const plain = withPlatformClaims(tenantClaims(profile), ['some-other-group']);
    expect(plain.claimsToAddOrOverride).not.toHaveProperty('cairn:platform');
    expect(plain.claimsToSuppress).toContain('cairn:platform');
    expect(withPlatformClaims(tenantClaims(profile), undefined).claimsToSuppress).toContain('cairn:platform');
  });
});
