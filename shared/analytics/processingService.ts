import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { addDays, localDateOf } from '../domain/localDate.js';
import { LATE_ARRIVAL_DAYS } from '../domain/analyticsDate.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { createQueuedProcess, EMPTY_METRICS, getProcess, lastProcessDurationMs, type AnalyticsProcess } from './analyticsProcess.js';
import { pipelineRunner } from './pipelineRunner.js';
import type { PipelineInput } from './pipelineSteps.js';

/**
 * Seed 000 §10 for org admins: reprocess one date of their own tenant through the same workflow the
 * nightly schedule runs (asynchronously: the answer is the queued process), and read a process's status.
 */
export interface ProcessView {
  process_id: string;
  process_type: 'daily_aggregation';
  date: string;
  status: AnalyticsProcess['status'];
  started_at: string;
  estimated_completion: string | null;
  finished_at: string | null;
  metrics_processed: AnalyticsProcess['metricsProcessed'];
  dates_processed: { date: string; reason: 'target' | 'catch_up' | 'late_arrivals'; records: number; learners: number }[];
  error: { name: string; message: string } | null;
}

function present(process: AnalyticsProcess, durationMs: number | null): ProcessView {
  return {
    process_id: process.processId,
    process_type: 'daily_aggregation',
    date: process.date,
    status: process.status,
    started_at: process.startedAt,
    estimated_completion: durationMs === null ? null : new Date(Date.parse(process.startedAt) + durationMs).toISOString(),
    finished_at: process.finishedAt ?? null,
    metrics_processed: process.metricsProcessed,
    dates_processed: (process.dates ?? []).map((d) => ({ date: d.date, reason: d.reason, records: d.records, learners: d.learners })),
    error: process.error ?? null,
  };
}

/**
 * Starts reprocessing `date` for the caller's tenant. The date must lie within the last
 * LATE_ARRIVAL_DAYS days of the caller's local calendar (older dates no longer change); a future date
 * is refused. Writes the queued process (1 PutItem), reads the last duration (1 GetItem), starts the
 * workflow execution named after the process.
 */
export async function startProcessing(principal: Principal, date: string, now: Date): Promise<ProcessView> {
  const today = localDateOf(now, principal.timeZone);
  const earliest = addDays(today, -LATE_ARRIVAL_DAYS);
  if (date > today || date < earliest) {
    throw new ValidationError([{ field: 'body.date', message: `Must be a date from ${earliest} to ${today} (the last ${LATE_ARRIVAL_DAYS} days in your time zone)`, code: 'out_of_range' }]);
  }
  const processId = `proc_${randomBytes(12).toString('base64url').replace(/[^A-Za-z0-9_-]/g, '')}`;
  const process: AnalyticsProcess = {
    processId,
    tenantId: principal.tenantId,
    processType: 'daily_aggregation',
    trigger: 'manual',
    date,
    status: 'queued',
    requestedBy: principal.userId,
    startedAt: now.toISOString(),
    metricsProcessed: EMPTY_METRICS,
    attempts: 0,
  };
  const [, durationMs] = await Promise.all([createQueuedProcess(process), lastProcessDurationMs(principal.tenantId)]);
  const input: PipelineInput = { tenantId: principal.tenantId, date, processId };
  await pipelineRunner().start(`manual-${processId}`, JSON.stringify(input));
  return present(process, durationMs);
}

/** A process of the caller's tenant by id (404 for an unknown id or another tenant's). */
export async function processStatus(principal: Principal, processId: string): Promise<ProcessView> {
  const [process, durationMs] = await Promise.all([getProcess(principal.tenantId, processId), lastProcessDurationMs(principal.tenantId)]);
  if (!process) throw new NotFoundError('No such analytics process in this organization');
  return present(process, process.status === 'completed' || process.status === 'failed' ? null : durationMs);
}
