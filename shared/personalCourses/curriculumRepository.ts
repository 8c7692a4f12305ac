import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { TransactGetCommand, TransactWriteCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { curriculumKey, personalCourseKey } from '../db/keys.js';
import { ConflictError, NotFoundError } from '../http/errors.js';
import type { CurriculumNode, CurriculumSummary } from './curriculumTree.js';
import type { CourseOwner } from './personalCourseRepository.js';

/**
 * The versioned curriculum of a personal course: one item `CUR#<course>` beside the course in the
 * owner's collection. `version` counts saves (0 = never saved, the first save is 1); a save names the
 * version it edited and wins only if that is still the stored one (optimistic concurrency), so two
 * editors never silently overwrite each other.
 */
export interface StoredCurriculum extends CurriculumSummary {
  /** Id of this saved version; null before the first save. */
  id: string | null;
  courseId: string;
  version: number;
  structure: CurriculumNode[];
  /** When this version was saved; null before the first save. */
  createdAt: string | null;
}

const emptyCurriculum = (courseId: string): StoredCurriculum => ({
  id: null,
  courseId,
  version: 0,
  structure: [],
  nodeCount: 0,
  maxDepth: 0,
  totalEstimatedDuration: 0,
  createdAt: null,
});

/**
 * Reads a course's curriculum and proves the course exists (and is the owner's) in one
 * TransactGetItems: a consistent snapshot of both items, with no unprocessed keys to retry. A course
 * without a curriculum yields version 0 and an empty structure; no course → 404.
 */
export async function getCurriculum(owner: CourseOwner, courseId: string): Promise<StoredCurriculum> {
  const result = await documentClient().send(
    new TransactGetCommand({
      TransactItems: [
        { Get: { TableName: tableName(), Key: personalCourseKey(owner.tenantId, owner.userId, courseId), ProjectionExpression: 'pk' } },
        { Get: { TableName: tableName(), Key: curriculumKey(owner.tenantId, owner.userId, courseId) } },
      ],
    }),
  );
  const [course, curriculum] = result.Responses ?? [];
  if (!course?.Item) throw new NotFoundError('Course not found');
  if (!curriculum?.Item) return emptyCurriculum(courseId);
  const { pk: _pk, sk: _sk, type: _type, ...stored } = curriculum.Item;
  return stored as unknown as StoredCurriculum;
}

/**
 * Saves a new version in one TransactWriteItems: a ConditionCheck that the course exists in the
 * owner's collection, and a Put of the curriculum conditioned on the stored version being
 * `expectedVersion` (absent when 0). Timeline of a race: editors A and B both read version 3 and both
 * save with version 3; DynamoDB serialises the two transactions, A's condition holds and stores 4,
 * B's fails — B gets 409 naming the current version 4 (read from the failed condition's returned
 * item, so no extra request), reloads and merges. A transaction conflict reported by DynamoDB for
 * truly simultaneous writes is the same situation and also answers 409.
 */
export async function saveCurriculum(
  owner: CourseOwner,
  courseId: string,
  expectedVersion: number,
  structure: CurriculumNode[],
  summary: CurriculumSummary,
  now: Date,
): Promise<StoredCurriculum> {
  const saved: StoredCurriculum = { id: randomUUID(), courseId, version: expectedVersion + 1, structure, ...summary, createdAt: now.toISOString() };
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: tableName(), Key: personalCourseKey(owner.tenantId, owner.userId, courseId), ConditionExpression: 'attribute_exists(pk)' } },
          {
            Put: {
              TableName: tableName(),
              Item: { ...curriculumKey(owner.tenantId, owner.userId, courseId), type: 'curriculum', ...saved },
              ...(expectedVersion === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const [course, curriculum] = err.CancellationReasons ?? [];
    if (course?.Code === 'ConditionalCheckFailed') throw new NotFoundError('Course not found');
    if (curriculum?.Code === 'ConditionalCheckFailed') {
      const current = Number(curriculum.Item?.version?.N ?? 0);
      throw staleVersion(expectedVersion, current);
    }
    if ([course, curriculum].some((reason) => reason?.Code === 'TransactionConflict')) {
      throw new ConflictError('The curriculum is being changed by another request; reload it and retry', [
        { field: 'body.version', message: 'Concurrent update in progress', code: 'concurrent_update' },
      ]);
    }
    throw err;
  }
  return saved;
}

function staleVersion(expected: number, current: number): ConflictError {
  return new ConflictError(`Curriculum version conflict: you edited version ${expected}, the current version is ${current}`, [
    { field: 'body.version', message: `Stale version ${expected}; current version is ${current}`, code: 'stale_version' },
  ]);
}
