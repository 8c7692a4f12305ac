import { readActiveSets } from '../analytics/aggregateStore.js';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { achievementIndexKey, aggregationStateKey, learnerDayAggregateKey, learnerStatsKey, memberKey, organizationKey, tenantPrefix } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { LearnerDay } from '../domain/dailyAggregates.js';
import { previousWindow, type DateWindow } from '../domain/learnerFigures.js';
import type { ReportCourse, ReportLearner, ReportScope } from '../domain/reportFigures.js';
import { definitionsOf } from '../gamification/learnerStats.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';

/**
 * What a report reads, and who it may be about. Every figure comes from the nightly aggregates
 * (learner-days named by the active sets, tenant-days) and the learners' STATS rollups, never
 * from the ledger. DynamoDB requests per report (docs/data-model.md "Reports"):
 *
 *   1. BatchGetItem: aggregation STATE, organization, achievement INDEX      ┐
 *   2. Query of the member collection (one per ~1 MB of members)             ├ in parallel
 *   3. Query of the tenant's courses (gsi2)                                  ┘
 *   4. 1 Query of the active sets over the period and the one before it (per MB), then BatchGetItem
 *      of the analysed learners' learner-days of those dates, one per 100 learner-days
 *   5. BatchGetItem of the analysed learners' STATS, one per 100 learners
 *   6. achievement_summary of the whole tenant only: 1 Query of the tenant-days
 */
export interface TenantContext {
  tenantId: string;
  through: string | null;
  organizationName: string | null;
  members: Member[];
  courses: (ReportCourse & { instructorIds: string[] })[];
  achievementDefinitions: { id: string; title: string; tier: string }[];
}

export interface Member {
  userId: string;
  name: string | null;
  roles: string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Requests 1–3: the tenant's aggregation state, name, members, courses and achievement definitions. */
export async function readTenantContext(tenantId: string): Promise<TenantContext> {
  const stateKey = aggregationStateKey(tenantId);
  const orgKey = organizationKey(tenantId);
  const indexKey = achievementIndexKey(tenantId);
  const [found, memberItems, courseItems] = await Promise.all([
    batchGetItems([stateKey, orgKey, indexKey]),
    queryCollection(memberKey(tenantId, '').pk),
    queryCollection(`${tenantPrefix(tenantId)}#COURSES`, { indexName: 'gsi2' }),
  ]);
  return {
    tenantId,
    through: str(found.get(itemId(stateKey))?.throughDate),
    organizationName: str(found.get(itemId(orgKey))?.name),
    members: memberItems.map((m) => ({ userId: String(m.userId), name: str(m.fullName), roles: Array.isArray(m.roles) ? m.roles.map(String) : [] })),
    courses: courseItems
      .filter((c) => typeof c.courseId === 'string')
      .map((c) => ({ courseId: String(c.courseId), title: str(c.title) ?? String(c.courseId), instructorIds: Array.isArray(c.instructorIds) ? c.instructorIds.map(String) : [] })),
    achievementDefinitions: definitionsOf(found.get(itemId(indexKey))).map((d) => ({ id: d.id, title: d.title, tier: d.tier })),
  };
}

export interface ReportSubject {
  scope: ReportScope;
  /** The courses the report lists (course_performance, completions per course). */
  courses: ReportCourse[];
  learners: ReportLearner[];
  /** True when the learners are the tenant's learners by default (not an include_users list). */
  wholeTenant: boolean;
}

const isAdmin = (principal: Principal) => principal.roles.includes('org_admin');

/**
 * Who and what a report covers, enforcing access:
 * - `include_users` must all be members of the caller's tenant, else 404 without saying which (nothing
 *   about a user of another tenant is read or written); by default, the tenant's learners;
 * - org admins report on all activity, or on `course_ids` of the tenant (an unknown one is 404);
 * - a trainer (not an org admin) reports only on their own courses: `course_ids` naming another's
 *   course is 403; by default all the courses they teach.
 */
export function resolveSubject(principal: Principal, ctx: TenantContext, params: { include_users?: string[] | undefined; course_ids?: string[] | undefined }): ReportSubject {
  const byId = new Map(ctx.members.map((m) => [m.userId, m]));
  let learners: Member[];
  if (params.include_users) {
    const unique = [...new Set(params.include_users)];
    if (unique.some((id) => !byId.has(id))) throw new NotFoundError('include_users names a user who is not a member of this organization');
    learners = unique.map((id) => byId.get(id)!);
  } else {
    learners = ctx.members.filter((m) => m.roles.includes('learner'));
  }
  const courseById = new Map(ctx.courses.map((c) => [c.courseId, c]));
  let courses = ctx.courses;
  let scope: ReportScope = { kind: 'tenant' };
  if (!isAdmin(principal)) {
    const own = ctx.courses.filter((c) => c.instructorIds.includes(principal.userId));
    if (params.course_ids && params.course_ids.some((id) => !own.some((c) => c.courseId === id))) {
      throw new AuthorizationError('Trainers report only on courses they teach');
    }
    courses = params.course_ids ? own.filter((c) => params.course_ids!.includes(c.courseId)) : own;
    scope = { kind: 'courses', courseIds: new Set(courses.map((c) => c.courseId)) };
  } else if (params.course_ids) {
    if (params.course_ids.some((id) => !courseById.has(id))) throw new NotFoundError('course_ids names a course that does not exist in this organization');
    courses = params.course_ids.map((id) => courseById.get(id)!);
    scope = { kind: 'courses', courseIds: new Set(params.course_ids) };
  }
  return {
    scope,
    courses: courses.map((c) => ({ courseId: c.courseId, title: c.title })),
    learners: learners.map((m) => ({ userId: m.userId, name: m.name })).sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)),
    wholeTenant: !params.include_users,
  };
}

