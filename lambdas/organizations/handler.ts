import type * as z from 'zod';
import { profileOf } from '../../shared/identity/accountService.js';
import * as orgs from '../../shared/identity/organizationService.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { createInvitation } from '../../shared/identity/invitationRepository.js';
import { AuthorizationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import * as cfg from '../../shared/orgAnalytics/orgConfigService.js';
import { ORGANIZATION_ROUTES } from '../../shared/routes/organizationRoutes.js';
import type * as c from '../../shared/schemas/orgConfig.js';
import type * as s from '../../shared/schemas/organizations.js';

/** Lambda entry of the organizations group. */
const input = <T extends z.ZodType>(value: unknown) => value as z.infer<T>;

/** The organization in the path must be the tenant the caller acts in (token or x-community-id). */
function ownOrganization(ctx: RouteContext): string {
  const { organizationId } = input<typeof s.organizationParams>(ctx.params);
  if (!ctx.principal || ctx.principal.tenantId !== organizationId) {
    throw new AuthorizationError('Act in this organization (x-community-id) as its member to manage it');
  }
  return organizationId;
}

const handlers: RouteHandlers = {
  'organizations.create': async (ctx) => {
    const body = input<typeof s.createOrganizationBody>(ctx.body);
    const creator = await profileOf(ctx.principal?.userId ?? '');
    return { data: await orgs.createOrganization({ tenantId: body.slug, name: body.name }, creator, ctx.now) };
  },
  'organizations.listMembers': async (ctx) => {
    const tenantId = ownOrganization(ctx);
    const query = input<typeof s.listMembersQuery>(ctx.query);
    const page = await orgs.listMembers(tenantId, query.limit, query.cursor);
    return { data: page.members, meta: { nextCursor: page.nextCursor, limit: query.limit } };
  },
  'organizations.addMember': async (ctx) => {
    const tenantId = ownOrganization(ctx);
    const body = input<typeof s.addMemberBody>(ctx.body);
    const user = await orgs.profileByEmail(body.email);
    if (!user) {
      // No account yet: invite; the membership is granted in the same write that creates the account.
      const invitation = await createInvitation(
        { tenantId, email: body.email, roles: [body.role], ...(body.department ? { department: body.department } : {}), invitedBy: ctx.principal?.userId ?? '' },
        ctx.now,
      );
      return {
        statusCode: 202,
        data: { invited: true, email: invitation.email, roles: invitation.roles, department: invitation.department, expiresAt: new Date(invitation.expiresAt * 1000).toISOString() },
      };
    }
    return { data: await orgs.addMember(tenantId, user, [body.role], body.department, ctx.now) };
  },
  'organizations.changeMember': async (ctx) => {
    const tenantId = ownOrganization(ctx);
    const { userId } = input<typeof s.memberParams>(ctx.params);
    const body = input<typeof s.changeMemberBody>(ctx.body);
    const roles = await orgs.changeMember(tenantId, ctx.principal?.userId ?? '', userId, body.roles, body.department, ctx.now);
    return { data: { userId, roles } };
  },
  'organizations.removeMember': async (ctx) => {
    const tenantId = ownOrganization(ctx);
    const { userId } = input<typeof s.memberParams>(ctx.params);
    await orgs.removeMember(tenantId, ctx.principal?.userId ?? '', userId, ctx.now);
    return { data: { removed: true } };
  },
  'organizations.getDepartments': async (ctx) => ({ data: presentConfig(await cfg.readConfig(ownOrganization(ctx), 'departments'), { departments: [] }) }),
  'organizations.putDepartments': async (ctx) => ({ data: presentStored(await cfg.replaceDepartments(ownOrganization(ctx), input<typeof c.putDepartmentsBody>(ctx.body), ctx.now)) }),
  'organizations.getGoals': async (ctx) => ({ data: presentConfig(await cfg.readConfig(ownOrganization(ctx), 'goals'), { goals: [] }) }),
  'organizations.putGoals': async (ctx) => ({ data: presentStored(await cfg.replaceGoals(ownOrganization(ctx), input<typeof c.putGoalsBody>(ctx.body), ctx.now)) }),
  'organizations.getSettings': async (ctx) => ({ data: presentConfig(await cfg.readConfig(ownOrganization(ctx), 'settings'), {}, false) }),
  'organizations.putSettings': async (ctx) => ({ data: presentStored(await cfg.replaceSettings(ownOrganization(ctx), input<typeof c.putSettingsBody>(ctx.body), ctx.now), false) }),
  'organizations.getLabourMarket': async (ctx) => ({ data: presentConfig(await cfg.readConfig(ownOrganization(ctx), 'labour'), { source: null, asOf: null, region: null, skills: [] }) }),
  'organizations.putLabourMarket': async (ctx) => ({ data: presentStored(await cfg.replaceLabourMarket(ownOrganization(ctx), input<typeof c.putLabourMarketBody>(ctx.body), ctx.now)) }),
};

/** A stored config item as the API shows it (version only where the schema has it). */
function presentStored(stored: Record<string, unknown>, versioned = true) {
  const { version, updatedAt, ...value } = stored;
  return { ...value, ...(versioned ? { version } : {}), updatedAt: updatedAt ?? null };
}

function presentConfig(item: Record<string, unknown> | undefined, empty: Record<string, unknown>, versioned = true) {
  const stored = cfg.configOf<Record<string, unknown>>(item);
  if (!stored) return { ...empty, ...(versioned ? { version: 0 } : {}), updatedAt: null };
  return presentStored({ ...stored.value, version: stored.version, updatedAt: stored.updatedAt }, versioned);
}

export const handler = createGroupHandler('organizations', ORGANIZATION_ROUTES, handlers);
