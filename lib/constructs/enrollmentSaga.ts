import { type CfnElement, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  Fail,
  JitterType,
  type StateMachine,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
  type CatchProps,
  type INextable,
  type IChainable,
  type RetryProps,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { alarmedDeadLetterQueue, observedStateMachine } from './workflowParts.js';
import { SAGA_ERROR_NAMES } from '../../shared/enrollment/sagaErrors.js';
import { AWAIT_AUTHENTICATION_STATE, PAYMENT_AUTHENTICATION_POLL_SECONDS, SAGA_DEAD_LETTER_STATE, SAGA_TASKS, type SagaTaskName } from '../../shared/enrollment/sagaTasks.js';
import type { StageConfig } from '../stageConfig.js';
import { CairnFunction } from './cairnFunction.js';

export interface EnrollmentSagaProps {
  stage: StageConfig;
  table: Table;
  /** Environment of the task functions (payment provider configuration). */
  environment: Record<string, string>;
}

/** Tasks that talk to the payment provider (and so need its secret); the others get no Stripe access. */
export const PAYMENT_TASKS: readonly SagaTaskName[] = ['Charge', 'CheckPayment', 'Refund'];

/** Forward steps: a few quick retries of transient failures only. */
const FORWARD_RETRY: RetryProps = {
  errors: [SAGA_ERROR_NAMES.transient, SAGA_ERROR_NAMES.providerUnavailable],
  interval: Duration.seconds(1),
  maxAttempts: 3,
  backoffRate: 2,
  jitterStrategy: JitterType.FULL,
};

/** Compensations must finish: more, longer retries (still only of named transient failures). */
const COMPENSATION_RETRY: RetryProps = {
  errors: [SAGA_ERROR_NAMES.transient, SAGA_ERROR_NAMES.providerUnavailable],
  interval: Duration.seconds(2),
  maxAttempts: 6,
  backoffRate: 2,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

const caught = (resultPath: string, errors?: string[]): CatchProps => ({ resultPath, ...(errors ? { errors } : {}) });

/**
 * The payment-then-enroll saga (DESIGN §8): a standard workflow, logged (ALL, with execution data) and
 * traced (X-Ray), one Lambda per task state.
 *
 *   Validate → [coupon?] ReserveCoupon → Charge ⇄ (AwaitAuthentication → CheckPayment) → WriteEnrollment → Notify → Enrolled
 *
 * Failures before any charge go straight to compensation of what was done (ReleaseCoupon) and
 * RecordFailure; a failure at or after Charge runs Refund then ReleaseCoupon (reverse order). Refund
 * first checks whether this saga's enrollment exists after all (a WriteEnrollment that committed but
 * did not answer) and then completes the saga instead of refunding. Compensations retry named
 * transient errors with backoff; one that still fails hands the whole state to an SQS dead-letter
 * queue, whose alarm pages a human. Notify is best-effort: the learner is charged and enrolled either way.
 */
export class EnrollmentSaga extends Construct {
  readonly stateMachine: StateMachine;
  readonly deadLetterQueue: Queue;
  readonly taskFunctions = new Map<SagaTaskName, IFunction>();

  /** The task functions that call the payment provider (PAYMENT_TASKS). */
  paymentTaskFunctions(): IFunction[] {
    return PAYMENT_TASKS.flatMap((name) => this.taskFunctions.get(name) ?? []);
  }

  constructor(scope: Construct, id: string, props: EnrollmentSagaProps) {
    super(scope, id);
    const { stage } = props;

    for (const [name, task] of Object.entries(SAGA_TASKS) as [SagaTaskName, (typeof SAGA_TASKS)[SagaTaskName]][]) {
      const fn = new CairnFunction(this, `${name}Function`, {
        stage,
        name: `saga-${task.file}`,
        description: task.description,
        entry: `lambdas/enrollmentSaga/${task.file}.ts`,
        table: props.table,
        environment: props.environment,
        memoryMb: 512,
        timeoutSeconds: 30,
      });
      this.taskFunctions.set(name, fn.fn);
    }

    this.deadLetterQueue = alarmedDeadLetterQueue(this, 'DeadLetterQueue', {
      stage,
      name: 'enrollment-saga-dlq',
      holds: 'Step Functions sends the enrollment saga\'s uncompensated executions to it',
      alarmDescription: 'An enrollment saga could not compensate (refund or coupon release failed after retries): inspect the message and settle the payment by hand.',
      alarmPeriod: Duration.minutes(1),
    }).queue;

    const task = (name: SagaTaskName, retry: RetryProps) => {
      const fn = this.taskFunctions.get(name);
      if (!fn) throw new Error(`No function for saga task ${name}`);
      // The whole state goes in; the function returns the whole state with its result added.
      return new LambdaInvoke(this, name, { stateName: name, lambdaFunction: fn, payload: TaskInput.fromJsonPathAt('$'), outputPath: '$.Payload', retryOnServiceExceptions: true }).addRetry(retry);
    };

    const compensationFailed = new Fail(this, 'CompensationFailed', {
      stateName: 'CompensationFailed',
      error: 'CompensationFailed',
      cause: 'A compensation failed after its retries; the state was sent to the dead-letter queue',
    });
    const sendToDeadLetter = new SqsSendMessage(this, SAGA_DEAD_LETTER_STATE, {
      stateName: SAGA_DEAD_LETTER_STATE,
      queue: this.deadLetterQueue,
      messageBody: TaskInput.fromJsonPathAt('$'),
      resultPath: '$.deadLetter',
    })
      .addRetry({ errors: ['SQS.SdkClientException', 'SQS.AmazonSQSException'], interval: Duration.seconds(2), maxAttempts: 5, backoffRate: 2 })
      .next(compensationFailed);

    const enrolled = new Succeed(this, 'Enrolled', { stateName: 'Enrolled' });
    const failed = new Fail(this, 'EnrollmentFailed', { stateName: 'EnrollmentFailed', error: 'EnrollmentFailed', cause: 'The enrollment was refused or could not be completed; the outcome is on the request item' });

    const recordFailure = task('RecordFailure', COMPENSATION_RETRY).addCatch(sendToDeadLetter, caught('$.compensationError'));
    recordFailure.next(failed);
    const releaseCoupon = task('ReleaseCoupon', COMPENSATION_RETRY).addCatch(sendToDeadLetter, caught('$.compensationError'));
    releaseCoupon.next(recordFailure);

    const notify = task('Notify', FORWARD_RETRY).addCatch(enrolled, caught('$.notifyError'));
    notify.next(enrolled);

    const refund = task('Refund', COMPENSATION_RETRY).addCatch(sendToDeadLetter, caught('$.compensationError'));
    refund.next(
      new Choice(this, 'EnrolledAfterAll', { stateName: 'EnrolledAfterAll' })
        .when(Condition.booleanEquals('$.refund.enrolled', true), notify)
        .otherwise(releaseCoupon),
    );

    const writeEnrollment = task('WriteEnrollment', FORWARD_RETRY).addCatch(refund, caught('$.error'));
    writeEnrollment.next(notify);

    const chargeOutcome = new Choice(this, 'ChargeOutcome', { stateName: 'ChargeOutcome' });
    const checkPayment = task('CheckPayment', FORWARD_RETRY).addCatch(refund, caught('$.error'));
    checkPayment.next(chargeOutcome);
    const awaitAuthentication = new Wait(this, AWAIT_AUTHENTICATION_STATE, {
      stateName: AWAIT_AUTHENTICATION_STATE,
      time: WaitTime.duration(Duration.seconds(PAYMENT_AUTHENTICATION_POLL_SECONDS)),
    }).next(checkPayment);
    chargeOutcome.when(Condition.stringEquals('$.charge.status', 'pending'), awaitAuthentication).otherwise(writeEnrollment);

    // A declined card charged nothing: only the coupon to give back. Any other failure may have charged.
    const charge = task('Charge', FORWARD_RETRY)
      .addCatch(releaseCoupon, caught('$.error', [SAGA_ERROR_NAMES.rejected]))
      .addCatch(refund, caught('$.error'));
    charge.next(chargeOutcome);

    const reserveCoupon = task('ReserveCoupon', FORWARD_RETRY).addCatch(releaseCoupon, caught('$.error'));
    reserveCoupon.next(charge);

    const validate = task('Validate', FORWARD_RETRY).addCatch(recordFailure, caught('$.error'));
    const definition: IChainable & INextable = validate;
    validate.next(
      new Choice(this, 'HasCoupon', { stateName: 'HasCoupon' })
        .when(Condition.isPresent('$.validation.couponCode'), reserveCoupon)
        .otherwise(charge),
    );

    this.stateMachine = observedStateMachine(this, {
      stage,
      name: 'enrollment-saga',
      definition,
      timeout: Duration.hours(3),
      comment: 'Payment-then-enroll saga (issue 7): validate, reserve coupon, charge, enroll, notify; refund and release on failure',
      taskFunctions: this.taskFunctions.values(),
    });
  }

  /**
   * Lets the integration probe (issue 20) describe this state machine, nothing more:
   * DescribeStateMachine on its ARN and `ENROLLMENT_SAGA_ARN` in the function's environment.
   */
  allowDescribeFrom(fn: LambdaFunction): void {
    fn.addEnvironment('ENROLLMENT_SAGA_ARN', this.stateMachine.stateMachineArn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeStateMachine'], resources: [this.stateMachine.stateMachineArn] }));
  }

  /**
   * Lets an API function start and follow executions (the enroll/confirm routes, the Stripe
   * webhook): StartExecution on this state machine, GetExecutionHistory on its executions (how a
   * route sees "finished" or "waiting for the customer"), and `ENROLLMENT_SAGA_ARN` in its environment.
   */
  allowStartFrom(fn: LambdaFunction): void {
    fn.addEnvironment('ENROLLMENT_SAGA_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(fn);
    this.stateMachine.grantExecution(fn, 'states:GetExecutionHistory');
    if (fn.role) {
      const stack = Stack.of(this);
      const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
      const machine = stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement);
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}:*]`,
        reason: 'GetExecutionHistory is granted on the executions of the enrollment saga state machine only (`execution:<machine-name>:*`); execution names are per request and cannot be listed in advance.',
      });
    }
  }
}
