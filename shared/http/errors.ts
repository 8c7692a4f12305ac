/**
 * The error taxonomy of Cairn. Every error that reaches a client is one of these classes: it carries
 * its HTTP status, a stable code (DESIGN §5) and safe, client-facing details. Anything else that is
 * thrown is reported as INTERNAL_ERROR without its message.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.email` or `query.page`. */
  field: string;
  message: string;
  /** Machine-readable reason (zod issue code or our own). */
  code?: string;
}

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'AUTHENTICATION_FAILED'
  | 'INVALID_CREDENTIALS'
  | 'AUTHORIZATION_DENIED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMIT_EXCEEDED'
  | 'PAYMENT_FAILED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  | 'MEDIA_UPLOAD_FAILED'
  | 'MEDIA_SIZE_EXCEEDED'
  | 'IMPORT_FAILED'
  | 'INSUFFICIENT_SAMPLE'
  | EnrollmentErrorCode;

/**
 * Seed 002's application codes of enrollment and payment (the saga's failure codes are these).
 * Listed here so every area raises them through the same typed AppError.
 */
export type EnrollmentErrorCode =
  | 'COURSE_NOT_FOUND'
  | 'COURSE_NOT_PUBLISHED'
  | 'COURSE_NOT_PRICED'
  | 'ENROLLMENT_EXISTS'
  | 'ENROLLMENT_NOT_FOUND'
  | 'ENROLLMENT_REQUIRED'
  | 'ENROLLMENT_FAILED'
  | 'PAYMENT_NOT_FOUND'
  | 'PAYMENT_MISMATCH'
  | 'PAYMENT_FAILED'
  | 'PAYMENT_INSUFFICIENT_FUNDS'
  | 'PAYMENT_AUTHENTICATION_EXPIRED'
  | 'PAYMENT_METHOD_REQUIRED'
  | 'COUPON_INVALID'
  | 'COUPON_EXPIRED'
  | 'COUPON_EXHAUSTED'
  | 'COUPON_ALREADY_USED';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly detail?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldIssue[], message = 'Request validation failed') {
    super(400, 'VALIDATION_ERROR', message, fields);
  }
}

export class AuthenticationError extends AppError {
  constructor(detail = 'A valid bearer token is required') {
    super(401, 'AUTHENTICATION_FAILED', 'Authentication required', [], detail);
  }
}

/** Sign-in with a wrong email/password pair; deliberately does not say which of the two was wrong. */
export class InvalidCredentialsError extends AppError {
  constructor() {
    super(401, 'INVALID_CREDENTIALS', 'Invalid email or password');
  }
}

export class AuthorizationError extends AppError {
  constructor(detail = 'You do not have permission to perform this action') {
    super(403, 'AUTHORIZATION_DENIED', 'Access denied', [], detail);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Resource not found') {
    super(404, 'NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fields: FieldIssue[] = []) {
    super(409, 'CONFLICT', message, fields);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json', [
      { field: 'headers.content-type', message: 'Expected application/json', code: 'unsupported_media_type' },
    ]);
  }
}

export class RateLimitError extends AppError {
  constructor(
    readonly limit: number,
    readonly windowSeconds: number,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests. Please try again later.', [],
      `Rate limit: ${limit} requests per ${windowSeconds} s. Try again in ${retryAfterSeconds} seconds.`);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'Service temporarily unavailable') {
    super(503, 'SERVICE_UNAVAILABLE', message);
  }
}

/**
 * Seed 002 `MEDIA_UPLOAD_FAILED`: what was uploaded is not what was declared (missing object, other
 * size, other type, unreadable file), or the upload session expired. 400 with the offending field.
 */
export class MediaUploadError extends AppError {
  constructor(message: string, fields: FieldIssue[]) {
    super(400, 'MEDIA_UPLOAD_FAILED', message, fields);
  }
}

/** Seed 002 `MEDIA_SIZE_EXCEEDED`: the declared size is over the caller's plan limit. */
export class MediaSizeExceededError extends AppError {
  constructor(limitBytes: number) {
    super(400, 'MEDIA_SIZE_EXCEEDED', 'File size exceeds limit', [{ field: 'body.file_size', message: `At most ${limitBytes} bytes on your plan`, code: 'too_big' }]);
  }
}

/** An external source could not be imported: the remote server failed, was too slow or sent too much or the wrong thing. */
export class ImportFailedError extends AppError {
  constructor(message: string, field: string, code: string) {
    super(422, 'IMPORT_FAILED', message, [{ field, message, code }]);
  }
}

/** The only thing a client ever learns about an unexpected failure. */
export class InternalError extends AppError {
  constructor() {
    super(500, 'INTERNAL_ERROR', 'An unexpected error occurred', [], 'Please try again later or contact support');
  }
}
