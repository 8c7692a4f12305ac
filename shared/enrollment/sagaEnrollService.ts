import { getCourse } from '../catalog/courseRepository.js';
import { priceOf } from '../catalog/course.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { notificationPutItems } from '../notifications/notificationWrites.js';
import { receiptUrlOf } from '../payments/receiptLinks.js';
import { readPaymentIntent } from '../payments/paymentIntentRepository.js';
import { ensureEnrollment, readEnrollment, type EnrollmentRecord } from './enrollmentWrites.js';
import { CourseNotEnrollableError, EnrollmentExistsError } from './enrollmentErrors.js';
import { EnrollmentApiError, statusOfFailure } from './sagaErrors.js';
import { derivedEnrollIdempotencyKey } from './sagaExecutionName.js';
import { ENROLL_LIMITS } from './sagaSchemas.js';
import { awaitEnrollmentSaga, enrollmentSagaStatus, paymentSagaIdempotencyKey, startEnrollmentSaga, type EnrollmentSagaStatus } from './sagaStarter.js';

/**
 * The enrollment routes' service (seed 002): free courses enroll at once; paid ones run the saga and
 * answer with its outcome when it finishes within ENROLL_LIMITS.waitMs, else 202 with the request to
 * poll. Tenant and user come from the verified token only.
 */

export interface EnrollCaller {
  tenantId: string;
  userId: string;
  now: Date;
}

/** The seed's enrollment body (`Enroll in Course` 201). */
export interface EnrolledBody {
  enrollment_id: string;
  course_id: string;
  user_id: string;
  enrolled_at: string;
  payment: { amount: number; currency: string; status: 'completed' | 'free'; payment_id: string | null } | null;
  message: string;
}

/** Renders an enrollment as seed 002's 201 body. */
export function enrolledBody(record: EnrollmentRecord): EnrolledBody {
  const paid = record.source === 'paid' && (record.amountPaidCents ?? 0) > 0;
  return {
    enrollment_id: record.enrollmentId,
    course_id: record.courseId,
    user_id: record.userId,
    enrolled_at: record.enrolledAt,
    payment: paid
      ? { amount: priceOf(record.amountPaidCents ?? 0), currency: (record.currency ?? 'USD').toUpperCase(), status: 'completed', payment_id: record.paymentId ?? null }
      : record.source === 'free'
        ? { amount: 0, currency: (record.currency ?? 'USD').toUpperCase(), status: 'free', payment_id: null }
        : null,
    message: 'Successfully enrolled in course',
  };
}

export type EnrollOutcome =
  | { kind: 'enrolled'; body: EnrolledBody }
  | { kind: 'pending'; body: EnrollmentRequestBody };

/**
 * POST /courses/{id}/enroll/. Requests: 1 GetItem course + 1 GetItem enrollment, then for a free
 * course 1 TransactWriteItems (enrollment, students count and the "enrolled" notification together);
 * for a paid course 1 PutItem (the saga's request claim) + 1 GetItem (its outcome) + 1 GetItem (the
 * enrollment, when it succeeded).
 */
