import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { TransactWriteCommand } from '../db/commands.js';
import { hasAnyRole, type Principal } from '../auth/principal.js';
import { countItems } from '../db/countItems.js';
import { documentClient, tableName } from '../db/client.js';
import { achievementIndexKey, achievementKey, memberKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { rarityOf, type Rarity } from '../domain/achievementRarity.js';
import type { AchievementSummary } from '../gamification/learnerStats.js';
import { AuthorizationError, ConflictError, NotFoundError } from '../http/errors.js';
import type { Role } from '../routes/types.js';
import {
  ACHIEVEMENT_LIMITS,
  type AchievementCriteria,
  type CreateAchievementInput,
  type ListAchievementsInput,
  type UpdateAchievementInput,
} from '../schemas/achievements.js';

/**
 * Achievement definitions (seed 000 §3): one item per definition in the tenant's collection
 * (`T#<t>#ACHIEVEMENTS` / `A#<id>`). Org admins and instructors define them; every member lists the
 * active ones. Content changes are conditioned on the stored `version`; `earnedCount` is changed only
 * by awards (atomic ADD, issue 6 awarding), never by an update, so neither can undo the other.
 */
export const ACHIEVEMENT_AUTHOR_ROLES: readonly Role[] = ['org_admin', 'instructor'];

export interface AchievementRecord {
  achievementId: string;
  title: string;
  description: string;
  badgeImageUrl?: string;
  pointsValue: number;
  achievementType: string;
  tier: string;
  criteria: AchievementCriteria;
  status: 'active' | 'archived';
  earnedCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

function assertAuthor(principal: Principal): void {
  if (!hasAnyRole(principal, ACHIEVEMENT_AUTHOR_ROLES)) {
    throw new AuthorizationError(`Defining achievements requires one of the roles: ${ACHIEVEMENT_AUTHOR_ROLES.join(', ')}`);
  }
}

function fromItem(item: Record<string, unknown>): AchievementRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as AchievementRecord;
}

/**
 * The transaction item that keeps the tenant's INDEX (what progress writes evaluate) in step with one
 * definition: active definitions are an attribute `d_<id>` each (a SET or REMOVE of one attribute,
 * so concurrent changes to different definitions never overwrite each other), archived ones are removed.
 */
function summaryOf(record: AchievementRecord): AchievementSummary {
  return {
    id: record.achievementId,
    title: record.title,
    description: record.description.length > INDEX_DESCRIPTION_MAX ? `${record.description.slice(0, INDEX_DESCRIPTION_MAX - 1)}…` : record.description,
    ...(record.badgeImageUrl ? { badgeImageUrl: record.badgeImageUrl } : {}),
    pointsValue: record.pointsValue,
    tier: record.tier,
    achievementType: record.achievementType,
    criteria: record.criteria,
  };
}

/** Descriptions are shortened in the INDEX (notifications and `latestAchievement` show this text). */
const INDEX_DESCRIPTION_MAX = 240;
/** DynamoDB items hold 400 KB; the INDEX stays well below so it is one cheap read. */
const INDEX_BYTES_MAX = 300_000;

/**
 * Refuses a change that would make the tenant's active definitions too large for one INDEX item
 * (only reachable with hundreds of definitions with very long criteria lists and URLs).
 */
function assertIndexFits(all: AchievementRecord[], next: AchievementRecord): void {
  const active = [...all.filter((a) => a.achievementId !== next.achievementId), next].filter((a) => a.status === 'active');
  const bytes = active.reduce((sum, a) => sum + Buffer.byteLength(JSON.stringify(summaryOf(a))) + 40, 0);
  if (bytes > INDEX_BYTES_MAX) {
    throw new ConflictError('The tenant\'s active achievements are too large to evaluate together; archive some or shorten their criteria', [
      { field: 'body.criteria', message: `Active definitions would take ${bytes} bytes (limit ${INDEX_BYTES_MAX})`, code: 'achievement_index_full' },
    ]);
  }
}

function indexItem(tenantId: string, record: AchievementRecord) {
  const summary = summaryOf(record);
  const active = record.status === 'active';
  return {
    Update: {
      TableName: tableName(),
      Key: achievementIndexKey(tenantId),
      UpdateExpression: active ? 'SET #d = :summary, entity = :entity ADD version :one' : 'SET entity = :entity REMOVE #d ADD version :one',
      ExpressionAttributeNames: { '#d': `d_${record.achievementId}` },
      ExpressionAttributeValues: { ...(active ? { ':summary': summary } : {}), ':entity': 'achievementIndex', ':one': 1 },
    },
  };
}

async function listDefinitions(tenantId: string): Promise<AchievementRecord[]> {
  return (await queryCollection(achievementKey(tenantId, '').pk, { skPrefix: 'A#', consistent: true })).map(fromItem);
}

/** The tenant's member count (one COUNT Query per ~1 MB of members): the denominator of rarity. */
function countMembers(tenantId: string): Promise<number> {
  return countItems(memberKey(tenantId, '').pk);
}

/** Creates a definition (status active). At most ACHIEVEMENT_LIMITS.perTenant definitions per tenant. */
export async function createAchievement(principal: Principal, input: CreateAchievementInput, now: Date): Promise<AchievementRecord> {
  assertAuthor(principal);
  const existing = await listDefinitions(principal.tenantId);
  if (existing.length >= ACHIEVEMENT_LIMITS.perTenant) throw new ConflictError(`A tenant holds at most ${ACHIEVEMENT_LIMITS.perTenant} achievements; archive or update one`);
  if (input.criteria.achievement_id && !existing.some((a) => a.achievementId === input.criteria.achievement_id)) {
    throw new NotFoundError(`Achievement ${input.criteria.achievement_id} named in criteria.achievement_id does not exist`);
  }
  const at = now.toISOString();
  const record: AchievementRecord = {
    achievementId: randomUUID(),
    title: input.title,
    description: input.description,
    ...(input.badge_image_url ? { badgeImageUrl: input.badge_image_url } : {}),
    pointsValue: input.points_value,
    achievementType: input.achievement_type,
    tier: input.tier,
    criteria: input.criteria,
    status: 'active',
    earnedCount: 0,
    createdBy: principal.userId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  assertIndexFits(existing, record);
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...achievementKey(principal.tenantId, record.achievementId), entity: 'achievement', ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
        indexItem(principal.tenantId, record),
      ],
    }),
  );
  return record;
}

