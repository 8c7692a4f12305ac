import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { PutCommand } from '../db/commands.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { memberKey } from '../db/keys.js';
import { departmentsKey, goalsKey, labourMarketKey, orgSettingsKey, skillTaxonomyKey } from '../db/skillKeys.js';
import type { Department, Goal, OrgSettings } from '../domain/orgFigures.js';
import { unknownSkillIssues } from '../domain/skillTaxonomy.js';
import { ConflictError, ValidationError, type FieldIssue } from '../http/errors.js';
import type { PutDepartmentsBody, PutGoalsBody, PutLabourMarketBody, PutSettingsBody } from '../schemas/orgConfig.js';
import { taxonomyOf } from '../skills/taxonomyService.js';

/**
 * Departments, strategic goals, analytics settings and labour-market figures (issue 16, items 5, 7, 8):
 * four items of the tenant's `T#<t>#ORGCFG` partition, each replaced as a whole by an org admin. A
 * replacement reads what it validates against (the current item, the taxonomy, the departments, the
 * members named: 1 BatchGet per 100 keys), then Puts conditioned on the version read, so two admins
 * saving at once cannot silently lose one's edit (the second gets 409 and reloads). Nothing here is
 * read-modify-write on counters: each item is the admin's whole list.
 */

type ConfigKind = 'departments' | 'goals' | 'settings' | 'labour';
const KEYS: Record<ConfigKind, (tenantId: string) => ItemKey> = { departments: departmentsKey, goals: goalsKey, settings: orgSettingsKey, labour: labourMarketKey };

export interface StoredConfig<T> {
  value: T;
  version: number;
  updatedAt: string | null;
}

const STRIP = new Set(['pk', 'sk', 'entity', 'tenantId', 'version', 'updatedAt']);

/** The value of a stored config item (or undefined), without its key and bookkeeping attributes. */
export function configOf<T>(item: Record<string, unknown> | undefined): StoredConfig<T> | null {
  if (!item) return null;
  return { value: Object.fromEntries(Object.entries(item).filter(([k]) => !STRIP.has(k))) as T, version: item.version as number, updatedAt: (item.updatedAt as string | undefined) ?? null };
}

export const departmentsOf = (item: Record<string, unknown> | undefined): Department[] => configOf<{ departments: Department[] }>(item)?.value.departments ?? [];
export const goalsOf = (item: Record<string, unknown> | undefined): Goal[] => configOf<{ goals: Goal[] }>(item)?.value.goals ?? [];
export const settingsOf = (item: Record<string, unknown> | undefined): OrgSettings => configOf<OrgSettings>(item)?.value ?? {};

/** Reads config items, the taxonomy and members in one BatchGet per 100 keys (consistent: a write validates against them). */
async function readForWrite(tenantId: string, kinds: ConfigKind[], memberIds: readonly string[]) {
  const keys = [...kinds.map((k) => KEYS[k](tenantId)), skillTaxonomyKey(tenantId), ...[...new Set(memberIds)].map((u) => memberKey(tenantId, u))];
  const found = await batchGetItems(keys, true);
  return {
    item: (kind: ConfigKind) => found.get(itemId(KEYS[kind](tenantId))),
    taxonomy: taxonomyOf(found.get(itemId(skillTaxonomyKey(tenantId)))),
    isMember: (userId: string) => found.has(itemId(memberKey(tenantId, userId))),
  };
}

async function putVersioned(tenantId: string, kind: ConfigKind, current: Record<string, unknown> | undefined, value: object, now: Date) {
  const read = typeof current?.version === 'number' ? current.version : 0;
  const stored = { ...value, version: read + 1, updatedAt: now.toISOString() };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...KEYS[kind](tenantId), entity: `org_${kind}`, tenantId, ...stored },
        ConditionExpression: current ? 'version = :read' : 'attribute_not_exists(pk)',
        ...(current ? { ExpressionAttributeValues: { ':read': read } } : {}),
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ConflictError('The configuration changed since it was read; reload and retry');
    throw err;
  }
  return stored;
}

function duplicates(values: readonly string[], field: (i: number) => string, what: string): FieldIssue[] {
  const seen = new Set<string>();
  return values.flatMap((v, i) => {
    if (seen.has(v)) return [{ field: field(i), message: `Duplicate ${what} "${v}"`, code: 'duplicate' }];
    seen.add(v);
    return [];
  });
}