export async function enrollInCourse(
  caller: EnrollCaller,
  courseId: string,
  body: { payment_method_id?: string; coupon_code?: string } | undefined,
  idempotencyKey: string | undefined,
): Promise<EnrollOutcome> {
  const course = await getCourse(caller.tenantId, courseId, true);
  if (!course) throw new CourseNotEnrollableError('COURSE_NOT_FOUND', courseId);
  if (course.status !== 'published') throw new CourseNotEnrollableError('COURSE_NOT_PUBLISHED', courseId);
  const existing = await readEnrollment(caller.tenantId, caller.userId, courseId);
  if (existing?.status === 'active') throw new EnrollmentExistsError(courseId);

  if (course.priceCents <= 0) {
    if (body?.coupon_code) throw new ValidationError([{ field: 'body.coupon_code', message: 'The course is free; no coupon applies', code: 'coupon_not_applicable' }]);
    const notification = notificationPutItems({
      tenantId: caller.tenantId,
      userId: caller.userId,
      kind: 'enrollment_created',
      sourceId: `${courseId}:free:${caller.now.toISOString()}`,
      title: 'Enrollment confirmed',
      message: `You are now enrolled in ${course.title}.`,
      data: { course_id: courseId },
      createdAt: caller.now,
    });
    const { created, enrollment } = await ensureEnrollment({ tenantId: caller.tenantId, userId: caller.userId, courseId, source: 'free', currency: course.currency, now: caller.now }, notification);
    if (!created) throw new EnrollmentExistsError(courseId);
    return { kind: 'enrolled', body: enrolledBody(enrollment) };
  }

  if (!body?.payment_method_id) {
    throw new ValidationError([{ field: 'body.payment_method_id', message: `The course costs ${priceOf(course.priceCents).toFixed(2)} ${course.currency}; a payment method is required`, code: 'required' }]);
  }
  const { executionName } = await startEnrollmentSaga({
    tenantId: caller.tenantId,
    userId: caller.userId,
    courseId,
    idempotencyKey: idempotencyKey ? `header:${idempotencyKey}` : derivedEnrollIdempotencyKey(body.payment_method_id, body.coupon_code),
    paymentMethod: body.payment_method_id,
    ...(body.coupon_code ? { couponCode: body.coupon_code } : {}),
    requestedAt: caller.now.toISOString(),
  });
  const status = await awaitEnrollmentSaga(caller.tenantId, executionName, ENROLL_LIMITS.waitMs);
  return outcomeOf(status, executionName);
}

function outcomeOf(status: EnrollmentSagaStatus | undefined, executionName: string): EnrollOutcome {
  if (!status) throw new NotFoundError('Enrollment request not found');
  if (status.status === 'failed') throw failureError(status);
  if (status.status === 'succeeded' && status.enrollment) return { kind: 'enrolled', body: enrolledBody(status.enrollment) };
  return { kind: 'pending', body: requestBody(status, executionName) };
}

/** A failed saga as the API error its code stands for (402 for payments, 409 for conflicts …). */
function failureError(status: EnrollmentSagaStatus): EnrollmentApiError {
  const error = status.error ?? { code: 'ENROLLMENT_FAILED', message: 'The enrollment could not be completed' };
  const field = error.code.startsWith('COUPON_') ? 'body.coupon_code' : error.code.startsWith('PAYMENT_') && error.code !== 'PAYMENT_NOT_FOUND' ? 'body.payment_method_id' : undefined;
  return new EnrollmentApiError(statusOfFailure(error.code), error.code, error.message, field);
}

/** The request-status resource (`GET /api/v1/enrollments/requests/{request_id}/`). */
export interface EnrollmentRequestBody {
  request_id: string;
  status: 'processing' | 'requires_action' | 'succeeded' | 'failed';
  course_id: string;
  status_url: string;
  client_secret?: string | null;
  enrollment: EnrolledBody | null;
  error: { code: string; message: string } | null;
  created_at: string;
  updated_at: string;
}

export function requestStatusUrl(executionName: string): string {
  return `/api/v1/enrollments/requests/${executionName}/`;
}

function requestBody(status: EnrollmentSagaStatus, executionName: string): EnrollmentRequestBody {
  const { request } = status;
  return {
    request_id: executionName,
    status: status.status === 'running' ? (status.requiresAction ? 'requires_action' : 'processing') : status.status,
    course_id: request.courseId,
    status_url: requestStatusUrl(executionName),
    ...(status.requiresAction ? { client_secret: status.requiresAction.clientSecret } : {}),
    enrollment: status.enrollment ? enrolledBody(status.enrollment) : null,
    error: status.status === 'failed' ? (status.error ?? { code: 'ENROLLMENT_FAILED', message: 'The enrollment could not be completed' }) : null,
    created_at: request.createdAt,
    updated_at: request.updatedAt,
  };
}

