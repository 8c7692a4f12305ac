import { type CfnElement, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput, ContextAttribute, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, DistributedMap, JitterType, JsonPath, LogLevel, StateMachine, StateMachineType, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PIPELINE_TRANSIENT_ERRORS } from '../../shared/analytics/pipelineSteps.js';
import { NIGHTLY_SCHEDULE, PIPELINE_DEAD_LETTER_STATE, PIPELINE_MAP_STATE, PIPELINE_MAX_CONCURRENCY, PIPELINE_TASKS, type PipelineTaskName } from '../../shared/analytics/pipelineTasks.js';
import type { StageConfig } from '../stageConfig.js';
import { CairnFunction } from './cairnFunction.js';

export interface AnalyticsPipelineProps {
  stage: StageConfig;
  table: Table;
}

/**
 * The nightly analytics aggregation (issue 14, DESIGN §8a): an EventBridge Scheduler schedule starts a
 * standard workflow, logged (ALL) and traced:
 *
 *   PlanRun ─> AggregateTenants (Distributed Map over the directory's tenants, 10 at once)
 *                 AggregateTenant ─(named transient errors: 4 tries, backoff)
 *                     └─(any error after the retries)─> RecordTenantFailure ─> DeadLetterTenant (SQS)
 *           ─> FinishRun
 *
 * A failing tenant never stops the others: its failure is caught inside its Map iteration, recorded on
 * its process record and sent with its work item to the DLQ, whose first message raises an alarm.
 * The definition is JSONPath without ItemReader/ResultWriter, so bin/local/localAnalyticsPipeline.ts
 * runs the same synthesized ASL (the Map inline). The org admins' reprocessing starts executions too.
 */
export class AnalyticsPipeline extends Construct {
  readonly stateMachine: StateMachine;
  readonly deadLetterQueue: Queue;
  readonly alarm: Alarm;
  readonly schedule: Schedule;
  readonly taskFunctions = new Map<PipelineTaskName, IFunction>();

  constructor(scope: Construct, id: string, props: AnalyticsPipelineProps) {
    super(scope, id);
    const { stage } = props;
    for (const [name, task] of Object.entries(PIPELINE_TASKS) as [PipelineTaskName, (typeof PIPELINE_TASKS)[PipelineTaskName]][]) {
      const fn = new CairnFunction(this, `${name}Function`, {
        stage,
        name: `analytics-${task.file}`,
        description: task.description,
        entry: `lambdas/analyticsPipeline/${task.file}.ts`,
        table: props.table,
        environment: {},
        memoryMb: task.memoryMb,
        timeoutSeconds: task.timeoutSeconds,
      });
      this.taskFunctions.set(name, fn.fn);
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `cairn-${stage.name}-analytics-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue IS the dead-letter queue of the analytics pipeline (failed tenants and undeliverable schedule runs land here); it has no consumer whose failures would need another DLQ.',
    });
    this.alarm = this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }).createAlarm(this, 'DeadLetterAlarm', {
      alarmName: `cairn-${stage.name}-analytics-dlq`,
      alarmDescription: 'A tenant\'s nightly analytics aggregation failed after its retries (or a run could not start): read the message, fix the cause, then reprocess the date (process_analytics) or wait for the next run, which catches up missed dates.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const task = (name: PipelineTaskName, payloadPath = '$') => {
      const fn = this.taskFunctions.get(name);
      if (!fn) throw new Error(`No function for pipeline task ${name}`);
      return new LambdaInvoke(this, name, { stateName: name, lambdaFunction: fn, payload: TaskInput.fromJsonPathAt(payloadPath), outputPath: '$.Payload', retryOnServiceExceptions: false });
    };

    const aggregate = task('AggregateTenant').addRetry({
      errors: [...PIPELINE_TRANSIENT_ERRORS],
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 3,
      maxDelay: Duration.minutes(2),
      jitterStrategy: JitterType.FULL,
    });
    const recordFailure = task('RecordTenantFailure').addRetry({ errors: [...PIPELINE_TRANSIENT_ERRORS], interval: Duration.seconds(2), maxAttempts: 5, backoffRate: 2 });
    const deadLetter = new SqsSendMessage(this, PIPELINE_DEAD_LETTER_STATE, {
      stateName: PIPELINE_DEAD_LETTER_STATE,
      queue: this.deadLetterQueue,
      messageBody: TaskInput.fromJsonPathAt('$'),
      resultPath: JsonPath.DISCARD,
    }).addRetry({ errors: ['SQS.SdkClientException', 'SQS.AmazonSQSException'], interval: Duration.seconds(2), maxAttempts: 5, backoffRate: 2 });
    recordFailure.next(deadLetter);
    aggregate.addCatch(recordFailure, { resultPath: '$.failure' });

    const map = new DistributedMap(this, PIPELINE_MAP_STATE, {
      stateName: PIPELINE_MAP_STATE,
      itemsPath: '$.tenants',
      maxConcurrency: PIPELINE_MAX_CONCURRENCY,
      mapExecutionType: StateMachineType.STANDARD,
      // Outcomes are recorded per tenant on the run record; the Map passes nothing on (256 KB limit).
      resultPath: JsonPath.DISCARD,
    });
    map.itemProcessor(aggregate);
    const definition = task('PlanRun').next(map).next(task('FinishRun'));

    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/cairn-${stage.name}-analytics-pipeline`,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `cairn-${stage.name}-analytics-pipeline`,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
      timeout: Duration.hours(6),
      comment: 'Nightly analytics aggregation (issue 14): plan, fold each tenant (failures recorded and dead-lettered), finish',
    });
    const stateMachineRole = this.stateMachine.role;
    Validations.of(stateMachineRole).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'CDK adds `*` only for the X-Ray tracing and CloudWatch Logs delivery actions, which do not support resource-level permissions.',
    });
    // The Distributed Map runs child executions of this machine: CDK grants them as `execution:<name>:*` and `…/*:*`.
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const machine = stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement);
    for (const suffix of [':*', '/*:*']) {
      Validations.of(this.stateMachine).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}${suffix}]`,
        reason: 'The Distributed Map starts and reads the child executions of this state machine only (`execution:<machine-name>:*`); their names are generated by Step Functions and cannot be listed in advance.',
      });
    }
    for (const fn of this.taskFunctions.values()) {
      const logicalId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
      Validations.of(stateMachineRole).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: 'LambdaInvoke grants the task function and its versions/aliases (`<function-arn>:*`); the pipeline invokes only its own task functions.',
      });
    }

    // The schedule: its own role may start this one state machine and send to this one DLQ.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    this.schedule = new Schedule(this, 'NightlySchedule', {
      scheduleName: `cairn-${stage.name}-analytics-nightly`,
      description: 'Nightly analytics aggregation at 12:30 UTC, when every time zone\'s previous day has ended',
      schedule: ScheduleExpression.expression(NIGHTLY_SCHEDULE),
      timeWindow: TimeWindow.off(),
      target: new StepFunctionsStartExecution(this.stateMachine, {
        role: schedulerRole,
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }

  /** Lets an API function start executions (the org admin's reprocessing): StartExecution and `ANALYTICS_PIPELINE_ARN`. */
  allowStartFrom(fn: LambdaFunction): void {
    fn.addEnvironment('ANALYTICS_PIPELINE_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(fn);
  }
}
