import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, Function as LambdaFunction, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_XAPI_HOME_BASE_URL } from '../../shared/xapi/xapiHome.js';
import type { StageConfig } from '../stageConfig.js';
import { CairnFunction } from './cairnFunction.js';
import { alarmedDeadLetterQueue } from './workflowParts.js';

export interface XapiDeliveryProps {
  stage: StageConfig;
  table: Table;
}

/**
 * xAPI out (issue 22): the table's stream → the delivery Lambda → every LRS of the tenant.
 *
 *   table stream (NEW_IMAGE) ──filter: INSERT of entity = activity──> xapi-delivery (batches ≤ 100,
 *   ≤ 5 s window, bisect on error, 5 retries, partial batch responses)
 *        ├─ per LRS: retries with backoff, circuit breaker ──undeliverable──> DLQ (SendMessage)
 *        └─ a batch that still fails after its retries ──on-failure destination──> the same DLQ
 *   DLQ ≥ 1 message ──> alarm
 *
 * The LRS passwords are encrypted in the table under a stage key held in Secrets Manager (generated
 * by CloudFormation; shared/xapi/xapiSecretKey.ts), which the xapi API function (sets them) and the
 * delivery (uses them) may read. The functions get the stage's xAPI home base URL.
 */
export class XapiDelivery extends Construct {
  readonly fn: LambdaFunction;
  readonly deadLetterQueue: Queue;
  readonly alarm: Alarm;
  readonly key: Secret;
  private readonly homeBaseUrl: string;

  constructor(scope: Construct, id: string, props: XapiDeliveryProps) {
    super(scope, id);
    const { stage } = props;
    this.homeBaseUrl = stage.xapiHomeBaseUrl ?? DEFAULT_XAPI_HOME_BASE_URL;
    this.key = new Secret(this, 'CredentialsKey', {
      secretName: `cairn/${stage.name}/xapi/encryption-key`,
      description: `Key material that encrypts tenants' LRS passwords for Cairn ${stage.name}`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: stage.name === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'Rotating this key needs re-encrypting every tenant\'s stored LRS password (a migration, not a Secrets Manager rotation Lambda); org admins replace an LRS password through PUT /api/v1/xapi/lrs/{lrs_id}.',
    });

    const { queue, alarm } = alarmedDeadLetterQueue(this, 'DeadLetterQueue', {
      stage,
      name: 'xapi-delivery-dlq',
      holds: 'xAPI statements an LRS did not take after retries or while its circuit was open, and stream batches that failed after their retries',
      alarmDescription: 'xAPI statements could not be delivered to an LRS: read the messages (tenant, LRS, reason, statements) and the xapi-delivery logs; replay them once the LRS is back.',
      alarmPeriod: Duration.minutes(5),
    });
    this.deadLetterQueue = queue;
    this.alarm = alarm;

    const delivery = new CairnFunction(this, 'Delivery', {
      stage,
      name: 'xapi-delivery',
      description: 'xAPI out: new activity records from the table stream as xAPI 1.0.3 statements to each LRS of their tenant',
      entry: 'lambdas/xapiDelivery/handler.ts',
      table: props.table,
      environment: { XAPI_DLQ_URL: queue.queueUrl },
      memoryMb: 512,
      timeoutSeconds: 120,
    });
    this.fn = delivery.fn;
    Validations.of(delivery.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'The only `*` is dynamodb:ListStreams, added by the DynamoDB event source: ListStreams has no resource-level permissions. The stream itself is read with GetRecords/GetShardIterator/DescribeStream on the table\'s stream ARN only.',
    });
    queue.grantSendMessages(delivery.fn);
    this.bindTo(delivery.fn);
    delivery.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        parallelizationFactor: 2,
        onFailure: new SqsDlq(queue),
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('activity') } } } })],
      }),
    );
  }

  /** Gives a function the key's id and read access, and the home base URL. */
  bindTo(fn: IFunction): void {
    if (!(fn instanceof LambdaFunction)) return;
    fn.addEnvironment('XAPI_KEY_SECRET_ID', this.key.secretArn);
    fn.addEnvironment('XAPI_HOME_BASE_URL', this.homeBaseUrl);
    this.key.grantRead(fn);
  }
}
