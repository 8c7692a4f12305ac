import { chargeStep } from '../../shared/enrollment/sagaPayment.js';
import { sagaTaskHandler } from '../../shared/enrollment/sagaTaskHandler.js';

/** Task Lambda of the enrollment saga's Charge state (lib/constructs/enrollmentSaga.ts). */
export const handler = sagaTaskHandler('Charge', chargeStep);