/**
 * GET the request: owner only — another user's or another tenant's request is 404, the same answer
 * as one that does not exist. Requests: 1 GetItem (+1 GetItem for the enrollment once succeeded).
 */
export async function enrollmentRequest(caller: EnrollCaller, executionName: string): Promise<EnrollmentRequestBody> {
  const status = await enrollmentSagaStatus(caller.tenantId, executionName);
  if (!status || status.request.userId !== caller.userId) throw new NotFoundError('Enrollment request not found');
  return requestBody(status, executionName);
}

/** Seed 002 `Confirm Payment` 200 body (plus the request id; `requires_action` carries the client secret). */
export interface ConfirmPaymentBody {
  status: 'succeeded' | 'requires_action' | 'processing';
  payment_id: string;
  stripe_payment_intent: string | null;
  client_secret?: string | null;
  enrollment: { enrollment_id: string; course_id: string; enrolled_at: string } | null;
  request_id: string;
  receipt_url: string | null;
  message: string;
}

/**
 * POST /payments/intents/{id}/confirm/ (Cairn's `pay_…` id or the provider's `pi_…`): starts the saga
 * for the learner's own intent with the intent's business key — the same key the Stripe webhook uses — so a confirmation and the
 * provider's `payment_intent.succeeded` for it are one execution and one enrollment. Requests:
 * 1 GetItem intent + 1 PutItem claim + 1 GetItem outcome (+1 GetItem enrollment once succeeded).
 */
export async function confirmPayment(caller: EnrollCaller, paymentId: string, paymentMethod: string): Promise<{ statusCode: number; body: ConfirmPaymentBody }> {
  const intent = await readPaymentIntent(caller.tenantId, paymentId);
  if (!intent || intent.userId !== caller.userId) throw new EnrollmentApiError(404, 'PAYMENT_NOT_FOUND', 'Payment intent not found');
  const { executionName } = await startEnrollmentSaga({
    tenantId: caller.tenantId,
    userId: caller.userId,
    courseId: intent.courseId,
    // The intent's business key: the Stripe webhook starts the saga of this intent with the same one.
    idempotencyKey: intent.idempotencyKey || paymentSagaIdempotencyKey(intent.paymentId),
    paymentId: intent.paymentId,
    paymentMethod,
    ...(intent.couponCode ? { couponCode: intent.couponCode } : {}),
    requestedAt: caller.now.toISOString(),
  });
  const status = await awaitEnrollmentSaga(caller.tenantId, executionName, ENROLL_LIMITS.waitMs);
  if (!status) throw new NotFoundError('Enrollment request not found');
  if (status.status === 'failed') throw failureError(status);
  const base = { payment_id: intent.paymentId, stripe_payment_intent: intent.providerIntentId, request_id: executionName, receipt_url: null };
  if (status.status === 'succeeded' && status.enrollment) {
    const enrollment = status.enrollment;
    // The saga marked the payment succeeded (with Stripe's receipt): its record as it is now. +1 GetItem.
    const paid = await readPaymentIntent(caller.tenantId, intent.paymentId);
    return {
      statusCode: 200,
      body: {
        ...base,
        receipt_url: paid ? await receiptUrlOf(paid, caller.now) : null,
        status: 'succeeded',
        enrollment: { enrollment_id: enrollment.enrollmentId, course_id: enrollment.courseId, enrolled_at: enrollment.enrolledAt },
        message: 'Payment successful. You are now enrolled in the course.',
      },
    };
  }
  if (status.requiresAction) {
    return {
      statusCode: 200,
      body: { ...base, status: 'requires_action', client_secret: status.requiresAction.clientSecret, enrollment: null, message: 'The card requires authentication: complete it with the client secret; the enrollment follows automatically.' },
    };
  }
  return { statusCode: 202, body: { ...base, status: 'processing', enrollment: null, message: `Payment is being processed; poll ${requestStatusUrl(executionName)}` } };
}
