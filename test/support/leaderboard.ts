import { BatchWriteCommand, PutCommand, type BatchWriteCommandOutput } from '../../shared/db/commands.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { tenantDirectoryPut } from '../../shared/jobs/tenantDirectory.js';
import { leaderboardSourceIndexKey, organizationKey, periodPointsKey, profileKey } from '../../shared/db/keys.js';
import { DEFAULT_PREFERENCES } from '../../shared/identity/profileSchemas.js';
import { activityShard } from '../../shared/progress/activity.js';

/**
 * Leaderboard fixtures: the items the progress/awarding code writes (period points with their sharded
 * gsi2 source keys) and the profiles the refresh reads, written directly and in bulk so a test can
 * build a tenant of hundreds of learners in a few seconds.
 */
export interface PeriodPoints {
  points: number;
  learnerPoints: number;
  trainerPoints: number;
}

/** The period-points item exactly as shared/gamification/awarding.ts periodPointsItems leaves it. */
export function periodPointsItem(tenantId: string, userId: string, period: string, points: PeriodPoints, updatedAt = new Date().toISOString()) {
  return {
    ...periodPointsKey(tenantId, userId, period),
    ...leaderboardSourceIndexKey(tenantId, period, activityShard(userId), userId),
    entity: 'periodPoints',
    userId,
    period,
    updatedAt,
    ...points,
  };
}

export interface ProfileFixture {
  userId: string;
  fullName: string;
  avatarUrl?: string;
  privacy: 'public' | 'anonymous' | 'private';
  tenantId: string;
  department?: string;
}

/** A profile item as accounts store it, with the membership (and department) in `tenantId`. */
export function profileItem(fixture: ProfileFixture) {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    ...profileKey(fixture.userId),
    type: 'profile',
    userId: fixture.userId,
    email: `${fixture.userId}@example.test`,
    fullName: fixture.fullName,
    ...(fixture.avatarUrl ? { avatarUrl: fixture.avatarUrl } : {}),
    timezone: 'UTC',
    preferences: { ...DEFAULT_PREFERENCES, privacySettings: { ...DEFAULT_PREFERENCES.privacySettings, leaderboardPrivacy: fixture.privacy } },
    homeTenantId: fixture.tenantId,
    memberships: { [fixture.tenantId]: { roles: ['learner'], ...(fixture.department ? { department: fixture.department } : {}), joinedAt: at } },
    plan: 'free',
    createdAt: at,
    updatedAt: at,
  };
}

/** An organization item and its tenant-directory entry, as organizationService.createOrganization stores them. */
export async function putOrganization(tenantId: string): Promise<void> {
  const createdAt = new Date().toISOString();
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...organizationKey(tenantId), type: 'organization', tenantId, name: tenantId, createdBy: 'fixture', createdAt } }));
  await documentClient().send(new PutCommand(tenantDirectoryPut(tenantId, createdAt).Put));
}

/** Writes items 25 per BatchWriteItem, 4 requests at a time, retrying unprocessed ones. */
export async function putAll(items: readonly Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const writeChunk = async (chunk: Record<string, unknown>[]) => {
    let pending: unknown[] | undefined = chunk.map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const output: BatchWriteCommandOutput = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }));
      pending = output.UnprocessedItems?.[tableName()];
    }
  };
  for (let i = 0; i < chunks.length; i += 4) await Promise.all(chunks.slice(i, i + 4).map(writeChunk));
}