export interface AchievementListing {
  achievements: (AchievementRecord & { rarity: Rarity })[];
  total: number;
  page: number;
  pages: number;
  limit: number;
  members: number;
}

/**
 * Lists definitions with their rarity: learners see active ones only; authors see archived too and
 * may filter by status. One Query of the definitions and one COUNT of the members, in parallel.
 */
export async function listAchievements(principal: Principal, input: ListAchievementsInput): Promise<AchievementListing> {
  const author = hasAnyRole(principal, ACHIEVEMENT_AUTHOR_ROLES);
  const [all, members] = await Promise.all([listDefinitions(principal.tenantId), countMembers(principal.tenantId)]);
  const filters = input.filters ?? {};
  const visible = all
    .filter((a) => (author ? (filters.status ? a.status === filters.status : true) : a.status === 'active' && (filters.status ?? 'active') === 'active'))
    .filter((a) => !filters.achievement_type || a.achievementType === filters.achievement_type)
    .filter((a) => !filters.tier || a.tier === filters.tier)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.achievementId < b.achievementId ? -1 : 1));
  const start = (input.page - 1) * input.limit;
  return {
    achievements: visible.slice(start, start + input.limit).map((a) => ({ ...a, rarity: rarityOf(a.earnedCount, members) })),
    total: visible.length,
    page: input.page,
    pages: Math.max(1, Math.ceil(visible.length / input.limit)),
    limit: input.limit,
    members,
  };
}

