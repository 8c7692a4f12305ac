import type { Principal } from '../auth/principal.js';
import type { CourseRecord } from '../catalog/course.js';
import { record } from '../catalog/courseRepository.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { aggregationStateKey, courseKey, courseOutlineKey, enrollmentsPartition, learnerCourseKey, profileKey, programKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { forecastOf, PACE_WEEKS, weeklyPaces, type ForecastUnit } from '../domain/completionForecast.js';
import { visibleLessons, type CourseOutline, type OutlineLesson } from '../domain/courseProgress.js';
import { addDays, localDateOf } from '../domain/localDate.js';
import { enrollmentRecordOf } from '../enrollment/enrollmentRecord.js';
import { NotFoundError } from '../http/errors.js';
import { planSubject, settleSubject } from '../progress/progressSubject.js';
import { readLearnerDays } from './aggregateStore.js';
import { PredictionsDisabledError, predictionsDisabled } from './dropoffRiskService.js';

export type ForecastType = 'course' | 'skill' | 'learning_path';

interface CourseState {
  courseId: string;
  title: string;
  outline: CourseOutline | undefined;
  completions: Record<string, string>;
}

const courseReads = (tenantId: string, userId: string, courseIds: readonly string[]): ItemKey[] =>
  courseIds.flatMap((c) => [courseKey(tenantId, c), courseOutlineKey(tenantId, c), learnerCourseKey(tenantId, userId, c)]);

function courseStates(tenantId: string, userId: string, courseIds: readonly string[], found: Map<string, Record<string, unknown>>): CourseState[] {
  return courseIds.flatMap((courseId) => {
    const item = found.get(itemId(courseKey(tenantId, courseId)));
    if (!item) return [];
    const course = record<CourseRecord>(item);
    const outline = found.get(itemId(courseOutlineKey(tenantId, courseId)))?.outline as CourseOutline | undefined;
    const completions = (found.get(itemId(learnerCourseKey(tenantId, userId, courseId)))?.completions as Record<string, string> | undefined) ?? {};
    return [{ courseId, title: course.title, outline, completions }];
  });
}

/** A unit of lessons: its total, completed count and the local date of its last completion when all are done. */
function unitOf(name: string, lessons: readonly OutlineLesson[], completions: Record<string, string>, timeZone: string): ForecastUnit {
  const instants = lessons.map((l) => completions[l.lessonId]).filter((i): i is string => typeof i === 'string').sort();
  const completed = instants.length;
  return { name, total: lessons.length, completed, completedAt: completed === lessons.length && completed > 0 ? localDateOf(new Date(instants[completed - 1]!), timeZone) : null };
}

/**
 * Seed 003 §6 `forecast` (docs/analytics.md §17.9). One BatchGet (subject checks, their profile for the
 * opt-out, the aggregation state, and the course or program), then in parallel the learner-days of the
 * PACE_WEEKS weeks ending at the aggregated-through date (1 Query) and, for a learning path, its courses
 * (1 BatchGet), for a skill, the learner's enrollments (1 Query) then their courses (1 BatchGet).
 * Opted out → 403 PREDICTIONS_DISABLED before anything else is read. Unknown course / program → 404.
 */
export async function forecastFor(principal: Principal, userId: string, query: { type: ForecastType; id: string }, now: Date) {
  const tenantId = principal.tenantId;
  const plan = planSubject(principal, userId);
  const subjectId = plan.userId;
  const itemKeys = query.type === 'course' ? courseReads(tenantId, subjectId, [query.id]) : query.type === 'learning_path' ? [programKey(tenantId, query.id)] : [];
  const found = await batchGetItems([...plan.keys, profileKey(subjectId), aggregationStateKey(tenantId), ...itemKeys]);
  const subject = settleSubject(principal, plan, found);
  if (predictionsDisabled(found.get(itemId(profileKey(subject.userId))))) throw new PredictionsDisabledError();
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  const asOf = typeof through === 'string' ? through : null;

  const paceRead = asOf === null ? Promise.resolve([]) : readLearnerDays(tenantId, subject.userId, addDays(asOf, -(PACE_WEEKS * 7 - 1)), asOf);
  let itemName: string;
  let units: ForecastUnit[];
  let days;
  if (query.type === 'course') {
    const [course] = courseStates(tenantId, subject.userId, [query.id], found);
    if (!course) throw new NotFoundError('No such course');
    itemName = course.title;
    const outline = course.outline;
    const lessons = outline ? visibleLessons(outline) : [];
    units = (outline?.sections ?? []).filter((s) => s.isPublished).map((s) => unitOf(s.title, lessons.filter((l) => l.sectionId === s.sectionId), course.completions, subject.timeZone));
    days = await paceRead;
  } else if (query.type === 'learning_path') {
    const program = found.get(itemId(programKey(tenantId, query.id)));
    if (!program) throw new NotFoundError('No such learning path');
    itemName = String(program.title);
    const courseIds = ((program.courseAssignments ?? []) as { courseId: string; sequenceOrder?: number }[])
      .slice()
      .sort((a, b) => (a.sequenceOrder ?? 0) - (b.sequenceOrder ?? 0))
      .map((a) => a.courseId);
    const [courses, read] = await Promise.all([courseIds.length > 0 ? batchGetItems(courseReads(tenantId, subject.userId, courseIds)) : Promise.resolve(new Map<string, Record<string, unknown>>()), paceRead]);
    units = courseStates(tenantId, subject.userId, courseIds, courses).map((c) => unitOf(c.title, c.outline ? visibleLessons(c.outline) : [], c.completions, subject.timeZone));
    days = read;
  } else {
    itemName = query.id;
    const [enrollments, read] = await Promise.all([queryCollection(enrollmentsPartition(tenantId, subject.userId), { skPrefix: 'E#' }), paceRead]);
    const courseIds = enrollments.map(enrollmentRecordOf).filter((e) => e.status === 'active').map((e) => e.courseId).sort();
    const courses = courseIds.length > 0 ? await batchGetItems(courseReads(tenantId, subject.userId, courseIds)) : new Map<string, Record<string, unknown>>();
    units = courseStates(tenantId, subject.userId, courseIds, courses)
      .map((c) => unitOf(c.title, (c.outline ? visibleLessons(c.outline) : []).filter((l) => (l.skills ?? []).includes(query.id)), c.completions, subject.timeZone))
      .filter((u) => u.total > 0);
    days = read;
  }
  const paces = asOf === null ? [] : weeklyPaces(days, asOf);
  const forecast = forecastOf(units, paces, asOf);
  return {
    data: {
      userId: subject.userId,
      forecastType: query.type,
      itemId: query.id,
      itemName,
      asOf,
      currentProgress: forecast.currentProgress,
      remainingTopics: forecast.remainingTopics,
      completed: forecast.completed,
      predictedCompletionDate: forecast.predictedCompletionDate,
      targetCompletionDate: null,
      confidenceScore: forecast.confidenceScore,
      weeklyPaces: forecast.weeklyPaces,
      scenarios: forecast.scenarios,
      milestones: forecast.milestones,
    },
    meta: { calculatedAt: now.toISOString(), dataSource: 'nightly' as const, model: 'pace_percentiles', nightlyThrough: asOf },
  };
}
