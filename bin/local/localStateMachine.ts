// The enrollment saga on a laptop (DESIGN §9, §12): the CDK construct is synthesized in a throwaway
// stack, its DefinitionString is taken as is, and aws-local-stepfunctions runs it with every task
// state mapped by name to the handler the task Lambda exports — the same definition, the same code.
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { workflowDefinitions } from './synthesizedWorkflows.js';
import { measureDynamoDbRequests, type DynamoDbTally } from '../../shared/db/requestTally.js';
import { setSagaRunner, type SagaProgress, type SagaRunner } from '../../shared/enrollment/sagaRunner.js';
import type { SagaState } from '../../shared/enrollment/sagaState.js';
import { AWAIT_AUTHENTICATION_STATE, SAGA_DEAD_LETTER_STATE, SAGA_TASKS, type SagaTaskName } from '../../shared/enrollment/sagaTasks.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type SagaTaskFunction = (state: SagaState) => Promise<SagaState>;

/** The saga's ASL exactly as CDK synthesizes it (bin/local/synthesizedWorkflows.ts). */
export function enrollmentSagaDefinition(): StateMachineDefinition {
  return workflowDefinitions().enrollmentSaga;
}

/** The task handlers the Lambdas export, loaded by state name from lambdas/enrollmentSaga/<file>.ts. */
export async function enrollmentSagaTaskHandlers(): Promise<Record<SagaTaskName, SagaTaskFunction>> {
  // One at a time: concurrent dynamic imports of modules sharing dependencies race in jest's ESM loader.
  const handlers: Partial<Record<SagaTaskName, SagaTaskFunction>> = {};
  for (const [name, task] of Object.entries(SAGA_TASKS) as [SagaTaskName, (typeof SAGA_TASKS)[SagaTaskName]][]) {
    const module = (await import(pathToFileURL(join(root, 'lambdas', 'enrollmentSaga', `${task.file}.ts`)).href)) as { handler: SagaTaskFunction };
    handlers[name] = module.handler;
  }
  return handlers as Record<SagaTaskName, SagaTaskFunction>;
}

export interface LocalSagaOptions {
  /** Replace or wrap task handlers (fault injection in tests): receives the real handler. */
  wrap?: Partial<Record<SagaTaskName, (real: SagaTaskFunction) => SagaTaskFunction>>;
  /** Milliseconds between retries (the definition's backoff is for AWS; locally it only slows tests). */
  retryIntervalMs?: number;
  /** Milliseconds of the 3-D Secure wait between payment checks. */
  authenticationPollMs?: number;
}

/** One local execution as tests inspect it. */
export interface LocalExecution {
  name: string;
  input: SagaState;
  done: Promise<void>;
  outcome?: 'succeeded' | 'failed';
  error?: string;
  output?: unknown;
  /** State names in the order entered (retries show as repeated task calls in `taskCalls`). */
  statesEntered: string[];
  /** Per task call: the task, whether it threw, and its own DynamoDB requests. */
  taskCalls: { task: SagaTaskName; input: SagaState; ok: boolean; error?: string; dynamoDb: DynamoDbTally }[];
  awaitingCustomer: boolean;
}

/**
 * The in-process runner. Executions are keyed by name: a second start of a name already known is
 * ignored, which (with the request item's conditional Put) is Step Functions' "one execution per name".
 * Each task call runs in its own DynamoDB tally scope, so the HTTP request that started the saga is
 * charged only its own requests, and tests can assert every task's budget.
 */
export class LocalSagaRunner implements SagaRunner {
  readonly kind = 'local' as const;
  readonly executions = new Map<string, LocalExecution>();
  readonly deadLetters: { executionName: string; body: unknown }[] = [];
  private readonly machine: StateMachine;
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(
    /** The real task handlers (tests re-run compensations with them). */
    readonly handlers: Record<SagaTaskName, SagaTaskFunction>,
    private readonly options: LocalSagaOptions = {},
  ) {
    this.machine = new StateMachine(enrollmentSagaDefinition());
  }

