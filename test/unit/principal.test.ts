import { principalFromClaims } from '../../shared/auth/principal.js';
import { AuthenticationError, AuthorizationError, ValidationError } from '../../shared/http/errors.js';

const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'user-1', 'cairn:tenant': 'acme', 'cairn:roles': ['learner'], ...extra });

describe('principal from claims', () => {
  it('takes user, tenant and roles from the claims', () => {
    expect(principalFromClaims(claims({ email: 'a@b.c' }), undefined)).toEqual({
      userId: 'user-1', tenantId: 'acme', roles: ['learner'], memberships: { acme: ['learner'] }, email: 'a@b.c', timeZone: 'UTC',
    });
  });

  it('takes the time zone from the zoneinfo claim, and UTC when it is missing or not an IANA zone', () => {
    expect(principalFromClaims(claims({ zoneinfo: 'Europe/Berlin' }), undefined).timeZone).toBe('Europe/Berlin');
    expect(principalFromClaims(claims({ zoneinfo: '+02:00' }), undefined).timeZone).toBe('UTC');
    expect(principalFromClaims(claims({ zoneinfo: 'Mars/Olympus' }), undefined).timeZone).toBe('UTC');
  });

  it('accepts space-separated roles and JSON-string memberships (Cognito string claims)', () => {
    const p = principalFromClaims(claims({ 'cairn:roles': 'learner trainer', 'cairn:memberships': '{"beta":"org_admin"}' }), 'beta');
    expect(p.tenantId).toBe('beta');
    expect(p.roles).toEqual(['org_admin']);
  });

  it('refuses a tenant the token is not a member of with 403', () => {
    expect(() => principalFromClaims(claims(), 'other')).toThrow(AuthorizationError);
  });

  it('refuses a malformed x-community-id with a validation error', () => {
    expect(() => principalFromClaims(claims({ 'cairn:memberships': { beta: ['learner'] } }), 'bad#tenant')).toThrow(ValidationError);
  });

  it('refuses tokens without tenant, with unknown roles or a tenant id containing the key separator', () => {
    expect(() => principalFromClaims({ sub: 'u' }, undefined)).toThrow(AuthenticationError);
    expect(() => principalFromClaims(claims({ 'cairn:roles': ['superuser'] }), undefined)).toThrow(AuthenticationError);
    expect(() => principalFromClaims(claims({ 'cairn:tenant': 'a#b' }), undefined)).toThrow(AuthenticationError);
  });
});
