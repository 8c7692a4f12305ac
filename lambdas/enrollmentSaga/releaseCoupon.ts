import { releaseCouponStep } from '../../shared/enrollment/sagaCompensations.js';
import { sagaTaskHandler } from '../../shared/enrollment/sagaTaskHandler.js';

/** Task Lambda of the enrollment saga's ReleaseCoupon state (lib/constructs/enrollmentSaga.ts). */
export const handler = sagaTaskHandler('ReleaseCoupon', releaseCouponStep);
