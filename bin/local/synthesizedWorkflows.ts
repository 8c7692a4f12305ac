// The Step Functions workflows as CDK synthesizes them, from one throwaway stack (one synth for the
// local stack's start-up, not one per workflow). Intrinsics inside a DefinitionString (a task
// function's ARN, a queue's Ref) become placeholder strings: locally the task states are overridden
// by name and never called through them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { AnalyticsPipeline } from '../../lib/constructs/analyticsPipeline.js';
import { EnrollmentSaga } from '../../lib/constructs/enrollmentSaga.js';
import { PrivacyWorkflows } from '../../lib/constructs/privacyWorkflows.js';
import { stageConfig } from '../../lib/stageConfig.js';

type JsonObject = Record<string, unknown>;

export interface WorkflowDefinitions {
  enrollmentSaga: StateMachineDefinition;
  analyticsPipeline: StateMachineDefinition;
  erasure: StateMachineDefinition;
}

let cached: WorkflowDefinitions | undefined;

/** The enrollment saga's and the analytics pipeline's ASL, synthesized once per process. */
export function workflowDefinitions(): WorkflowDefinitions {
  if (cached) return cached;
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cairn-workflows-')), context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'LocalWorkflows', { env: { region: 'us-east-1', account: '000000000000' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });
  new EnrollmentSaga(stack, 'EnrollmentSaga', { stage: stageConfig('dev'), table, environment: {} });
  new AnalyticsPipeline(stack, 'AnalyticsPipeline', { stage: stageConfig('dev'), table });
  new PrivacyWorkflows(stack, 'PrivacyWorkflows', { stage: stageConfig('dev'), table, environment: {} });
  const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string; Properties: JsonObject }> };
  const machine = (name: string): StateMachineDefinition => {
    const found = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties.StateMachineName === name);
    if (!found) throw new Error(`The local workflow stack synthesized no state machine ${name}`);
    return JSON.parse(flattenIntrinsics(found.Properties.DefinitionString)) as StateMachineDefinition;
  };
  cached = { enrollmentSaga: machine('cairn-dev-enrollment-saga'), analyticsPipeline: machine('cairn-dev-analytics-pipeline'), erasure: machine('cairn-dev-erasure') };
  return cached;
}

/** A synthesized DefinitionString with its intrinsics replaced by placeholder strings. */
export function flattenIntrinsics(value: unknown): string {
  if (typeof value === 'string') return value;
  const joined = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (joined) return joined[1].map((part) => (typeof part === 'string' ? part : placeholderOf(part))).join(joined[0]);
  throw new Error(`Unexpected DefinitionString shape: ${JSON.stringify(value).slice(0, 200)}`);
}

const PSEUDO_PARAMETERS: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '000000000000', 'AWS::URLSuffix': 'amazonaws.com' };

function placeholderOf(intrinsic: unknown): string {
  const getAtt = (intrinsic as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt'];
  if (getAtt) return `arn:aws:lambda:us-east-1:000000000000:function:local-${getAtt[0]}`;
  const ref = (intrinsic as { Ref?: string }).Ref ?? 'intrinsic';
  return PSEUDO_PARAMETERS[ref] ?? `local-${ref}`;
}
