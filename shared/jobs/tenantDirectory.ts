import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client.js';
import { runtimeConfig } from '../config/runtimeConfig.js';

/**
 * Every tenant a scheduled job must visit: each organization (stored by shared/identity/
 * organizationService.ts as `T#<tenant>#ORG` / `ORG`, type `organization`) plus the stage's default
 * tenant, where sign-ups land without an organization item. Organizations have no index of their own,
 * so this is a filtered, projected Scan: its cost grows with the table's size, not the tenants'.
 * That is acceptable for an hourly job at Cairn's scale; the fix when it is not is a sparse
 * organization index written by createOrganization (see docs/data-model.md).
 */
export async function listTenants(): Promise<string[]> {
  const tenants = new Set<string>([runtimeConfig().defaultTenantId]);
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await documentClient().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'sk = :org AND #type = :organization',
        ProjectionExpression: 'tenantId',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':org': 'ORG', ':organization': 'organization' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) if (typeof item.tenantId === 'string') tenants.add(item.tenantId);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return [...tenants].sort();
}
