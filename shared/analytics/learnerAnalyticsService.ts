import type { Principal } from '../auth/principal.js';
import type { CourseRecord } from '../catalog/course.js';
import { record as courseRecordOf } from '../catalog/courseRepository.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { countEarned } from '../certificates/certificate.js';
import { achievementIndexKey, aggregationStateKey, certificateIndexKey, courseKey, courseOutlineKey, learnerCourseKey, learnerStatsKey, profileKey, streakCheckpointKey } from '../db/keys.js';
import { evaluateCriteria } from '../domain/achievementCriteria.js';
import { visibleLessons, type CourseOutline } from '../domain/courseProgress.js';
import { foldDay, type FoldRecord, type LearnerDay, type LessonFacts, type LessonLookup } from '../domain/dailyAggregates.js';
import * as f from '../domain/learnerFigures.js';
import { addDays, localDateOf, weekStartOf } from '../domain/localDate.js';
import type { FoldedDay, StreakState } from '../domain/streak.js';
import { computeStreakRead, windowStartAfter } from '../domain/streakCheckpoint.js';
import { STREAK_ACTIVITY_TYPES } from '../domain/streakDay.js';
import { streakLevelOf } from '../domain/streakLevel.js';
import { courseProgressFigures, learningStatusOf, type CourseProgressFigures, type SummaryFacts } from '../enrollment/enrollmentProgress.js';
import { definitionsOf, factsOf, statsOf } from '../gamification/learnerStats.js';
import { weeklyStudyMinutes } from '../programs/studyPace.js';
import { listActivities, type ActivityRecord } from '../progress/activity.js';
import { planSubject, settleSubject } from '../progress/progressSubject.js';
import { readLearnerDays } from './aggregateStore.js';

/**
 * Learner analytics (issue 14, docs/analytics.md "Learner analytics"): seed 003 §2 velocity, engagement,
 * performance and content effectiveness, seed 002 learning analytics and seed 004 progress analytics.
 * Figures come from the nightly learner-days for dates ≤ the tenant's aggregated-through date and from
 * a live fold (the same foldDay) of the learner's ledger for the dates after it, so today's activity
 * shows within seconds of the write. Pure rules are in shared/domain/learnerFigures.ts.
 *
 * Requests per call, whatever the tenant's size (the learner's own partitions only):
 *   round 1, in parallel: 1 Query of the learner's learner-days (the window, +1 per MB)
 *                         1 Query of the learner's timeline (gsi1) since the live window's start
 *   round 2:              1 BatchGetItem: the tenant's aggregation state, the outlines of the courses of
 *                         the live records (lesson types and skills), plus the route's small items
 *                         (membership and profile of another learner, STATS, course records, summaries).
 * Seed 004 instead reads its BatchGet (with the streak checkpoint) beside the learner-days Query, then
 * the timeline from the checkpoint, which the streak needs: also 3.
 *
 * Timeline: no request is made before the role check (a learner naming another → 403). Membership of a
 * named learner comes back in round 2, so round 1 may read a non-member's (empty, tenant-keyed)
 * partitions before the 404; nothing of them is returned. The rule is progressSubject.ts's, split in
 * planSubject / settleSubject so its reads ride on the round-2 BatchGet and a supervisor's read stays
 * within 3 requests.
 */

/** A learner-local date window the caller asked for (`startDate`/`endDate`). */
export interface WindowQuery {
  startDate?: string | undefined;
  endDate?: string | undefined;
}

/** Default window length (seed 003: startDate defaults to 30 days ago). */
export const DEFAULT_WINDOW_DAYS = 30;

/** Earliest server time a record counting on any live date can carry: (UTC date − LIVE_DAYS) 00:00 in UTC+14. */
export function liveTimelineStart(now: Date): string {
  const utcDate = now.toISOString().slice(0, 10);
  return new Date(Date.parse(`${addDays(utcDate, -f.LIVE_DAYS)}T00:00:00.000Z`) - 14 * 3_600_000).toISOString();
}

function courseIdsOf(days: readonly LearnerDay[], records: readonly ActivityRecord[]): string[] {
  const ids = new Set<string>();
  for (const d of days) for (const c of Object.values(d.content ?? {})) if (c.contentType === 'course') ids.add(c.contentId);
  for (const r of records) if (r.contentType === 'course') ids.add(r.contentId);
  return [...ids].sort();
}

