import { writeEnrollmentStep } from '../../shared/enrollment/sagaSteps.js';
import { sagaTaskHandler } from '../../shared/enrollment/sagaTaskHandler.js';

/** Task Lambda of the enrollment saga's WriteEnrollment state (lib/constructs/enrollmentSaga.ts). */
export const handler = sagaTaskHandler('WriteEnrollment', writeEnrollmentStep);
