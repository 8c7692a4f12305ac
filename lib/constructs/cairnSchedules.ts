import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmedDeadLetterQueue } from './workflowParts.js';
import type { JobSchedule } from '../../shared/jobs/schedules.js';
import type { StageConfig } from '../stageConfig.js';
import { CairnFunction } from './cairnFunction.js';

export interface CairnSchedulesProps {
  stage: StageConfig;
  table: Table;
  /** The jobs to schedule (shared/jobs/schedules.ts JOB_SCHEDULES). */
  jobs: readonly JobSchedule[];
  environment?: Record<string, string>;
}

/** A run older than this is dropped (the next scheduled run does the same work, every job being idempotent). */
const MAX_EVENT_AGE = Duration.hours(1);

/**
 * The scheduled jobs (DESIGN §8), one set of resources per declared job:
 *   EventBridge Scheduler schedule ──(async invoke, 3 delivery retries)──> job Lambda (2 retries on error)
 *            └── delivery failed ──> DLQ <── run failed after its retries ──┘
 * The DLQ is SQS-encrypted and SSL-only; an alarm fires on its first message, so a job that keeps
 * failing (for the leaderboards: a board that stops refreshing) pages someone.
 */
export class CairnSchedules extends Construct {
  readonly functions = new Map<string, IFunction>();
  /** The job functions and roles of the jobs declared with `reports: true` (granted the report bucket by the stack). */
  readonly reportJobs: CairnFunction[] = [];
  readonly deadLetterQueues = new Map<string, Queue>();
  readonly alarms = new Map<string, Alarm>();

  constructor(scope: Construct, id: string, props: CairnSchedulesProps) {
    super(scope, id);
    const { stage } = props;
    for (const job of props.jobs) {
      const jobScope = new Construct(this, job.name);
      const fn = new CairnFunction(jobScope, 'Function', {
        stage,
        name: `job-${job.name}`,
        description: job.description.slice(0, 256),
        entry: job.entry,
        table: props.table,
        environment: props.environment ?? {},
        memoryMb: job.memoryMb,
        timeoutSeconds: job.timeoutSeconds,
        ...(job.reports ? { renderReports: true } : {}),
      });
      if (job.reports) this.reportJobs.push(fn);

      const { queue: deadLetterQueue, alarm } = alarmedDeadLetterQueue(jobScope, 'DeadLetterQueue', {
        stage,
        name: `job-${job.name}-dlq`,
        holds: 'failed deliveries and failed runs of a scheduled job land here',
        alarmDescription: `The scheduled job ${job.name} failed after its retries (or could not be delivered): read the message in the DLQ and the function's logs.`,
        alarmPeriod: Duration.minutes(5),
      });
      fn.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: MAX_EVENT_AGE, onFailure: new SqsDestination(deadLetterQueue) });

      // The scheduler's own role per job: it may invoke this one function and send to this one DLQ.
      const schedulerRole = new Role(jobScope, 'SchedulerRole', {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      });
      const functionLogicalId = Stack.of(this).getLogicalId(fn.fn.node.defaultChild as CfnElement);
      Validations.of(schedulerRole).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
        reason: 'The only wildcard is `<function-arn>:*` (the job function\'s versions and aliases), added by grantInvoke for the scheduler target; it names one function.',
      });
      new Schedule(jobScope, 'Schedule', {
        scheduleName: `cairn-${stage.name}-${job.name}`,
        description: job.description.slice(0, 512),
        schedule: ScheduleExpression.expression(job.schedule),
        timeWindow: TimeWindow.off(),
        target: new LambdaInvoke(fn.fn, {
          role: schedulerRole,
          input: ScheduleTargetInput.fromObject({ job: job.name, scheduledTime: ContextAttribute.scheduledTime }),
          retryAttempts: 3,
          maxEventAge: MAX_EVENT_AGE,
          deadLetterQueue,
        }),
      });

      this.functions.set(job.name, fn.fn);
      this.deadLetterQueues.set(job.name, deadLetterQueue);
      this.alarms.set(job.name, alarm);
    }
  }
}
