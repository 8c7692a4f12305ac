import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, PutCommand } from '../../shared/db/commands.js';
import { createAchievement } from '../../shared/achievements/achievementService.js';
import { getProcess } from '../../shared/analytics/analyticsProcess.js';
import type { RunPlan, TenantOutcome } from '../../shared/analytics/pipelineSteps.js';
import type { PipelineTaskName } from '../../shared/analytics/pipelineTasks.js';
import { aggregateTenant, type DateFoldResult } from '../../shared/analytics/dailyAggregation.js';
import type { Principal as AuthPrincipal } from '../../shared/auth/principal.js';
import { getCourseTree } from '../../shared/catalog/courseRepository.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseOutlineKey, memberKey } from '../../shared/db/keys.js';
import { measureDynamoDbRequests, type DynamoDbTally } from '../../shared/db/requestTally.js';
import { addDays } from '../../shared/domain/localDate.js';
import { tenantDirectoryPut } from '../../shared/jobs/tenantDirectory.js';
import { activityPut, activityRecord } from '../../shared/progress/activity.js';
import { outlineOf } from '../../shared/progress/courseContext.js';
import type { Role } from '../../shared/routes/types.js';
import { createAchievementAction } from '../../shared/schemas/achievements.js';
import { installLocalAnalyticsPipeline, type LocalPipelineExecution, type LocalPipelineRunner, type PipelineTaskFunction } from '../local/localAnalyticsPipeline.js';
import { mintToken, type IssuerKeys } from '../local/localIssuer.js';
import {
  activityInputOf,
  BENCH_ACHIEVEMENT_COUNT,
  BENCH_COURSES,
  historyDates,
  learnerDayEvents,
  learnerProfile,
  type LearnerProfile,
  type TenantCatalog,
} from './analyticsActivity.js';
import type { HttpRecorder, RequestOptions, Response } from './httpRecorder.js';

/**
 * The pieces of `npm run bench -- analytics` (issue 14, part 4): a tenant of N learners with D days of
 * generated activity (bin/bench/analyticsActivity.ts) written through the bulk path as the exact ledger
 * items the engine writes, the nightly workflow run from the synthesized Step Functions definition for
 * every date, the analytics read routes at C concurrent callers with every answer checked, and the
 * doubled-history comparison. bin/bench.ts runs them in order and prints the figures.
 */
export interface AnalyticsBenchConfig {
  learners: number;
  days: number;
  concurrency: number;
}

/** Fixed so two runs (and both tenants of one run) generate the same activity. */
export const ACTIVITY_SEED = 14;

export interface BenchUser {
  userId: string;
  token: string;
}

export interface BenchLearner extends BenchUser {
  profile: LearnerProfile;
}

/** A user of `tenantId` with a token from the run's issuer (valid 3 h: the default run takes a while). */
export function benchUser(issuer: IssuerKeys, tenantId: string, roles: Role[], timeZone = 'UTC', userId: string = randomUUID()): BenchUser {
  return { userId, token: mintToken(issuer, { userId, tenantId, roles, timeZone, expiresInSeconds: 3 * 3600 }) };
}

// ---------------------------------------------------------------------------------------------------
// Items read: a counter of the items DynamoDB returned (or counted), per async scope, beside the
// request tally of shared/db/requestTally.ts (which counts requests, not items).

export interface ItemsReadTally {
  items: number;
  byCommand: Record<string, number>;
}

const itemsScope = new AsyncLocalStorage<ItemsReadTally>();
let itemsCounterInstalled = false;

/**
 * Observes the shared DynamoDB client and counts, inside a measureItemsRead scope, the
 * items each response read: Query/Scan ScannedCount (COUNT queries included), GetItem 0 or 1,
 * BatchGetItem its responses. Outside a scope it does nothing.
 */
