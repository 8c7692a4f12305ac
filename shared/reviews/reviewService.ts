import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { tableName } from '../db/client.js';
import { courseKey, enrollmentKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { courseReviewKey } from '../db/skillKeys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { counterDelta, type ReviewCounters } from '../domain/courseReview.js';
import { AuthorizationError, ConflictError, NotFoundError } from '../http/errors.js';

/**
 * Course reviews (issue 16): an enrolled learner rates a published course 1–5 with an optional comment,
 * once, and may change it. The review and the course's `ratingSum` / `reviewsCount` change in one
 * transaction, so the catalog's `rating` and `reviews_count` are always exactly the reviews'.
 */

export interface ReviewInput {
  rating: number;
  comment?: string | null;
}

export interface StoredReview {
  reviewId: string;
  courseId: string;
  userId: string;
  rating: number;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A stable public id for a (course, learner) review that does not reveal the learner's id. */
function reviewIdOf(tenantId: string, courseId: string, userId: string): string {
  return `rev_${createHash('sha256').update(`${tenantId}|${courseId}|${userId}`).digest('hex').slice(0, 20)}`;
}

function conditionFailed(err: unknown): boolean {
  return err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * Creates or updates the caller's review. Read (consistent BatchGet: course, enrollment, review), then
 * one transaction: enrollment still active (ConditionCheck), the review Put conditioned on what was read
 * (absent, or the version read), the course's counters `ADD`ed by the difference.
 * A double submit:
 *   A reads "no review" ── transact: Put (absent ✓), ADD sum +r, count +1  ✓
 *   B reads "no review" ──────── transact: Put (absent ✗) → cancelled, nothing written
 *   B re-reads (A's review, version 1) ── transact: Put (version 1 ✓), ADD sum +0  ✓
 * One review, counted once. 403 when the caller has no active enrollment, 404 for an unknown or
 * unpublished course; after 3 lost races a 409.
 */
export async function submitReview(principal: Principal, courseId: string, input: ReviewInput, now: Date): Promise<{ review: StoredReview; created: boolean; counters: ReviewCounters }> {
  const { tenantId, userId } = principal;
  const keys = { course: courseKey(tenantId, courseId), enrollment: enrollmentKey(tenantId, userId, courseId), review: courseReviewKey(tenantId, courseId, userId) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await batchGetItems(Object.values(keys), true);
    const course = found.get(itemId(keys.course));
    if (!course || course.status !== 'published') throw new NotFoundError('Course not found');
    if (found.get(itemId(keys.enrollment))?.status !== 'active') throw new AuthorizationError('Only learners enrolled in the course can review it');
    const existing = found.get(itemId(keys.review)) as StoredReview | undefined;
    const at = now.toISOString();
    const review: StoredReview = {
      reviewId: reviewIdOf(tenantId, courseId, userId),
      courseId,
      userId,
      rating: input.rating,
      comment: input.comment === undefined ? (existing?.comment ?? null) : input.comment,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      version: (existing?.version ?? 0) + 1,
    };
    const delta = counterDelta(existing ? existing.rating : null, input.rating);
    try {
      await transactWriteRetryingConflicts({
        TransactItems: [
          { ConditionCheck: { TableName: tableName(), Key: keys.enrollment, ConditionExpression: '#s = :active', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':active': 'active' } } },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.review, entity: 'courseReview', tenantId, ...review },
              ConditionExpression: existing ? '#v = :read' : 'attribute_not_exists(pk)',
              ...(existing ? { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':read': existing.version } } : {}),
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: keys.course,
              UpdateExpression: 'ADD ratingSum :sum, reviewsCount :count',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':sum': delta.ratingSum, ':count': delta.reviewsCount },
            },
          },
        ],
      });
      const counters = { ratingSum: Number(course.ratingSum ?? 0) + delta.ratingSum, reviewsCount: Number(course.reviewsCount ?? 0) + delta.reviewsCount };
      return { review, created: !existing, counters };
    } catch (err) {
      if (!conditionFailed(err)) throw err;
    }
  }
  throw new ConflictError('The review changed while it was being saved; retry');
}

export interface ReviewPageQuery {
  page: number;
  page_size: number;
}

/**
 * A page of a published course's reviews, newest change first (then review id). 2 requests in parallel:
 * GetItem of the course (its `reviews_count` and average) and one Query of the review collection
 * (+1 per MB, ~3,000 reviews); sorted and cut in memory like the catalog.
 */
export async function listReviews(tenantId: string, courseId: string, query: ReviewPageQuery, viewer: string | undefined) {
  const [found, items] = await Promise.all([batchGetItems([courseKey(tenantId, courseId)]), queryCollection(courseReviewKey(tenantId, courseId, '').pk)]);
  const course = found.get(itemId(courseKey(tenantId, courseId)));
  if (!course || course.status !== 'published') throw new NotFoundError('Course not found');
  const reviews = (items as unknown as StoredReview[]).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.reviewId < b.reviewId ? -1 : 1));
  const start = (query.page - 1) * query.page_size;
  return { reviews: reviews.slice(start, start + query.page_size), count: reviews.length, ratingSum: Number(course.ratingSum ?? 0), reviewsCount: Number(course.reviewsCount ?? 0), viewer };
}

/** A review as the API shows it: no learner id (reviews are public), `is_own` for the caller's. */
export function presentReview(review: StoredReview, viewer: string | undefined) {
  return { id: review.reviewId, rating: review.rating, comment: review.comment, created_at: review.createdAt, updated_at: review.updatedAt, is_own: viewer === review.userId };
}
