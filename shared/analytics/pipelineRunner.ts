import { startExecutionOnce } from '../aws/stepFunctions.js';
import { ServiceUnavailableError } from '../http/errors.js';

/**
 * Where analytics pipeline executions run. In AWS: the Step Functions state machine named by
 * `ANALYTICS_PIPELINE_ARN` (set by CDK on the functions that start it). Locally (`npm start`, tests):
 * the same definition run in-process, installed with setPipelineRunner by
 * bin/local/localAnalyticsPipeline.ts — shared/ never imports the local stack.
 */
export interface PipelineRunner {
  readonly kind: 'stepfunctions' | 'local';
  /** Starts execution `name` with `input`; a name already started is not started again. */
  start(name: string, input: string): Promise<void>;
}

let installed: PipelineRunner | undefined;

/** Installs a runner (the local stack and tests); undefined resets to the configured one. */
export function setPipelineRunner(runner: PipelineRunner | undefined): void {
  installed = runner;
}

/** The runner of this process; neither installed nor configured → 503 (nothing would process the request). */
export function pipelineRunner(): PipelineRunner {
  if (installed) return installed;
  const arn = process.env.ANALYTICS_PIPELINE_ARN;
  if (!arn) throw new ServiceUnavailableError('Analytics processing is not available: no analytics pipeline is configured');
  installed = new StepFunctionsPipelineRunner(arn);
  return installed;
}

export class StepFunctionsPipelineRunner implements PipelineRunner {
  readonly kind = 'stepfunctions' as const;
  constructor(private readonly stateMachineArn: string) {}

  /** The Step Functions SDK is loaded on this first call (shared/aws/stepFunctions.ts), not at cold start. */
  async start(name: string, input: string): Promise<void> {
    await startExecutionOnce(this.stateMachineArn, name, input);
  }
}