export function installItemsReadCounter(): void {
  if (itemsCounterInstalled) return;
  itemsCounterInstalled = true;
  documentClient().observe((name, result) => {
    const tally = itemsScope.getStore();
    if (!tally) return;
    const output = result as { ScannedCount?: number; Count?: number; Items?: unknown[]; Item?: unknown; Responses?: Record<string, unknown[]> };
    let items = 0;
    if (typeof output.ScannedCount === 'number') items = output.ScannedCount;
    else if (typeof output.Count === 'number') items = output.Count;
    else if (Array.isArray(output.Items)) items = output.Items.length;
    else if (output.Responses && typeof output.Responses === 'object') items = Object.values(output.Responses).reduce((n, list) => n + (Array.isArray(list) ? list.length : 0), 0);
    else if (output.Item) items = 1;
    if (items > 0) {
      tally.items += items;
      tally.byCommand[name] = (tally.byCommand[name] ?? 0) + items;
    }
  });
}

export async function measureItemsRead<T>(fn: () => Promise<T>): Promise<{ result: T; items: ItemsReadTally }> {
  const items: ItemsReadTally = { items: 0, byCommand: {} };
  const result = await itemsScope.run(items, fn);
  return { result, items };
}

// ---------------------------------------------------------------------------------------------------
// Tenant set-up.

export interface BenchTenant {
  tenantId: string;
  catalog: TenantCatalog;
  learners: BenchLearner[];
  admins: BenchUser[];
  dates: string[];
  /** Ledger records written, and per learner-local analytics date. */
  records: number;
  recordsByDate: Map<string, number>;
  /** Per learner index: records and scored records on dates ≥ `recentFrom` (the read checks' expectations). */
  recent: { events: number; assessments: number }[];
  recentFrom: string;
  writeSeconds: number;
}

async function expectStatus(recorder: HttpRecorder, request: RequestOptions, status: number, what: string): Promise<Record<string, unknown>> {
  const response = await recorder.send(request, false);
  if (response.status !== status) throw new Error(`set-up, ${what}: HTTP ${response.status} ${response.text.slice(0, 300)}`);
  return (response.body ?? {}) as Record<string, unknown>;
}

/**
 * The catalog over the authoring routes, as an instructor builds it (unrecorded): BENCH_COURSES with
 * their typed lessons (video, reading, quiz with max/pass score, practice) and skills, published. Each
 * course's outline item is then stored as the engine's first progress write would store it
 * (courseContext.ts rebuildOutline: outlineOf of the consistent course tree), because the bulk ledger
 * path makes no progress write; the nightly fold reads lesson types and skills from it.
 */
