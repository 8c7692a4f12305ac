import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { synthStage } from './synth.js';

/**
 * xAPI out (issue 22) as deployed: the table's new-image stream, the delivery function's event source
 * (filtered to activity inserts, partial batch responses, bisect, retries, on-failure DLQ), the DLQ with
 * its alarm, the SendMessage grant, and the Secrets Manager key of the LRS passwords bound to the
 * delivery and the xapi API function only.
 */
const prod = synthStage('prod', { nag: true, context: { xapiHomeBaseUrl: 'https://learn.example.org' } });
const template = prod.template();

interface Statement {
  Action: string | string[];
  Effect: string;
  Resource: unknown;
}

const functionId = (name: string): string => {
  const ids = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: name } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

const queueId = (): string => {
  const ids = Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { QueueName: 'cairn-prod-xapi-delivery-dlq' } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

const statementsOf = (roleId: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(roleId))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);

const roleOf = (fnId: string): string => (template.toJSON().Resources[fnId].Properties.Role['Fn::GetAtt'] as string[])[0]!;

describe('xAPI delivery (CDK)', () => {
  it('gives the table a new-image stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'cairn-prod', StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  it('feeds the delivery function from the stream: activity inserts only, partial batch responses, bisect, 5 retries, failures to the DLQ', () => {
    const fn = functionId('cairn-prod-xapi-delivery');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn },
      EventSourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId(), 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['activity'] } } } }) }] },
    });
  });

  it('has a DLQ (encrypted, TLS only) with an alarm at the first message', () => {
    const queue = template.toJSON().Resources[queueId()].Properties;
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.MessageRetentionPeriod).toBe(14 * 86_400);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId() }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cairn-prod-xapi-delivery-dlq',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
  });

  it('lets the delivery send to its DLQ and read the stream, and tells it the queue, the key and the home base URL', () => {
    const fn = functionId('cairn-prod-xapi-delivery');
    const actions = statementsOf(roleOf(fn)).flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'secretsmanager:GetSecretValue']));
    const env = template.toJSON().Resources[fn].Properties.Environment.Variables;
    expect(env.XAPI_DLQ_URL).toEqual({ Ref: queueId() });
    expect(env.XAPI_HOME_BASE_URL).toBe('https://learn.example.org');
    expect(env.XAPI_KEY_SECRET_ID).toEqual({ Ref: expect.stringMatching(/^XapiDeliveryCredentialsKey/) });
  });

  it('binds the LRS password key to the delivery and the xapi API function only', () => {
    const key = Object.keys(template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'cairn/prod/xapi/encryption-key' } }));
    expect(key).toHaveLength(1);
    const readers = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, r]) => JSON.stringify((r as { Properties: { Environment?: unknown } }).Properties.Environment ?? {}).includes(key[0]!))
      .map(([, r]) => (r as { Properties: { FunctionName: string } }).Properties.FunctionName)
      .sort();
    expect(readers).toEqual(['cairn-prod-xapi', 'cairn-prod-xapi-delivery']);
  });

  it('passes cdk-nag AwsSolutions with reasons for every acknowledgement', () => {
    const report = JSON.parse(readFileSync(join(prod.outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: { ruleName: string }[] }[] };
    expect(report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')?.violations.map((v) => v.ruleName)).toEqual([]);
    expect(prod.synthError).toBeUndefined();
  });
});
