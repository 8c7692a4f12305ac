import { readActiveSets } from '../analytics/aggregateStore.js';
import { readRollupSnapshot } from '../analytics/learnerRollups.js';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { achievementIndexKey, aggregationStateKey, learnerDayAggregateKey, learnerStatsKey, memberKey, organizationKey, tenantPrefix } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { LearnerDay } from '../domain/dailyAggregates.js';
import type { RollupSnapshot } from '../domain/learnerRollup.js';
import { factsFromRollups, rollupDatesFor } from '../domain/learnerRollupFacts.js';
import { previousWindow, type DateWindow } from '../domain/learnerFigures.js';
import { reportFactsFromDays, type ReportCourse, type ReportFacts, type ReportLearner, type ReportScope } from '../domain/reportFigures.js';
import { definitionsOf } from '../gamification/learnerStats.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';

/**
 * What a report reads, and who it may be about. Every figure comes from the nightly aggregates (the
 * per-learner rollups, tenant-days) and the learners' STATS rollups, never from the ledger. DynamoDB
 * requests per report (docs/data-model.md "Reports"):
 *
 *   1. BatchGetItem: aggregation STATE, organization, achievement INDEX      ┐
 *   2. Query of the member collection (one per ~1 MB of members)             ├ in parallel
 *   3. Query of the tenant's courses (gsi2)                                  ┘
 *   4. the learner rollups of at most 3 dates (the period's end, the day before it, the day before
 *      the previous period; 2 in a course scope): 1 Query each (+1 per MB), in parallel   ┐
 *   5. BatchGetItem of the analysed learners' STATS, one per 100 learners, in parallel     ├ in parallel
 *   6. achievement_summary of the whole tenant only: 1 Query of the tenant-days            ┘
 *
 * Before the pipeline has built the rollups through the aggregated-through date (the first night
 * after this was deployed), step 4 reads the learner-days instead (readPopulationDays).
 */
export interface TenantContext {
  tenantId: string;
  through: string | null;
  /** The latest date whose learner rollups are current (null before their first build). */
  rollupThrough: string | null;
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
    rollupThrough: str(found.get(itemId(stateKey))?.rollupThrough),
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

/** Request 5: each learner's per-course progress (0–100) from their STATS rollup, 100 learners per request, in parallel. */
export async function readCourseProgress(tenantId: string, learnerIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const keys = learnerIds.map((id) => learnerStatsKey(tenantId, id));
  const found = new Map<string, Record<string, unknown>>();
  const batches: (typeof keys)[] = [];
  for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100));
  for (let i = 0; i < batches.length; i += BATCH_GET_CONCURRENCY) {
    const results = await Promise.all(batches.slice(i, i + BATCH_GET_CONCURRENCY).map((batch) => batchGetItems(batch)));
    for (const r of results) for (const [id, item] of r) found.set(id, item);
  }
  const out = new Map<string, Record<string, number>>();
  learnerIds.forEach((id, i) => {
    const item = found.get(itemId(keys[i]!));
    const progress = item?.courseProgress;
    if (progress && typeof progress === 'object') out.set(id, progress as Record<string, number>);
  });
  return out;
}

export interface ReportFactsRead {
  facts: ReportFacts;
  source: 'rollups' | 'learner-days' | 'none';
  /** Rollup items (learners) or learner-days read. */
  itemsRead: number;
}

/**
 * Request 4: the facts of a report. From the learner rollups of at most three dates when they are
 * current through the aggregated-through date; before their first build, from the learner-days.
 */
export async function readReportFacts(ctx: TenantContext, window: DateWindow, subject: ReportSubject): Promise<ReportFactsRead> {
  const input = { window, through: ctx.through, scope: subject.scope, learners: subject.learners, courses: subject.courses, courseProgressOf: () => undefined };
  if (ctx.through === null) return { facts: reportFactsFromDays({ ...input, days: [] }), source: 'none', itemsRead: 0 };
  if (ctx.rollupThrough !== null && ctx.rollupThrough >= ctx.through) {
    const d = rollupDatesFor(window, ctx.through);
    const dates = new Set<string>();
    if (d.end) dates.add(d.end).add(d.start);
    if (d.previousEnd && subject.scope.kind === 'tenant') dates.add(d.previousEnd).add(d.previousStart);
    const read = new Map<string, RollupSnapshot>(await Promise.all([...dates].map(async (date) => [date, (await readRollupSnapshot(ctx.tenantId, date, false)).snapshot] as const)));
    const facts = factsFromRollups(input, (date) => read.get(date) ?? new Map());
    return { facts, source: 'rollups', itemsRead: [...read.values()].reduce((a, s) => a + s.size, 0) };
  }
  const days = await readPopulationDays(ctx.tenantId, window, new Set(subject.learners.map((l) => l.userId)));
  return { facts: reportFactsFromDays({ ...input, days }), source: 'learner-days', itemsRead: days.length };
}
