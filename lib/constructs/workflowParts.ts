import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, type IChainable, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { StageConfig } from '../stageConfig.js';

/**
 * The parts every Cairn background flow shares, declared once: the alarmed dead-letter queue (scheduled
 * jobs, the enrollment saga, the analytics pipeline) and the logged, traced standard state machine.
 */
export interface DeadLetterQueueProps {
  stage: StageConfig;
  /** `cairn-<stage>-<name>` names the queue and its alarm. */
  name: string;
  /** What lands in it (the cdk-nag SQS3 acknowledgement's reason: it is the DLQ). */
  holds: string;
  /** What the person paged should do. */
  alarmDescription: string;
  alarmPeriod: Duration;
}

/** An SQS-encrypted, SSL-only DLQ kept 14 days, with an alarm on its first visible message. */
export function alarmedDeadLetterQueue(scope: Construct, id: string, props: DeadLetterQueueProps): { queue: Queue; alarm: Alarm } {
  const queue = new Queue(scope, id, {
    queueName: `cairn-${props.stage.name}-${props.name}`,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: props.stage.removalPolicy,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: `This queue IS a dead-letter queue (${props.holds}); it has no consumer whose failures would need another DLQ.`,
  });
  const alarm = queue.metricApproximateNumberOfMessagesVisible({ period: props.alarmPeriod }).createAlarm(scope, `${id}Alarm`, {
    alarmName: `cairn-${props.stage.name}-${props.name}`,
    alarmDescription: props.alarmDescription,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  return { queue, alarm };
}

export interface ObservedStateMachineProps {
  stage: StageConfig;
  /** `cairn-<stage>-<name>` names the machine and `/aws/vendedlogs/states/cairn-<stage>-<name>` its logs. */
  name: string;
  definition: IChainable;
  timeout: Duration;
  comment: string;
  /** The task functions it invokes (their `<arn>:*` grants are acknowledged for cdk-nag). */
  taskFunctions: Iterable<IFunction>;
}

/** A standard workflow logging ALL with execution data and traced with X-Ray, with its cdk-nag acknowledgements. */
export function observedStateMachine(scope: Construct, props: ObservedStateMachineProps): StateMachine {
  const logGroup = new LogGroup(scope, 'Logs', {
    logGroupName: `/aws/vendedlogs/states/cairn-${props.stage.name}-${props.name}`,
    retention: props.stage.logRetention,
    removalPolicy: props.stage.removalPolicy,
  });
  const machine = new StateMachine(scope, 'StateMachine', {
    stateMachineName: `cairn-${props.stage.name}-${props.name}`,
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromChainable(props.definition),
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
    tracingEnabled: true,
    timeout: props.timeout,
    comment: props.comment,
  });
  Validations.of(machine.role).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: 'CDK adds `*` only for the X-Ray tracing and CloudWatch Logs delivery actions, which do not support resource-level permissions.',
  });
  for (const fn of props.taskFunctions) {
    const logicalId = Stack.of(scope).getLogicalId(fn.node.defaultChild as CfnElement);
    Validations.of(machine.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason: `LambdaInvoke grants the task function and its versions/aliases (\`<function-arn>:*\`); the ${props.name} invokes only its own task functions.`,
    });
  }
  return machine;
}
