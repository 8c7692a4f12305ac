import { runtimeConfig } from '../config/runtimeConfig.js';
import { tableName } from '../db/client.js';
import { tenantDirectoryKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';

/**
 * The tenant directory (DESIGN §8): every organization has one item in the platform partition
 * `SYS#TENANTS`, written in the same transaction that creates the organization
 * (shared/identity/organizationService.ts), so the list can never miss a tenant that exists. Scheduled
 * jobs list tenants with one Query of it (one request per 1 MB, about 15,000 tenants) and never Scan.
 */
export function tenantDirectoryPut(tenantId: string, createdAt: string) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...tenantDirectoryKey(tenantId), entity: 'tenantDirectoryEntry', tenantId, createdAt },
    },
  };
}

/**
 * Every tenant a scheduled job must visit: the directory's tenants plus the stage's default tenant,
 * where sign-ups land without an organization. Sorted, without duplicates.
 */
export async function listTenants(): Promise<string[]> {
  const tenants = new Set<string>([runtimeConfig().defaultTenantId]);
  const items = await queryCollection(tenantDirectoryKey('').pk);
  for (const item of items) if (typeof item.tenantId === 'string') tenants.add(item.tenantId);
  return [...tenants].sort();
}
