import { getCourse } from '../catalog/courseRepository.js';
import { AppError } from '../http/errors.js';
import { createNotification } from '../notifications/notificationWrites.js';
import { reserveCoupon } from '../payments/couponRedemptions.js';
import { readPaymentIntent } from '../payments/paymentIntentRepository.js';
import { ensureEnrollment, readEnrollment } from './enrollmentWrites.js';
import { EnrollmentRejectedError, type SagaFailureCode } from './sagaErrors.js';
import { sagaPaymentId } from './sagaPayment.js';
import { sagaSucceededItem } from './sagaRequestRepository.js';
import type { SagaState } from './sagaState.js';

/**
 * The saga's forward steps other than payment (sagaPayment.ts). Each is safe to run twice with the
 * same state: Validate only reads, ReserveCoupon is idempotent per reservation id, WriteEnrollment is
 * a conditional transaction that recognises its own earlier commit, Notify's notifications carry dedupe items.
 */

/**
 * Validate: the course exists, is published and priced; the learner is not enrolled; on the confirm
 * path the payment intent is the learner's and for this course. Requests: 2 GetItem (+1 with a
 * payment intent). Coupon validity is checked where it is reserved, in the same consistent read.
 */
export async function validateStep(state: SagaState): Promise<SagaState> {
  const course = await getCourse(state.tenantId, state.courseId, true);
  if (!course) throw new EnrollmentRejectedError('COURSE_NOT_FOUND', 'Course does not exist');
  if (course.status !== 'published') throw new EnrollmentRejectedError('COURSE_NOT_PUBLISHED', 'Course is not yet published');
  const enrollment = await readEnrollment(state.tenantId, state.userId, state.courseId);
  if (enrollment?.status === 'active') throw new EnrollmentRejectedError('ENROLLMENT_EXISTS', 'Already enrolled in course');

  const priced = { courseTitle: course.title, instructorName: course.instructor.name, priceCents: course.priceCents, currency: course.currency };
  if (state.paymentId) {
    const intent = await readPaymentIntent(state.tenantId, state.paymentId);
    if (!intent || intent.userId !== state.userId) throw new EnrollmentRejectedError('PAYMENT_NOT_FOUND', 'Payment intent not found');
    if (intent.courseId !== state.courseId) throw new EnrollmentRejectedError('PAYMENT_MISMATCH', 'The payment intent is for another course');
    return {
      ...state,
      validation: {
        ...priced,
        ...(intent.couponCode ? { couponCode: intent.couponCode } : {}),
        reservationId: state.paymentId,
        intent: { paymentId: state.paymentId, providerIntentId: intent.providerIntentId, amountCents: intent.amountCents, currency: intent.currency },
      },
    };
  }
  if (course.priceCents <= 0) throw new EnrollmentRejectedError('COURSE_NOT_PRICED', 'The course is free: enroll without a payment');
  return {
    ...state,
    validation: {
      ...priced,
      ...(state.couponCode ? { couponCode: state.couponCode } : {}),
      // The payment's id, as on the confirm path: every saga of this payment names the same reservation.
      reservationId: sagaPaymentId(state.executionName),
    },
  };
}

/** ReserveCoupon: one redemption for this reservation id; the payments area's coupon errors become rejections. */
export async function reserveCouponStep(state: SagaState): Promise<SagaState> {
  const validation = state.validation;
  if (!validation?.couponCode) return state;
  try {
    const reserved = await reserveCoupon({
      tenantId: state.tenantId,
      userId: state.userId,
      couponCode: validation.couponCode,
      courseId: state.courseId,
      reservationId: validation.reservationId,
      now: new Date(state.requestedAt),
    });
    // On the confirm path the intent's amount already has the discount in it; record it, do not re-apply.
    return { ...state, coupon: { couponCode: reserved.couponCode, discountCents: validation.intent ? 0 : reserved.discountCents } };
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      const code = err.fields[0]?.code ?? '';
      const known: SagaFailureCode[] = ['COUPON_INVALID', 'COUPON_EXPIRED', 'COUPON_EXHAUSTED', 'COUPON_ALREADY_USED'];
      throw new EnrollmentRejectedError(known.includes(code as SagaFailureCode) ? (code as SagaFailureCode) : 'COUPON_INVALID', err.fields[0]?.message ?? err.message);
    }
    throw err;
  }
}