function lessonLookupOf(tenantId: string, courseIds: readonly string[], found: Map<string, Record<string, unknown>>): LessonLookup {
  const lessons = new Map<string, LessonFacts>();
  for (const courseId of courseIds) {
    const outline = found.get(itemId(courseOutlineKey(tenantId, courseId)))?.outline as CourseOutline | undefined;
    for (const lesson of outline?.lessons ?? []) lessons.set(`${courseId}|${lesson.lessonId}`, { type: lesson.type, skills: lesson.skills ?? [] });
  }
  return (courseId, lessonId) => lessons.get(`${courseId}|${lessonId}`);
}

/** The learner-days of the plan: nightly items for nightly dates, the live fold for live dates. */
export function assembleDays(plan: f.SourcePlan, nightly: readonly LearnerDay[], records: readonly ActivityRecord[], lessons: LessonLookup): LearnerDay[] {
  const live = new Set(plan.live);
  const out = nightly.filter((d) => plan.nightlyThrough !== null && d.date <= plan.nightlyThrough && !live.has(d.date));
  for (const date of plan.live) {
    const day = foldDay(date, records as unknown as FoldRecord[], lessons).learners[0];
    if (day) out.push(day);
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

interface Gathered {
  userId: string;
  timeZone: string;
  today: string;
  plan: f.SourcePlan;
  days: LearnerDay[];
  found: Map<string, Record<string, unknown>>;
  courseIds: string[];
}

/**
 * The three requests of a seed 002/003 read: learner-days over [fetchFrom, fetchTo] and the live
 * timeline in parallel, then one BatchGet of the state, the live courses' outlines and `extraKeys`.
 */
async function gather(
  principal: Principal,
  requested: string | undefined,
  now: Date,
  fetchFrom: string,
  fetchTo: string,
  extraKeys: (courseIds: string[], userId: string) => ItemKey[] = () => [],
): Promise<Gathered> {
  const tenantId = principal.tenantId;
  const subject = planSubject(principal, requested);
  const [nightly, records] = await Promise.all([readLearnerDays(tenantId, subject.userId, fetchFrom, fetchTo), listActivities(tenantId, subject.userId, { from: liveTimelineStart(now) })]);
  const courseIds = courseIdsOf(nightly, records);
  const liveCourses = courseIdsOf([], records);
  const found = await batchGetItems([aggregationStateKey(tenantId), ...subject.keys, ...liveCourses.map((c) => courseOutlineKey(tenantId, c)), ...extraKeys(courseIds, subject.userId)]);
  const { timeZone } = settleSubject(principal, subject, found);
  const stateThrough = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  const today = localDateOf(now, timeZone);
  const plan = f.sourcePlan(today, typeof stateThrough === 'string' ? stateThrough : null);
  const days = assembleDays(plan, nightly, records, lessonLookupOf(tenantId, liveCourses, found));
  return { userId: subject.userId, timeZone, today, plan, days, found, courseIds };
}

/** The meta every learner figure answers with: which dates were nightly, which live, which had no source. */
export type SourceMeta = {
  calculatedAt: string;
  dataSource: 'nightly' | 'live' | 'nightly+live' | 'none';
  nightlyThrough: string | null;
  liveDates: string[];
  unavailable: { from: string; to: string } | null;
  timeZone: string;
  window: { startDate: string; endDate: string };
};

export function sourceMeta(g: Pick<Gathered, 'plan' | 'timeZone'>, window: f.DateWindow, now: Date): SourceMeta {
  const covered = f.coveredDates(g.plan, window);
  const liveDates = covered.filter((d) => g.plan.live.includes(d));
  const nightly = covered.length - liveDates.length;
  const dataSource = covered.length === 0 ? 'none' : liveDates.length === 0 ? 'nightly' : nightly === 0 ? 'live' : 'nightly+live';
  const gap = g.plan.unavailable;
  const from = gap ? (gap.from === null || gap.from < window.from ? window.from : gap.from) : null;
  const to = gap ? (gap.to > window.to ? window.to : gap.to) : null;
  return {
    calculatedAt: now.toISOString(),
    dataSource,
    nightlyThrough: g.plan.nightlyThrough,
    liveDates,
    unavailable: from !== null && to !== null && from <= to ? { from, to } : null,
    timeZone: g.timeZone,
    window: { startDate: window.from, endDate: window.to },
  };
}

/**
 * The window of a seed 003 query in the subject's calendar: endDate defaults to today, startDate to
 * 29 days before endDate (30 days inclusive). The schema has already rejected inverted or > 366 days.
 */
export function resolveWindow(query: WindowQuery, today: string): f.DateWindow {
  const to = query.endDate ?? (query.startDate && query.startDate > today ? query.startDate : today);
  const from = query.startDate ?? addDays(to, -(DEFAULT_WINDOW_DAYS - 1));
  return { from, to };
}

/** A window computed before the subject's zone is known, padded a day each side (zones differ by ≤ 1 date). */
function provisionalWindow(query: WindowQuery, now: Date): f.DateWindow {
  const w = resolveWindow(query, now.toISOString().slice(0, 10));
  return { from: addDays(w.from, -1), to: addDays(w.to, 1) };
}

interface WindowFigures {
  window: f.DateWindow;
  days: LearnerDay[];
  covered: number;
  totals: f.Totals;
}

function figuresOver(g: Gathered, window: f.DateWindow): WindowFigures {
  const days = f.daysIn(g.days, window);
  return { window, days, covered: f.coveredDates(g.plan, window).length, totals: f.totalsOf(days) };
}

// ---- Seed 003 velocity ----

interface CourseFacts {
  courseId: string;
  course: CourseRecord;
  outline: CourseOutline | undefined;
  summary: (SummaryFacts & { completions?: Record<string, string> }) | undefined;
  figures: CourseProgressFigures;
}

const courseKeys = (tenantId: string, userId: string) => (courseIds: string[]) => courseIds.flatMap((c) => [courseKey(tenantId, c), courseOutlineKey(tenantId, c), learnerCourseKey(tenantId, userId, c)]);

function coursesOf(tenantId: string, userId: string, courseIds: readonly string[], found: Map<string, Record<string, unknown>>): CourseFacts[] {
  const out: CourseFacts[] = [];
  for (const courseId of courseIds) {
    const item = found.get(itemId(courseKey(tenantId, courseId)));
    if (!item) continue;
    const course = courseRecordOf<CourseRecord>(item);
    const outline = found.get(itemId(courseOutlineKey(tenantId, courseId)))?.outline as CourseOutline | undefined;
    const summary = found.get(itemId(learnerCourseKey(tenantId, userId, courseId))) as CourseFacts['summary'];
    out.push({ courseId, course, outline, summary, figures: courseProgressFigures(course, outline, summary) });
  }
  return out;
}

export interface Milestone {
  name: string;
  type: 'section' | 'course';
  courseId: string;
  completedAt: string;
  daysToComplete: number;
}

/** Sections (all visible lessons completed) and courses completed inside the window, with the days they took. */
export function milestonesOf(courses: readonly CourseFacts[], window: f.DateWindow, timeZone: string): Milestone[] {
  const local = (iso: string) => localDateOf(new Date(iso), timeZone);
  const out: Milestone[] = [];
  for (const c of courses) {
    const completions = c.summary?.completions ?? {};
    if (c.outline && c.outline.version === c.course.version) {
      const visible = visibleLessons(c.outline);
      for (const section of c.outline.sections.filter((s) => s.isPublished)) {
        const instants = visible.filter((l) => l.sectionId === section.sectionId).map((l) => completions[l.lessonId]);
        if (instants.length === 0 || instants.some((i) => i === undefined)) continue;
        const sorted = (instants as string[]).sort();
        const completedAt = local(sorted[sorted.length - 1]!);
        if (completedAt < window.from || completedAt > window.to) continue;
        out.push({ name: section.title, type: 'section', courseId: c.courseId, completedAt, daysToComplete: f.daysToComplete(local(sorted[0]!), completedAt) });
      }
    }
    if (c.figures.completedAt) {
      const completedAt = local(c.figures.completedAt);
      const first = Object.values(completions).sort()[0] ?? c.figures.completedAt;
      if (completedAt >= window.from && completedAt <= window.to) out.push({ name: c.course.title, type: 'course', courseId: c.courseId, completedAt, daysToComplete: f.daysToComplete(local(first), completedAt) });
    }
  }
  return out.sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : a.type === b.type ? (a.name < b.name ? -1 : 1) : a.type === 'section' ? -1 : 1));
}

