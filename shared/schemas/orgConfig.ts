import * as z from 'zod';
import { localDateSchema } from './common.js';
import { organizationParams } from './organizations.js';
import { skillIdSchema } from './skills.js';
import { lazySchema } from './lazySchema.js';

/**
 * Departments, strategic goals, analytics settings and labour-market figures of an organization
 * (issue 16, items 5, 7, 8). Org admins replace each as a whole (PUT); strict: unknown fields are 400s.
 */
export { organizationParams };

export const ORG_LIMITS = { departments: 30, membersPerDepartment: 5_000, goals: 50, skillsPerGoal: 20, usersPerGoal: 1_000, labourSkills: 500 } as const;

const idSchema = lazySchema(() => z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, '1–64 lower-case letters, digits, _ and - (starting with a letter or digit)'));
const memberIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'A user id'));

const department = lazySchema(() => z.object({ departmentId: idSchema, name: z.string().trim().min(1).max(100), memberIds: z.array(memberIdSchema).max(ORG_LIMITS.membersPerDepartment) }).strict());
export const putDepartmentsBody = lazySchema(() => z.object({ departments: z.array(department).max(ORG_LIMITS.departments) }).strict());
export type PutDepartmentsBody = z.output<typeof putDepartmentsBody>;
export const departmentsData = lazySchema(() => z.object({ departments: z.array(department), version: z.number().int(), updatedAt: z.string().nullable() }).meta({ id: 'Departments' }));

const targetSkill = lazySchema(() => z.object({ skillId: skillIdSchema, requiredLevel: z.number().int().min(1).max(4) }).strict());
const goal = lazySchema(() => z
  .object({
    goalId: idSchema,
    name: z.string().trim().min(1).max(100),
    targetSkills: z.array(targetSkill).min(1).max(ORG_LIMITS.skillsPerGoal),
    targetDate: localDateSchema,
    scope: z
      .object({ departmentIds: z.array(idSchema).max(ORG_LIMITS.departments).optional(), userIds: z.array(memberIdSchema).max(ORG_LIMITS.usersPerGoal).optional() })
      .strict()
      .refine((s) => (s.departmentIds?.length ?? 0) + (s.userIds?.length ?? 0) > 0, 'Name at least one department or member'),
  })
  .strict());
export const putGoalsBody = lazySchema(() => z.object({ goals: z.array(goal).max(ORG_LIMITS.goals) }).strict());
export type PutGoalsBody = z.output<typeof putGoalsBody>;
export const goalsData = lazySchema(() => z.object({ goals: z.array(goal), version: z.number().int(), updatedAt: z.string().nullable() }).meta({ id: 'Goals' }));

const money = lazySchema(() => z.number().min(0).max(1e12).refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, 'At most 2 decimals'));
export const putSettingsBody = lazySchema(() => z
  .object({
    targetPace: z.number().positive().max(1000).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR').optional(),
    annualTrainingBudget: money.optional(),
    valuePerCompletion: money.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const money = s.annualTrainingBudget !== undefined || s.valuePerCompletion !== undefined;
    if (money && s.currency === undefined) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Required with a budget or a value per completion' });
    if ((s.annualTrainingBudget === undefined) !== (s.valuePerCompletion === undefined)) {
      ctx.addIssue({ code: 'custom', path: [s.annualTrainingBudget === undefined ? 'annualTrainingBudget' : 'valuePerCompletion'], message: 'ROI needs both the annual training budget and the value per completion' });
    }
  }));
export type PutSettingsBody = z.output<typeof putSettingsBody>;
export const settingsData = lazySchema(() => z.object({ targetPace: z.number().optional(), currency: z.string().optional(), annualTrainingBudget: z.number().optional(), valuePerCompletion: z.number().optional(), updatedAt: z.string().nullable() }).meta({ id: 'OrganizationAnalyticsSettings' }));

const labourSkill = lazySchema(() => z.object({ skillId: skillIdSchema, jobPostings: z.number().int().min(0).max(100_000_000) }).strict());
export const putLabourMarketBody = lazySchema(() => z
  .object({
    source: z.string().trim().min(1).max(200),
    asOf: localDateSchema,
    region: z.string().trim().min(1).max(100).optional(),
    skills: z.array(labourSkill).min(1).max(ORG_LIMITS.labourSkills),
  })
  .strict());
export type PutLabourMarketBody = z.output<typeof putLabourMarketBody>;
export const labourMarketData = lazySchema(() => z.object({ source: z.string().nullable(), asOf: z.string().nullable(), region: z.string().nullable(), skills: z.array(labourSkill), updatedAt: z.string().nullable() }).meta({ id: 'LabourMarketFigures' }));