/**
 * Request 4: the learner-days of the period and of the equal period before it (the trend's
 * baseline), of the analysed learners. The nightly fold's active sets name who was active on each
 * date (one Query of `T#<t>#AGG#ACTIVE`, per MB); the analysed learners' learner-days of those dates
 * are then read by key, 100 per BatchGetItem, a few batches in parallel. Cost grows with the analysed
 * learners' activity in those dates, never with the tenant's history or inactive learners.
 */
export async function readPopulationDays(tenantId: string, window: DateWindow, learnerIds: ReadonlySet<string>): Promise<LearnerDay[]> {
  const from = previousWindow(window).from;
  const sets = await readActiveSets(tenantId, from, window.to);
  const keys = sets.flatMap((set) => set.learners.filter((id) => learnerIds.has(id)).map((id) => learnerDayAggregateKey(tenantId, id, set.date)));
  const batches: (typeof keys)[] = [];
  for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100));
  const days: LearnerDay[] = [];
  for (let i = 0; i < batches.length; i += BATCH_GET_CONCURRENCY) {
    const found = await Promise.all(batches.slice(i, i + BATCH_GET_CONCURRENCY).map((batch) => batchGetItems(batch)));
    for (const items of found) for (const item of items.values()) days.push(item as unknown as LearnerDay);
  }
  return days;
}

/** BatchGetItem requests of learner-days in flight at once. */
const BATCH_GET_CONCURRENCY = 8;

/** Request 5: each learner's per-course progress (0–100) from their STATS rollup, 100 learners per request. */
export async function readCourseProgress(tenantId: string, learnerIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const keys = learnerIds.map((id) => learnerStatsKey(tenantId, id));
  const found = await batchGetItems(keys);
  const out = new Map<string, Record<string, number>>();
  learnerIds.forEach((id, i) => {
    const item = found.get(itemId(keys[i]!));
    const progress = item?.courseProgress;
    if (progress && typeof progress === 'object') out.set(id, progress as Record<string, number>);
  });
  return out;
}
