import * as z from 'zod';
import { SAGA_EXECUTION_NAME_PATTERN } from './sagaExecutionName.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * Request and response schemas of the enrollment group (seed 002 "Enroll in Course", "Confirm
 * Payment", and the request-status resource Cairn adds for sagas that outlast the request). Strict:
 * price, amount, status and user id are never accepted from the client.
 */
export const ENROLL_LIMITS = {
  /** How long the enroll and confirm routes wait for the saga before answering 202. */
  waitMs: 4000,
  idempotencyKeyMax: 255,
} as const;

const courseId = lazySchema(() => z.uuid({ message: 'Must be a UUID' }));
/** Stripe payment method ids (`pm_…`) and Cairn's local test methods share this shape. */
const paymentMethodId = lazySchema(() => z.string().trim().min(3).max(255).regex(/^[A-Za-z0-9_]+$/, 'Must be a payment method id such as pm_card_visa'));
const couponCode = lazySchema(() => z.string().trim().min(1).max(64));

export const enrollParams = lazySchema(() => z.object({ course_id: courseId }).strict());

export const enrollBody = lazySchema(() => z
  .object({
    payment_method_id: paymentMethodId.optional().describe('Required for a paid course'),
    coupon_code: couponCode.optional(),
  })
  .strict()
  .optional()
  .meta({ id: 'EnrollRequest' }));

export const confirmPaymentParams = lazySchema(() => z.object({ payment_id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'Invalid payment id') }).strict());
export const confirmPaymentBody = lazySchema(() => z.object({ payment_method_id: paymentMethodId }).strict().meta({ id: 'ConfirmPaymentRequest' }));

export const enrollmentRequestParams = lazySchema(() => z.object({ request_id: z.string().regex(SAGA_EXECUTION_NAME_PATTERN, 'Invalid request id') }).strict());

/** The `Idempotency-Key` header: optional; the same key within a course is the same purchase. */
export const idempotencyKeyHeader = lazySchema(() => z
  .string()
  .trim()
  .min(8)
  .max(ENROLL_LIMITS.idempotencyKeyMax)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'Letters, digits, _ : . -'));

const paymentSummary = lazySchema(() => z.object({ amount: z.number(), currency: z.string(), status: z.enum(['completed', 'free']), payment_id: z.string().nullable() }));

export const enrolledResponse = lazySchema(() => z
  .object({
    enrollment_id: z.string(),
    course_id: z.string(),
    user_id: z.string(),
    enrolled_at: z.string(),
    payment: paymentSummary.nullable(),
    message: z.string(),
  })
  .meta({ id: 'Enrollment' }));

export const enrollmentRequestResponse = lazySchema(() => z
  .object({
    request_id: z.string(),
    status: z.enum(['processing', 'requires_action', 'succeeded', 'failed']),
    course_id: z.string(),
    status_url: z.string(),
    client_secret: z.string().nullable().optional(),
    enrollment: enrolledResponse.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'EnrollmentRequest' }));

export const confirmPaymentResponse = lazySchema(() => z
  .object({
    status: z.enum(['succeeded', 'requires_action', 'processing']),
    payment_id: z.string(),
    stripe_payment_intent: z.string().nullable(),
    client_secret: z.string().nullable().optional(),
    enrollment: z.object({ enrollment_id: z.string(), course_id: z.string(), enrolled_at: z.string() }).nullable(),
    request_id: z.string(),
    receipt_url: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'ConfirmPaymentResult' }));
