import type { Principal } from '../auth/principal.js';
import { hasAnyRole } from '../auth/principal.js';
import type { CourseRecord } from '../catalog/course.js';
import { record as courseRecordOf } from '../catalog/courseRepository.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { aggregationStateKey, memberKey, tenantPrefix } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { courseRollupKey } from '../db/skillKeys.js';
import { courseHealth, studentDistribution, teachingEffectiveness, type CourseLearnerBuckets, type CourseStudentFacts, type SectionInfo } from '../domain/courseHealth.js';
import { coursePerformance, courseTotals, trainerSummary, type CourseDayFigures } from '../domain/trainerFigures.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';

/**
 * Seed 003 §3 trainer analytics (issue 16). A trainer reads their own figures (another trainer's: 403);
 * an org admin reads any member of the tenant (404 for a non-member). Every route reads the same
 * precomputed items: the tenant's course index (1 Query of gsi2 `T#<t>#COURSES`, grows with the
 * catalog, not with learners) ∥ 1 BatchGet (aggregation state, the trainer's membership when read by an
 * admin), then 1 BatchGet of the trainer's course rollups (per 100 courses): 3 requests.
 */

interface TrainerCourse {
  course: CourseRecord;
  totals: CourseDayFigures;
  buckets: CourseLearnerBuckets | null;
  sections: SectionInfo[];
}

interface TrainerView {
  courses: TrainerCourse[];
  through: string | null;
}

async function loadTrainerView(principal: Principal, trainerId: string): Promise<TrainerView> {
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
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  return {
    through: typeof through === 'string' ? through : null,
    courses: courses.map((course) => {
      const rollup = rollups.get(itemId(courseRollupKey(tenantId, course.courseId)));
      return {
        course,
        totals: courseTotals((rollup?.days as Record<string, CourseDayFigures> | undefined) ?? {}),
        buckets: (rollup?.learners as CourseLearnerBuckets | undefined) ?? null,
        sections: (rollup?.sections as SectionInfo[] | undefined) ?? [],
      };
    }),
  };
}

function metaOf(view: TrainerView, now: Date) {
  return { calculatedAt: now.toISOString(), dataSource: view.through ? ('nightly' as const) : ('none' as const), nightlyThrough: view.through };
}

/** Seed 003 §3 `course-performance`: per course and over the trainer's courses. */
export async function trainerCoursePerformance(principal: Principal, trainerId: string, now: Date) {
  const view = await loadTrainerView(principal, trainerId);
  const rows = view.courses.map((c) => coursePerformance(c.course, c.totals));
  return { data: { trainerId, ...trainerSummary(rows, view.courses.map((c) => c.course)), courses: rows }, meta: metaOf(view, now) };
}

/**
 * Seed 003 §3 `course-health`: per course, drop-off by section and week with rule-based alerts. Before the
 * tenant's first nightly run completions are unknown, so the completion rate is null too.
 */
export async function trainerCourseHealth(principal: Principal, trainerId: string, now: Date) {
  const view = await loadTrainerView(principal, trainerId);
  const courses = view.courses.map((c) =>
    courseHealth({ courseId: c.course.courseId, courseName: c.course.title, enrollments: c.course.studentsCount, completionRate: view.through ? coursePerformance(c.course, c.totals).completionRate : null, buckets: c.buckets, sections: c.sections }, view.through),
  );
  return {
    data: { trainerId, healthyCourses: courses.filter((c) => c.status === 'healthy').length, atRiskCourses: courses.filter((c) => c.status === 'at_risk').length, courses },
    meta: metaOf(view, now),
  };
}

const studentFacts = (c: TrainerCourse): CourseStudentFacts => ({
  enrollments: c.course.studentsCount,
  ratingSum: c.course.ratingSum,
  reviewsCount: c.course.reviewsCount,
  assessments: c.totals.assessments,
  scoreSum: c.totals.scoreSum,
  buckets: c.buckets,
});

/** Seed 003 §3 `student-distribution` over the trainer's courses. */
export async function trainerStudentDistribution(principal: Principal, trainerId: string, now: Date) {
  const view = await loadTrainerView(principal, trainerId);
  return { data: { trainerId, ...studentDistribution(view.courses.map(studentFacts), view.through) }, meta: metaOf(view, now) };
}

/** Seed 003 §3 `teaching-effectiveness` over the trainer's courses. */
export async function trainerTeachingEffectiveness(principal: Principal, trainerId: string, now: Date) {
  const view = await loadTrainerView(principal, trainerId);
  return { data: { trainerId, ...teachingEffectiveness(view.courses.map(studentFacts), view.through) }, meta: metaOf(view, now) };
}