  async start(name: string, input: string): Promise<void> {
    if (this.executions.has(name)) return;
    const state = JSON.parse(input) as SagaState;
    const execution: LocalExecution = { name, input: state, done: Promise.resolve(), statesEntered: [], taskCalls: [], awaitingCustomer: false };
    this.executions.set(name, execution);
    type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
    const taskResourceLocalHandlers: LocalHandlers = {};
    for (const task of Object.keys(this.handlers) as SagaTaskName[]) {
      const real = this.handlers[task];
      const fn = this.options.wrap?.[task]?.(real) ?? real;
      taskResourceLocalHandlers[task] = (async (invocation: { Payload: SagaState }) => {
        // Through JSON, as a Lambda payload travels.
        const payload = JSON.parse(JSON.stringify(invocation.Payload)) as SagaState;
        const { result, tally } = await measureDynamoDbRequests(async () => {
          try {
            return { ok: true as const, value: await fn(payload) };
          } catch (err) {
            return { ok: false as const, err };
          }
        });
        if (!result.ok) {
          const err = result.err;
          execution.taskCalls.push({ task, input: payload, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), dynamoDb: tally });
          throw err;
        }
        execution.taskCalls.push({ task, input: payload, ok: true, dynamoDb: tally });
        return { Payload: JSON.parse(JSON.stringify(result.value)) };
      }) as never;
    }
    taskResourceLocalHandlers[SAGA_DEAD_LETTER_STATE] = (async (invocation: { MessageBody: unknown }) => {
      this.deadLetters.push({ executionName: name, body: invocation.MessageBody });
      console.error(`cairn: enrollment saga ${name} could not compensate; sent to the local dead-letter queue`);
      return { MessageId: `local-${this.deadLetters.length}` } as never;
    }) as never;
    const retryIntervalOverrides = Object.fromEntries([...Object.keys(SAGA_TASKS), SAGA_DEAD_LETTER_STATE].map((task) => [task, this.options.retryIntervalMs ?? 5]));

    const run = this.machine.run(state as never, {
      overrides: { taskResourceLocalHandlers, retryIntervalOverrides, waitTimeOverrides: { [AWAIT_AUTHENTICATION_STATE]: this.options.authenticationPollMs ?? 1000 } },
      context: { Execution: { Id: `local:${name}`, Name: name, Input: state as never, StartTime: new Date().toISOString() } },
    });
    void (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered') {
          execution.statesEntered.push(event.state.name);
          execution.awaitingCustomer = event.state.name === AWAIT_AUTHENTICATION_STATE;
          if (execution.awaitingCustomer) this.notify(name);
        }
      }
    })().catch(() => undefined);
    execution.done = run.result.then(
      (output) => {
        execution.outcome = 'succeeded';
        execution.output = output;
      },
      (err: unknown) => {
        execution.outcome = 'failed';
        execution.error = err instanceof Error ? err.message : String(err);
      },
    ).finally(() => this.notify(name));
  }

  async waitUntilSettled(name: string, timeoutMs: number): Promise<SagaProgress> {
    const execution = this.executions.get(name);
    if (!execution) return 'running';
    const settled = () => (execution.outcome ? 'finished' : execution.awaitingCustomer ? 'awaiting_customer' : undefined);
    const now = settled();
    if (now) return now;
    return new Promise<SagaProgress>((resolve) => {
      const timer = setTimeout(() => resolve(settled() ?? 'running'), timeoutMs);
      const list = this.waiters.get(name) ?? [];
      list.push(() => {
        const state = settled();
        if (state) {
          clearTimeout(timer);
          resolve(state);
        }
      });
      this.waiters.set(name, list);
    });
  }

  /** Resolves when every execution started so far has finished (tests). */
  async settleAll(): Promise<void> {
    await Promise.all([...this.executions.values()].map((execution) => execution.done));
  }

  private notify(name: string): void {
    for (const waiter of this.waiters.get(name) ?? []) waiter();
  }
}

/**
 * Builds the local runner from the synthesized definition and the Lambdas' handlers and installs it
 * as the process's saga runner (what `npm start` and the tests call).
 */
export async function installLocalEnrollmentSaga(options: LocalSagaOptions = {}): Promise<LocalSagaRunner> {
  const runner = new LocalSagaRunner(await enrollmentSagaTaskHandlers(), options);
  setSagaRunner(runner);
  return runner;
}
