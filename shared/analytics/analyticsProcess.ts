import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { aggregationStateKey, analyticsProcessKey } from '../db/keys.js';
import type { AggregationTrigger, DateFoldResult, MetricsProcessed } from './dailyAggregation.js';

/**
 * Process records (seed 000 §10): one per tenant aggregation — a nightly run's tenant step
 * (`nightly-<date>`, so a duplicate run updates the same record) or an org admin's reprocessing
 * (`proc_<random>`). They carry status, start and finish, and seed 000's `metrics_processed` counts.
 */
export type ProcessStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface AnalyticsProcess {
  processId: string;
  tenantId: string;
  processType: 'daily_aggregation';
  trigger: AggregationTrigger;
  date: string;
  status: ProcessStatus;
  requestedBy?: string;
  /** Nightly run this tenant step belongs to. */
  runId?: string;
  startedAt: string;
  finishedAt?: string;
  metricsProcessed: MetricsProcessed;
  dates?: DateFoldResult[];
  error?: { name: string; message: string };
  attempts: number;
}

export const EMPTY_METRICS: MetricsProcessed = { user_sessions: 0, block_completions: 0, achievement_awards: 0, progress_updates: 0 };

/** The nightly step's process id for a date: deterministic, so duplicate runs share one record. */
export const nightlyProcessId = (date: string): string => `nightly-${date}`;

/**
 * Creates a queued process (an org admin's request). Conditional: a process id is never reused.
 */
export async function createQueuedProcess(process: AnalyticsProcess): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...analyticsProcessKey(process.tenantId, process.processId), entity: 'analyticsProcess', ...process },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/**
 * Marks a process running (creating it for a nightly step) and counts the attempt. A completed
 * process is left as it is, so a duplicate delivery of a finished step does not reopen it — the
 * caller gets `false` and re-runs the (idempotent) fold anyway only if it chooses to.
 */
export async function markRunning(input: { tenantId: string; processId: string; date: string; trigger: AggregationTrigger; runId?: string; now: Date }): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: analyticsProcessKey(input.tenantId, input.processId),
      UpdateExpression:
        'SET entity = :entity, processId = :pid, tenantId = :tenant, processType = :type, #trigger = if_not_exists(#trigger, :trigger), #date = :date, #status = :running, startedAt = if_not_exists(startedAt, :now), metricsProcessed = if_not_exists(metricsProcessed, :metrics), runId = if_not_exists(runId, :run) ADD attempts :one REMOVE finishedAt, #error',
      ExpressionAttributeNames: { '#trigger': 'trigger', '#date': 'date', '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues: {
        ':entity': 'analyticsProcess',
        ':pid': input.processId,
        ':tenant': input.tenantId,
        ':type': 'daily_aggregation',
        ':trigger': input.trigger,
        ':date': input.date,
        ':running': 'running',
        ':now': input.now.toISOString(),
        ':metrics': EMPTY_METRICS,
        ':run': input.runId ?? input.processId,
        ':one': 1,
      },
    }),
  );
}

/** Records a finished process and the tenant's last process duration (the next estimate). */
export async function completeProcess(input: { tenantId: string; processId: string; now: Date; metrics: MetricsProcessed; dates: DateFoldResult[] }): Promise<void> {
  const item = await getProcess(input.tenantId, input.processId);
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: analyticsProcessKey(input.tenantId, input.processId),
      UpdateExpression: 'SET #status = :done, finishedAt = :now, metricsProcessed = :metrics, dates = :dates',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'completed', ':now': input.now.toISOString(), ':metrics': input.metrics, ':dates': input.dates },
    }),
  );
  if (item?.startedAt) {
    const durationMs = Math.max(0, input.now.getTime() - Date.parse(item.startedAt));
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: aggregationStateKey(input.tenantId),
        UpdateExpression: 'SET entity = if_not_exists(entity, :entity), lastProcessDurationMs = :ms',
        ExpressionAttributeValues: { ':entity': 'aggregationState', ':ms': durationMs },
      }),
    );
  }
}

/**
 * Records a failed process (after its retries) with the error that ended it, creating the record when
 * the step failed before it could mark itself running. Never downgrades a completed one.
 */
export async function failProcess(input: { tenantId: string; processId: string; date: string; trigger: AggregationTrigger; runId?: string; now: Date; error: { name: string; message: string } }): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: analyticsProcessKey(input.tenantId, input.processId),
        UpdateExpression:
          'SET entity = :entity, processId = :pid, tenantId = :tenant, processType = :type, #trigger = if_not_exists(#trigger, :trigger), #date = :date, #status = :failed, startedAt = if_not_exists(startedAt, :now), metricsProcessed = if_not_exists(metricsProcessed, :metrics), runId = if_not_exists(runId, :run), attempts = if_not_exists(attempts, :zero), finishedAt = :now, #error = :error',
        ConditionExpression: 'attribute_not_exists(pk) OR #status <> :done',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error', '#trigger': 'trigger', '#date': 'date' },
        ExpressionAttributeValues: {
          ':entity': 'analyticsProcess',
          ':pid': input.processId,
          ':tenant': input.tenantId,
          ':type': 'daily_aggregation',
          ':trigger': input.trigger,
          ':date': input.date,
          ':failed': 'failed',
          ':done': 'completed',
          ':now': input.now.toISOString(),
          ':metrics': EMPTY_METRICS,
          ':run': input.runId ?? input.processId,
          ':zero': 0,
          ':error': input.error,
        },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

export async function getProcess(tenantId: string, processId: string): Promise<AnalyticsProcess | undefined> {
  const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: analyticsProcessKey(tenantId, processId), ConsistentRead: true }))).Item;
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, ...rest } = item;
  return rest as AnalyticsProcess;
}

/** The duration of the tenant's last completed process, for `estimated_completion` (null before the first). */
export async function lastProcessDurationMs(tenantId: string): Promise<number | null> {
  const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: aggregationStateKey(tenantId) }))).Item;
  return typeof item?.lastProcessDurationMs === 'number' ? item.lastProcessDurationMs : null;
}