/** Minutes of each lesson not yet completed in an in-progress course (current outlines only). */
function remainingLessons(courses: readonly CourseFacts[]): { count: number; minutes: number[] } {
  let count = 0;
  const minutes: number[] = [];
  for (const c of courses) {
    if (learningStatusOf(c.figures) !== 'in_progress') continue;
    count += c.figures.totalLessons - c.figures.completedLessons;
    if (c.outline && c.outline.version === c.course.version) {
      const done = c.summary?.completions ?? {};
      for (const l of visibleLessons(c.outline)) if (done[l.lessonId] === undefined) minutes.push(l.durationMinutes);
    }
  }
  return { count, minutes };
}

/** The learner's weekly study goal in minutes: only when they chose study days in their preferences. */
function weeklyGoalMinutes(profile: Record<string, unknown> | undefined): number | null {
  const prefs = profile?.preferences as { defaultSessionLength?: number; reminderSettings?: { days?: string[] } } | undefined;
  if (!prefs?.reminderSettings?.days?.length || typeof prefs.defaultSessionLength !== 'number') return null;
  return weeklyStudyMinutes({ defaultSessionLength: prefs.defaultSessionLength, reminderSettings: prefs.reminderSettings });
}

export async function learnerVelocity(principal: Principal, userId: string, query: WindowQuery, now: Date) {
  const p = provisionalWindow(query, now);
  const tenantId = principal.tenantId;
  const g = await gather(principal, userId, now, f.previousWindow(p).from, p.to, (ids, uid) => [...courseKeys(tenantId, uid)(ids), profileKey(uid)]);
  const window = resolveWindow(query, g.today);
  const current = figuresOver(g, window);
  const previous = figuresOver(g, f.previousWindow(window));
  const currentPace = f.perWeek(current.totals.topics, current.covered);
  const previousPace = f.perWeek(previous.totals.topics, previous.covered);
  const courses = coursesOf(tenantId, g.userId, g.courseIds, g.found);
  const remaining = remainingLessons(courses);
  const targetPace = f.goalPace(weeklyGoalMinutes(g.found.get(itemId(profileKey(g.userId)))), remaining.minutes);
  return {
    data: {
      userId: g.userId,
      currentPace,
      targetPace,
      unit: 'topics/week',
      ...f.paceTrend(currentPace, previousPace),
      ...f.paceStatus(currentPace, targetPace),
      estimatedCompletion: f.estimatedCompletion(g.today, remaining.count, currentPace),
      milestones: milestonesOf(courses, window, g.timeZone),
      topicsCompleted: current.totals.topics,
      previousPace,
      remainingTopics: remaining.count,
    },
    meta: sourceMeta(g, window, now),
  };
}

