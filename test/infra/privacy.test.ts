import { Match } from 'aws-cdk-lib/assertions';
import { synthStage } from './synth.js';

// Issue 20 privacy infrastructure: the erasure workflow, its task function's grants, the export worker,
// in their nested stack; the starters' grants in the parent.

const synthesized = synthStage('prod');
const parent = synthesized.template();
const template = synthesized.nestedTemplate('PrivacyStack');

interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  MaxConcurrency?: number;
  ItemsPath?: string;
  ItemProcessor?: { StartAt: string; States: Record<string, AslState> };
}

function definition(): { States: Record<string, AslState>; StartAt: string } {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineName: 'cairn-prod-erasure' } })) as { Properties: { DefinitionString: unknown } }[];
  expect(machines).toHaveLength(1);
  const raw = machines[0]?.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] };
  return JSON.parse(raw['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'X')).join(''));
}

type PolicyResource = { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } };
type FunctionResource = { Properties: { FunctionName: string; Role: { 'Fn::GetAtt': [string, string] }; Environment?: { Variables?: Record<string, unknown> } } };
const both = [template, parent];
const policies = both.flatMap((t) => Object.values(t.findResources('AWS::IAM::Policy')) as PolicyResource[]);
const functions = both.flatMap((t) => Object.values(t.findResources('AWS::Lambda::Function')) as FunctionResource[]);
const actionsOf = (functionName: string): string[] => {
  const role = functions.find((f) => f.Properties.FunctionName === functionName)?.Properties.Role['Fn::GetAtt'][0];
  expect(role).toBeDefined();
  return policies.filter((p) => p.Properties.Roles.some((r) => r.Ref === role)).flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
};

describe('erasure workflow (CDK)', () => {
  it('keeps the parent stack within CloudFormation\'s 500 resources (the workflows are nested)', () => {
    expect(synthesized.synthError).toBeUndefined();
    expect(Object.keys(parent.toJSON().Resources).length).toBeLessThanOrEqual(500);
  });

  it('is a standard, logged and traced workflow: Begin → DeleteIdentity → EraseOwnData → EraseSharedData → Finish, failures to RecordFailure', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'cairn-prod-erasure', StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true }, LoggingConfiguration: Match.objectLike({ Level: 'ALL' }) });
    const { States, StartAt } = definition();
    expect(StartAt).toBe('Begin');
    expect(['Begin', 'DeleteIdentity', 'EraseOwnData', 'EraseSharedData', 'Finish'].map((s) => States[s]?.Next)).toEqual(['DeleteIdentity', 'EraseOwnData', 'EraseSharedData', 'Finish', 'Erased']);
    for (const s of ['Begin', 'DeleteIdentity', 'EraseOwnData', 'EraseSharedData', 'Finish']) expect([s, States[s]?.Catch?.[0]?.Next]).toEqual([s, 'RecordFailure']);
    expect(States.RecordFailure?.Next).toBe('ErasureFailed');
    expect(States.EraseOwnData).toMatchObject({ Type: 'Map', ItemsPath: '$.ownTargets', MaxConcurrency: 4 });
    expect(States.EraseSharedData).toMatchObject({ Type: 'Map', ItemsPath: '$.sharedTargets', MaxConcurrency: 1 });
    // Retries only named transient errors, never States.ALL.
    expect(States.Begin?.Retry?.[0]?.ErrorEquals).toContain('ErasureTransientError');
    expect(States.Begin?.Retry?.flatMap((r) => r.ErrorEquals)).not.toContain('States.ALL');
  });

  it('lets its task function delete the Cognito user and erased files, and nothing broader', () => {
    const actions = actionsOf('cairn-prod-erasure-tasks');
    expect(actions).toEqual(expect.arrayContaining(['cognito-idp:AdminDeleteUser', 's3:DeleteObject', 'dynamodb:BatchWriteItem']));
    expect(actions).not.toContain('s3:ListBucket');
    expect(actions.filter((a) => a.startsWith('cognito-idp:'))).toEqual(['cognito-idp:AdminDeleteUser']);
  });

  it('lets the privacy routes and the account webhook start erasures, and the privacy routes dispatch exports', () => {
    for (const name of ['cairn-prod-identity', 'cairn-prod-authWebhooks']) {
      expect(functions.find((f) => f.Properties.FunctionName === name)?.Properties.Environment?.Variables?.ERASURE_WORKFLOW_ARN).toBeDefined();
      expect(actionsOf(name)).toContain('states:StartExecution');
    }
    expect(functions.find((f) => f.Properties.FunctionName === 'cairn-prod-identity')?.Properties.Environment?.Variables?.EXPORT_WORKER_FUNCTION).toBeDefined();
    expect(actionsOf('cairn-prod-identity')).toContain('lambda:InvokeFunction');
  });

  it('gives the export worker two async retries and an alarmed DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: Match.objectLike({ Destination: Match.anyValue() }) } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cairn-prod-export-worker-dlq' });
  });
});
