import { readEnrollment, type EnrollmentRecord } from './enrollmentWrites.js';
import type { SagaFailure } from './sagaErrors.js';
import { sagaExecutionName } from './sagaExecutionName.js';
import { claimSagaRequest, readSagaRequest, type SagaRequestRecord } from './sagaRequestRepository.js';
import { sagaRunner } from './sagaRunner.js';
import type { SagaExecutionInput } from './sagaState.js';

/**
 * Starting and observing enrollment sagas: the one entry the enroll route, the confirm route and the
 * Stripe webhook share (the contract other areas code against). A start takes the execution's input
 * less its name, which is derived here.
 */
export type EnrollmentSagaInput = Omit<SagaExecutionInput, 'executionName'>;

/**
 * The saga idempotency key of a payment intent: the confirm route and the Stripe webhook both start
 * the saga of an intent with this key, so a confirmation and the provider's `payment_intent.succeeded`
 * for it always name the same execution (and so one charge, one enrollment).
 */
export function paymentSagaIdempotencyKey(paymentId: string): string {
  return `payment:${paymentId}`;
}

/**
 * Starts the saga for a purchase, or finds the one already started for it. The execution name is
 * derived from (tenant, user, course, idempotency key); the request item's conditional Put claims it
 * (one PutItem), and only the claimant's call is `started: true`.
 *
 *   t0  ten identical requests race: one Put wins → StartExecution(name, input)
 *   t1  the nine others get the winner's item back → `started: false`; each repeats StartExecution
 *       with the *stored* input, which Step Functions answers with the running execution (or
 *       ExecutionAlreadyExists once it closed) — so a crash between the Put and the first
 *       StartExecution is healed by the next duplicate instead of leaving a request that never runs.
 */
export async function startEnrollmentSaga(input: EnrollmentSagaInput): Promise<{ executionName: string; started: boolean; request: SagaRequestRecord }> {
  const executionName = sagaExecutionName(input.tenantId, input.userId, input.courseId, input.idempotencyKey);
  const executionInput: SagaExecutionInput = {
    executionName,
    tenantId: input.tenantId,
    userId: input.userId,
    courseId: input.courseId,
    idempotencyKey: input.idempotencyKey,
    ...(input.paymentId ? { paymentId: input.paymentId } : {}),
    ...(input.paymentMethod ? { paymentMethod: input.paymentMethod } : {}),
    ...(input.couponCode ? { couponCode: input.couponCode } : {}),
    requestedAt: input.requestedAt,
  };
  const runner = sagaRunner();
  const { created, record } = await claimSagaRequest(executionInput, new Date(input.requestedAt));
  if (created || record.status === 'running') await runner.start(executionName, record.input);
  return { executionName, started: created, request: record };
}

export interface EnrollmentSagaStatus {
  status: 'running' | 'succeeded' | 'failed';
  enrollment?: EnrollmentRecord;
  error?: SagaFailure;
  /** Present while the payment waits for the customer's 3-D Secure step. */
  requiresAction?: { clientSecret: string | null; providerIntentId: string };
  request: SagaRequestRecord;
}

/**
 * The outcome of a saga (the request item, plus the enrollment once it succeeded): one GetItem, two
 * when succeeded. Undefined for a name this tenant never started — callers answer 404 without
 * telling whether another tenant has it (the tenant leads the key).
 */
export async function enrollmentSagaStatus(tenantId: string, executionName: string): Promise<EnrollmentSagaStatus | undefined> {
  const request = await readSagaRequest(tenantId, executionName);
  if (!request) return undefined;
  if (request.status === 'succeeded') {
    const enrollment = await readEnrollment(tenantId, request.userId, request.courseId);
    return { status: 'succeeded', request, ...(enrollment ? { enrollment } : {}) };
  }
  if (request.status === 'failed') return { status: 'failed', request, ...(request.error ? { error: request.error } : {}) };
  return { status: 'running', request, ...(request.requiresAction ? { requiresAction: request.requiresAction } : {}) };
}

/**
 * Waits (bounded) for a saga to finish or pause for the customer, then reads its status: how a route answers 201 when the flow
 * completes within a few seconds and 202 with the request to poll otherwise. The wait asks the runner
 * (Step Functions' DescribeExecution, or the in-process execution), never the table, so the route's
 * DynamoDB cost stays fixed however long the saga takes.
 */
export async function awaitEnrollmentSaga(tenantId: string, executionName: string, timeoutMs: number): Promise<EnrollmentSagaStatus | undefined> {
  await sagaRunner().waitUntilSettled(executionName, timeoutMs);
  return enrollmentSagaStatus(tenantId, executionName);
}
