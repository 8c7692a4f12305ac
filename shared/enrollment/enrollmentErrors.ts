import { AppError } from '../http/errors.js';

/** Errors of the enrollments area with seed 002's application codes. */

/** The course cannot take enrollments: it does not exist in the tenant (404) or is not published (400). */
export class CourseNotEnrollableError extends AppError {
  constructor(
    readonly reason: 'COURSE_NOT_FOUND' | 'COURSE_NOT_PUBLISHED',
    readonly courseId: string,
    field = 'params.course_id',
  ) {
    const message = reason === 'COURSE_NOT_FOUND' ? 'Course does not exist' : 'Course is not yet published';
    super(reason === 'COURSE_NOT_FOUND' ? 404 : 400, reason, message, [{ field, message: `${message}: ${courseId}`, code: reason.toLowerCase() }]);
  }
}

/** The learner is already enrolled (seed 002 `ENROLLMENT_EXISTS`, 409). */
export class EnrollmentExistsError extends AppError {
  constructor(courseId: string, field = 'params.course_id') {
    super(409, 'ENROLLMENT_EXISTS', 'Already enrolled in course', [{ field, message: `Already enrolled in course ${courseId}`, code: 'enrollment_exists' }]);
  }
}

/** An enrollment the caller names does not exist for them (seed 002 `ENROLLMENT_NOT_FOUND`, 404). */
export class EnrollmentNotFoundError extends AppError {
  constructor(field: string, message = 'Enrollment record not found') {
    super(404, 'ENROLLMENT_NOT_FOUND', message, [{ field, message, code: 'enrollment_not_found' }]);
  }
}

/**
 * Progress on a paid course needs the learner's active enrollment (403 `ENROLLMENT_REQUIRED`): no
 * enrollment yet, or one revoked by a refund.
 */
export class EnrollmentRequiredError extends AppError {
  constructor(courseId: string, field: string) {
    const message = 'Enroll in this course before recording progress';
    super(403, 'ENROLLMENT_REQUIRED', message, [{ field, message: `No active enrollment in course ${courseId}`, code: 'enrollment_required' }]);
  }
}
