import type { CourseRecord } from '../catalog/course.js';
import { record as courseRecordOf } from '../catalog/courseRepository.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { certificateRecordOf, type CertificateRecord } from '../certificates/certificate.js';
import { certificateKey, courseKey, courseOutlineKey, enrollmentsPartition, learnerCourseKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { CourseOutline } from '../domain/courseProgress.js';
import { courseProgressFigures, learningStatusOf, type CourseProgressFigures, type LearningStatus, type SummaryFacts } from './enrollmentProgress.js';
import { enrollmentRecordOf, type EnrollmentRecord } from './enrollmentRecord.js';
import { enrollmentStatusOf, type EnrollmentStatus } from './enrollmentListing.js';

/**
 * Reads a learner's enrollments with everything the two seed 002 lists show. Requests: 1 Query of the
 * learner's enrollments collection (one more per MB, i.e. per ~2,000 enrollments), then one
 * BatchGetItem per 25 enrollments for their course record, the progress engine's outline of the course,
 * the learner's course summary and their certificate for the course (4 keys each, 100 keys per request):
 * 2 requests for a learner with up to 25 enrollments. Nothing is written, and a stale or missing outline is not rebuilt here
 * (enrollmentProgress.ts says what is shown instead), so the cost never depends on authoring history.
 */

export interface EnrolledCourse {
  enrollment: EnrollmentRecord;
  course: CourseRecord;
  figures: CourseProgressFigures;
  status: EnrollmentStatus;
  learningStatus: LearningStatus;
  /** The learner's certificate for the course (issue 23), issued or revoked. */
  certificate?: CertificateRecord;
}

/** Keys read per enrollment; exported so tests can compute the request budget from the documented rule. */
export const KEYS_PER_ENROLLMENT = 4;

/**
 * Every enrollment of the learner in the tenant (active and revoked) with its course and progress.
 * An enrollment whose course no longer exists (only possible once every enrollment in it was revoked,
 * since a course with students cannot be deleted) is left out: there is nothing left to show of it.
 */
export async function readEnrolledCourses(tenantId: string, userId: string): Promise<EnrolledCourse[]> {
  const enrollments = (await queryCollection(enrollmentsPartition(tenantId, userId), { skPrefix: 'E#', consistent: true })).map(enrollmentRecordOf);
  if (enrollments.length === 0) return [];
  const keys: ItemKey[] = enrollments.flatMap((e) => [courseKey(tenantId, e.courseId), courseOutlineKey(tenantId, e.courseId), learnerCourseKey(tenantId, userId, e.courseId), certificateKey(tenantId, userId, 'course', e.courseId)]);
  const found = await batchGetItems(keys, true);
  const out: EnrolledCourse[] = [];
  for (const enrollment of enrollments) {
    const courseItem = found.get(itemId(courseKey(tenantId, enrollment.courseId)));
    if (!courseItem) continue;
    const course = courseRecordOf<CourseRecord>(courseItem);
    const outline = found.get(itemId(courseOutlineKey(tenantId, enrollment.courseId)))?.outline as CourseOutline | undefined;
    const summary = found.get(itemId(learnerCourseKey(tenantId, userId, enrollment.courseId))) as SummaryFacts | undefined;
    const figures = courseProgressFigures(course, outline, summary);
    const certificate = found.get(itemId(certificateKey(tenantId, userId, 'course', enrollment.courseId)));
    out.push({ enrollment, course, figures, status: enrollmentStatusOf(enrollment.status, figures), learningStatus: learningStatusOf(figures), ...(certificate ? { certificate: certificateRecordOf(certificate) } : {}) });
  }
  return out;
}
