import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Fail, JitterType, JsonPath, Map as MapState, type RetryProps, type StateMachine, Succeed, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ERASURE_TRANSIENT_ERROR, type ErasureStep } from '../../shared/privacy/erasureTasks.js';
import type { StageConfig } from '../stageConfig.js';
import { CairnFunction } from './cairnFunction.js';
import { alarmedDeadLetterQueue, observedStateMachine } from './workflowParts.js';

export interface PrivacyWorkflowsProps {
  stage: StageConfig;
  table: Table;
  /** Environment of the erasure task function (the user pool id, for the Cognito deletion). */
  environment: Record<string, string>;
}

/** Own-data iterations run this many (tenant, entity) erasures at once; shared views one at a time. */
export const ERASURE_OWN_CONCURRENCY = 4;

const TASK_RETRY: RetryProps = {
  errors: [ERASURE_TRANSIENT_ERROR, 'Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'],
  interval: Duration.seconds(2),
  maxAttempts: 4,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  jitterStrategy: JitterType.FULL,
};

/**
 * Privacy background work (issue 20):
 *
 * - the export worker: builds a large account's data export (invoked asynchronously by the privacy
 *   function; two retries, then its DLQ and alarm);
 * - the erasure workflow, a standard state machine (logged, traced), one task Lambda for every state:
 *
 *     Begin → DeleteIdentity → EraseOwnData (Map over (tenant, entity), 4 at once)
 *           → EraseSharedData (Map, 1 at a time: leaderboards refreshed, rollups and tables rewritten) → Finish → Erased
 *     any failure (after retries of transient errors) → RecordFailure → ErasureFailed
 *
 *   Every step is idempotent (shared/privacy/erasureSteps.ts), so a failed erasure is resumed by starting
 *   a new execution (`…-<attempt>`) for the same request. The execution state carries ids only: the
 *   email and discovered ids live on the request item, so logged execution data names no one.
 */
export class PrivacyWorkflows extends Construct {
  readonly exportWorker: LambdaFunction;
  readonly exportWorkerRole: CairnFunction['role'];
  readonly exportWorkerDeadLetterQueue: Queue;
  readonly exportWorkerAlarm: Alarm;
  readonly erasureTasks: CairnFunction;
  readonly erasureWorkflow: StateMachine;

  constructor(scope: Construct, id: string, props: PrivacyWorkflowsProps) {
    super(scope, id);
    const { stage } = props;

    const worker = new CairnFunction(this, 'ExportWorker', {
      stage,
      name: 'export-worker',
      description: 'Builds one large data export (a learner\'s JSON archive) in the background',
      entry: 'lambdas/exportWorker/handler.ts',
      table: props.table,
      environment: {},
      memoryMb: 1024,
      timeoutSeconds: 900,
    });
    this.exportWorker = worker.fn;
    this.exportWorkerRole = worker.role;
    ({ queue: this.exportWorkerDeadLetterQueue, alarm: this.exportWorkerAlarm } = alarmedDeadLetterQueue(this, 'ExportWorkerDeadLetterQueue', {
      stage,
      name: 'export-worker-dlq',
      holds: 'data exports that failed after their retries',
      alarmDescription: 'A data export failed after its retries: read the message and the export worker\'s logs; the export is marked failed and the learner can request a new one.',
      alarmPeriod: Duration.minutes(5),
    }));
    worker.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1), onFailure: new SqsDestination(this.exportWorkerDeadLetterQueue) });

    this.erasureTasks = new CairnFunction(this, 'ErasureTasks', {
      stage,
      name: 'erasure-tasks',
      description: 'The erasure workflow\'s task states: discover, delete the sign-in, erase one entity, finish with a receipt',
      entry: 'lambdas/erasureTasks/handler.ts',
      table: props.table,
      environment: props.environment,
      memoryMb: 1024,
      timeoutSeconds: 900,
    });

    const task = (stateName: string, step: ErasureStep) =>
      new LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: this.erasureTasks.fn,
        payload: TaskInput.fromObject({ step, input: JsonPath.entirePayload }),
        outputPath: '$.Payload',
        retryOnServiceExceptions: false,
      }).addRetry(TASK_RETRY);

    const failed = new Fail(this, 'ErasureFailed', { stateName: 'ErasureFailed', error: 'ErasureFailed', cause: 'A step failed after its retries; the request is marked failed and a new request resumes it' });
    const recordFailure = task('RecordFailure', 'RecordFailure');
    recordFailure.next(failed);
    const onError = { resultPath: '$.error' };

    const eraseOwn = new MapState(this, 'EraseOwnData', { stateName: 'EraseOwnData', itemsPath: '$.ownTargets', maxConcurrency: ERASURE_OWN_CONCURRENCY, resultPath: JsonPath.DISCARD });
    eraseOwn.itemProcessor(task('EraseOwnEntity', 'EraseEntity'));
    eraseOwn.addCatch(recordFailure, onError);
    const eraseShared = new MapState(this, 'EraseSharedData', { stateName: 'EraseSharedData', itemsPath: '$.sharedTargets', maxConcurrency: 1, resultPath: JsonPath.DISCARD });
    eraseShared.itemProcessor(task('EraseSharedEntity', 'EraseEntity'));
    eraseShared.addCatch(recordFailure, onError);

    const definition = task('Begin', 'Begin')
      .addCatch(recordFailure, onError)
      .next(task('DeleteIdentity', 'DeleteIdentity').addCatch(recordFailure, onError))
      .next(eraseOwn)
      .next(eraseShared)
      .next(task('Finish', 'Finish').addCatch(recordFailure, onError))
      .next(new Succeed(this, 'Erased', { stateName: 'Erased' }));

    this.erasureWorkflow = observedStateMachine(this, {
      stage,
      name: 'erasure',
      definition,
      timeout: Duration.hours(6),
      comment: 'Account erasure (issue 20): delete the sign-in, erase or anonymise every user-data entity, write the receipt',
      taskFunctions: [this.erasureTasks.fn],
    });
  }

  /** Lets an API function start erasures (the privacy routes, the account lifecycle webhook). */
  allowErasureFrom(fn: LambdaFunction): void {
    fn.addEnvironment('ERASURE_WORKFLOW_ARN', this.erasureWorkflow.stateMachineArn);
    this.erasureWorkflow.grantStartExecution(fn);
  }

  /** Lets an API function dispatch background exports to the export worker. */
  allowExportDispatchFrom(fn: LambdaFunction): void {
    // The function's own ARN only (grantInvoke would add `<arn>:*` for versions and aliases, which are not used).
    fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.exportWorker.functionArn] }));
    fn.addEnvironment('EXPORT_WORKER_FUNCTION', this.exportWorker.functionName);
  }
}

