import { Match } from 'aws-cdk-lib/assertions';
import { PIPELINE_TRANSIENT_ERRORS } from '../../shared/analytics/pipelineSteps.js';
import { NIGHTLY_SCHEDULE, PIPELINE_DEAD_LETTER_STATE, PIPELINE_MAP_STATE, PIPELINE_TASKS } from '../../shared/analytics/pipelineTasks.js';
import { synthStage } from './synth.js';

/**
 * The nightly analytics pipeline as deployed (issue 14): an EventBridge Scheduler schedule starts the
 * Step Functions workflow; each tenant is folded in a Distributed Map iteration whose task retries
 * named transient errors and whose failures are recorded and dead-lettered to an alarmed SQS queue.
 */
const synthesized = synthStage('prod', { nag: true });
const template = synthesized.template();

function logicalId(type: string, properties: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, { Properties: properties }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

const machineId = () => logicalId('AWS::StepFunctions::StateMachine', { StateMachineName: 'cairn-prod-analytics-pipeline' });
const queueId = () => logicalId('AWS::SQS::Queue', { QueueName: 'cairn-prod-analytics-dlq' });

/** The definition with its intrinsics replaced by their logical ids (enough to read states and retries). */
function definition(): { StartAt: string; States: Record<string, Record<string, unknown>> } {
  const machine = template.findResources('AWS::StepFunctions::StateMachine')[machineId()] as { Properties: { DefinitionString: unknown } };
  const raw = machine.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] };
  const text = raw['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'"))).join('');
  return JSON.parse(text) as { StartAt: string; States: Record<string, Record<string, unknown>> };
}

describe('analytics pipeline (CDK)', () => {
  it('schedules the workflow nightly at 12:30 UTC with retries and the DLQ', () => {
    expect(NIGHTLY_SCHEDULE).toBe('cron(30 12 * * ? *)');
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'cairn-prod-analytics-nightly',
      ScheduleExpression: NIGHTLY_SCHEDULE,
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { Ref: machineId() },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
        Input: Match.stringLikeRegexp('scheduledTime'),
      }),
    });
  });

  it('lets the schedule\'s role start only this state machine', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: machineId() } }));
  });

  it('is a logged, traced standard workflow: PlanRun → Distributed Map → FinishRun', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'cairn-prod-analytics-pipeline',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
    const asl = definition();
    expect(asl.StartAt).toBe('PlanRun');
    expect(asl.States.PlanRun?.Next).toBe(PIPELINE_MAP_STATE);
    const map = asl.States[PIPELINE_MAP_STATE]!;
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.tenants', MaxConcurrency: 10, ResultPath: null, Next: 'FinishRun', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } } });
    expect(map.ItemReader).toBeUndefined();
    expect(map.ResultWriter).toBeUndefined();
  });

  it('retries only named transient errors of a tenant, then records the failure and dead-letters it', () => {
    const inner = (definition().States[PIPELINE_MAP_STATE]!.ItemProcessor as { StartAt: string; States: Record<string, Record<string, unknown>> });
    expect(inner.StartAt).toBe('AggregateTenant');
    const aggregate = inner.States.AggregateTenant!;
    expect(aggregate.Retry).toEqual([expect.objectContaining({ ErrorEquals: [...PIPELINE_TRANSIENT_ERRORS], MaxAttempts: 3, BackoffRate: 3, IntervalSeconds: 5 })]);
    expect((aggregate.Retry as { ErrorEquals: string[] }[])[0]!.ErrorEquals).not.toContain('States.ALL');
    expect(aggregate.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordTenantFailure' }]);
    expect(inner.States.RecordTenantFailure?.Next).toBe(PIPELINE_DEAD_LETTER_STATE);
    expect(inner.States[PIPELINE_DEAD_LETTER_STATE]).toMatchObject({ Resource: expect.stringMatching(/:states:::sqs:sendMessage$/), End: true, Parameters: { QueueUrl: expect.stringContaining(queueId()), 'MessageBody.$': '$' } });
  });

  it('alarms on the first dead-lettered message', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'cairn-prod-analytics-dlq', SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cairn-prod-analytics-dlq',
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(), 'QueueName'] } }],
    });
  });

  it.each(Object.values(PIPELINE_TASKS).map((task) => [task.file, task] as const))('runs task %s in its own Node 24 arm64 Lambda', (file, task) => {
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `cairn-prod-analytics-${file}`, Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: task.memoryMb, Timeout: task.timeoutSeconds });
  });

  it('lets the background-analytics-cron function start executions, and no other API function', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    const withArn = Object.values(fns).filter((fn) => JSON.stringify((fn as { Properties: { Environment?: unknown } }).Properties.Environment ?? {}).includes('ANALYTICS_PIPELINE_ARN'));
    expect(withArn.map((fn) => (fn as { Properties: { FunctionName: string } }).Properties.FunctionName)).toEqual(['cairn-prod-analyticsProcessing']);
  });

  it('synthesizes with cdk-nag clean', () => {
    expect(synthesized.synthError).toBeUndefined();
  });
});
