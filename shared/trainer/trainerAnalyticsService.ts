import type { Principal } from '../auth/principal.js';
import { hasAnyRole } from '../auth/principal.js';
import type { CourseRecord } from '../catalog/course.js';
import { record as courseRecordOf } from '../catalog/courseRepository.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { aggregationStateKey, memberKey, tenantPrefix } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { courseRollupKey } from '../db/skillKeys.js';
import { coursePerformance, courseTotals, trainerSummary, type CourseDayFigures } from '../domain/trainerFigures.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';

/**
 * Seed 003 §3 trainer analytics (issue 16). A trainer reads their own figures (another trainer's: 403);
 * an org admin reads any member of the tenant (404 for a non-member). Requests: the tenant's course
 * index (1 Query of gsi2 `T#<t>#COURSES`, grows with the catalog, not with learners) ∥ 1 BatchGet
 * (aggregation state, the trainer's membership when read by an admin), then 1 BatchGet of the
 * trainer's course rollups (per 100 courses).
 */
export async function trainerCoursePerformance(principal: Principal, trainerId: string, now: Date) {
  const tenantId = principal.tenantId;
  const self = trainerId === principal.userId;
  if (!self && !hasAnyRole(principal, ['org_admin'])) throw new AuthorizationError('Trainers read their own analytics; org admins read any trainer\'s');
  const [items, found] = await Promise.all([
    queryCollection(`${tenantPrefix(tenantId)}#COURSES`, { indexName: 'gsi2' }),
    batchGetItems([aggregationStateKey(tenantId), ...(self ? [] : [memberKey(tenantId, trainerId)])]),
  ]);
  if (!self && !found.get(itemId(memberKey(tenantId, trainerId)))) throw new NotFoundError('No such member in this organization');
  const courses = items
    .map((item) => courseRecordOf<CourseRecord>(item))
    .filter((c) => c.instructorIds?.includes(trainerId))
    .sort((a, b) => (a.courseId < b.courseId ? -1 : 1));
  const rollups = courses.length > 0 ? await batchGetItems(courses.map((c) => courseRollupKey(tenantId, c.courseId))) : new Map<string, Record<string, unknown>>();
  const rows = courses.map((c) => coursePerformance(c, courseTotals((rollups.get(itemId(courseRollupKey(tenantId, c.courseId)))?.days as Record<string, CourseDayFigures> | undefined) ?? {})));
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  return {
    data: { trainerId, ...trainerSummary(rows, courses), courses: rows },
    meta: { calculatedAt: now.toISOString(), dataSource: typeof through === 'string' ? ('nightly' as const) : ('none' as const), nightlyThrough: typeof through === 'string' ? through : null },
  };
}
