import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { JOB_SCHEDULES } from '../../shared/jobs/schedules.js';
import { synthStage } from './synth.js';

/**
 * Scheduled jobs (DESIGN §8) as deployed: each job declared in shared/jobs/schedules.ts becomes an
 * EventBridge Scheduler schedule invoking its own Lambda, with retries, an encrypted SQS dead-letter
 * queue for failed deliveries and failed runs, and an alarm on that queue.
 */
const synthesized = synthStage('prod', { nag: true });
const template = synthesized.template();

const functionLogicalId = (name: string): string => {
  const found = template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `cairn-prod-job-${name}` } });
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
const queueLogicalId = (name: string): string => {
  const ids = Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { QueueName: `cairn-prod-job-${name}-dlq` } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('scheduled jobs (CDK)', () => {
  it('declares the hourly leaderboard refresh', () => {
    expect(JOB_SCHEDULES.map((job) => [job.name, job.schedule])).toContainEqual(['leaderboard-refresh', 'rate(1 hour)']);
  });

  it.each(JOB_SCHEDULES.map((job) => [job.name, job] as const))('schedules %s with its expression, no flexible window, retries and the DLQ', (name, job) => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: `cairn-prod-${name}`,
      ScheduleExpression: job.schedule,
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionLogicalId(name), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueLogicalId(name), 'Arn'] } },
        Input: Match.stringLikeRegexp(`"job":"${name}"`),
      }),
    });
  });

  it.each(JOB_SCHEDULES.map((job) => [job.name, job] as const))('runs %s in its own Node 24 arm64 Lambda whose failed runs go to the DLQ after two retries', (name, job) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `cairn-prod-job-${name}`,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: job.timeoutSeconds,
      MemorySize: job.memoryMb,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionLogicalId(name) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueLogicalId(name), 'Arn'] } } },
    });
  });

  it.each(JOB_SCHEDULES.map((job) => [job.name] as const))('keeps %s dead letters encrypted for 14 days and alarms on the first one', (name) => {
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: `cairn-prod-job-${name}-dlq`, SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `cairn-prod-job-${name}-dlq`,
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueLogicalId(name), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('lets the scheduler invoke only the job functions', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }[];
    const invokes = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    const serialized = JSON.stringify(invokes);
    for (const job of JOB_SCHEDULES) expect(serialized).toContain(functionLogicalId(job.name));
    expect(serialized).not.toContain('"*"');
  });

  it('passes cdk-nag AwsSolutions with every acknowledgement reasoned', () => {
    const report = JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; resource?: string }[]; suppressedViolations?: { ruleName: string; reason?: string }[] }[];
    };
    const plugin = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
    expect(plugin?.violations.filter((v) => JSON.stringify(v).includes('Schedules'))).toEqual([]);
    for (const acknowledged of plugin?.suppressedViolations ?? []) expect(acknowledged.reason?.length ?? 0).toBeGreaterThan(40);
  });
});
