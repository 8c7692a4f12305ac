import { startExecutionOnce } from '../aws/stepFunctions.js';
import { ServiceUnavailableError } from '../http/errors.js';

/**
 * Where erasure executions run: the Step Functions state machine named by `ERASURE_WORKFLOW_ARN` (set by
 * CDK on the functions that start erasures), or locally the same synthesized definition in-process
 * (bin/local/localErasure.ts installs it with setErasureRunner). A start is idempotent by name.
 */
export interface ErasureRunner {
  readonly kind: 'stepfunctions' | 'local';
  start(name: string, input: string): Promise<void>;
}

let installed: ErasureRunner | undefined;

export function setErasureRunner(runner: ErasureRunner | undefined): void {
  installed = runner;
}

/** The process's runner; none configured → 503 (an erasure nothing would run must not be accepted silently). */
export function erasureRunner(): ErasureRunner {
  if (installed) return installed;
  const arn = process.env.ERASURE_WORKFLOW_ARN;
  if (!arn) throw new ServiceUnavailableError('Erasure is not available: no erasure workflow is configured');
  installed = { kind: 'stepfunctions', start: (name, input) => startExecutionOnce(arn, name, input) };
  return installed;
}
