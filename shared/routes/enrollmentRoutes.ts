import * as s from '../enrollment/sagaSchemas.js';
import type { RouteDefinition } from './types.js';

/**
 * Enrollment (issue 7, seed 002): enroll in a course (free at once, paid through the payment-then-
 * enroll saga), confirm a payment intent (the same saga), and the status of a saga request that
 * outlasted its HTTP request. Group `enrollment`; the reads of enrollments are the `enrollments` group.
 */
const base = { group: 'enrollment', rateClass: 'standard', style: 'rest002', tags: ['enrollment'] } as const;
const signedIn = { kind: 'authenticated' } as const;

export const ENROLLMENT_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'enrollment.enroll',
    method: 'POST',
    path: '/api/v1/courses/{course_id}/enroll/',
    auth: signedIn,
    summary:
      'Enroll in a course. Free: enrolled at once (201). Paid: payment_method_id (+ optional coupon_code) runs the payment-then-enroll saga; 201 when it finishes within 4 s, else 202 with the request to poll. Optional Idempotency-Key header; 409 ENROLLMENT_EXISTS, 400 COURSE_NOT_PUBLISHED, 402 PAYMENT_FAILED / PAYMENT_INSUFFICIENT_FUNDS',
    request: { params: s.enrollParams, body: s.enrollBody },
    response: { status: 201, description: 'Enrolled (202 with an EnrollmentRequest while the saga still runs)', schema: s.enrolledResponse },
  },
  {
    ...base,
    id: 'enrollment.requestStatus',
    method: 'GET',
    path: '/api/v1/enrollments/requests/{request_id}/',
    auth: signedIn,
    summary: 'Status of a paid enrollment request (the saga): processing, requires_action, succeeded with the enrollment, or failed with its code. Owner only (404 otherwise)',
    request: { params: s.enrollmentRequestParams },
    response: { status: 200, description: 'The request', schema: s.enrollmentRequestResponse },
  },
  {
    ...base,
    id: 'enrollment.confirmPayment',
    method: 'POST',
    path: '/api/v1/payments/intents/{payment_id}/confirm/',
    auth: signedIn,
    tags: ['payments', 'enrollment'],
    summary:
      'Confirm the caller\'s payment intent with a payment method; the saga charges and enrolls. 200 succeeded with the enrollment, 200 requires_action with the client secret (3-D Secure), 202 processing; 402 PAYMENT_FAILED / PAYMENT_INSUFFICIENT_FUNDS',
    request: { params: s.confirmPaymentParams, body: s.confirmPaymentBody },
    response: { status: 200, description: 'Payment result', schema: s.confirmPaymentResponse },
  },
];
