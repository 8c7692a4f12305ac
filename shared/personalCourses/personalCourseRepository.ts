import { ConditionalCheckFailedException, TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { curriculumKey, personalCourseCountKey, personalCourseKey } from '../db/keys.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import { statusesAllowingEditTo, type EditableStatus } from './courseStatus.js';
import type { FrequencyPattern } from './frequency.js';
import { PERSONAL_COURSE_LIMITS, type CourseDifficulty, type PersonalCourseRecord } from './personalCourse.js';
import { levelsAtOrAbove, levelsAtOrBelow, type SkillLevel } from './skillLevels.js';

/**
 * Storage of personal courses. A user's courses, their curricula and their course counter form one
 * item collection (`T#<tenant>#U#<user>#PCOURSES`): `PC#<course>` items, `CUR#<course>` items and the
 * `PCCOUNT` counter. Every key includes the owner, so another user's course id is simply not found.
 * Each call is one DynamoDB request; every write is conditional.
 */

/** The owner of a collection: the caller's tenant and user id from the verified token. */
export interface CourseOwner {
  tenantId: string;
  userId: string;
}

/** Strips key attributes from a stored course item. */
function courseOf(item: Record<string, unknown>): PersonalCourseRecord {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as PersonalCourseRecord;
}

const cancelledAt = (err: unknown, index: number) =>
  err instanceof TransactionCanceledException && err.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/**
 * Stores a new course and counts it against the per-user limit in one transaction: the counter's
 * `ADD` is conditioned on `courseCount < coursesPerUser`, so concurrent creates can never exceed the
 * limit. The transaction's ClientRequestToken is the new course id, so an SDK retry of a request
 * that already succeeded is recognised by DynamoDB (10-minute idempotency window) and never counted
 * twice. Limit reached → 409.
 */
export async function insertPersonalCourse(owner: CourseOwner, course: PersonalCourseRecord): Promise<void> {
  try {
    await transactWriteRetryingConflicts({
      ClientRequestToken: course.courseId,
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: personalCourseCountKey(owner.tenantId, owner.userId),
            UpdateExpression: 'ADD courseCount :one SET #type = :type',
            ConditionExpression: 'attribute_not_exists(courseCount) OR courseCount < :max',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':one': 1, ':max': PERSONAL_COURSE_LIMITS.coursesPerUser, ':type': 'personalCourseCount' },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...personalCourseKey(owner.tenantId, owner.userId, course.courseId), type: 'personalCourse', ...course },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
  } catch (err) {
    if (cancelledAt(err, 0)) {
      throw new ConflictError(`Course limit reached: a user may keep at most ${PERSONAL_COURSE_LIMITS.coursesPerUser} personal courses; delete one first`);
    }
    throw err;
  }
}

/**
 * Every course of the owner, from one Query of `begins_with(sk, 'PC#')` (curricula and the counter
 * are not read). The byte limits of PERSONAL_COURSE_LIMITS keep the collection under one 1 MB page;
 * the loop only guards correctness should that ever change.
 */
export async function listPersonalCourses(owner: CourseOwner): Promise<PersonalCourseRecord[]> {
  const { pk } = personalCourseKey(owner.tenantId, owner.userId, '');
  return (await queryCollection(pk, { skPrefix: 'PC#', consistent: true })).map(courseOf);
}

/** One course of the owner (strongly consistent GetItem); undefined when absent or not theirs. */
export async function getPersonalCourse(owner: CourseOwner, courseId: string): Promise<PersonalCourseRecord | undefined> {
  const result = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: personalCourseKey(owner.tenantId, owner.userId, courseId), ConsistentRead: true }),
  );
  return result.Item ? courseOf(result.Item) : undefined;
}

/** An edit of a course: a value sets the field, `null` removes an optional one, absent leaves it. */
export interface CoursePatch {
  title?: string;
  topic?: string;
  description?: string | null;
  currentLevel?: SkillLevel | null;
  targetLevel?: SkillLevel | null;
  goals?: string[];
  timelineWeeks?: number | null;
  status?: EditableStatus;
  preferences?: {
    sessionLength?: number | null;
    frequency?: FrequencyPattern | null;
    difficulty?: CourseDifficulty | null;
    focusAreas?: string[];
  };
}

/** Builds SET/REMOVE clauses with generated placeholders. */
class UpdateBuilder {
  readonly sets: string[] = [];
  readonly removes: string[] = [];
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private counter = 0;

