import { startExecutionOnce, stepFunctions } from '../aws/stepFunctions.js';
import { ServiceUnavailableError } from '../http/errors.js';
import { AWAIT_AUTHENTICATION_STATE } from './sagaTasks.js';

/**
 * Where enrollment saga executions run. In AWS: the Step Functions state machine named by
 * `ENROLLMENT_SAGA_ARN` (set by CDK on every function that starts sagas). Locally (`npm start`, the
 * tests): the same definition run in-process by aws-local-stepfunctions, installed with
 * `setSagaRunner` by bin/local/localStateMachine.ts — shared/ never imports the local stack.
 */
export interface SagaRunner {
  readonly kind: 'stepfunctions' | 'local';
  /**
   * Starts the execution `name` with `input` (the exact JSON first stored on the request item).
   * Must be idempotent: Step Functions answers a repeated StartExecution with the same name and input
   * with the running execution; the local runner ignores a name it already runs.
   */
  start(name: string, input: string): Promise<void>;
  /**
   * Waits until the execution has finished, or paused for the customer (3-D Secure), or `timeoutMs`
   * passed — whichever comes first.
   */
  waitUntilSettled(name: string, timeoutMs: number): Promise<SagaProgress>;
}

export type SagaProgress = 'finished' | 'awaiting_customer' | 'running';


let installed: SagaRunner | undefined;

/** Installs a runner (the local stack and tests); undefined resets to the configured one. */
export function setSagaRunner(runner: SagaRunner | undefined): void {
  installed = runner;
}

/**
 * The runner this process uses: an installed one, else Step Functions when `ENROLLMENT_SAGA_ARN` is
 * set. Neither → 503: a paid enrollment cannot be taken without a place to run it, and saying so is
 * better than accepting a request nothing will process.
 */
export function sagaRunner(): SagaRunner {
  if (installed) return installed;
  const arn = process.env.ENROLLMENT_SAGA_ARN;
  if (!arn) throw new ServiceUnavailableError('Paid enrollment is not available: no enrollment saga is configured');
  installed = new StepFunctionsSagaRunner(arn);
  return installed;
}

/** Poll interval while a route waits for a saga (Step Functions' history, not DynamoDB). */
const POLL_INTERVAL_MS = 250;
const FINISHED_EVENTS = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

/** The AWS runner: StartExecution, and the newest history event to see where an execution is. */
export class StepFunctionsSagaRunner implements SagaRunner {
  readonly kind = 'stepfunctions' as const;
  constructor(private readonly stateMachineArn: string) {}

  async start(name: string, input: string): Promise<void> {
    // Same name, closed execution or other input: that execution is the one this request belongs to.
    await startExecutionOnce(this.stateMachineArn, name, input);
  }

  async waitUntilSettled(name: string, timeoutMs: number): Promise<SagaProgress> {
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const deadline = Date.now() + timeoutMs;
    const { sdk, client } = await stepFunctions();
    for (;;) {
      const history = await client.send(new sdk.GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1, includeExecutionData: false }));
      const last = history.events?.[0];
      if (last?.type && FINISHED_EVENTS.has(last.type)) return 'finished';
      if (last?.type === 'WaitStateEntered' && last.stateEnteredEventDetails?.name === AWAIT_AUTHENTICATION_STATE) return 'awaiting_customer';
      if (Date.now() + POLL_INTERVAL_MS > deadline) return 'running';
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
}
