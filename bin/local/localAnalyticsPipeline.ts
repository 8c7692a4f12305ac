// The nightly analytics pipeline on a laptop (DESIGN §9, §12): the CDK construct is synthesized in a
// throwaway stack, its DefinitionString taken as is, and aws-local-stepfunctions runs it with each task
// state mapped by name to the handler its Lambda exports — the same definition, the same code. The
// Distributed Map runs inline there; the SQS dead-letter state is captured in `deadLetters`.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { workflowDefinitions } from './synthesizedWorkflows.js';
import { setPipelineRunner, type PipelineRunner } from '../../shared/analytics/pipelineRunner.js';
import { NIGHTLY_SCHEDULE, PIPELINE_DEAD_LETTER_STATE, PIPELINE_TASKS, type PipelineTaskName } from '../../shared/analytics/pipelineTasks.js';
import { nextDailyCronRun } from '../../shared/jobs/scheduleExpression.js';
import { measureDynamoDbRequests, type DynamoDbTally } from '../../shared/db/requestTally.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

type JsonObject = Record<string, unknown>;
export type PipelineTaskFunction = (input: JsonObject) => Promise<unknown>;

/** The pipeline's ASL exactly as CDK synthesizes it (bin/local/synthesizedWorkflows.ts). */
export function analyticsPipelineDefinition(): StateMachineDefinition {
  return workflowDefinitions().analyticsPipeline;
}

/** The task handlers the pipeline's Lambdas export, by state name. */
export async function analyticsPipelineTaskHandlers(): Promise<Record<PipelineTaskName, PipelineTaskFunction>> {
  const handlers: Partial<Record<PipelineTaskName, PipelineTaskFunction>> = {};
  for (const [name, task] of Object.entries(PIPELINE_TASKS) as [PipelineTaskName, (typeof PIPELINE_TASKS)[PipelineTaskName]][]) {
    const module = (await import(pathToFileURL(join(root, 'lambdas', 'analyticsPipeline', `${task.file}.ts`)).href)) as { handler: PipelineTaskFunction };
    handlers[name] = module.handler;
  }
  return handlers as Record<PipelineTaskName, PipelineTaskFunction>;
}

export interface LocalPipelineOptions {
  /** Replace or wrap task handlers (fault injection): receives the real handler. */
  wrap?: Partial<Record<PipelineTaskName, (real: PipelineTaskFunction) => PipelineTaskFunction>>;
  /** Milliseconds between retries locally (the definition's backoff is for AWS). */
  retryIntervalMs?: number;
}

export interface LocalPipelineExecution {
  name: string;
  input: JsonObject;
  done: Promise<void>;
  outcome?: 'succeeded' | 'failed';
  output?: unknown;
  error?: string;
  /** Each task call: state, its input, whether it threw, and its own DynamoDB requests. */
  taskCalls: { task: PipelineTaskName; input: JsonObject; ok: boolean; error?: string; dynamoDb: DynamoDbTally }[];
}

/** Runs pipeline executions in-process; a name already started is ignored, like Step Functions. */
export class LocalPipelineRunner implements PipelineRunner {
  readonly kind = 'local' as const;
  readonly executions = new Map<string, LocalPipelineExecution>();
  readonly deadLetters: { executionName: string; body: unknown }[] = [];
  private readonly machine = new StateMachine(analyticsPipelineDefinition());

  constructor(
    readonly handlers: Record<PipelineTaskName, PipelineTaskFunction>,
    private readonly options: LocalPipelineOptions = {},
  ) {}

