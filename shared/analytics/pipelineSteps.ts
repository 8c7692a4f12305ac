import { GetCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { analyticsRunKey } from '../db/keys.js';
import { addDays, localDateOf } from '../domain/localDate.js';
import { logger } from '../http/observability.js';
import { listTenants } from '../jobs/tenantDirectory.js';
import { completeProcess, EMPTY_METRICS, failProcess, markRunning, nightlyProcessId } from './analyticsProcess.js';
import { aggregateTenant, type AggregationTrigger, type MetricsProcessed } from './dailyAggregation.js';

/**
 * The steps of the nightly aggregation workflow (lib/constructs/analyticsPipeline.ts), one task Lambda
 * each, run in AWS by Step Functions and locally by aws-local-stepfunctions from the same definition:
 *
 *   PlanRun ─> AggregateTenants (Map over tenants) { AggregateTenant ─(retries exhausted)─> RecordTenantFailure ─> DeadLetter } ─> FinishRun
 *
 * A failing tenant is retried on named transient errors (PIPELINE_TRANSIENT_ERRORS), then recorded as
 * failed and its work item sent to the DLQ; the Map goes on with the other tenants.
 */

/** What starts an execution: the schedule (its scheduled time) or an org admin's reprocessing. */
export interface PipelineInput {
  scheduledTime?: string;
  /** Overrides the nightly target date (yyyy-mm-dd). */
  date?: string;
  /** Manual runs: one tenant, one date, the process record already created. */
  tenantId?: string;
  processId?: string;
}

export interface TenantWorkItem {
  runId: string;
  tenantId: string;
  date: string;
  trigger: AggregationTrigger;
  processId: string;
}

export interface RunPlan {
  runId: string;
  date: string;
  trigger: AggregationTrigger;
  startedAt: string;
  tenants: TenantWorkItem[];
}

export interface TenantOutcome {
  tenantId: string;
  processId: string;
  status: 'completed' | 'failed';
  metrics: MetricsProcessed;
  dates: number;
  ledgerItemsRead: number;
  error?: { name: string; message: string };
}

/**
 * Errors the workflow retries (with backoff) before giving up on a tenant: DynamoDB throttling and
 * service faults, and Lambda's own transient failures. Anything else (a bug, bad data) fails at once.
 */
export const PIPELINE_TRANSIENT_ERRORS = [
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/**
 * The nightly target date: the day before the scheduled time's UTC date. The schedule fires at
 * 12:30 UTC, after midnight in UTC−12 (the last zone's day ends at 12:00 UTC), so every learner's
 * target date is over.
 */
export function nightlyTargetDate(scheduledTime: Date): string {
  return addDays(localDateOf(scheduledTime, 'UTC'), -1);
}

/** PlanRun: the run's id, target date and tenants (from the directory, never a Scan); records the run. */
export async function planRun(input: PipelineInput, now: Date): Promise<RunPlan> {
  const startedAt = now.toISOString();
  if (input.tenantId && input.processId && input.date) {
    return {
      runId: input.processId,
      date: input.date,
      trigger: 'manual',
      startedAt,
      tenants: [{ runId: input.processId, tenantId: input.tenantId, date: input.date, trigger: 'manual', processId: input.processId }],
    };
  }
  const scheduled = input.scheduledTime ? new Date(input.scheduledTime) : now;
  const date = input.date ?? nightlyTargetDate(Number.isNaN(scheduled.getTime()) ? now : scheduled);
  const runId = `${date}@${startedAt}`;
  const tenants = (await listTenants()).map((tenantId) => ({ runId, tenantId, date, trigger: 'nightly' as const, processId: nightlyProcessId(date) }));
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...analyticsRunKey(runId), entity: 'analyticsRun', runId, date, status: 'running', startedAt, tenantCount: tenants.length, tenants: {} },
    }),
  );
  return { runId, date, trigger: 'nightly', startedAt, tenants };
}

/**
 * Records a tenant's outcome in its nightly run's record (`tenants.<id>`): a map entry per tenant, so a
 * retried or duplicated step sets the same entry instead of counting twice, and the workflow's Map
 * passes no per-tenant payload to FinishRun (Step Functions' 256 KB limit). About 100 bytes a tenant:
 * the 400 KB item holds ~4,000 tenants (docs/analytics.md "Scale path").
 */
async function recordOutcome(item: TenantWorkItem, outcome: TenantOutcome): Promise<void> {
  if (item.trigger !== 'nightly') return;
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: analyticsRunKey(item.runId),
      UpdateExpression: 'SET tenants.#tenant = :outcome',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#tenant': item.tenantId },
      ExpressionAttributeValues: { ':outcome': { status: outcome.status, dates: outcome.dates, ...outcome.metrics, ...(outcome.error ? { error: outcome.error.name } : {}) } },
    }),
  );
}

