import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { synthStage } from './synth.js';

/**
 * Reports (issue 15) as deployed: the report bucket (public access blocked, TLS only, encrypted,
 * access-logged, expiring per stage), the hourly scheduled-reports schedule, the background worker
 * with its DLQ and alarm, and write access to the bucket for the report functions only.
 */
const prod = synthStage('prod', { nag: true });
const template = prod.template();

interface Statement {
  Action: string | string[];
  Effect: string;
  Resource: unknown;
}

const reportBucketId = (): string => {
  const ids = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-reports' })]) } } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('reports (CDK)', () => {
  it('blocks public access, encrypts, logs access and expires reports after 90 days in prod', () => {
    const bucket = template.toJSON().Resources[reportBucketId()].Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.LoggingConfiguration.DestinationBucketName).toBeDefined();
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Id: 'expire-reports', ExpirationInDays: 90, Status: 'Enabled' }));
  });

  it('sets the expiry per stage (dev 30 days, or -c reportRetentionDays)', () => {
    const expiry = (t: ReturnType<typeof prod.template>) =>
      Object.values(t.findResources('AWS::S3::Bucket')).flatMap((b) => (b as { Properties: { LifecycleConfiguration?: { Rules: { Id: string; ExpirationInDays: number }[] } } }).Properties.LifecycleConfiguration?.Rules ?? []).find((r) => r.Id === 'expire-reports')?.ExpirationInDays;
    expect(expiry(synthStage('dev').template())).toBe(30);
    expect(expiry(synthStage('staging', { context: { reportRetentionDays: '45' } }).template())).toBe(45);
  });

  it('accepts only TLS requests on the report bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: reportBucketId() },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('schedules the hourly scheduled-reports job on its function', () => {
    const fn = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'cairn-prod-job-scheduled-reports' } }));
    expect(fn).toHaveLength(1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Name: 'cairn-prod-scheduled-reports', ScheduleExpression: 'rate(1 hour)', Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fn[0], 'Arn'] } }) });
  });

  it('runs large reports on a worker with retries, a DLQ and an alarm, started only by the reports function', () => {
    const worker = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'cairn-prod-report-worker' } }));
    expect(worker).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: worker[0] }, MaximumRetryAttempts: 2 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cairn-prod-report-worker-dlq', Threshold: 1 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cairn-prod-reports',
      Environment: { Variables: Match.objectLike({ REPORT_WORKER_FUNCTION: { Ref: worker[0] }, REPORTS_BUCKET: { Ref: reportBucketId() } }) },
    });
  });

  it('gives write access to the report bucket only to the report functions and, for certificates and receipts (issue 23), the functions that hand them out', () => {
    const roles = template.findResources('AWS::IAM::Role');
    const functions = template.findResources('AWS::Lambda::Function');
    const roleOfFunction = new Map(Object.values(functions).map((f) => [(f as { Properties: { Role: { 'Fn::GetAtt': [string] } } }).Properties.Role['Fn::GetAtt'][0], (f as { Properties: { FunctionName: string } }).Properties.FunctionName]));
    const writers: string[] = [];
    for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
      const p = policy as { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };
      const writes = p.Properties.PolicyDocument.Statement.some((s) => [s.Action].flat().some((a) => /^s3:(PutObject|\*)/.test(a)) && JSON.stringify(s.Resource).includes(reportBucketId()));
      if (writes) for (const role of p.Properties.Roles) writers.push(roleOfFunction.get(role.Ref) ?? `${id}:${role.Ref}`);
    }
    expect(Object.keys(roles).length).toBeGreaterThan(3);
    expect(writers.sort()).toEqual([
      'cairn-prod-certificates',
      'cairn-prod-enrollment',
      'cairn-prod-enrollments',
      'cairn-prod-identity', // data exports (issue 20): the archive is written to the files bucket
      'cairn-prod-job-scheduled-reports',
      'cairn-prod-payments',
      'cairn-prod-progress',
      'cairn-prod-report-worker',
      'cairn-prod-reports',
    ]);
  });

  it('is clean of cdk-nag S1, S2 and S10, with nothing acknowledged for them', () => {
    const report = JSON.parse(readFileSync(join(prod.outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: { ruleName: string }[]; suppressedViolations?: { ruleName: string; reason?: string; resourcePath?: string }[] }[] };
    const plugin = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')!;
    for (const rule of ['AwsSolutions-S1', 'AwsSolutions-S2', 'AwsSolutions-S10']) expect(plugin.violations.filter((v) => v.ruleName.startsWith(rule))).toEqual([]);
    expect((plugin.suppressedViolations ?? []).filter((v) => ['AwsSolutions-S1', 'AwsSolutions-S2', 'AwsSolutions-S10'].includes(v.ruleName))).toEqual([]);
    // Every bucket is in the template the rules ran on: reports and media (issue 18), each with its access-log bucket.
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toHaveLength(4);
  });
});
