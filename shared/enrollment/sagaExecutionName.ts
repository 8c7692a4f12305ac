import { createHash } from 'node:crypto';

/**
 * The execution name of an enrollment saga. Step Functions keeps a name unique per state machine for
 * 90 days (a standard workflow answers a second StartExecution with the same name and input with the
 * first execution, and refuses any other input), so deriving the name from the business key
 * (tenant, user, course, idempotency key) is what turns "ten identical requests" into one execution
 * and therefore one charge. Names allow at most 80 characters of `[A-Za-z0-9_-]`: a SHA-256 in hex
 * (64) behind a short prefix fits, and the inputs are length-prefixed so `("a|b", "c")` and
 * `("a", "b|c")` can never collide.
 */
export function sagaExecutionName(tenantId: string, userId: string, courseId: string, idempotencyKey: string): string {
  const hash = createHash('sha256');
  for (const part of [tenantId, userId, courseId, idempotencyKey]) hash.update(`${part.length}:${part};`);
  return `enroll-${hash.digest('hex')}`;
}

/** Execution names this module produces: what the poll route accepts as a request id. */
export const SAGA_EXECUTION_NAME_PATTERN = /^enroll-[0-9a-f]{64}$/;

/**
 * The idempotency key of a paid enroll request that carries no `Idempotency-Key` header: derived from
 * what the learner asked for (payment method and coupon), so identical retries of the same purchase
 * (double clicks, a client retrying after a timeout) map to one saga. A purchase with another card or
 * coupon is another request; a learner retrying after a failure with the same card sends a new
 * `Idempotency-Key` (Stripe's convention) to start a fresh attempt.
 */
export function derivedEnrollIdempotencyKey(paymentMethod: string, couponCode: string | undefined): string {
  return `body:${createHash('sha256').update(`${paymentMethod.length}:${paymentMethod};${couponCode ?? ''}`).digest('hex').slice(0, 32)}`;
}