// ---- Seed 003 engagement ----

export async function learnerEngagement(principal: Principal, userId: string, query: WindowQuery, now: Date) {
  const p = provisionalWindow(query, now);
  const weeksFrom = f.lastIsoWeeks(p.to)[0]!.from;
  const prevFrom = f.previousWindow(p).from;
  const g = await gather(principal, userId, now, weeksFrom < prevFrom ? addDays(weeksFrom, -1) : prevFrom, p.to);
  const window = resolveWindow(query, g.today);
  const current = figuresOver(g, window);
  const previous = figuresOver(g, f.previousWindow(window));
  const overallScore = f.engagementScore(current.totals, current.covered);
  const lastAt = current.days.map((d) => d.lastAt).sort().pop() ?? null;
  return {
    data: {
      userId: g.userId,
      overallScore,
      trend: f.scoreTrend(overallScore, f.engagementScore(previous.totals, previous.covered), 'increasing', 'decreasing'),
      sessionsPerWeek: f.perWeek(current.totals.sessions, current.covered),
      avgSessionDuration: current.totals.sessions > 0 ? Math.round(current.totals.sessionSeconds / 60 / current.totals.sessions) : null,
      lastActive: lastAt,
      engagementByType: f.engagementByType(f.kindsOf(current.days)),
      weeklyTrend: f.lastIsoWeeks(window.to).map((w) => {
        const week = figuresOver(g, w);
        return f.engagementScore(week.totals, week.covered);
      }),
      activeDays: current.totals.activeDays,
      sessions: current.totals.sessions,
    },
    meta: sourceMeta(g, window, now),
  };
}

// ---- Seed 003 performance ----

