import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '../db/commands.js';
import { randomUUID } from 'node:crypto';
import { revokeCourseCertificateForRefund } from '../certificates/certificateRevocation.js';
import { documentClient, tableName } from '../db/client.js';
import { courseKey, courseLearnersIndexKey, enrollmentKey } from '../db/keys.js';
import { CourseNotEnrollableError } from './enrollmentErrors.js';
import { enrollmentRecordOf, type EnrollmentRecord, type EnrollmentSource } from './enrollmentRecord.js';

export type { EnrollmentRecord, EnrollmentSource } from './enrollmentRecord.js';

/**
 * The enrollment's writes (issue 7 contract, used by the free-enroll path, the saga's WriteEnrollment
 * step, program enrollment and the refund webhook). One enrollment item per (tenant, learner, course)
 * in the learner's partition; the course's `studentsCount` moves in the same transaction, so the
 * count is exactly the number of active enrollments whatever is retried or raced.
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface EnrollmentInput {
  tenantId: string;
  userId: string;
  courseId: string;
  source: EnrollmentSource;
  paymentId?: string;
  amountPaidCents?: number;
  currency?: string;
  couponCode?: string;
  programId?: string;
  now: Date;
}

/**
 * The items that create an enrollment, for callers that add their own items to the transaction.
 * Index 0 is the enrollment Put, conditioned on no enrollment existing — or only a revoked (refunded)
 * one, which a new purchase replaces — so a duplicate cancels the whole transaction at index 0.
 * Index 1 adds one student to the course, conditioned on the course existing and being published,
 * so nobody enrolls in a draft even if it was unpublished between a read and this write. Both ask
 * DynamoDB for the item as it was when the condition failed, so a caller learns why without a read.
 */
export function enrollmentPutItems(input: EnrollmentInput): TransactItem[] {
  const enrolledAt = input.now.toISOString();
  const record: EnrollmentRecord = {
    enrollmentId: `enr_${randomUUID()}`,
    tenantId: input.tenantId,
    userId: input.userId,
    courseId: input.courseId,
    status: 'active',
    source: input.source,
    enrolledAt,
    ...(input.paymentId !== undefined ? { paymentId: input.paymentId } : {}),
    ...(input.amountPaidCents !== undefined ? { amountPaidCents: input.amountPaidCents } : {}),
    ...(input.currency !== undefined ? { currency: input.currency.toUpperCase() } : {}),
    ...(input.couponCode !== undefined ? { couponCode: input.couponCode } : {}),
    ...(input.programId !== undefined ? { programId: input.programId } : {}),
  };
  return [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...enrollmentKey(input.tenantId, input.userId, input.courseId),
          ...courseLearnersIndexKey(input.tenantId, input.courseId, enrolledAt, input.userId),
          entity: 'enrollment',
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :revoked',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: courseKey(input.tenantId, input.courseId),
        UpdateExpression: 'ADD studentsCount :one',
        ConditionExpression: 'attribute_exists(pk) AND #status = :published',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ];
}

/** The item DynamoDB returned for a cancelled transaction's failed condition at `index`, if any. */
function failedConditionItem(err: TransactionCanceledException, index: number): { failed: boolean; item?: Record<string, unknown> } {
  const reason = err.CancellationReasons?.[index];
  if (reason?.Code !== 'ConditionalCheckFailed') return { failed: false };
  return { failed: true, ...(reason.Item ? { item: unmarshall(reason.Item) } : {}) };
}

/**
 * Idempotent create: the enrollment items plus `extraItems` (a notification, the saga's "succeeded"
 * mark) in one transaction. Timeline of a retry or a race: the first transaction commits; any later
 * one is cancelled at index 0 and DynamoDB hands back the existing item, so the caller gets
 * `{ created: false, enrollment }` with nothing written and no extra read. When the course is missing
 * or not published it throws CourseNotEnrollableError (COURSE_NOT_FOUND / COURSE_NOT_PUBLISHED).
 * Requests: 1 TransactWriteItems (+1 GetItem only if DynamoDB did not return the existing item).
 */