/**
 * WriteEnrollment: the enrollments area's idempotent create, with the request's "succeeded" in the
 * same transaction. An enrollment that already exists is this saga's own earlier commit when it
 * carries this payment (the step is being retried) — success; any other is a concurrent purchase
 * that won — ENROLLMENT_EXISTS, and the compensation refunds this one. Requests: 1 TransactWriteItems
 * (+ whatever ensureEnrollment reads back on a conflict).
 */
export async function writeEnrollmentStep(state: SagaState): Promise<SagaState> {
  const charge = state.charge;
  if (!charge || (charge.status !== 'succeeded' && charge.status !== 'not_required')) throw new Error('WriteEnrollment needs a completed charge');
  const now = new Date();
  const couponCode = state.coupon?.couponCode ?? state.validation?.couponCode;
  const { created, enrollment } = await ensureEnrollment(
    {
      tenantId: state.tenantId,
      userId: state.userId,
      courseId: state.courseId,
      source: 'paid',
      paymentId: charge.paymentId,
      amountPaidCents: charge.amountCents,
      currency: charge.currency,
      ...(couponCode ? { couponCode } : {}),
      now,
    },
    [
      sagaSucceededItem(
        state.tenantId,
        state.executionName,
        { enrolledAt: now.toISOString(), paymentId: charge.paymentId, amountCents: charge.amountCents, currency: charge.currency, ...(charge.providerIntentId ? { providerIntentId: charge.providerIntentId } : {}) },
        now,
      ),
    ],
  );
  if (!created && enrollment.paymentId !== charge.paymentId) throw new EnrollmentRejectedError('ENROLLMENT_EXISTS', 'Already enrolled in course');
  return { ...state, enrollment: { enrollmentId: enrollment.enrollmentId, enrolledAt: enrollment.enrolledAt, created } };
}

/**
 * Notify: "you are enrolled" and, when money moved, "payment received". Each is its own
 * createNotification (two notifications of one moment share a counter bucket, which one transaction
 * may not touch twice); each carries a dedupe item keyed by its source, so a retried Notify finds
 * them and writes nothing. Dated at the enrollment, so a retry produces the same ids.
 * Requests: 1 TransactWriteItems per notification (2 for a paid enrollment).
 */
export async function notifyStep(state: SagaState): Promise<SagaState> {
  const charge = state.charge;
  const enrolledAt = new Date(state.enrollment?.enrolledAt ?? state.requestedAt);
  const title = state.validation?.courseTitle ?? 'your course';
  await createNotification({
    tenantId: state.tenantId,
    userId: state.userId,
    kind: 'enrollment_created',
    sourceId: state.enrollment?.enrollmentId ?? `${state.courseId}:${charge?.paymentId ?? state.executionName}`,
    title: 'Enrollment confirmed',
    message: `You are now enrolled in ${title}.`,
    data: { course_id: state.courseId },
    createdAt: enrolledAt,
  });
  if (charge && charge.amountCents > 0) {
    await createNotification({
      tenantId: state.tenantId,
      userId: state.userId,
      kind: 'payment_succeeded',
      sourceId: charge.paymentId,
      title: 'Payment received',
      message: `We received ${(charge.amountCents / 100).toFixed(2)} ${charge.currency} for ${title}.`,
      data: { course_id: state.courseId, payment_id: charge.paymentId },
      createdAt: enrolledAt,
    });
  }
  return { ...state, notified: true };
}
