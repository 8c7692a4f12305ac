import type { MiddlewareObj } from '@middy/core';
import { hasAnyPlatformRole, hasAnyRole, principalFromClaims, tenantIdSchema } from '../../auth/principal.js';
import { bearerToken, type TokenVerifier } from '../../auth/tokenVerifier.js';
import { AuthenticationError, AuthorizationError, ValidationError } from '../errors.js';
import { stateOf, type CairnRequest } from '../requestState.js';

/**
 * Token → principal, then the route's declared role check. A public route still verifies a token
 * that is sent (a bad token is never silently ignored); without one, an anonymous request acts in the
 * tenant named by `x-community-id` or the stage's default tenant. A route that takes HTTP Basic
 * credentials (xAPI) gets a Basic header through untouched, for its handler to check.
 */
export function authenticate(verifier: () => TokenVerifier, defaultTenantId: () => string): MiddlewareObj {
  return {
    before: async (req) => {
      const request = req as CairnRequest;
      const state = stateOf(request);
      const headers = request.event.headers ?? {};
      const requestedTenant = headers['x-community-id'];
      const auth = state.route.auth;
      const basic = auth.kind === 'public' && auth.basicCredentials === true && /^Basic\s/i.test(headers.authorization ?? '');
      const token = basic ? undefined : bearerToken(headers);

      if (token === undefined) {
        if (auth.kind === 'authenticated') throw new AuthenticationError();
        if (requestedTenant !== undefined && !tenantIdSchema.safeParse(requestedTenant).success) {
          throw new ValidationError([{ field: 'headers.x-community-id', message: 'Invalid tenant id', code: 'invalid_format' }]);
        }
        state.tenantId = requestedTenant ?? defaultTenantId();
        return;
      }

      const claims = await verifier()(token);
      const principal = principalFromClaims(claims as Record<string, unknown>, requestedTenant);
      state.principal = principal;
      state.tenantId = principal.tenantId;
      if (auth.kind === 'authenticated' && auth.roles && !hasAnyRole(principal, auth.roles)) {
        // A platform role admits the caller where the route allows it, whatever their tenant roles.
        if (!(auth.platformRoles && hasAnyPlatformRole(principal, auth.platformRoles))) {
          const allowed = [...auth.roles, ...(auth.platformRoles ?? []).map((role) => `platform ${role}`)];
          throw new AuthorizationError(`Requires one of the roles: ${allowed.join(', ')}`);
        }
      }
    },
  };
}