async function changeDefinition(principal: Principal, achievementId: string, now: Date, change: (current: AchievementRecord) => Omit<Partial<AchievementRecord>, 'badgeImageUrl'> & { badgeImageUrl?: string | null }): Promise<AchievementRecord> {
  assertAuthor(principal);
  const all = await listDefinitions(principal.tenantId);
  const current = all.find((a) => a.achievementId === achievementId);
  if (!current) throw new NotFoundError('Achievement not found');
  const changes = change(current);
  if (changes.criteria?.achievement_id) {
    if (changes.criteria.achievement_id === achievementId) throw new ConflictError('An achievement cannot require itself', [{ field: 'body.criteria.achievement_id', message: 'Names this achievement', code: 'self_reference' }]);
    if (!all.some((a) => a.achievementId === changes.criteria?.achievement_id)) throw new NotFoundError(`Achievement ${changes.criteria.achievement_id} named in criteria.achievement_id does not exist`);
  }
  const next: AchievementRecord = { ...current, ...changes, updatedAt: now.toISOString(), version: current.version + 1 } as AchievementRecord;
  if (changes.badgeImageUrl === null) delete next.badgeImageUrl;
  assertIndexFits(all, next);
  const sets = ['title = :title', 'description = :description', 'pointsValue = :points', 'achievementType = :type', 'tier = :tier', 'criteria = :criteria', '#status = :status', 'updatedAt = :updatedAt', 'version = :next'];
  const values: Record<string, unknown> = {
    ':title': next.title, ':description': next.description, ':points': next.pointsValue, ':type': next.achievementType, ':tier': next.tier,
    ':criteria': next.criteria, ':status': next.status, ':updatedAt': next.updatedAt, ':next': next.version, ':version': current.version,
  };
  if (next.badgeImageUrl) {
    sets.push('badgeImageUrl = :badge');
    values[':badge'] = next.badgeImageUrl;
  }
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: achievementKey(principal.tenantId, achievementId),
              UpdateExpression: `SET ${sets.join(', ')}${next.badgeImageUrl ? '' : ' REMOVE badgeImageUrl'}`,
              ConditionExpression: 'version = :version',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: values,
            },
          },
          // Version-checked above, so the INDEX always carries the definition's latest content.
          indexItem(principal.tenantId, next),
        ],
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') throw new ConflictError('The achievement was changed by another request; read it again and retry');
    throw err;
  }
  return next;
}

/** Partial update of a definition's content (version-checked); counts and creator never change. */
export function updateAchievement(principal: Principal, input: UpdateAchievementInput, now: Date): Promise<AchievementRecord> {
  return changeDefinition(principal, input.achievement_id, now, () => ({
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.badge_image_url !== undefined ? { badgeImageUrl: input.badge_image_url } : {}),
    ...(input.points_value !== undefined ? { pointsValue: input.points_value } : {}),
    ...(input.achievement_type !== undefined ? { achievementType: input.achievement_type } : {}),
    ...(input.tier !== undefined ? { tier: input.tier } : {}),
    ...(input.criteria !== undefined ? { criteria: input.criteria } : {}),
  }));
}

/** Archives a definition: no longer listed to learners nor awarded; holders keep it. Idempotent. */
export function archiveAchievement(principal: Principal, achievementId: string, now: Date): Promise<AchievementRecord> {
  return changeDefinition(principal, achievementId, now, () => ({ status: 'archived' }));
}

/** The seed's shape of a definition (snake_case), plus rarity when known. */
export function presentAchievement(a: AchievementRecord & { rarity?: Rarity }) {
  return {
    id: a.achievementId,
    title: a.title,
    description: a.description,
    badge_image_url: a.badgeImageUrl ?? null,
    points_value: a.pointsValue,
    achievement_type: a.achievementType,
    tier: a.tier,
    criteria: a.criteria,
    status: a.status,
    earned_count: a.earnedCount,
    ...(a.rarity ? { rarity: a.rarity } : {}),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    version: a.version,
  };
}
