import { GetCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { foldSkillMastery } from './masteryAggregation.js';
import { putCourseRollups } from './courseRollup.js';
import { refreshOrgLearners } from './orgLearnerTable.js';
import { refreshOrgRollup } from './orgRollup.js';
import { foldCourseLearners, type CourseOutlineFacts } from './courseLearners.js';
import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { activityDayIndexKey, aggregationStateKey, courseOutlineKey, tenantOverviewKey } from '../db/keys.js';
import { countItems } from '../db/countItems.js';
import { queryCollection } from '../db/queryCollection.js';
import { LATE_ARRIVAL_DAYS } from '../domain/analyticsDate.js';
import type { CourseOutline } from '../domain/courseProgress.js';
import { foldDay, type FoldRecord, type LearnerDay, type LessonFacts, type LessonLookup } from '../domain/dailyAggregates.js';
import { addDays } from '../domain/localDate.js';
import { activeSetsOf, chunkActiveSet, OVERVIEW_WINDOW_DAYS, overviewOf } from '../domain/tenantOverview.js';
import { ACTIVITY_DAY_SHARDS, activityShard, toActivityRecord } from '../progress/activity.js';
import { putActiveSet, putContentDay, putLearnerDay, putTenantDay, readActiveSets, readTenantDays, type FoldStamp } from './aggregateStore.js';
import { refreshLearnerRollups, type RollupRefresh } from './learnerRollups.js';

/**
 * The per-tenant step of the nightly aggregation (DESIGN §8a, docs/analytics.md "Pipeline"): folds the
 * ledger of the dates that need it into tenant-day, content-day and learner-day aggregates, then
 * recomputes the 30-day overview. Idempotent per (tenant, date): every item written is a function of
 * the date's ledger records, and a run that saw fewer records never overwrites one that saw more.
 *
 * Which dates: the target date; every date after the tenant's aggregated-through date up to it (a
 * failed night is caught up); and every date of the last LATE_ARRIVAL_DAYS whose index holds records
 * that arrived after its last fold, or holds any record when it was never folded (late arrivals,
 * history from before the tenant's first run). Cost grows with those dates' activity only:
 * - late-arrival probes: 30 dates × 8 shards COUNT Queries on the newest LATE_PROBE_MARGIN of each
 *   folded date (a handful of index items each), or Limit 1 on a date never folded;
 * - per folded date: 8 shard Queries (+1 per MB) + 1 BatchGet of the day's course outlines + one
 *   conditional Put per learner-day, content-day, shard active set and the tenant-day;
 * - overview: 1 Query of the 30 dates' active sets (~80 bytes per learner-day, +1 request per MB);
 * - learner rollups (learnerRollups.ts): per date from the earliest folded one to the run's date, 1 Query
 *   of the stored snapshot (+1 per MB) and a Put per changed item (every item of a new date).
 * Nothing reads the tenant's history or its inactive learners, and no job ever Scans.
 */

/** How far back of a date's newest folded record the late-arrival probe looks (GSI lag, clock skew between writers). */
export const LATE_PROBE_MARGIN_MS = 5 * 60_000;

/** Puts in flight at once per tenant run. */
const WRITE_CONCURRENCY = 16;

export type AggregationTrigger = 'nightly' | 'manual';

export interface AggregateTenantInput {
  tenantId: string;
  /** The learner-local date the run is for (the nightly run: yesterday in the last time zone). */
  date: string;
  trigger: AggregationTrigger;
}

/** Seed 000 §10's counts, summed over the dates folded. */
export interface MetricsProcessed {
  user_sessions: number;
  block_completions: number;
  achievement_awards: number;
  progress_updates: number;
}

export interface DateFoldResult {
  date: string;
  reason: 'target' | 'catch_up' | 'late_arrivals';
  records: number;
  learners: number;
  /** Puts skipped because a run that folded more records had already written the item. */
  superseded: number;
}

export interface AggregateTenantResult {
  tenantId: string;
  date: string;
  dates: DateFoldResult[];
  metrics: MetricsProcessed;
  /** Ledger index items read by the folds and the late probes (the cost the bench reports). */
  ledgerItemsRead: number;
  /** Aggregate items read (tenant-day stamps for the probes, active sets for the overview). */
  aggregateItemsRead: number;
  aggregatedThrough: string | null;
  /** The learner rollups brought up to date (learnerRollups.ts). */
  rollups: RollupRefresh;
}

/** Runs `tasks` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const shardPartitions = (tenantId: string, date: string) =>
  Array.from({ length: ACTIVITY_DAY_SHARDS }, (_, shard) => activityDayIndexKey(tenantId, date, shard, '', '', '').gsi2pk);

/** Every ledger record of one tenant-date: its 8 index shards, read in parallel. */
async function readDateLedger(tenantId: string, date: string): Promise<FoldRecord[]> {
  const pages = await Promise.all(shardPartitions(tenantId, date).map((partition) => queryCollection(partition, { indexName: 'gsi2' })));
  return pages.flat().map((item) => toActivityRecord(item) as unknown as FoldRecord);
}

/**
 * Lesson types, skills and section positions of the courses a day's records are about, and each course's
 * sections and skills (trainer analytics): one BatchGet of their outlines.
 */
async function lessonLookupFor(tenantId: string, records: readonly FoldRecord[]): Promise<{ lessons: LessonLookup; outlines: Map<string, CourseOutlineFacts> }> {
  const courses = [...new Set(records.filter((r) => r.contentType === 'course').map((r) => r.contentId))];
  const outlines = new Map<string, CourseOutlineFacts>();
  if (courses.length === 0) return { lessons: () => undefined, outlines };
  const found = await batchGetItems(courses.map((courseId) => courseOutlineKey(tenantId, courseId)));
  const lessons = new Map<string, LessonFacts>();
  for (const courseId of courses) {
    const outline = found.get(itemId(courseOutlineKey(tenantId, courseId)))?.outline as CourseOutline | undefined;
    // Sections as learners see them: the published ones, numbered in outline order.
    const sections = (outline?.sections ?? []).filter((section) => section.isPublished);
    const sectionAt = new Map(sections.map((section, i) => [section.sectionId, i + 1]));
    for (const lesson of outline?.lessons ?? []) lessons.set(`${courseId}|${lesson.lessonId}`, { type: lesson.type, skills: lesson.skills ?? [], section: sectionAt.get(lesson.sectionId) ?? 0 });
    outlines.set(courseId, {
      sections: sections.map((section) => ({ sectionId: section.sectionId, title: section.title })),
      skills: [...new Set((outline?.lessons ?? []).flatMap((lesson) => lesson.skills ?? []))].sort(),
    });
  }
  return { lessons: (courseId, lessonId) => lessons.get(`${courseId}|${lessonId}`), outlines };
}

/** The fold stamp of a date's records: the newest arrival and how many arrived within the probe margin of it. */
export function stampOf(records: readonly Pick<FoldRecord, 'occurredAt'>[]): FoldStamp {
  if (records.length === 0) return { newestAt: null, tail: 0 };
  const newestAt = records.reduce((max, r) => (r.occurredAt > max ? r.occurredAt : max), records[0]!.occurredAt);
  const since = new Date(Date.parse(newestAt) - LATE_PROBE_MARGIN_MS).toISOString();
  return { newestAt, tail: records.filter((r) => r.occurredAt >= since).length };
}

/**
 * Whether records arrived for a folded date after its fold: the date's index shards hold more records
 * at or after (newest − margin) than the fold counted there. Counts only the tail, so a busy date costs
 * the same to probe as a quiet one.
 */
async function hasLateArrivals(tenantId: string, date: string, stamp: FoldStamp): Promise<{ late: boolean; read: number }> {
  if (!stamp.newestAt) {
    // An empty fold: any record at all is late. Limit 1 per shard.
    const counts = await Promise.all(shardPartitions(tenantId, date).map((partition) => countItems(partition, { indexName: 'gsi2', limit: 1 })));
    const read = counts.reduce((a, b) => a + b, 0);
    return { late: read > 0, read };
  }
  const since = new Date(Date.parse(stamp.newestAt) - LATE_PROBE_MARGIN_MS).toISOString();
  const counts = await Promise.all(shardPartitions(tenantId, date).map((partition) => countItems(partition, { indexName: 'gsi2', skFrom: since })));
  const read = counts.reduce((a, b) => a + b, 0);
  return { late: read > stamp.tail, read };
}

/** Folds one tenant-date and writes its aggregates. */
export async function foldTenantDate(tenantId: string, date: string, reason: DateFoldResult['reason']): Promise<{ result: DateFoldResult; metrics: MetricsProcessed; learners: LearnerDay[] }> {
  const records = await readDateLedger(tenantId, date);
  const { lessons, outlines } = await lessonLookupFor(tenantId, records);
  const fold = foldDay(date, records, lessons);
  let superseded = 0;
  const eventsByShard = new Map<number, number>();
  for (const day of fold.learners) eventsByShard.set(activityShard(day.userId), (eventsByShard.get(activityShard(day.userId)) ?? 0) + day.events);
  const writes: (() => Promise<boolean>)[] = [
    ...fold.learners.map((day) => () => putLearnerDay(tenantId, day)),
    ...fold.content.map((day) => () => putContentDay(tenantId, day)),
    ...[...activeSetsOf(date, fold.learners, activityShard)].flatMap(([shard, set]) =>
      chunkActiveSet(set).map((chunk, i) => () => putActiveSet(tenantId, shard, i, chunk, eventsByShard.get(shard) ?? 0)),
    ),
  ];
  await inParallel(writes, WRITE_CONCURRENCY, async (write) => {
    if (!(await write())) superseded++;
  });
  const mastery = await foldSkillMastery(tenantId, date, records, lessons);
  await refreshOrgLearners(tenantId, date, fold.learners.map((day) => day.userId));
  await putCourseRollups(tenantId, fold.content);
  await foldCourseLearners(tenantId, date, records, lessons, outlines, mastery);
  // The tenant-day last: its stamp says "folded", so a crash before it leaves the date to be refolded.
  if (!(await putTenantDay(tenantId, fold.tenant, stampOf(records)))) superseded++;
  return {
    result: { date, reason, records: records.length, learners: fold.learners.length, superseded },
    metrics: { user_sessions: fold.tenant.sessions, block_completions: fold.tenant.topics, achievement_awards: fold.tenant.awards, progress_updates: fold.tenant.events },
    learners: fold.learners,
  };
}

/** The tenant's aggregated-through date, or null before its first nightly run. */
export async function aggregatedThrough(tenantId: string): Promise<string | null> {
  return (await aggregationState(tenantId)).through;
}

/** The aggregation state: the aggregated-through date and the latest date whose learner rollups are current. */
export async function aggregationState(tenantId: string): Promise<{ through: string | null; rollupThrough: string | null }> {
  const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: aggregationStateKey(tenantId) }))).Item;
  return { through: typeof item?.throughDate === 'string' ? item.throughDate : null, rollupThrough: typeof item?.rollupThrough === 'string' ? item.rollupThrough : null };
}