async function createCatalog(recorder: HttpRecorder, instructor: BenchUser, tenantId: string): Promise<TenantCatalog['courses']> {
  const courses: TenantCatalog['courses'] = [];
  for (const spec of BENCH_COURSES) {
    const token = instructor.token;
    const course = await expectStatus(
      recorder,
      { method: 'POST', path: '/api/v1/instructor/courses/create/', token, body: { title: spec.title, description: 'Analytics bench course', difficulty: 'beginner', price: 0, enforce_sequence: false } },
      201,
      `create course ${spec.title}`,
    );
    const courseId = String(course.id);
    const section = await expectStatus(recorder, { method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/`, token, body: { title: 'Section 1', is_published: true } }, 201, 'create section');
    const lessonIds: string[] = [];
    for (const [i, lesson] of spec.lessons.entries()) {
      const created = await expectStatus(
        recorder,
        {
          method: 'POST',
          path: `/api/v1/content/courses/${courseId}/sections/${String(section.id)}/lessons/`,
          token,
          body: {
            title: `Lesson ${i + 1}`,
            type: lesson.type,
            duration_minutes: lesson.durationMinutes,
            skills: lesson.skills,
            ...(lesson.maxScore !== undefined ? { max_score: lesson.maxScore, pass_score: lesson.passScore } : {}),
          },
        },
        201,
        `create lesson ${i + 1} of ${spec.title}`,
      );
      lessonIds.push(String(created.id));
    }
    await expectStatus(recorder, { method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token }, 200, `publish ${spec.title}`);
    const tree = await getCourseTree(tenantId, courseId, true);
    if (!tree) throw new Error(`set-up: course ${courseId} not found after publishing`);
    const outline = outlineOf(tree);
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...courseOutlineKey(tenantId, courseId), entity: 'courseOutline', outline, version: outline.version } }));
    courses.push({ courseId, lessonIds });
  }
  return courses;
}

/** BENCH_ACHIEVEMENT_COUNT achievements (bronze, silver, gold) through the achievement service, as an org admin would. */
async function createAchievements(tenantId: string, admin: BenchUser): Promise<TenantCatalog['achievements']> {
  const principal: AuthPrincipal = { userId: admin.userId, tenantId, roles: ['org_admin'], memberships: { [tenantId]: ['org_admin'] }, timeZone: 'UTC' };
  const tiers = ['bronze', 'silver', 'gold'] as const;
  const out: TenantCatalog['achievements'] = [];
  for (let i = 0; i < BENCH_ACHIEVEMENT_COUNT; i++) {
    const title = `Bench milestone ${i + 1}`;
    const input = createAchievementAction.parse({ action: 'create', title, description: `Complete ${(i + 1) * 5} lessons`, achievement_type: 'milestone', tier: tiers[i % tiers.length], points_value: 25, criteria: { blocks_completed: (i + 1) * 5 } });
    const created = await createAchievement(principal, input, new Date());
    out.push({ id: created.achievementId, title });
  }
  return out;
}

/** Writes `items` with BatchWriteItem, 25 a request, `inFlight` requests at once, retrying unprocessed items. */
async function batchWrite(items: readonly Record<string, unknown>[], onWritten: (count: number) => void, inFlight = 8): Promise<void> {
  const table = tableName();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, next + 25);
      next += 25;
      let pending: Record<string, unknown>[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} attempts`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * attempt));
        const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
      }
      onWritten(chunk.length);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/**
 * A bench tenant: directory entry, catalog, achievements, members, and D days of ledger ending
 * `lastDate`. Ledger items are exactly activityPut(activityRecord(…)).Put.Item — what the engine's
 * transaction puts (its attribute_not_exists condition only matters for replays; event ids are unique).
 */
export async function buildTenant(input: {
  recorder: HttpRecorder;
  issuer: IssuerKeys;
  tenantId: string;
  learnerIds: string[];
  admins: number;
  days: number;
  lastDate: string;
  now: Date;
  log: (message: string) => void;
}): Promise<BenchTenant> {
  const { tenantId, issuer, log } = input;
  await documentClient().send(new PutCommand(tenantDirectoryPut(tenantId, input.now.toISOString()).Put));
  const instructor = benchUser(issuer, tenantId, ['instructor']);
  const admins = Array.from({ length: input.admins }, () => benchUser(issuer, tenantId, ['org_admin']));
  const courses = await createCatalog(input.recorder, instructor, tenantId);
  const achievements = await createAchievements(tenantId, admins[0]!);
  const catalog: TenantCatalog = { courses, achievements };
  const learners: BenchLearner[] = input.learnerIds.map((userId, index) => {
    const profile = learnerProfile(ACTIVITY_SEED, index);
    return { ...benchUser(issuer, tenantId, ['learner'], profile.timeZone, userId), profile };
  });
  const joinedAt = addDays(input.lastDate, -input.days) + 'T00:00:00.000Z';
  await batchWrite(
    learners.map((l) => ({ ...memberKey(tenantId, l.userId), type: 'member', tenantId, userId: l.userId, roles: ['learner'], joinedAt })),
    () => undefined,
  );

  const dates = historyDates(input.lastDate, input.days);
  const recentFrom = addDays(input.lastDate, -20);
  const items: Record<string, unknown>[] = [];
  const recordsByDate = new Map<string, number>();
  const recent = learners.map(() => ({ events: 0, assessments: 0 }));
  for (const date of dates) {
    for (const learner of learners) {
      for (const event of learnerDayEvents(ACTIVITY_SEED, learner.profile, date)) {
        const activity = activityInputOf(event, { tenantId, userId: learner.userId, timeZone: learner.profile.timeZone, localDate: date, catalog, now: input.now });
        if (!activity) continue;
        const { Put } = activityPut(activityRecord(activity));
        items.push(Put.Item);
        recordsByDate.set(date, (recordsByDate.get(date) ?? 0) + 1);
        if (date >= recentFrom) {
          recent[learner.profile.index]!.events++;
          if (activity.score !== undefined) recent[learner.profile.index]!.assessments++;
        }
      }
    }
  }
  log(`bench: ${tenantId}: writing ${items.length.toLocaleString('en-US')} ledger records (${learners.length} learners × ${dates.length} days, ${dates[0]} … ${input.lastDate}) with BatchWriteItem…`);
  const started = performance.now();
  let written = 0;
  let nextReport = 0.1;
  await batchWrite(items, (count) => {
    written += count;
    while (items.length > 0 && written / items.length >= nextReport - 1e-9) {
      log(`bench:   ${Math.round(nextReport * 100)} % (${written.toLocaleString('en-US')} records, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      nextReport += 0.1;
    }
  });
  return { tenantId, catalog, learners, admins, dates, records: items.length, recordsByDate, recent, recentFrom, writeSeconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------------
// The nightly workflow.

export interface NightlyRunFigures {
  tenantId: string;
  date: string;
  trigger: 'nightly' | 'manual';
  /** Whole execution (PlanRun, Map, AggregateTenant, FinishRun) or the manual fold, ms. */
  wallMs: number;
  /** The AggregateTenant task alone, ms. */
  aggregateTaskMs: number;
  outcome: string;
  /** Ledger records folded per date, with the reason the date was folded. */
  dates: Pick<DateFoldResult, 'date' | 'reason' | 'records' | 'learners'>[];
  /** Records folded (events aggregated), summed over the dates. */
  eventsAggregated: number;
  /** The pipeline's own count: ledger index items read by the folds and the late-arrival probes. */
  ledgerItemsRead: number;
  /** Items DynamoDB returned or counted during AggregateTenant (ledger, aggregates, state), from the responses. */
  itemsRead: ItemsReadTally;
  /** DynamoDB requests per task state, and in total. */
  requestsByTask: Partial<Record<PipelineTaskName, DynamoDbTally>>;
  requests: DynamoDbTally;
}

function addTally(into: DynamoDbTally, from: DynamoDbTally): void {
  into.total += from.total;
  for (const [name, count] of Object.entries(from.byCommand)) into.byCommand[name] = (into.byCommand[name] ?? 0) + count;
}

/**
 * Runs the nightly workflow locally from the synthesized definition, restricted to one tenant (PlanRun
 * wrapped: the directory also lists the default tenant and the other bench tenant), timing the
 * AggregateTenant task and counting the items it reads.
 */
export class NightlyDriver {
  private only = '';
  private last: { ms: number; items: ItemsReadTally; output?: TenantOutcome } | undefined;
  private runner!: LocalPipelineRunner;

  async install(): Promise<void> {
    installItemsReadCounter();
    this.runner = await installLocalAnalyticsPipeline({
      wrap: {
        PlanRun: (real: PipelineTaskFunction) => async (input) => {
          const plan = (await real(input)) as RunPlan;
          return { ...plan, tenants: plan.tenants.filter((t) => t.tenantId === this.only) };
        },
        AggregateTenant: (real: PipelineTaskFunction) => async (input) => {
          const started = performance.now();
          const { result, items } = await measureItemsRead(() => real(input));
          this.last = { ms: performance.now() - started, items, output: result as TenantOutcome };
          return result;
        },
      },
    });
  }

  /** One nightly execution for `date` (the schedule's input with the date set, as a re-run names it). */
  async nightly(tenantId: string, date: string): Promise<NightlyRunFigures> {
    this.only = tenantId;
    this.last = undefined;
    const started = performance.now();
    const execution: LocalPipelineExecution = await this.runner.run(`bench-${tenantId}-${date}-${randomUUID().slice(0, 8)}`, { date });
    const wallMs = performance.now() - started;
    // Set by the AggregateTenant wrapper during the run (TypeScript still sees the reset above).
    const last = this.last as { ms: number; items: ItemsReadTally; output?: TenantOutcome } | undefined;
    const requests: DynamoDbTally = { total: 0, byCommand: {} };
    const requestsByTask: NightlyRunFigures['requestsByTask'] = {};
    for (const call of execution.taskCalls) {
      const t = (requestsByTask[call.task] ??= { total: 0, byCommand: {} });
      addTally(t, call.dynamoDb);
      addTally(requests, call.dynamoDb);
    }
    const failedTask = execution.taskCalls.find((c) => !c.ok);
    const summary = execution.output as { status?: string; failed?: string[] } | undefined;
    const outcome =
      execution.outcome !== 'succeeded'
        ? `execution ${execution.outcome ?? 'unknown'}: ${execution.error ?? ''}`
        : failedTask
          ? `task ${failedTask.task} failed: ${failedTask.error ?? ''}`
          : summary?.status !== 'completed'
            ? `run ${summary?.status ?? 'without status'} (failed: ${(summary?.failed ?? []).join(', ')})`
            : !last?.output
              ? 'AggregateTenant did not run for the tenant'
              : 'ok';
    // The process record holds the per-date folds (the outcome only their count).
    const dates = last?.output ? await foldedDates(tenantId, last.output.processId) : [];
    return {
      tenantId,
      date,
      trigger: 'nightly',
      wallMs,
      aggregateTaskMs: last?.ms ?? 0,
      outcome,
      dates,
      eventsAggregated: dates.reduce((n, d) => n + d.records, 0),
      ledgerItemsRead: last?.output?.ledgerItemsRead ?? 0,
      itemsRead: last?.items ?? { items: 0, byCommand: {} },
      requestsByTask,
      requests,
    };
  }
}

/** A manual fold of one date (the org admin's reprocessing path, without the HTTP round trip). */
export async function manualFold(tenantId: string, date: string): Promise<NightlyRunFigures> {
  installItemsReadCounter();
  const started = performance.now();
  const { result, tally } = await measureDynamoDbRequests(() => measureItemsRead(() => aggregateTenant({ tenantId, date, trigger: 'manual' })));
  const ms = performance.now() - started;
  const dates = result.result.dates.map((d) => ({ date: d.date, reason: d.reason, records: d.records, learners: d.learners }));
  return {
    tenantId,
    date,
    trigger: 'manual',
    wallMs: ms,
    aggregateTaskMs: ms,
    outcome: 'ok',
    dates,
    eventsAggregated: dates.reduce((n, d) => n + d.records, 0),
    ledgerItemsRead: result.result.ledgerItemsRead,
    itemsRead: result.items,
    requestsByTask: { AggregateTenant: tally },
    requests: tally,
  };
}

async function foldedDates(tenantId: string, processId: string): Promise<NightlyRunFigures['dates']> {
  const record = await getProcess(tenantId, processId);
  return (record?.dates ?? []).map((d) => ({ date: d.date, reason: d.reason, records: d.records, learners: d.learners }));
}

// ---------------------------------------------------------------------------------------------------
// The read routes.

export interface ReadRoute {
  id: string;
  title: string;
  /** The calls, in order; callers are principals of the tenant, each within its rate class. */
  calls: { request: RequestOptions; learner?: BenchLearner }[];
  /** What is wrong with one answer (empty when right). */
  check: (response: Response, learner: BenchLearner | undefined) => string[];
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const obj = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** The checks shared by the seed 003 routes: the envelope, and the nightly aggregates used through the last date. */
function seed003Problems(body: Record<string, unknown>, lastDate: string): string[] {
  const problems: string[] = [];
  if (body.success !== true) problems.push('success is not true');
  const meta = obj(body.meta);
  if (meta.nightlyThrough !== lastDate) problems.push(`meta.nightlyThrough = ${JSON.stringify(meta.nightlyThrough)}, expected ${lastDate}`);
  return problems;
}

/**
 * The seven read routes with their calls and checks. Every answer must be 2xx with the aggregates of
 * the last folded date; a learner with activity in the last 20 days must get non-null figures (and one
 * with scored attempts a non-null average score); the dashboard must show the tenant's members, daily
 * active users, sessions and achievements.
 */
export function readRoutes(tenant: BenchTenant, lastDate: string, callsPerRoute: number): ReadRoute[] {
  const learnerCalls = (path: (l: BenchLearner) => string) =>
    Array.from({ length: callsPerRoute }, (_, i) => {
      const learner = tenant.learners[i % tenant.learners.length]!;
      return { request: { method: 'GET' as const, path: path(learner), token: learner.token }, learner };
    });
  const active = (l: BenchLearner | undefined) => (l ? tenant.recent[l.profile.index]!.events > 0 : false);
  const scored = (l: BenchLearner | undefined) => (l ? tenant.recent[l.profile.index]!.assessments > 0 : false);
  const seed003 = (segment: string, data: (d: Record<string, unknown>, l: BenchLearner | undefined) => string[]): ReadRoute => ({
    id: `learnerAnalytics.${segment}`,
    title: `seed 003 GET /api/v1/analytics/learner/${segment}/{userId}`,
    calls: learnerCalls((l) => `/api/v1/analytics/learner/${segment}/${l.userId}`),
    check: (response, learner) => {
      const body = obj(response.body);
      return [...seed003Problems(body, lastDate), ...data(obj(body.data), learner)];
    },
  });
  return [
    {
      id: 'analytics.dashboard',
      title: 'seed 000 POST /functions/v1/analytics-dashboard get_dashboard (org_admin)',
      calls: Array.from({ length: callsPerRoute }, (_, i) => ({ request: { method: 'POST' as const, path: '/functions/v1/analytics-dashboard', token: tenant.admins[i % tenant.admins.length]!.token, body: { action: 'get_dashboard' } } })),
      check: (response) => {
        const body = obj(response.body);
        const data = obj(body.data);
        const problems: string[] = [];
        if (body.success !== true) problems.push('success is not true');
        if (data.data_through !== lastDate) problems.push(`data_through = ${JSON.stringify(data.data_through)}, expected ${lastDate}`);
        const overview = obj(data.overview);
        if (overview.total_users !== tenant.learners.length) problems.push(`overview.total_users = ${JSON.stringify(overview.total_users)}, expected ${tenant.learners.length}`);
        if (!isNumber(overview.active_users_30d) || overview.active_users_30d <= 0) problems.push(`overview.active_users_30d = ${JSON.stringify(overview.active_users_30d)}`);
        const engagement = obj(data.engagement_metrics);
        const dau = Array.isArray(engagement.daily_active_users) ? (engagement.daily_active_users as { users: number }[]) : [];
        if (!dau.some((d) => d.users > 0)) problems.push('engagement_metrics.daily_active_users has no day with users');
        if (!isNumber(engagement.session_duration_avg_minutes)) problems.push('engagement_metrics.session_duration_avg_minutes is null');
        if (!isNumber(engagement.bounce_rate)) problems.push('engagement_metrics.bounce_rate is null');
        const achievements = obj(data.achievement_metrics);
        if (!isNumber(achievements.total_achievements_earned)) problems.push('achievement_metrics.total_achievements_earned is null');
        if (!obj(data.completion_metrics).course_completions) problems.push('completion_metrics.course_completions missing');
        return problems;
      },
    },
    {
      id: 'learnerAnalytics.learning',
      title: 'seed 002 GET /api/v1/analytics/learning/?period=all_time (own)',
      calls: learnerCalls(() => '/api/v1/analytics/learning/?period=all_time'),
      check: (response, learner) => {
        const body = obj(response.body);
        const summary = obj(body.summary);
        const problems: string[] = [];
        if (obj(body.data_source).nightlyThrough !== lastDate) problems.push(`data_source.nightlyThrough = ${JSON.stringify(obj(body.data_source).nightlyThrough)}, expected ${lastDate}`);
        if (active(learner) && !(isNumber(summary.total_learning_time_minutes) && summary.total_learning_time_minutes > 0)) problems.push(`active learner: summary.total_learning_time_minutes = ${JSON.stringify(summary.total_learning_time_minutes)}`);
        if (active(learner) && !(Array.isArray(body.daily_activity) && body.daily_activity.length > 0)) problems.push('active learner: daily_activity is empty');
        return problems;
      },
    },
    {
      id: 'learnerAnalytics.progressAnalytics',
      title: 'seed 004 GET /api/progress/analytics (own)',
      calls: learnerCalls(() => '/api/progress/analytics'),
      check: (response, learner) => {
        const body = obj(response.body);
        const data = obj(body.data);
        const problems: string[] = [];
        if (body.success !== true) problems.push('success is not true');
        if (obj(body.meta).nightlyThrough !== lastDate) problems.push(`meta.nightlyThrough = ${JSON.stringify(obj(body.meta).nightlyThrough)}, expected ${lastDate}`);
        // progressTrends cover this calendar week and month only, so a learner active earlier rightly has zeros there.
        if (!Array.isArray(data.progressTrends) || data.progressTrends.length === 0) problems.push('progressTrends is empty');
        if (active(learner) && obj(data.streaks).lastActiveDate == null) problems.push('active learner: streaks.lastActiveDate is null');
        const performance = obj(data.performance);
        if (scored(learner) && !(isNumber(performance.avgScore) && isNumber(performance.assessmentsTaken) && performance.assessmentsTaken > 0)) {
          problems.push(`learner with scored attempts: performance.avgScore ${JSON.stringify(performance.avgScore)}, assessmentsTaken ${JSON.stringify(performance.assessmentsTaken)}`);
        }
        return problems;
      },
    },
    seed003('velocity', (d, l) => (active(l) && !isNumber(d.currentPace) ? ['active learner: currentPace is null'] : [])),
    seed003('engagement', (d, l) =>
      active(l) && !(isNumber(d.overallScore) && isNumber(d.sessions) && d.sessions > 0) ? [`active learner: overallScore ${JSON.stringify(d.overallScore)}, sessions ${JSON.stringify(d.sessions)}`] : [],
    ),
    seed003('performance', (d, l) => (scored(l) && !isNumber(d.avgScore) ? ['learner with scored attempts: avgScore is null'] : [])),
    seed003('content-effectiveness', (d, l) => (active(l) && !(Array.isArray(d.byContentType) && d.byContentType.length > 0) ? ['active learner: byContentType is empty'] : [])),
  ];
}

export interface RouteRun {
  /** The route table's id of the route the calls reached. */
  routeId: string;
  wallMs: number;
  problems: number;
  problemExamples: string[];
  answers: number;
}

/**
 * Sends a route's calls with `concurrency` callers pulling from one queue, checking every answer.
 * `warmUp` calls (unrecorded, first callers) go first so module loading and JIT are not billed.
 */
export async function runRoute(recorder: HttpRecorder, route: ReadRoute, concurrency: number, warmUp: number): Promise<RouteRun> {
  for (const call of route.calls.slice(0, warmUp)) {
    const response = await recorder.send(call.request, false);
    if (response.status < 200 || response.status > 299) throw new Error(`warm-up of ${route.id} failed: HTTP ${response.status} ${response.text.slice(0, 300)}`);
  }
  const examples: string[] = [];
  let problems = 0;
  let next = 0;
  const note = (message: string) => {
    problems++;
    if (examples.length < 20) examples.push(`${route.id}: ${message}`);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, route.calls.length) }, async () => {
      while (next < route.calls.length) {
        const call = route.calls[next++]!;
        try {
          const response = await recorder.send(call.request);
          if (response.status < 200 || response.status > 299) note(`HTTP ${response.status} ${response.text.slice(0, 200)}`);
          else for (const problem of route.check(response, call.learner)) note(`${call.learner ? `learner ${call.learner.profile.index + 1} (${call.learner.profile.timeZone}): ` : ''}${problem}`);
        } catch (err) {
          note(`network error: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }),
  );
  const first = route.calls[0]?.request;
  const routeId = first ? (recorder.routeOf(first.method, first.path)?.id ?? route.id) : route.id;
  return { routeId, wallMs: performance.now() - started, problems, problemExamples: examples, answers: route.calls.length };
}