export async function learnerPerformance(principal: Principal, userId: string, query: WindowQuery, now: Date) {
  const p = provisionalWindow(query, now);
  const g = await gather(principal, userId, now, f.previousWindow(p).from, p.to);
  const window = resolveWindow(query, g.today);
  const current = figuresOver(g, window);
  const previous = figuresOver(g, f.previousWindow(window));
  const avgScore = f.averageScore(current.totals.scoreSum, current.totals.assessments);
  return {
    data: {
      userId: g.userId,
      avgScore,
      trend: f.scoreTrend(avgScore, f.averageScore(previous.totals.scoreSum, previous.totals.assessments), 'improving', 'declining'),
      assessmentsTaken: current.totals.assessments,
      passRate: f.percentOf(current.totals.passed, current.totals.graded),
      performanceBySkill: f.skillFigures(current.days, previous.days),
      recentScores: f.recentScores(current.days),
    },
    meta: sourceMeta(g, window, now),
  };
}

// ---- Seed 003 content effectiveness ----

export async function learnerContentEffectiveness(principal: Principal, userId: string, query: WindowQuery, now: Date) {
  const p = provisionalWindow(query, now);
  const g = await gather(principal, userId, now, p.from, p.to);
  const window = resolveWindow(query, g.today);
  const current = figuresOver(g, window);
  const figures = f.contentTypeFigures(f.kindsOf(current.days));
  const { most, least } = f.splitByEffectiveness(figures);
  const recommendations = f.recommendationsFor(figures);
  const shown = ({ contentType, effectiveness, completionRate, avgRetention, itemDays, itemsCompleted, assessments }: f.ContentTypeFigure) => ({ contentType, effectiveness, completionRate, avgRetention, itemDays, itemsCompleted, assessments });
  return {
    data: {
      userId: g.userId,
      mostEffective: most.map(shown),
      leastEffective: least.map(shown),
      recommendations: recommendations.map((r) => r.message),
      byContentType: figures.map(shown),
      recommendationDetails: recommendations,
    },
    meta: sourceMeta(g, window, now),
  };
}

// ---- Seed 002 learning analytics ----

/** The entries of a learner's certificate index (a string set; absent = none). */
function certificateEntries(index: Record<string, unknown> | undefined): string[] {
  const issued = index?.issued;
  return issued instanceof Set ? [...(issued as Set<string>)] : [];
}

export interface LearningQuery {
  period: f.LearningPeriod;
  course_id?: string | undefined;
}

function earnedAchievements(tenantId: string, userId: string, found: Map<string, Record<string, unknown>>) {
  const stats = statsOf(found.get(itemId(learnerStatsKey(tenantId, userId))));
  const definitions = new Map(definitionsOf(found.get(itemId(achievementIndexKey(tenantId)))).map((d) => [d.id, d]));
  return { stats, definitions };
}