/** Moves the aggregated-through date forward to `date` (never back; concurrent runs converge). */
async function advanceThrough(tenantId: string, date: string): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: aggregationStateKey(tenantId),
        UpdateExpression: 'SET entity = :entity, throughDate = :date',
        ConditionExpression: 'attribute_not_exists(throughDate) OR throughDate < :date',
        ExpressionAttributeValues: { ':entity': 'aggregationState', ':date': date },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

/**
 * Recomputes the overview as of `asOf` from the 30 dates' active sets (1 Query, +1 per MB at ~80 bytes
 * per learner-day) and stores it. The item is a function of those sets, so a re-run writes the same item.
 */
export async function refreshOverview(tenantId: string, asOf: string): Promise<number> {
  const sets = await readActiveSets(tenantId, addDays(asOf, -(OVERVIEW_WINDOW_DAYS - 1)), asOf);
  const overview = overviewOf(asOf, sets);
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...tenantOverviewKey(tenantId), entity: 'tenantOverview', tenantId, ...overview } }));
  return sets.length;
}

/**
 * One tenant's aggregation run. Nightly: the target date, the dates missed since the aggregated-through
 * date (at most LATE_ARRIVAL_DAYS back) and the dates with late arrivals; then the through date moves
 * to the target and the overview is recomputed. Manual (an org admin's reprocessing): the given date
 * only, then the overview as of the through date.
 */
