import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_URL_TTL_SECONDS } from '../../shared/reports/reportBucket.js';
import type { StageConfig } from '../stageConfig.js';
import { nagArnOf } from './nagReference.js';
import { CairnFunction } from './cairnFunction.js';
import { privateBucketWithAccessLogs } from './privateBucket.js';

export interface ReportStorageProps {
  stage: StageConfig;
  table: Table;
}

/**
 * Reports (issue 15): the report bucket, its access-log bucket and the background report worker.
 *   reports function ──(async invoke)──> report worker (2 retries) ──failed──> DLQ ──> alarm
 *   reports function, report worker, scheduled-reports job ──PutObject/GetObject──> bucket (tenant-led keys)
 * The bucket blocks public access, accepts only TLS, is encrypted (SSE-S3), logs access to its own log
 * bucket and expires reports after the stage's retention (90 days by default). Only the functions
 * passed to `bindWriter` may write it; clients read files only through short-lived presigned GETs.
 */
export class ReportStorage extends Construct {
  readonly bucket: Bucket;
  readonly worker: NodejsFunction;
  readonly workerDeadLetterQueue: Queue;
  readonly workerAlarm: Alarm;
  private readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: ReportStorageProps) {
    super(scope, id);
    const { stage } = props;
    this.retentionDays = stage.reportRetentionDays;
    this.bucket = privateBucketWithAccessLogs(this, 'Reports', { removalPolicy: stage.removalPolicy, accessLogDays: stage.reportRetentionDays, accessLogPrefix: 'reports/' }, {
      lifecycleRules: [{ id: 'expire-reports', expiration: Duration.days(stage.reportRetentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    const worker = new CairnFunction(this, 'Worker', {
      stage,
      name: 'report-worker',
      description: 'Produces one large report (over 500 learners) in the background and notifies its requester',
      entry: 'lambdas/reportWorker/handler.ts',
      table: props.table,
      environment: {},
      memoryMb: 3008,
      timeoutSeconds: 900,
      renderReports: true,
    });
    this.worker = worker.fn;
    this.workerDeadLetterQueue = new Queue(this, 'WorkerDeadLetterQueue', {
      queueName: `cairn-${stage.name}-report-worker-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.workerDeadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue IS the dead-letter queue of the report worker (background reports that failed after their retries); it has no consumer needing another DLQ.',
    });
    worker.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1), onFailure: new SqsDestination(this.workerDeadLetterQueue) });
    this.workerAlarm = this.workerDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }).createAlarm(this, 'WorkerDeadLetterAlarm', {
      alarmName: `cairn-${stage.name}-report-worker-dlq`,
      alarmDescription: 'A background report failed after its retries: read the message in the DLQ and the report worker\'s logs; the report is marked failed.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.bindWriter(worker.fn, worker.role);
  }

  /**
   * Lets one function write and read report files — and certificates and receipts (issue 23) — with
   * PutObject and GetObject on the bucket's objects (no List, no Delete), and tells it the bucket, the
   * presigned URLs' lifetime and the files' retention.
   */
  bindWriter(fn: NodejsFunction, role: Role): void {
    role.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects('*')] }));
    fn.addEnvironment('REPORTS_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('REPORT_URL_TTL_SECONDS', String(DEFAULT_URL_TTL_SECONDS));
    // Certificates and receipts re-render their cached PDF before the lifecycle rule expires it (shared/reports/storedFile.ts).
    fn.addEnvironment('FILE_RETENTION_DAYS', String(this.retentionDays));
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagArnOf(role, this.bucket)}/*]`,
      reason: 'Report files live under tenant-led keys (`<tenant>/reports/<id>/…`) created at run time, so the grant names the report bucket\'s objects; it allows only PutObject and GetObject.',
    });
  }

  /**
   * Lets the integration probe (issue 20) check that the bucket answers: HeadBucket (s3:ListBucket on
   * the bucket itself, no object access) and `REPORTS_BUCKET` in the function's environment.
   */
  allowProbe(fn: NodejsFunction, role: Role): void {
    role.addToPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    fn.addEnvironment('REPORTS_BUCKET', this.bucket.bucketName);
  }

  /**
   * Lets the erasure workflow delete files of an erased user (issue 20: certificates, receipts, reports,
   * exports), on top of bindWriter's PutObject and GetObject.
   */
  bindEraser(fn: NodejsFunction, role: Role): void {
    this.bindWriter(fn, role);
    role.addToPolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }));
  }

  /** Lets the reports API function start background reports on the worker. */
  allowDispatchFrom(fn: NodejsFunction): void {
    this.worker.grantInvoke(fn);
    fn.addEnvironment('REPORT_WORKER_FUNCTION', this.worker.functionName);
    const workerLogicalId = Stack.of(this).getLogicalId(this.worker.node.defaultChild as CfnElement);
    const role = fn.role;
    if (role) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${workerLogicalId}.Arn>:*]`,
        reason: 'The only wildcard is `<worker-arn>:*` (the report worker\'s versions and aliases), added by grantInvoke; it names one function.',
      });
    }
  }
}
