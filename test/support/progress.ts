import { randomUUID } from 'node:crypto';
import { createProgressHandler, handler as progressHandler } from '../../lambdas/progress/handler.js';
import { activityKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { toActivityRecord, type ActivityRecord } from '../../shared/progress/activity.js';
import type { Role } from '../../shared/routes/types.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { handler as authoringHandler } from '../../lambdas/authoring/handler.js';
import { handler as catalogHandler } from '../../lambdas/catalog/handler.js';
import { httpClient } from './http.js';
import { tokenFor } from './tokens.js';

/** The progress group as deployed (rate limits on: each call pays the limiter's one UpdateItem). */
export const progressApi = httpClient(ROUTES, { progress: progressHandler, catalog: catalogHandler, authoring: authoringHandler });

/** The progress group without rate limits: for load and concurrency tests that exceed the seed's per-minute limits. */
export const unlimitedProgressApi = httpClient(ROUTES, {
  progress: createProgressHandler({
    rateClasses: Object.fromEntries(['tutorial-read', 'tutorial-chapter', 'tutorial-quiz', 'tutorial-complete', 'tutorial-reset', 'authenticated-hourly', 'standard'].map((name) => [name, { limit: null, windowSeconds: 60 }])),
  }),
  catalog: catalogHandler,
  authoring: authoringHandler,
});

export interface Learner {
  userId: string;
  tenantId: string;
  token: string;
}

/** A member of `tenantId` with a fresh UUID user id. */
export function member(tenantId: string, roles: Role[] = ['learner'], timeZone?: string): Learner {
  const userId = randomUUID();
  return { userId, tenantId, token: tokenFor({ userId, tenantId, roles, ...(timeZone ? { timeZone } : {}) }) };
}

/** Every activity record of a learner (straight from the ledger's base table, strongly consistent). */
export async function ledgerOf(tenantId: string, userId: string): Promise<ActivityRecord[]> {
  return (await queryCollection(activityKey(tenantId, userId, '').pk, { skPrefix: 'E#', consistent: true })).map(toActivityRecord);
}

/** Makes `userId` a member of `tenantId` (the item organizations write), for supervisor cases. */
export async function storeMember(tenantId: string, userId: string, roles: Role[] = ['learner']): Promise<void> {
  const { PutCommand } = await import('../../shared/db/commands.js');
  const { documentClient, tableName } = await import('../../shared/db/client.js');
  const { memberKey } = await import('../../shared/db/keys.js');
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, userId), type: 'member', tenantId, userId, roles, joinedAt: new Date().toISOString() } }));
}