  name(attribute: string): string {
    const placeholder = `#${attribute}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.counter++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  assign(path: string[], value: unknown): void {
    if (value === undefined) return;
    const target = path.map((part) => this.name(part)).join('.');
    if (value === null) this.removes.push(target);
    else this.sets.push(`${target} = ${this.value(value)}`);
  }

  expression(): string {
    return [`SET ${this.sets.join(', ')}`, ...(this.removes.length > 0 ? [`REMOVE ${this.removes.join(', ')}`] : [])].join(' ');
  }
}

/**
 * Applies an edit in one conditional UpdateItem and returns the stored result. The condition proves
 * the course exists, and when the edit asks for a status, that the stored status allows it (see
 * courseStatus.ts); when it changes only one of the two levels, that the stored other level keeps
 * target ≥ current. On failure DynamoDB returns the stored item (ReturnValuesOnConditionCheckFailure),
 * which tells which rule failed without a second read: absent → 404, status → 409, level → 400.
 */
export async function updatePersonalCourse(owner: CourseOwner, courseId: string, patch: CoursePatch, now: Date): Promise<PersonalCourseRecord> {
  const update = new UpdateBuilder();
  update.assign(['title'], patch.title);
  update.assign(['topic'], patch.topic);
  update.assign(['description'], patch.description);
  update.assign(['currentLevel'], patch.currentLevel);
  update.assign(['targetLevel'], patch.targetLevel);
  update.assign(['goals'], patch.goals);
  update.assign(['timelineWeeks'], patch.timelineWeeks);
  update.assign(['status'], patch.status);
  update.assign(['preferences', 'sessionLength'], patch.preferences?.sessionLength);
  update.assign(['preferences', 'frequency'], patch.preferences?.frequency);
  update.assign(['preferences', 'difficulty'], patch.preferences?.difficulty);
  update.assign(['preferences', 'focusAreas'], patch.preferences?.focusAreas);
  update.assign(['updatedAt'], now.toISOString());

  const conditions = ['attribute_exists(pk)'];
  const allowedStatuses = patch.status ? statusesAllowingEditTo(patch.status) : undefined;
  if (allowedStatuses) {
    conditions.push(`${update.name('status')} IN (${allowedStatuses.map((status) => update.value(status)).join(', ')})`);
  }
  // Only one level changes: the stored other one must keep target ≥ current (both given: checked by the schema).
  const targetsAllowed = patch.currentLevel && patch.targetLevel === undefined ? levelsAtOrAbove(patch.currentLevel) : undefined;
  const currentsAllowed = patch.targetLevel && patch.currentLevel === undefined ? levelsAtOrBelow(patch.targetLevel) : undefined;
  if (targetsAllowed) {
    const target = update.name('targetLevel');
    conditions.push(`(attribute_not_exists(${target}) OR ${target} IN (${targetsAllowed.map((level) => update.value(level)).join(', ')}))`);
  }
  if (currentsAllowed) {
    const current = update.name('currentLevel');
    conditions.push(`(attribute_not_exists(${current}) OR ${current} IN (${currentsAllowed.map((level) => update.value(level)).join(', ')}))`);
  }

  try {
    const result = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: personalCourseKey(owner.tenantId, owner.userId, courseId),
        UpdateExpression: update.expression(),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: update.values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return courseOf(result.Attributes ?? {});
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const stored = err.Item;
    if (!stored) throw new NotFoundError('Course not found');
    const status = stored.status?.S;
    if (allowedStatuses && patch.status && !allowedStatuses.includes(status as never)) {
      throw new ConflictError(`A ${status} course cannot be set to ${patch.status}`, [
        { field: 'body.status', message: `Allowed only from ${allowedStatuses.filter((s) => s !== patch.status).join(' or ')}; the course is ${status}`, code: 'invalid_transition' },
      ]);
    }
    if (targetsAllowed) {
      throw new ValidationError([{ field: 'body.current_level', message: `Must not be above the course's target_level (${stored.targetLevel?.S})`, code: 'level_order' }]);
    }
    if (currentsAllowed) {
      throw new ValidationError([{ field: 'body.target_level', message: `Must not be below the course's current_level (${stored.currentLevel?.S})`, code: 'level_order' }]);
    }
    throw err;
  }
}

/**
 * Marks a course completed (status and `completedAt`) in one UpdateItem conditioned on the stored
 * status not being `completed`: of two concurrent completions exactly one succeeds; the other, like
 * any repeat, gets 409 naming when the course was completed.
 */
export async function completePersonalCourse(owner: CourseOwner, courseId: string, now: Date): Promise<PersonalCourseRecord> {
  const at = now.toISOString();
  try {
    const result = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: personalCourseKey(owner.tenantId, owner.userId, courseId),
        UpdateExpression: 'SET #status = :completed, completedAt = :at, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :completed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'completed', ':at': at },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return courseOf(result.Attributes ?? {});
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    if (!err.Item) throw new NotFoundError('Course not found');
    throw new ConflictError(`Course already completed at ${err.Item.completedAt?.S ?? 'an earlier time'}`);
  }
}

/**
 * Deletes a course, its curriculum and its place in the counter in one transaction. The course
 * delete is conditioned on existence, so a repeated DELETE is a 404 and never decrements twice.
 */
export async function deletePersonalCourse(owner: CourseOwner, courseId: string): Promise<void> {
  try {
    await transactWriteRetryingConflicts({
      TransactItems: [
        { Delete: { TableName: tableName(), Key: personalCourseKey(owner.tenantId, owner.userId, courseId), ConditionExpression: 'attribute_exists(pk)' } },
        { Delete: { TableName: tableName(), Key: curriculumKey(owner.tenantId, owner.userId, courseId) } },
        {
          Update: {
            TableName: tableName(),
            Key: personalCourseCountKey(owner.tenantId, owner.userId),
            UpdateExpression: 'ADD courseCount :minusOne',
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        },
      ],
    });
  } catch (err) {
    if (cancelledAt(err, 0)) throw new NotFoundError('Course not found');
    throw err;
  }
}
