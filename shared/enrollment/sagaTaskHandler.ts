import { logger } from '../http/observability.js';
import { asSagaError } from './sagaErrors.js';
import type { SagaState } from './sagaState.js';
import type { SagaTaskName } from './sagaTasks.js';

export type SagaStep = (state: SagaState) => Promise<SagaState>;

/**
 * Wraps a saga step as a task Lambda's handler: the state in, the state with the step's result out.
 * Failures are re-labelled for the state machine's Retry/Catch (asSagaError) and logged with the
 * execution name, so one execution's story can be followed across its task functions' logs.
 */
export function sagaTaskHandler(task: SagaTaskName, step: SagaStep): (state: SagaState) => Promise<SagaState> {
  return async (state) => {
    try {
      return await step(state);
    } catch (err) {
      const labelled = asSagaError(err);
      logger.warn('enrollment saga task failed', {
        task,
        executionName: state.executionName,
        tenantId: state.tenantId,
        error: labelled instanceof Error ? { name: labelled.name, message: labelled.message } : String(labelled),
      });
      throw labelled;
    }
  };
}
