import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { skillTaxonomyKey } from '../db/skillKeys.js';
import { taxonomyIssues, unknownSkillIssues, type SkillTaxonomy } from '../domain/skillTaxonomy.js';
import { ConflictError, ValidationError } from '../http/errors.js';
import type { PutTaxonomyBody } from '../schemas/skills.js';

/** The stored taxonomy: domains plus a version that every replacement increments. */
export interface StoredTaxonomy extends SkillTaxonomy {
  version: number;
  updatedAt: string | null;
}

/** Reads a stored taxonomy item (from a GetItem or a BatchGet); null when the tenant has none. */
export function taxonomyOf(item: Record<string, unknown> | undefined): StoredTaxonomy | null {
  if (!item) return null;
  return { domains: item.domains as StoredTaxonomy['domains'], version: item.version as number, updatedAt: (item.updatedAt as string) ?? null };
}

/** The tenant's taxonomy, or null when none was defined: 1 GetItem. */
export async function readTaxonomy(tenantId: string, consistent = false): Promise<StoredTaxonomy | null> {
  const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: skillTaxonomyKey(tenantId), ConsistentRead: consistent }))).Item;
  return taxonomyOf(item);
}

/**
 * Replaces the tenant's taxonomy (org admins and instructors). Duplicate domain or skill ids are 400s
 * naming the field. Read, then a Put conditioned on the version read, so two admins saving at once
 * cannot silently lose one's edit: the second gets 409 and reloads.
 * Removing a skill does not touch lessons that name it; only new or changed skill lists are checked.
 */
export async function replaceTaxonomy(tenantId: string, body: PutTaxonomyBody, now: Date): Promise<StoredTaxonomy> {
  const issues = taxonomyIssues(body);
  if (issues.length > 0) throw new ValidationError(issues.map((i) => ({ ...i, code: 'duplicate' })));
  const current = await readTaxonomy(tenantId, true);
  const version = (current?.version ?? 0) + 1;
  const next: StoredTaxonomy = { domains: body.domains, version, updatedAt: now.toISOString() };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...skillTaxonomyKey(tenantId), entity: 'skillTaxonomy', tenantId, ...next },
        ConditionExpression: current ? 'version = :read' : 'attribute_not_exists(pk)',
        ...(current ? { ExpressionAttributeValues: { ':read': current.version } } : {}),
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ConflictError('The taxonomy changed since it was read; reload and retry');
    throw err;
  }
  return next;
}

/**
 * 400 naming each `skills` entry the tenant's taxonomy lacks (`<field>.<index>`). Costs 1 GetItem, only
 * when `skills` is sent and non-empty. A tenant without a taxonomy accepts any skill (section 8.1 of
 * docs/analytics.md).
 */
export async function assertKnownSkills(tenantId: string, skills: readonly string[] | undefined, field: string): Promise<void> {
  if (!skills || skills.length === 0) return;
  const issues = unknownSkillIssues(await readTaxonomy(tenantId), skills, field);
  if (issues.length > 0) throw new ValidationError(issues.map((i) => ({ ...i, code: 'unknown_skill' })));
}

/** The taxonomy as the API shows it. */
export function presentTaxonomy(taxonomy: StoredTaxonomy | null) {
  return { domains: taxonomy?.domains ?? [], version: taxonomy?.version ?? 0, updated_at: taxonomy?.updatedAt ?? null };
}
