import { GetCommand, QueryCommand, type QueryCommandOutput } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { personalCourseKey } from '../db/keys.js';
import { NotFoundError } from '../http/errors.js';
import type { PaginationInfo } from '../personalCourses/courseListing.js';

/**
 * The per-course listings of sessions and progress logs: one course's items are one gsi1 partition
 * ordered by time, read newest first in one Query (one more per further MB), while a GetItem of the
 * course, sent at the same time, proves the course is the caller's (404 otherwise, also for a course
 * deleted since). Filters apply to the whole matching range, so `total` is exact, then the page is
 * cut. gsi1 is eventually consistent: an item written a moment ago can be missing for a fraction of
 * a second.
 */
export interface IndexRange {
  /** Inclusive lower bound of the sort value (ISO instant). */
  from?: string;
  /** Exclusive upper bound of the sort value (ISO instant). */
  to?: string;
}

/**
 * Every item of `gsi1pk` whose sort key (`<instant>#<id>`) is in `range`, newest first, while proving
 * the course exists. `<instant>#<id>` sorts after `<instant>`, so `>= from` includes items at `from`
 * and `<= to` (BETWEEN) already excludes those at `to`.
 */
export async function readCourseIndex(tenantId: string, userId: string, courseId: string, gsi1pk: string, range: IndexRange = {}): Promise<Record<string, unknown>[]> {
  const conditions = ['gsi1pk = :pk'];
  const values: Record<string, unknown> = { ':pk': gsi1pk };
  if (range.from && range.to) {
    conditions.push('gsi1sk BETWEEN :from AND :to');
    Object.assign(values, { ':from': range.from, ':to': range.to });
  } else if (range.from) {
    conditions.push('gsi1sk >= :from');
    values[':from'] = range.from;
  } else if (range.to) {
    conditions.push('gsi1sk < :to');
    values[':to'] = range.to;
  }
  const readAll = async () => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await documentClient().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'gsi1',
          KeyConditionExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  };
  const [course, items] = await Promise.all([
    documentClient().send(new GetCommand({ TableName: tableName(), Key: personalCourseKey(tenantId, userId, courseId), ProjectionExpression: 'pk' })),
    readAll(),
  ]);
  if (!course.Item) throw new NotFoundError('Course not found');
  return items;
}

/** The 1-based page `page` of `items` with the seed's pagination block (as personal courses page). */
export function pageOf<T>(items: readonly T[], page: number, limit: number): { items: T[]; pagination: PaginationInfo } {
  const start = (page - 1) * limit;
  return {
    items: items.slice(start, start + limit),
    pagination: { page, limit, total: items.length, hasNext: start + limit < items.length, hasPrev: page > 1 },
  };
}
