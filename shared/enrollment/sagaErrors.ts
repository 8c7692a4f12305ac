import { AppError, ConflictError, type EnrollmentErrorCode } from '../http/errors.js';

/**
 * Errors of the enrollment saga. Step Functions routes a task's failure by the error's *name* (the
 * Lambda runtime reports `error.name` as the error type; aws-local-stepfunctions matches the same
 * field), so each class fixes its name and the state machine's Retry/Catch lists name them:
 *
 * | name | meaning | state machine |
 * | --- | --- | --- |
 * | EnrollmentRejected | a business rule refused the enrollment (course, coupon, card declined) | caught: compensate what was done, record the failure |
 * | SagaTransient | the table or a dependency was briefly unavailable | retried with backoff, then caught |
 * | PaymentProviderUnavailableError | the provider could not be reached (the port's class) | retried with backoff, then caught |
 *
 * The rejection's code travels in the message as JSON, because a Catch only passes on Error and Cause.
 */
export const SAGA_ERROR_NAMES = {
  rejected: 'EnrollmentRejected',
  transient: 'SagaTransient',
  providerUnavailable: 'PaymentProviderUnavailableError',
} as const;

/** Stable codes a saga can end with (seed 002 names where it has one). */
/** What a saga can fail with: seed 002's enrollment and payment codes, less the route-only ones. */
export type SagaFailureCode = Exclude<EnrollmentErrorCode, 'ENROLLMENT_NOT_FOUND' | 'ENROLLMENT_REQUIRED'>;

export interface SagaFailure {
  code: SagaFailureCode;
  message: string;
}

/** A business rule refused the enrollment: permanent for this request, never retried. */
export class EnrollmentRejectedError extends Error {
  constructor(
    readonly code: SagaFailureCode,
    readonly reason: string,
  ) {
    super(JSON.stringify({ code, message: reason }));
    this.name = SAGA_ERROR_NAMES.rejected;
  }
}

/** A failure worth retrying (throttling, a transaction conflict, a 5xx): Retry names this class. */
export class SagaTransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = SAGA_ERROR_NAMES.transient;
  }
}

const TRANSIENT_DYNAMODB_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

/**
 * Re-labels a task's failure for the state machine: DynamoDB throttling and conflicts (and the 409 a
 * conflict-retrying transaction gives up with) become SagaTransient so Retry sees them; rejections,
 * provider errors and programming errors keep their own names.
 */
export function asSagaError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  if (err instanceof EnrollmentRejectedError || err instanceof SagaTransientError) return err;
  if (TRANSIENT_DYNAMODB_ERRORS.has(err.name)) return new SagaTransientError(`${err.name}: ${err.message}`);
  if (err.name === 'TransactionCanceledException' && /TransactionConflict/.test(err.message)) return new SagaTransientError(err.message);
  if (err instanceof ConflictError && /retry/i.test(err.message)) return new SagaTransientError(err.message);
  return err;
}

/**
 * Reads the failure a Catch recorded (`{Error, Cause}`). Locally Cause is the error's message; in AWS
 * a Lambda failure's Cause is the runtime's JSON `{errorType, errorMessage, trace}` around it. Both
 * shapes give the rejection's code; anything else is ENROLLMENT_FAILED with no internal detail.
 */
export function failureOf(caught: { Error?: string; Cause?: string } | undefined): SagaFailure {
  const fallback: SagaFailure = { code: 'ENROLLMENT_FAILED', message: 'The enrollment could not be completed; nothing was charged or the charge was refunded' };
  if (!caught || caught.Error !== SAGA_ERROR_NAMES.rejected || !caught.Cause) return fallback;
  let parsed = parseJson(caught.Cause);
  if (parsed && typeof parsed.errorMessage === 'string') parsed = parseJson(parsed.errorMessage);
  if (parsed && typeof parsed.code === 'string' && typeof parsed.message === 'string') return { code: parsed.code as SagaFailureCode, message: parsed.message };
  return fallback;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An enrollment error as the API reports it, with seed 002's application codes (ENROLLMENT_EXISTS,
 * COURSE_NOT_PUBLISHED, PAYMENT_FAILED, PAYMENT_INSUFFICIENT_FUNDS …).
 */
export class EnrollmentApiError extends AppError {
  constructor(status: number, code: EnrollmentErrorCode, message: string, field?: string) {
    super(status, code, message, field ? [{ field, message, code: code.toLowerCase() }] : []);
  }
}

/** The HTTP status each saga failure code answers with. */
export function statusOfFailure(code: string): number {
  switch (code) {
    case 'COURSE_NOT_FOUND':
    case 'PAYMENT_NOT_FOUND':
      return 404;
    case 'ENROLLMENT_EXISTS':
    case 'COUPON_EXHAUSTED':
    case 'COUPON_ALREADY_USED':
    case 'PAYMENT_MISMATCH':
      return 409;
    case 'PAYMENT_FAILED':
    case 'PAYMENT_INSUFFICIENT_FUNDS':
    case 'PAYMENT_AUTHENTICATION_EXPIRED':
      return 402;
    case 'COURSE_NOT_PUBLISHED':
    case 'COURSE_NOT_PRICED':
    case 'COUPON_INVALID':
    case 'COUPON_EXPIRED':
    case 'PAYMENT_METHOD_REQUIRED':
      return 400;
    default:
      // The saga failed for a non-business reason and compensated (refund, release): retryable.
      return 503;
  }
}