export async function aggregateTenant(input: AggregateTenantInput): Promise<AggregateTenantResult> {
  const { tenantId, date } = input;
  const { through, rollupThrough } = await aggregationState(tenantId);
  const plan = new Map<string, DateFoldResult['reason']>([[date, 'target']]);
  let ledgerItemsRead = 0;
  let aggregateItemsRead = 0;
  if (input.trigger === 'nightly') {
    const earliest = addDays(date, -LATE_ARRIVAL_DAYS);
    if (through !== null) {
      for (let d = addDays(through > earliest ? through : earliest, 1); d < date; d = addDays(d, 1)) plan.set(d, 'catch_up');
    }
    const folded = new Map((await readTenantDays(tenantId, earliest, addDays(date, -1))).map((day) => [day.date, day]));
    aggregateItemsRead += folded.size;
    // Every date of the window is probed: a folded one for records after its fold, one never folded
    // (before the tenant's first run) for any record at all — a tenant's first night folds its last 30 days.
    const window: string[] = [];
    for (let d = earliest; d < date; d = addDays(d, 1)) if (!plan.has(d)) window.push(d);
    const probes = await Promise.all(
      window.map(async (d) => {
        const day = folded.get(d);
        return { date: d, ...(await hasLateArrivals(tenantId, d, { newestAt: day?.newestAt ?? null, tail: day?.tail ?? 0 })) };
      }),
    );
    for (const probe of probes) {
      ledgerItemsRead += probe.read;
      if (probe.late) plan.set(probe.date, 'late_arrivals');
    }
  }
  const metrics: MetricsProcessed = { user_sessions: 0, block_completions: 0, achievement_awards: 0, progress_updates: 0 };
  const dates: DateFoldResult[] = [];
  const folded = new Map<string, LearnerDay[]>();
  for (const [d, reason] of [...plan].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { result, metrics: m, learners } = await foldTenantDate(tenantId, d, reason);
    folded.set(d, learners);
    dates.push(result);
    ledgerItemsRead += result.records;
    for (const key of Object.keys(metrics) as (keyof MetricsProcessed)[]) metrics[key] += m[key];
  }
  // Rollups before the through date moves: a report never reads a date whose snapshot is not written.
  const until = [date, through, rollupThrough].filter((d): d is string => d !== null).sort().at(-1)!;
  const rollups = await refreshLearnerRollups(tenantId, folded, until, rollupThrough);
  let aggregatedThroughDate = through;
  if (input.trigger === 'nightly') {
    await advanceThrough(tenantId, date);
    aggregatedThroughDate = through !== null && through > date ? through : date;
  }
  if (aggregatedThroughDate !== null) {
    aggregateItemsRead += await refreshOverview(tenantId, aggregatedThroughDate);
    await refreshOrgRollup(tenantId, aggregatedThroughDate);
  }
  return { tenantId, date, dates, metrics, ledgerItemsRead, aggregateItemsRead, aggregatedThrough: aggregatedThroughDate, rollups };
}
