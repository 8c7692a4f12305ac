import { logger } from '../../shared/http/observability.js';
import { beginStep, deleteIdentityStep, eraseEntityStep, finishStep, recordFailureStep } from '../../shared/privacy/erasureSteps.js';
import { ERASURE_TRANSIENT_ERROR, type ErasureState, type ErasureStep, type ErasureTarget } from '../../shared/privacy/erasureTasks.js';

/** Errors worth a retry by the state machine (relabelled ERASURE_TRANSIENT_ERROR). */
const TRANSIENT = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError', 'ServiceUnavailable', 'SlowDown', 'TooManyRequestsException', 'TransactionConflictException']);

/**
 * The erasure workflow's task Lambda (lib/constructs/erasureWorkflow.ts): one function for every task
 * state; the state machine sends `{step, input}`. Transient AWS errors are relabelled so the state's
 * Retry matches them; anything else fails the execution (RecordFailure), and a new request resumes it.
 */
export async function handler(event: { step: ErasureStep; input: unknown }): Promise<unknown> {
  try {
    switch (event.step) {
      case 'Begin':
        return await beginStep(event.input as ErasureState);
      case 'DeleteIdentity':
        return await deleteIdentityStep(event.input as ErasureState);
      case 'EraseEntity':
        return await eraseEntityStep(event.input as ErasureTarget);
      case 'Finish':
        return await finishStep(event.input as ErasureState);
      case 'RecordFailure':
        return await recordFailureStep(event.input as ErasureState);
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : 'Error';
    logger.warn('erasure task failed', { step: event.step, error: name });
    if (TRANSIENT.has(name)) {
      const relabelled = new Error(err instanceof Error ? err.message : String(err));
      relabelled.name = ERASURE_TRANSIENT_ERROR;
      throw relabelled;
    }
    throw err;
  }
}