/** AggregateTenant: one tenant's aggregation, recorded in its process record. Throws to let the workflow retry. */
export async function aggregateTenantStep(item: TenantWorkItem, now: () => Date = () => new Date()): Promise<TenantOutcome> {
  await markRunning({ tenantId: item.tenantId, processId: item.processId, date: item.date, trigger: item.trigger, runId: item.runId, now: now() });
  const result = await aggregateTenant({ tenantId: item.tenantId, date: item.date, trigger: item.trigger });
  // Nightly only: the drop-off model, the stored predictions and the co-completion counts (issue 21).
  // Loaded on first use: PlanRun, RecordTenantFailure and FinishRun share this module and never need it.
  const predictive = item.trigger === 'nightly' && result.aggregatedThrough !== null ? await (await import('./predictiveNightly.js')).refreshPredictions(item.tenantId, result.aggregatedThrough, now()) : null;
  await completeProcess({ tenantId: item.tenantId, processId: item.processId, now: now(), metrics: result.metrics, dates: result.dates });
  logger.info('analytics tenant aggregated', { runId: item.runId, tenantId: item.tenantId, date: item.date, dates: result.dates.length, ledgerItemsRead: result.ledgerItemsRead, ...result.metrics, ...(predictive ? { predictive } : {}) });
  const outcome: TenantOutcome = { tenantId: item.tenantId, processId: item.processId, status: 'completed', metrics: result.metrics, dates: result.dates.length, ledgerItemsRead: result.ledgerItemsRead };
  await recordOutcome(item, outcome);
  return outcome;
}

/** The Catch's view of a failed task: Step Functions' `{Error, Cause}`. */
export interface FailedTenantInput extends TenantWorkItem {
  failure: { Error?: string; Cause?: string };
}

function causeMessage(cause: string | undefined): string {
  if (!cause) return 'No cause reported';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    return (parsed.errorMessage ?? cause).slice(0, 1000);
  } catch {
    return cause.slice(0, 1000);
  }
}

/**
 * RecordTenantFailure: the tenant's process is marked failed with the error. Its output — the work
 * item, Step Functions' failure and the parsed error — is what the workflow dead-letters, so the
 * message says which tenant, date and run to replay, and why it failed.
 */
export async function recordTenantFailureStep(input: FailedTenantInput, now: Date): Promise<FailedTenantInput & { error: { name: string; message: string } }> {
  const error = { name: input.failure.Error ?? 'Error', message: causeMessage(input.failure.Cause) };
  await failProcess({ tenantId: input.tenantId, processId: input.processId, date: input.date, trigger: input.trigger, runId: input.runId, now, error });
  logger.error('analytics tenant failed', { runId: input.runId, tenantId: input.tenantId, date: input.date, error });
  await recordOutcome(input, { tenantId: input.tenantId, processId: input.processId, status: 'failed', metrics: EMPTY_METRICS, dates: 0, ledgerItemsRead: 0, error });
  return { ...input, error };
}

export interface FinishRunInput {
  runId: string;
  date: string;
  trigger: AggregationTrigger;
  tenants: TenantWorkItem[];
}

export interface RunSummary {
  runId: string;
  date: string;
  status: 'completed' | 'completed_with_failures';
  tenants: number;
  completed: number;
  failed: string[];
  metrics: MetricsProcessed;
}

type StoredOutcome = MetricsProcessed & { status: TenantOutcome['status'] };

/**
 * FinishRun: sums the outcomes the tenant steps recorded and closes the run record (nightly runs);
 * the summary is the execution's output. A manual run reports its one process.
 */
export async function finishRunStep(input: FinishRunInput, now: Date): Promise<RunSummary> {
  const metrics: MetricsProcessed = { ...EMPTY_METRICS };
  let outcomes: Record<string, StoredOutcome> = {};
  if (input.trigger === 'nightly') {
    const run = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: analyticsRunKey(input.runId), ConsistentRead: true }))).Item;
    outcomes = (run?.tenants ?? {}) as Record<string, StoredOutcome>;
  }
  for (const o of Object.values(outcomes)) for (const key of Object.keys(metrics) as (keyof MetricsProcessed)[]) metrics[key] += o[key] ?? 0;
  const failed = Object.entries(outcomes).filter(([, o]) => o.status === 'failed').map(([tenantId]) => tenantId).sort();
  const completed = Object.values(outcomes).filter((o) => o.status === 'completed').length;
  const summary: RunSummary = { runId: input.runId, date: input.date, status: failed.length > 0 ? 'completed_with_failures' : 'completed', tenants: input.tenants.length, completed, failed, metrics };
  if (input.trigger === 'nightly') {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: analyticsRunKey(input.runId),
        UpdateExpression: 'SET #status = :status, finishedAt = :now, metricsProcessed = :metrics, failedTenants = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': summary.status, ':now': now.toISOString(), ':metrics': metrics, ':failed': failed },
      }),
    );
  }
  return summary;
}