export async function ensureEnrollment(input: EnrollmentInput, extraItems: TransactItem[] = []): Promise<{ created: boolean; enrollment: EnrollmentRecord }> {
  const items = enrollmentPutItems(input);
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: [...items, ...extraItems] }));
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const existing = failedConditionItem(err, 0);
    if (existing.failed) {
      const enrollment = existing.item ? enrollmentRecordOf(existing.item) : await readEnrollment(input.tenantId, input.userId, input.courseId);
      if (enrollment) return { created: false, enrollment };
      throw err;
    }
    const course = failedConditionItem(err, 1);
    if (course.failed) throw new CourseNotEnrollableError(course.item ? 'COURSE_NOT_PUBLISHED' : 'COURSE_NOT_FOUND', input.courseId);
    throw err;
  }
  const put = items[0]?.Put?.Item as Record<string, unknown>;
  return { created: true, enrollment: enrollmentRecordOf(put) };
}

/**
 * One learner's enrollment in one course (active or revoked), strongly consistent because callers
 * decide "already enrolled?" on it. Requests: 1 GetItem.
 */
export async function readEnrollment(tenantId: string, userId: string, courseId: string): Promise<EnrollmentRecord | undefined> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: enrollmentKey(tenantId, userId, courseId), ConsistentRead: true }));
  return result.Item ? enrollmentRecordOf(result.Item) : undefined;
}

export interface RevokeInput {
  tenantId: string;
  userId: string;
  courseId: string;
  refundId: string;
  now: Date;
  /** When given, only the enrollment bought with this payment is revoked (a refund of an older purchase leaves a newer one alone). */
  paymentId?: string;
}

/**
 * Marks an enrollment revoked after a refund. Timeline: the first call flips `active → revoked` and
 * removes one student from the course in one transaction conditioned on `status = active`; a repeated
 * or concurrent call is cancelled by that condition, writes nothing and gets the (already revoked)
 * record back. Returns undefined when the learner has no enrollment in the course. Requests:
 * 1 TransactWriteItems + 1 GetItem (the committed record) on the first call, 1 TransactWriteItems on a
 * repeat (+1 UpdateItem in the impossible-by-design case that the course item is gone).
 */
export async function revokeEnrollment(input: RevokeInput): Promise<EnrollmentRecord | undefined> {
  const enrollment = await revokeEnrollmentItem(input);
  // Issue 23: a refunded course's certificate is revoked too — on every call, so a repeated delivery
  // heals a call that died between the two. Only when this enrollment is the revoked one (a refund of an
  // older purchase leaves a re-enrollment, and its certificate, alone). +1 GetItem (+1 TransactWriteItems).
  if (enrollment?.status === 'revoked') await revokeCourseCertificateForRefund(input.tenantId, input.userId, input.courseId, input.now);
  return enrollment;
}

async function revokeEnrollmentItem(input: RevokeInput): Promise<EnrollmentRecord | undefined> {
  const revokedAt = input.now.toISOString();
  const key = enrollmentKey(input.tenantId, input.userId, input.courseId);
  const condition = `#status = :active${input.paymentId !== undefined ? ' AND paymentId = :paymentId' : ''}`;
  const enrollmentUpdate = {
    TableName: tableName(),
    Key: key,
    UpdateExpression: 'SET #status = :revoked, revokedAt = :at, refundId = :refund',
    ConditionExpression: condition,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':active': 'active',
      ':revoked': 'revoked',
      ':at': revokedAt,
      ':refund': input.refundId,
      ...(input.paymentId !== undefined ? { ':paymentId': input.paymentId } : {}),
    },
  };
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { ...enrollmentUpdate, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          {
            Update: {
              TableName: tableName(),
              Key: courseKey(input.tenantId, input.courseId),
              UpdateExpression: 'ADD studentsCount :minusOne',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':minusOne': -1 },
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const enrollment = failedConditionItem(err, 0);
    if (enrollment.failed) return enrollment.item ? enrollmentRecordOf(enrollment.item) : undefined;
    if (!failedConditionItem(err, 1).failed) throw err;
    // The course item is gone (courses with students cannot be deleted): revoke the enrollment alone.
    try {
      await documentClient().send(new UpdateCommand(enrollmentUpdate));
    } catch (inner) {
      if ((inner as Error).name !== 'ConditionalCheckFailedException') throw inner;
    }
    return readEnrollment(input.tenantId, input.userId, input.courseId);
  }
  return readEnrollment(input.tenantId, input.userId, input.courseId);
}
