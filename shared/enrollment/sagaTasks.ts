/**
 * The enrollment saga's task states, declared once. The CDK construct creates one Lambda per entry
 * (entry file `lambdas/enrollmentSaga/<file>.ts`, exporting `handler`) and names the state after it;
 * the local runner maps the same state names to the same handler functions, so the definition that
 * runs locally is the one deployed.
 */
export const SAGA_TASKS = {
  Validate: { file: 'validate', description: 'Enrollment saga: course published and priced, not enrolled, payment intent owned' },
  ReserveCoupon: { file: 'reserveCoupon', description: 'Enrollment saga: reserve one coupon redemption' },
  Charge: { file: 'charge', description: 'Enrollment saga: charge through the payment provider with an idempotency key' },
  CheckPayment: { file: 'checkPayment', description: 'Enrollment saga: poll a payment awaiting customer authentication' },
  WriteEnrollment: { file: 'writeEnrollment', description: 'Enrollment saga: write the enrollment (conditional) and the request status' },
  Notify: { file: 'notify', description: 'Enrollment saga: in-app notifications for the enrollment and the payment' },
  Refund: { file: 'refund', description: 'Enrollment saga compensation: refund the charge (idempotent)' },
  ReleaseCoupon: { file: 'releaseCoupon', description: 'Enrollment saga compensation: release the coupon redemption (idempotent)' },
  RecordFailure: { file: 'recordFailure', description: 'Enrollment saga: record the failed outcome on the request' },
} as const;

export type SagaTaskName = keyof typeof SAGA_TASKS;

/** Non-Lambda states the local runner must also serve: the DLQ hand-off (an SQS SendMessage in AWS). */
export const SAGA_DEAD_LETTER_STATE = 'SendToDeadLetterQueue';

/** How long the saga waits between checks of a payment awaiting 3-D Secure, and for how long at most. */
export const PAYMENT_AUTHENTICATION_POLL_SECONDS = 30;
export const PAYMENT_AUTHENTICATION_DEADLINE_SECONDS = 60 * 60;

/** The Wait state the saga sits in while the customer authenticates a payment (3-D Secure). */
export const AWAIT_AUTHENTICATION_STATE = 'AwaitAuthentication';