  async start(name: string, input: string): Promise<void> {
    if (this.executions.has(name)) return;
    const state = JSON.parse(input) as JsonObject;
    const execution: LocalPipelineExecution = { name, input: state, done: Promise.resolve(), taskCalls: [] };
    this.executions.set(name, execution);
    type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
    const taskResourceLocalHandlers: LocalHandlers = {};
    for (const task of Object.keys(this.handlers) as PipelineTaskName[]) {
      const real = this.handlers[task];
      const fn = this.options.wrap?.[task]?.(real) ?? real;
      taskResourceLocalHandlers[task] = (async (invocation: { Payload: JsonObject }) => {
        const payload = JSON.parse(JSON.stringify(invocation.Payload)) as JsonObject;
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
        return { Payload: JSON.parse(JSON.stringify(result.value ?? null)) };
      }) as never;
    }
    taskResourceLocalHandlers[PIPELINE_DEAD_LETTER_STATE] = (async (invocation: { MessageBody: unknown }) => {
      this.deadLetters.push({ executionName: name, body: invocation.MessageBody });
      return { MessageId: `local-${this.deadLetters.length}` } as never;
    }) as never;
    const retryIntervalOverrides = Object.fromEntries([...Object.keys(PIPELINE_TASKS), PIPELINE_DEAD_LETTER_STATE].map((task) => [task, this.options.retryIntervalMs ?? 5]));
    const run = this.machine.run(state as never, {
      overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
      context: { Execution: { Id: `local:${name}`, Name: name, Input: state as never, StartTime: new Date().toISOString() } },
    });
    execution.done = run.result.then(
      (output) => {
        execution.outcome = 'succeeded';
        execution.output = output;
      },
      (err: unknown) => {
        execution.outcome = 'failed';
        execution.error = err instanceof Error ? err.message : String(err);
      },
    );
  }

  /** Starts one execution and waits for it; resolves with it (tests, the local schedule, the bench). */
  async run(name: string, input: JsonObject): Promise<LocalPipelineExecution> {
    await this.start(name, JSON.stringify(input));
    const execution = this.executions.get(name)!;
    await execution.done;
    return execution;
  }

  /** Resolves when every execution started so far has finished. */
  async settleAll(): Promise<void> {
    await Promise.all([...this.executions.values()].map((execution) => execution.done));
  }
}

/** Builds the local runner from the synthesized definition and the Lambdas' handlers and installs it for this process. */
export async function installLocalAnalyticsPipeline(options: LocalPipelineOptions = {}): Promise<LocalPipelineRunner> {
  const runner = new LocalPipelineRunner(await analyticsPipelineTaskHandlers(), options);
  setPipelineRunner(runner);
  return runner;
}

export interface LocalNightly {
  describe(): string;
  stop(): Promise<void>;
}

/**
 * The nightly schedule on a laptop: the same cron expression as the EventBridge schedule (12:30 UTC),
 * plus one run when the stack starts (so a fresh `npm start` has yesterday's aggregates; the run
 * catches up and refolds late arrivals like any other). stop() waits for a run in flight.
 */
export function startLocalNightly(runner: LocalPipelineRunner, log: (message: string) => void = console.log): LocalNightly {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;
  const fire = (scheduledTime: Date) => {
    const name = `local-nightly-${scheduledTime.toISOString().replace(/[^0-9]/g, '')}`;
    inFlight = runner.run(name, { scheduledTime: scheduledTime.toISOString() }).then(
      (execution) => {
        if (execution.outcome !== 'succeeded') log(`cairn: nightly analytics run failed: ${execution.error ?? 'unknown error'}`);
        else {
          const summary = execution.output as { date: string; tenants: number; failed: string[] };
          if (summary.failed.length > 0) log(`cairn: nightly analytics for ${summary.date}: ${summary.failed.length} of ${summary.tenants} tenants failed (${summary.failed.join(', ')})`);
        }
      },
      (err: unknown) => log(`cairn: nightly analytics run failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  const scheduleNext = () => {
    if (stopped) return;
    const next = nextDailyCronRun(NIGHTLY_SCHEDULE, new Date());
    timer = setTimeout(() => {
      fire(next);
      scheduleNext();
    }, next.getTime() - Date.now());
  };
  fire(new Date());
  scheduleNext();
  return {
    describe: () => `analytics-nightly ${NIGHTLY_SCHEDULE} (Step Functions definition, in-process)`,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
