import { GetCommand, PutCommand } from '../db/commands.js';
import * as z from 'zod';
import { documentClient, tableName } from '../db/client.js';
import { streakCheckpointKey } from '../db/keys.js';
import type { FoldedDay, StreakState } from '../domain/streak.js';
import { STREAK_ACTIVITY_TYPES } from '../domain/streakDay.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * The streak checkpoint item (`T#<t>#U#<u>#GAME` / `STREAK`): a StreakState folded through a day no
 * write can change any more (shared/domain/streakCheckpoint.ts), plus a version for optimistic
 * concurrency. History days are stored as compact `date:status[:activityType]` strings (≤ 90 of them,
 * about 2 KB), so the item stays one small read and one small write.
 */
export interface StoredStreakCheckpoint {
  /** Undefined when the item is absent or unreadable (it is then overwritten under its version). */
  state: StreakState | undefined;
  /** The stored version; undefined when there is no item. */
  version: number | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dayString = lazySchema(() => z.string().regex(/^\d{4}-\d{2}-\d{2}:(active|frozen|missed)(:[a-z_]+)?$/));
const storedSchema = lazySchema(() => z.object({
  version: z.number().int().min(1),
  through: z.string().regex(DATE),
  current: z.number().int().min(0),
  longest: z.number().int().min(0),
  freezes: z.number().int().min(0),
  run: z.number().int().min(0),
  lastActive: z.string().regex(DATE).nullable(),
  recent: z.array(dayString),
}));

function encodeDay(day: FoldedDay): string {
  return day.activityType ? `${day.date}:${day.status}:${day.activityType}` : `${day.date}:${day.status}`;
}

function decodeDay(value: string): FoldedDay {
  const [date, status, type] = value.split(':') as [string, FoldedDay['status'], string | undefined];
  const activityType = type && (STREAK_ACTIVITY_TYPES as readonly string[]).includes(type) ? (type as FoldedDay['activityType']) : null;
  return { date, status, activityType: status === 'active' ? (activityType ?? 'lesson') : null };
}

/**
 * Reads the checkpoint with one strongly consistent GetItem, so the version a reader conditions its
 * write on is the latest one. An item that does not parse (written by a future format, or damaged)
 * reads as "no state" but keeps its version: the next read refolds the whole ledger and replaces it.
 */
export async function getStreakCheckpoint(tenantId: string, userId: string): Promise<StoredStreakCheckpoint> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: streakCheckpointKey(tenantId, userId), ConsistentRead: true }));
  if (!Item) return { state: undefined, version: undefined };
  const version = typeof Item.version === 'number' ? Item.version : 0;
  const parsed = storedSchema.safeParse(Item);
  if (!parsed.success) return { state: undefined, version };
  const { through, current, longest, freezes, run, lastActive, recent } = parsed.data;
  return { state: { through, current, longest, freezes, run, lastActive, recent: recent.map(decodeDay) }, version };
}

/**
 * Stores an advanced checkpoint under an optimistic lock: `attribute_not_exists(pk)` for the first
 * one, `version = :read` afterwards. Timeline of a race: readers A and B both read version 4 and fold
 * the same ledger; A writes version 5; B's condition fails and B keeps its (identical) answer without
 * writing. A checkpoint therefore never moves backward or mixes two folds. Returns false when another
 * reader won; the caller's answer is still correct, because every fold of the ledger gives the same
 * streak.
 */
export async function saveStreakCheckpoint(tenantId: string, userId: string, state: StreakState, readVersion: number | undefined, now: Date): Promise<boolean> {
  if (state.through === null) return false;
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...streakCheckpointKey(tenantId, userId),
          entity: 'streakCheckpoint',
          tenantId,
          userId,
          version: (readVersion ?? 0) + 1,
          through: state.through,
          current: state.current,
          longest: state.longest,
          freezes: state.freezes,
          run: state.run,
          lastActive: state.lastActive,
          recent: state.recent.map(encodeDay),
          updatedAt: now.toISOString(),
        },
        // An item without a version (damaged, older format) reads as version 0 and may be replaced.
        ConditionExpression: readVersion === undefined ? 'attribute_not_exists(pk)' : readVersion === 0 ? '(attribute_not_exists(version) OR version = :version)' : 'version = :version',
        ...(readVersion === undefined ? {} : { ExpressionAttributeValues: { ':version': readVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
