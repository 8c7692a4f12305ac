import * as z from 'zod';
import { emailSchema } from '../identity/profileSchemas.js';
import { ROLES } from '../routes/types.js';
import { lazySchema } from './lazySchema.js';

/** Organization (tenant) management contracts, seed 003 style. */
export const organizationIdSchema = lazySchema(() => z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, '3–63 lowercase letters, digits and dashes'));

export const createOrganizationBody = lazySchema(() => z
  .object({
    name: z.string().trim().min(1).max(100),
    slug: organizationIdSchema.refine((slug) => slug !== 'public', 'Reserved'),
  })
  .strict());
export const organizationParams = lazySchema(() => z.object({ organizationId: organizationIdSchema }).strict());
export const memberParams = lazySchema(() => z.object({ organizationId: organizationIdSchema, userId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) }).strict());
export const listMembersQuery = lazySchema(() => z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(400).optional() })
  .strict());
export const addMemberBody = lazySchema(() => z
  .object({ email: emailSchema, role: z.enum(ROLES), department: z.string().trim().min(1).max(100).optional() })
  .strict());
export const changeMemberBody = lazySchema(() => z
  .object({ roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length), department: z.string().trim().min(1).max(100).optional() })
  .strict());

export const organizationData = lazySchema(() => z
  .object({ tenantId: z.string(), name: z.string(), createdBy: z.string(), createdAt: z.string() })
  .meta({ id: 'Organization' }));
export const memberData = lazySchema(() => z
  .object({ userId: z.string(), email: z.string(), fullName: z.string(), roles: z.array(z.string()), department: z.string().optional(), joinedAt: z.string() })
  .meta({ id: 'Member' }));
export const invitationData = lazySchema(() => z
  .object({ invited: z.literal(true), email: z.string(), roles: z.array(z.string()), department: z.string().optional(), expiresAt: z.string() })
  .meta({ id: 'Invitation' }));
