import { notifyStep } from '../../shared/enrollment/sagaSteps.js';
import { sagaTaskHandler } from '../../shared/enrollment/sagaTaskHandler.js';

/** Task Lambda of the enrollment saga's Notify state (lib/constructs/enrollmentSaga.ts). */
export const handler = sagaTaskHandler('Notify', notifyStep);