/** Seed 002 `GET /api/v1/analytics/learning/`: the caller's own figures for a calendar period to date. */
export async function learningAnalytics(principal: Principal, query: LearningQuery, now: Date) {
  const tenantId = principal.tenantId;
  const utcToday = now.toISOString().slice(0, 10);
  const provisional = f.periodWindow(query.period, utcToday, null);
  const fetchFrom = query.period === 'all_time' ? '0000-01-01' : addDays(provisional.from, -1);
  const g = await gather(principal, undefined, now, fetchFrom, addDays(utcToday, 1), (ids, uid) => [
    learnerStatsKey(tenantId, uid),
    achievementIndexKey(tenantId),
    certificateIndexKey(tenantId, uid),
    ...courseKeys(tenantId, uid)(query.course_id !== undefined ? [query.course_id] : ids),
  ]);
  const window = f.periodWindow(query.period, g.today, g.days[0]?.date ?? null);
  const days = f.daysIn(g.days, window);
  const contentKey = query.course_id !== undefined ? `course:${query.course_id}` : null;
  const daily = days
    .map((d) => {
      const c = contentKey ? d.content[contentKey] : undefined;
      const part = contentKey ? { events: c?.events ?? 0, seconds: c?.seconds ?? 0, topics: c?.topics ?? 0, assessments: c?.assessments ?? 0, scoreSum: c?.scoreSum ?? 0, courseCompletions: c?.completed ? 1 : 0, certificates: 0 } : d;
      return { date: d.date, ...part };
    })
    .filter((d) => d.events > 0);
  const sum = (key: 'seconds' | 'topics' | 'assessments' | 'scoreSum' | 'courseCompletions' | 'certificates') => daily.reduce((s, d) => s + d[key], 0);
  const covered = f.coveredDates(g.plan, window).length;
  const activeCourses = new Set(days.flatMap((d) => Object.values(d.content).filter((c) => c.contentType === 'course' && c.events > 0).map((c) => c.contentId)));
  const courses = coursesOf(tenantId, g.userId, query.course_id !== undefined ? [query.course_id] : g.courseIds, g.found).filter((c) => activeCourses.has(c.courseId));
  const { definitions, stats } = earnedAchievements(tenantId, g.userId, g.found);
  const orNull = (v: number) => (covered > 0 ? v : null);
  return {
    period: query.period,
    summary: {
      total_learning_time_minutes: orNull(Math.round(sum('seconds') / 60)),
      courses_in_progress: orNull(courses.filter((c) => learningStatusOf(c.figures) === 'in_progress').length),
      courses_completed: orNull(sum('courseCompletions')),
      lessons_completed: orNull(sum('topics')),
      quizzes_taken: orNull(sum('assessments')),
      average_quiz_score: f.averageScore(sum('scoreSum'), sum('assessments')),
      // Issue 23: issued, unrevoked certificates dated in the period, from the learner's certificate index
      // (read in the same BatchGetItem). Known exactly even without activity aggregates, so never null.
      certificates_earned: countEarned(certificateEntries(g.found.get(itemId(certificateIndexKey(tenantId, g.userId)))), query.period === 'all_time' ? undefined : window, query.course_id),
    },
    daily_activity: daily.map((d) => ({ date: d.date, minutes_learned: Math.round(d.seconds / 60), lessons_completed: d.topics, quizzes_taken: d.assessments })),
    course_progress: courses.map((c) => ({
      course_id: c.courseId,
      course_title: c.course.title,
      progress_percentage: c.figures.percentage,
      time_spent_minutes: c.figures.timeSpentMinutes,
      last_activity: c.figures.lastAccessedAt,
    })),
    achievements: contentKey
      ? []
      : Object.entries(stats.held)
          .filter(([, at]) => {
            const date = localDateOf(new Date(at), g.timeZone);
            return date >= window.from && date <= window.to;
          })
          .sort(([, a], [, b]) => (a < b ? 1 : -1))
          .map(([id, at]) => {
            const d = definitions.get(id);
            const latest = stats.latestAchievement?.id === id ? stats.latestAchievement : null;
            return { type: d?.achievementType ?? null, title: d?.title ?? latest?.name ?? id, description: d?.description ?? latest?.description ?? '', earned_at: at, icon_url: d?.badgeImageUrl ?? latest?.icon ?? null };
          }),
    data_source: sourceMeta(g, window, now),
  };
}

// ---- Seed 004 progress analytics ----

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The stored streak checkpoint (shared/gamification/streakCheckpointRepository.ts's item) read inside this
 * route's BatchGet. Anything that does not decode reads as "no checkpoint", exactly as the repository
 * treats it: the streak is then folded from the whole timeline.
 */
function checkpointOf(item: Record<string, unknown> | undefined): StreakState | undefined {
  if (!item || typeof item.through !== 'string' || !DATE.test(item.through) || !Array.isArray(item.recent)) return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : NaN);
  const [current, longest, freezes, run] = [n(item.current), n(item.longest), n(item.freezes), n(item.run)];
  if ([current, longest, freezes, run].some(Number.isNaN)) return undefined;
  const recent: FoldedDay[] = [];
  for (const value of item.recent) {
    const match = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2}):(active|frozen|missed)(?::([a-z_]+))?$/.exec(value) : null;
    if (!match) return undefined;
    const type = match[3] && (STREAK_ACTIVITY_TYPES as readonly string[]).includes(match[3]) ? (match[3] as FoldedDay['activityType']) : null;
    recent.push({ date: match[1]!, status: match[2] as FoldedDay['status'], activityType: match[2] === 'active' ? (type ?? 'lesson') : null });
  }
  const lastActive = typeof item.lastActive === 'string' && DATE.test(item.lastActive) ? item.lastActive : null;
  return { through: item.through, current: current!, longest: longest!, freezes: freezes!, run: run!, lastActive, recent };
}

