import { GetCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { programKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { ConflictError } from '../http/errors.js';
import type { ProgramRecord } from './program.js';

/**
 * Storage of programs: one item per program in the tenant's program collection
 * (`T#<tenant>#PROGRAMS` / `P#<program>`). A list is one Query of that collection (the limits in
 * program.ts keep an item at a few KB, so one 1 MB page holds hundreds of programs; further pages are
 * followed). Content updates are conditioned on the item's version; the enrollment counters are
 * changed only by atomic ADDs (programCounters.ts), so neither kind of write can undo the other.
 */

/** Strips key attributes from a stored program item. */
export function programFromItem(item: Record<string, unknown>): ProgramRecord {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as ProgramRecord;
}

/** Stores a new program (one conditional PutItem: a program id is never reused or overwritten). */
export async function putNewProgram(program: ProgramRecord): Promise<void> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...programKey(program.tenantId, program.programId), type: 'program', ...program },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') throw new ConflictError('A program with this id already exists');
    throw err;
  }
}

/** One program (strongly consistent GetItem: updates read the version they will condition on). */
export async function getProgram(tenantId: string, programId: string): Promise<ProgramRecord | undefined> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: programKey(tenantId, programId), ConsistentRead: true }));
  return result.Item ? programFromItem(result.Item) : undefined;
}

/**
 * Every program of the tenant: one strongly consistent Query of the collection (a program just
 * created or updated is listed at once), following further pages past 1 MB.
 */
export async function listTenantPrograms(tenantId: string): Promise<ProgramRecord[]> {
  const { pk } = programKey(tenantId, '');
  return (await queryCollection(pk, { skPrefix: 'P#', consistent: true })).map(programFromItem);
}

/** The content fields an update may set (counters, creator and tenant are never among them). */
export type ProgramChanges = Partial<Pick<ProgramRecord, 'title' | 'description' | 'durationWeeks' | 'difficultyLevel' | 'status' | 'prerequisites' | 'courseAssignments'>>;

/** Thrown when the stored version is not the one the update was validated against. */
export class ProgramVersionConflictError extends ConflictError {
  constructor() {
    super('The program was changed by another request; read it again and retry');
  }
}

/**
 * Sets `changes` on the program if it is still at `expectedVersion` (one conditional UpdateItem),
 * increments the version and returns the new record. Timeline of two concurrent updates A and B that
 * both read version 3: A writes (condition 3 holds, version 4); B's condition fails → B re-reads and
 * re-validates against version 4 and writes version 5. Neither change is lost, and each was
 * validated against the state it was applied to. Counters are untouched (SET of named fields only).
 */
export async function updateProgramIfVersion(
  tenantId: string,
  programId: string,
  changes: ProgramChanges,
  expectedVersion: number,
  now: Date,
): Promise<ProgramRecord> {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':next': expectedVersion + 1, ':now': now.toISOString() };
  const sets = ['#version = :next', '#updatedAt = :now'];
  Object.entries(changes).forEach(([field, value], index) => {
    if (value === undefined) return;
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    sets.push(`#f${index} = :f${index}`);
  });
  try {
    const result = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: programKey(tenantId, programId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return programFromItem(result.Attributes ?? {});
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') throw new ProgramVersionConflictError();
    throw err;
  }
}
