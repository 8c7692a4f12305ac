import * as z from 'zod';
import * as c from '../schemas/orgConfig.js';
import * as s from '../schemas/organizations.js';
import type { RouteDefinition } from './types.js';

/** Organization (tenant) management: creation by any signed-in user, membership by the org admin. */
const base = { group: 'organizations', rateClass: 'standard', style: 'rest003', tags: ['organizations'] } as const;
const admins = { kind: 'authenticated', roles: ['org_admin'] } as const;
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

export const ORGANIZATION_ROUTES: RouteDefinition[] = [
  { ...base, id: 'organizations.create', method: 'POST', path: '/api/v1/organizations', auth: { kind: 'authenticated' }, summary: 'Create an organization; the creator becomes its org_admin', request: { body: s.createOrganizationBody }, response: { status: 201, description: 'Created', schema: envelope(s.organizationData) } },
  { ...base, id: 'organizations.listMembers', method: 'GET', path: '/api/v1/organizations/{organizationId}/members', auth: { kind: 'authenticated', roles: ['org_admin', 'trainer'] }, summary: 'List members (paginated by cursor)', request: { params: s.organizationParams, query: s.listMembersQuery }, response: { status: 200, description: 'A page of members', schema: envelope(z.array(s.memberData)).extend({ meta: z.object({ nextCursor: z.string().nullable(), limit: z.number() }) }) } },
  { ...base, id: 'organizations.addMember', method: 'POST', path: '/api/v1/organizations/{organizationId}/members', auth: admins, summary: 'Add a member by email with a role and optional department; an email without an account is invited (202) and joins at sign-up', request: { params: s.organizationParams, body: s.addMemberBody }, response: { status: 201, description: 'Added (202 with an invitation when the email has no account yet)', schema: envelope(z.union([s.memberData, s.invitationData])) } },
  { ...base, id: 'organizations.changeMember', method: 'PATCH', path: '/api/v1/organizations/{organizationId}/members/{userId}', auth: admins, summary: 'Change a member\'s roles or department (effective in their next token)', request: { params: s.memberParams, body: s.changeMemberBody }, response: { status: 200, description: 'Changed', schema: envelope(z.object({ userId: z.string(), roles: z.array(z.string()) })) } },
  { ...base, id: 'organizations.removeMember', method: 'DELETE', path: '/api/v1/organizations/{organizationId}/members/{userId}', auth: admins, summary: 'Remove a member (their next tokens no longer carry this tenant)', request: { params: s.memberParams }, response: { status: 200, description: 'Removed', schema: envelope(z.object({ removed: z.literal(true) })) } },
  ...config('Departments', 'departments', 'departments', 'The departments and their members (a member is in at most one); 400 for a non-member', c.putDepartmentsBody, c.departmentsData),
  ...config('Goals', 'goals', 'goals', 'Strategic goals: target skills with required levels (1–4), a target date and the departments or members in scope', c.putGoalsBody, c.goalsData),
  ...config('Settings', 'analytics-settings', 'settings', 'Figures the organization configures for its analytics: target pace (topics/week), currency, annual training budget, value per completion', c.putSettingsBody, c.settingsData),
  ...config('LabourMarket', 'labour-market', 'labour market figures', 'Imported labour-market figures: job postings per skill with their source and date (skill-demand jobPostings)', c.putLabourMarketBody, c.labourMarketData),
];

/** GET and PUT of one configuration item of the organization (issue 16, items 5, 7, 8): org admins only. */
function config(name: string, segment: string, what: string, summary: string, body: z.ZodType, data: z.ZodType): RouteDefinition[] {
  const path = `/api/v1/organizations/{organizationId}/${segment}`;
  return [
    { ...base, id: `organizations.get${name}`, method: 'GET', path, auth: admins, summary: `Read the ${what}`, request: { params: s.organizationParams }, response: { status: 200, description: `The ${what} (empty, version 0, before any were saved)`, schema: envelope(data) } },
    { ...base, id: `organizations.put${name}`, method: 'PUT', path, auth: admins, summary: `Replace the ${what}. ${summary}`, request: { params: s.organizationParams, body }, response: { status: 200, description: `The stored ${what}`, schema: envelope(data) } },
  ];
}
