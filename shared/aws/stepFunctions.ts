import type * as Sfn from '@aws-sdk/client-sfn';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { recordSdkCalls } from '../integrations/sdkCalls.js';

export type StepFunctionsSdk = typeof Sfn;

let loaded: Promise<{ sdk: StepFunctionsSdk; client: SFNClient }> | undefined;

/**
 * The Step Functions SDK and one client per process, imported on first use: only the routes that
 * start or watch an execution (paid enrollment, analytics reprocessing) pay for loading it, and a
 * Lambda bundle carries it as a chunk of its own (lib/constructs/lambdaBundle.ts).
 */
export function stepFunctions(): Promise<{ sdk: StepFunctionsSdk; client: SFNClient }> {
  loaded ??= import('@aws-sdk/client-sfn').then((sdk) => ({ sdk, client: recordSdkCalls(new sdk.SFNClient({}), 'step-functions') }));
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/**
 * Starts execution `name`, treating ExecutionAlreadyExists as success: Step Functions answers a
 * repeated name with that error once the first execution has closed or had another input, and that
 * execution is the one the caller's request belongs to.
 */
export async function startExecutionOnce(stateMachineArn: string, name: string, input: string): Promise<void> {
  const { sdk, client } = await stepFunctions();
  try {
    await client.send(new sdk.StartExecutionCommand({ stateMachineArn, name, input }));
  } catch (err) {
    if (err instanceof sdk.ExecutionAlreadyExists) return;
    throw err;
  }
}
