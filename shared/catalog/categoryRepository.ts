import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { TransactWriteCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { categoryKey, categorySlugKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { ConflictError } from '../http/errors.js';
import type { CategoryRef } from './course.js';

/**
 * Catalog categories of a tenant: a small item collection (`T#<t>#CATEGORIES`) holding each category
 * (`CAT#<id>`) and a claim per slug (`SLUG#<slug>`), so a slug is unique by a conditional put.
 * Courses copy `{id, name, slug}` when they are written; categories are never renamed (no stale copies).
 */
export async function createCategory(tenantId: string, input: { name: string; slug: string }, createdBy: string, now: Date): Promise<CategoryRef> {
  const category: CategoryRef = { id: randomUUID(), name: input.name, slug: input.slug };
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...categorySlugKey(tenantId, input.slug), type: 'categorySlug', categoryId: category.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName(), Item: { ...categoryKey(tenantId, category.id), type: 'category', ...category, createdBy, createdAt: now.toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw new ConflictError('A category with this slug already exists', [{ field: 'body.slug', message: 'Taken', code: 'duplicate' }]);
    }
    throw err;
  }
  return category;
}

/** The tenant's categories by name (one Query; a tenant has tens, not thousands). */
export async function listCategories(tenantId: string): Promise<CategoryRef[]> {
  const items = await queryCollection(categoryKey(tenantId, '').pk, { skPrefix: 'CAT#' });
  return items
    .map((item): CategoryRef => ({ id: item.id as string, name: item.name as string, slug: item.slug as string })).sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}
