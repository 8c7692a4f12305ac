import { Match } from 'aws-cdk-lib/assertions';
import { SAGA_DEAD_LETTER_STATE, SAGA_TASKS } from '../../shared/enrollment/sagaTasks.js';
import { synthStage } from './synth.js';

const template = synthStage('prod').template();

interface AslState {
  Type: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Next?: string;
}

/** The ASL as deployed: DefinitionString with every intrinsic replaced by a placeholder string. */
function definition(): { States: Record<string, AslState>; StartAt: string } {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineName: 'cairn-prod-enrollment-saga' } })) as { Properties: { DefinitionString: unknown } }[];
  expect(machines).toHaveLength(1);
  const raw = machines[0]?.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] };
  return JSON.parse(raw['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'X')).join('')) as { States: Record<string, AslState>; StartAt: string };
}

describe('enrollment saga (CDK)', () => {
  it('is a standard workflow with ALL-level logging to its own log group and X-Ray tracing', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'cairn-prod-enrollment-saga',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true, Destinations: [Match.objectLike({ CloudWatchLogsLogGroup: Match.anyValue() })] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/vendedlogs/states/cairn-prod-enrollment-saga', RetentionInDays: 365 });
  });

  it('has one task Lambda per task state, on arm64 and Node 24', () => {
    for (const task of Object.values(SAGA_TASKS)) {
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `cairn-prod-saga-${task.file}`, Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    }
  });

  it('runs Validate → ReserveCoupon → Charge → WriteEnrollment → Notify, with Refund and ReleaseCoupon as compensations', () => {
    const { States, StartAt } = definition();
    expect(StartAt).toBe('Validate');
    for (const task of Object.keys(SAGA_TASKS)) expect(States[task]?.Type).toBe('Task');
    expect(States.WriteEnrollment?.Next).toBe('Notify');
    expect(States.WriteEnrollment?.Catch?.map((c) => c.Next)).toEqual(['Refund']);
    expect(States.Charge?.Catch?.map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['EnrollmentRejected'], 'ReleaseCoupon'],
      [['States.ALL'], 'Refund'],
    ]);
    expect(States.ReleaseCoupon?.Next).toBe('RecordFailure');
  });

  it('retries only named transient errors, never States.ALL or a business rejection', () => {
    const { States } = definition();
    const retried = Object.values(States).flatMap((state) => (state.Type === 'Task' && state.Retry ? state.Retry.flatMap((r) => r.ErrorEquals) : []));
    expect(retried).toContain('SagaTransient');
    expect(retried).toContain('PaymentProviderUnavailableError');
    expect(retried).not.toContain('States.ALL');
    expect(retried).not.toContain('EnrollmentRejected');
    expect(retried).not.toContain('States.TaskFailed');
  });

  it('sends a failed compensation to an encrypted SQS dead-letter queue watched by an alarm', () => {
    const { States } = definition();
    for (const compensation of ['Refund', 'ReleaseCoupon', 'RecordFailure']) {
      expect(States[compensation]?.Catch?.map((c) => c.Next)).toEqual([SAGA_DEAD_LETTER_STATE]);
    }
    expect(States[SAGA_DEAD_LETTER_STATE]?.Type).toBe('Task');
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'cairn-prod-enrollment-saga-dlq', SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cairn-prod-enrollment-saga-dlq',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('lets the enrollment routes start and follow executions, and names the machine in their environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cairn-prod-enrollment',
      Environment: { Variables: Match.objectLike({ ENROLLMENT_SAGA_ARN: Match.anyValue() }) },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p));
    // Policies that may start the saga (the analytics pipeline's starters are tested in analyticsPipeline.test.ts).
    const starters = policies.filter((p) => p.includes('states:StartExecution') && p.includes('EnrollmentSagaStateMachine'));
    expect(starters.length).toBeGreaterThanOrEqual(1);
    expect(starters.every((p) => p.includes('states:GetExecutionHistory'))).toBe(true);
  });
});

describe('Stripe secrets (CDK)', () => {
  type FunctionResource = { Properties: { FunctionName: string; Role: { 'Fn::GetAtt': [string, string] }; Environment?: { Variables?: Record<string, unknown> } } };
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as FunctionResource[];
  const secretReaders = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p).includes('secretsmanager:GetSecretValue'))
    .flatMap((p) => (p as { Properties: { Roles: { Ref: string }[] } }).Properties.Roles.map((r) => r.Ref));
  const functionNamed = (name: string) => functions.find((f) => f.Properties.FunctionName === name);

  it('creates the stage\'s API key and webhook secret, kept on prod', () => {
    template.hasResource('AWS::SecretsManager::Secret', { Properties: { Name: 'cairn/prod/stripe/api-key' }, DeletionPolicy: 'Retain' });
    template.hasResource('AWS::SecretsManager::Secret', { Properties: { Name: 'cairn/prod/stripe/webhook-secret' }, DeletionPolicy: 'Retain' });
  });

  const cases: [string, boolean][] = [
    ['cairn-prod-payments', true],
    ['cairn-prod-enrollment', true],
    ...Object.values(SAGA_TASKS).map((task): [string, boolean] => [`cairn-prod-saga-${task.file}`, ['charge', 'checkPayment', 'refund'].includes(task.file)]),
  ];
  it.each(cases)('%s reads the Stripe secrets: %s', (name, reads) => {
    const fn = functionNamed(name);
    expect(fn).toBeDefined();
    const variables = fn!.Properties.Environment?.Variables ?? {};
    expect('STRIPE_API_KEY_SECRET_ID' in variables).toBe(reads);
    expect(variables.PAYMENT_PROVIDER).toBe(reads ? 'stripe' : undefined);
    expect(secretReaders.includes(fn!.Properties.Role['Fn::GetAtt'][0])).toBe(reads);
  });
});