function fail(issues: FieldIssue[]): void {
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Reads one config item (1 GetItem via BatchGet). */
export async function readConfig(tenantId: string, kind: ConfigKind): Promise<Record<string, unknown> | undefined> {
  return (await batchGetItems([KEYS[kind](tenantId)])).get(itemId(KEYS[kind](tenantId)));
}

/**
 * Replaces the departments. 400 (naming the field) for a duplicate department id, a member placed in two
 * departments, or a user who is not a member of the organization.
 */
export async function replaceDepartments(tenantId: string, body: PutDepartmentsBody, now: Date) {
  const issues = duplicates(body.departments.map((d) => d.departmentId), (i) => `body.departments.${i}.departmentId`, 'department id');
  const placed = new Map<string, number>();
  body.departments.forEach((d, i) =>
    d.memberIds.forEach((u, j) => {
      if (placed.has(u)) issues.push({ field: `body.departments.${i}.memberIds.${j}`, message: `Member "${u}" is already in department "${body.departments[placed.get(u)!]!.departmentId}"; a member is in one department`, code: 'duplicate' });
      else placed.set(u, i);
    }),
  );
  fail(issues);
  const r = await readForWrite(tenantId, ['departments'], [...placed.keys()]);
  body.departments.forEach((d, i) =>
    d.memberIds.forEach((u, j) => {
      if (!r.isMember(u)) issues.push({ field: `body.departments.${i}.memberIds.${j}`, message: `"${u}" is not a member of this organization`, code: 'not_member' });
    }),
  );
  fail(issues);
  return putVersioned(tenantId, 'departments', r.item('departments'), { departments: body.departments }, now);
}

/**
 * Replaces the strategic goals. 400 for a duplicate goal id, a skill twice in one goal, a skill outside
 * the taxonomy (once one is defined), an unknown department or a user who is not a member.
 */
export async function replaceGoals(tenantId: string, body: PutGoalsBody, now: Date) {
  const issues = duplicates(body.goals.map((g) => g.goalId), (i) => `body.goals.${i}.goalId`, 'goal id');
  body.goals.forEach((g, i) => issues.push(...duplicates(g.targetSkills.map((s) => s.skillId), (j) => `body.goals.${i}.targetSkills.${j}.skillId`, 'skill')));
  fail(issues);
  const r = await readForWrite(tenantId, ['goals', 'departments'], body.goals.flatMap((g) => g.scope.userIds ?? []));
  const departmentIds = new Set(departmentsOf(r.item('departments')).map((d) => d.departmentId));
  body.goals.forEach((g, i) => {
    g.targetSkills.forEach((s, j) => {
      for (const issue of unknownSkillIssues(r.taxonomy, [s.skillId], `body.goals.${i}.targetSkills.${j}`)) issues.push({ field: `${issue.field.replace(/\.0$/, '')}.skillId`, message: issue.message, code: 'unknown_skill' });
    });
    (g.scope.departmentIds ?? []).forEach((d, j) => {
      if (!departmentIds.has(d)) issues.push({ field: `body.goals.${i}.scope.departmentIds.${j}`, message: `No department "${d}" in this organization`, code: 'unknown_department' });
    });
    (g.scope.userIds ?? []).forEach((u, j) => {
      if (!r.isMember(u)) issues.push({ field: `body.goals.${i}.scope.userIds.${j}`, message: `"${u}" is not a member of this organization`, code: 'not_member' });
    });
  });
  fail(issues);
  return putVersioned(tenantId, 'goals', r.item('goals'), { goals: body.goals }, now);
}

/** Replaces the analytics settings (target pace, currency, annual training budget, value per completion). */
export async function replaceSettings(tenantId: string, body: PutSettingsBody, now: Date) {
  const current = await readConfig(tenantId, 'settings');
  return putVersioned(tenantId, 'settings', current, { ...body }, now);
}

/**
 * Imports labour-market figures (job postings per skill, with their source and date). 400 for a skill
 * twice, a skill outside the taxonomy (once one is defined) or a date after today (UTC).
 */
export async function replaceLabourMarket(tenantId: string, body: PutLabourMarketBody, now: Date) {
  const issues = duplicates(body.skills.map((s) => s.skillId), (i) => `body.skills.${i}.skillId`, 'skill');
  if (body.asOf > now.toISOString().slice(0, 10)) issues.push({ field: 'body.asOf', message: 'The figures cannot be dated after today', code: 'future_date' });
  fail(issues);
  const r = await readForWrite(tenantId, ['labour'], []);
  body.skills.forEach((s, i) => {
    for (const issue of unknownSkillIssues(r.taxonomy, [s.skillId], `body.skills.${i}`)) issues.push({ field: `${issue.field.replace(/\.0$/, '')}.skillId`, message: issue.message, code: 'unknown_skill' });
  });
  fail(issues);
  return putVersioned(tenantId, 'labour', r.item('labour'), { source: body.source, asOf: body.asOf, region: body.region ?? null, skills: body.skills }, now);
}