/** Seed 004 `GET /api/progress/analytics`: streaks, achievements, progressTrends and performance of the caller. */
export async function progressAnalytics(principal: Principal, now: Date) {
  const tenantId = principal.tenantId;
  const userId = principal.userId;
  const timeZone = principal.timeZone;
  const today = localDateOf(now, timeZone);
  const month = { from: `${today.slice(0, 8)}01`, to: today };
  const performanceWindow = { from: addDays(today, -(DEFAULT_WINDOW_DAYS - 1)), to: today };
  const fetchFrom = month.from < performanceWindow.from ? month.from : performanceWindow.from;
  const [nightly, found] = await Promise.all([
    readLearnerDays(tenantId, userId, fetchFrom, today),
    batchGetItems([aggregationStateKey(tenantId), learnerStatsKey(tenantId, userId), achievementIndexKey(tenantId), streakCheckpointKey(tenantId, userId)]),
  ]);
  const checkpoint = checkpointOf(found.get(itemId(streakCheckpointKey(tenantId, userId))));
  const liveStart = liveTimelineStart(now);
  const streakStart = checkpoint?.through ? windowStartAfter(checkpoint.through) : null;
  const records = await listActivities(tenantId, userId, streakStart === null ? {} : { from: streakStart < liveStart ? streakStart : liveStart });
  const stateThrough = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  const plan = f.sourcePlan(today, typeof stateThrough === 'string' ? stateThrough : null);
  // Seed 004's figures use no content kinds or skills, so the live fold needs no lesson outlines.
  const days = assembleDays(plan, nightly, records, () => undefined);
  const streakRecords = streakStart === null ? records : records.filter((r) => r.occurredAt >= streakStart);
  const { summary } = computeStreakRead({ checkpoint, records: streakRecords, now, timeZone, historyDays: 1 });

  const stats = statsOf(found.get(itemId(learnerStatsKey(tenantId, userId))));
  const facts = factsOf(stats, now, summary.longestStreak);
  const achievements = definitionsOf(found.get(itemId(achievementIndexKey(tenantId)))).map((d) => ({
    id: d.id,
    name: d.title,
    description: d.description,
    icon: d.badgeImageUrl ?? null,
    tier: d.tier,
    earnedAt: stats.held[d.id] ?? null,
    progress: stats.held[d.id] ? 100 : evaluateCriteria(d.criteria, facts).progress,
  }));

  const g = { plan, timeZone };
  const periods: { period: 'daily' | 'weekly' | 'monthly'; window: f.DateWindow }[] = [
    { period: 'daily', window: { from: today, to: today } },
    { period: 'weekly', window: { from: weekStartOf(today), to: today } },
    { period: 'monthly', window: month },
  ];
  const progressTrends = periods.flatMap(({ period, window }) => {
    const covered = f.coveredDates(plan, window).length;
    const t = f.totalsOf(f.daysIn(days, window));
    const value = (v: number) => (covered > 0 ? v : null);
    const row = (metricType: string, metricValue: number | null) => ({ metricType, metricValue, period, periodStart: window.from, periodEnd: window.to, courseId: null });
    return [
      row('learning_minutes', value(Math.round(t.seconds / 60))),
      row('topics_completed', value(t.topics)),
      row('assessments_taken', value(t.assessments)),
      row('average_score', f.averageScore(t.scoreSum, t.assessments)),
      row('active_days', value(t.activeDays)),
      row('course_completions', value(t.courseCompletions)),
    ];
  });
  const perf = f.totalsOf(f.daysIn(days, performanceWindow));
  return {
    data: {
      streaks: {
        currentStreak: summary.currentStreak,
        longestStreak: summary.longestStreak,
        streakLevel: streakLevelOf(summary.currentStreak),
        streakFreezes: summary.streakFreezes,
        lastActiveDate: summary.lastActiveDate,
        todayActive: summary.todayActive,
        today: summary.today,
        timeZone,
      },
      achievements,
      progressTrends,
      performance: {
        periodStart: performanceWindow.from,
        periodEnd: performanceWindow.to,
        avgScore: f.averageScore(perf.scoreSum, perf.assessments),
        assessmentsTaken: f.coveredDates(plan, performanceWindow).length > 0 ? perf.assessments : null,
        passRate: f.percentOf(perf.passed, perf.graded),
        recentScores: f.recentScores(f.daysIn(days, performanceWindow)),
        totalPoints: stats.points,
        personalRecords: stats.personalRecords,
      },
    },
    meta: sourceMeta(g, month.from < performanceWindow.from ? { from: month.from, to: today } : performanceWindow, now),
  };
}
