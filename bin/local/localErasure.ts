// The erasure workflow on a laptop (DESIGN §9, §12): the synthesized definition
// (bin/local/synthesizedWorkflows.ts) run by aws-local-stepfunctions, every task state mapped by name to
// the erasure task Lambda's handler — the same definition, the same code. Also installs the export
// worker in-process.
import { StateMachine, type RunOptions } from 'aws-local-stepfunctions';
import { handler as erasureTaskHandler } from '../../lambdas/erasureTasks/handler.js';
import { handler as exportWorkerHandler } from '../../lambdas/exportWorker/handler.js';
import { setErasureRunner, type ErasureRunner } from '../../shared/privacy/erasureRunner.js';
import { inProcessExportDispatcher, setExportDispatcher } from '../../shared/privacy/exportDispatcher.js';
import { workflowDefinitions } from './synthesizedWorkflows.js';

/** The task state names of the erasure workflow (lib/constructs/privacyWorkflows.ts). */
export const ERASURE_TASK_STATES = ['Begin', 'DeleteIdentity', 'EraseOwnEntity', 'EraseSharedEntity', 'Finish', 'RecordFailure'] as const;

export interface LocalErasureExecution {
  name: string;
  done: Promise<void>;
  outcome?: 'succeeded' | 'failed';
  error?: string;
  /** Task calls in order: state name, the step the payload named, whether it threw. */
  taskCalls: { state: string; step: string; ok: boolean; error?: string }[];
}

/** Runs erasure executions in-process; a name already started is ignored (Step Functions' one execution per name). */
export class LocalErasureRunner implements ErasureRunner {
  readonly kind = 'local' as const;
  readonly executions = new Map<string, LocalErasureExecution>();
  private readonly machine = new StateMachine(workflowDefinitions().erasure);

  async start(name: string, input: string): Promise<void> {
    if (this.executions.has(name)) return;
    const execution: LocalErasureExecution = { name, done: Promise.resolve(), taskCalls: [] };
    this.executions.set(name, execution);
    type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
    const taskResourceLocalHandlers: LocalHandlers = {};
    for (const state of ERASURE_TASK_STATES) {
      taskResourceLocalHandlers[state] = (async (invocation: { Payload: { step: string; input: unknown } }) => {
        // Through JSON, as a Lambda payload travels.
        const payload = JSON.parse(JSON.stringify(invocation.Payload)) as Parameters<typeof erasureTaskHandler>[0];
        try {
          const result = await erasureTaskHandler(payload);
          execution.taskCalls.push({ state, step: payload.step, ok: true });
          return { Payload: JSON.parse(JSON.stringify(result ?? null)) };
        } catch (err) {
          execution.taskCalls.push({ state, step: payload.step, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
          throw err;
        }
      }) as never;
    }
    const retryIntervalOverrides = Object.fromEntries(ERASURE_TASK_STATES.map((state) => [state, 5]));
    const state = JSON.parse(input) as Record<string, unknown>;
    const run = this.machine.run(state as never, {
      overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
      context: { Execution: { Id: `local:${name}`, Name: name, Input: state as never, StartTime: new Date().toISOString() } },
    });
    execution.done = run.result.then(
      () => {
        execution.outcome = 'succeeded';
      },
      (err: unknown) => {
        execution.outcome = 'failed';
        execution.error = err instanceof Error ? err.message : String(err);
      },
    );
  }

  /** Resolves when every execution started so far has finished. */
  async settleAll(): Promise<void> {
    while ([...this.executions.values()].some((e) => !e.outcome)) await Promise.all([...this.executions.values()].map((e) => e.done));
  }
}

/** Installs the local erasure runner and the in-process export worker for this process (`npm start`, tests). */
export function installLocalPrivacy(): { erasure: LocalErasureRunner; exports: ReturnType<typeof inProcessExportDispatcher> } {
  const erasure = new LocalErasureRunner();
  setErasureRunner(erasure);
  const exports = inProcessExportDispatcher(exportWorkerHandler);
  setExportDispatcher(exports);
  return { erasure, exports };
}
