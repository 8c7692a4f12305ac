import { recordFailureStep } from '../../shared/enrollment/sagaCompensations.js';
import { sagaTaskHandler } from '../../shared/enrollment/sagaTaskHandler.js';

/** Task Lambda of the enrollment saga's RecordFailure state (lib/constructs/enrollmentSaga.ts). */
export const handler = sagaTaskHandler('RecordFailure', recordFailureStep);
