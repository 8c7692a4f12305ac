import type { Principal } from '../auth/principal.js';
import { localDateOf } from '../domain/localDate.js';
import { reportPeriod } from '../domain/reportFigures.js';
import { AuthorizationError, NotFoundError } from '../http/errors.js';
import type { GenerateReportInput } from '../schemas/reports.js';
import { presignedReportUrl, readReportFile } from './reportBucket.js';
import type { ReportDocument } from './reportDocument.js';
import { reportDispatcher, type ReportJob } from './reportDispatcher.js';
import { notifyReportReady, prepareReport, produceReport, requesterOf } from './reportProduction.js';
import { finishReport, getReport, listReports, newReportId, putReport, type ReportRecord } from './reportRepository.js';

/**
 * Seed 000 §9 reports for org admins and trainers. A standard report (at most SYNC_LEARNER_LIMIT
 * learners) is produced in the request and answered with its figures and a presigned `export_url`;
 * a larger one is recorded as `processing`, answered 202 with its `report_id`, produced by the report
 * worker in the background, and its requester is notified in-app when it is ready.
 */
export const SYNC_LEARNER_LIMIT = 500;

/** What a report answers while it is not ready (or failed). */
function pendingView(record: ReportRecord) {
  return {
    report_id: record.reportId,
    report_type: record.reportType,
    status: record.status,
    generated_at: record.generatedAt,
    requested_at: record.requestedAt,
    community_id: record.tenantId,
    scope: { kind: record.courseIds ? ('courses' as const) : ('tenant' as const), course_ids: record.courseIds },
    format: record.format,
    output: record.output,
    learners: record.learners,
    export_url: null,
    export_url_expires_at: null,
    error: record.error ? { message: record.error } : null,
  };
}

/** The document plus a fresh presigned URL of the requested file (the JSON itself for `json`). */
async function readyView(doc: ReportDocument, record: ReportRecord) {
  const key = record.files[record.output] ?? record.files.json;
  const signed = key ? await presignedReportUrl(key) : null;
  return { ...doc, export_url: signed?.url ?? null, export_url_expires_at: signed?.expiresAt ?? null, error: null };
}

function assertCommunity(principal: Principal, communityId: string | undefined): void {
  if (communityId !== undefined && communityId !== principal.tenantId) {
    throw new AuthorizationError('community_id must be the community of the request (select it with x-community-id)');
  }
}

/** `generate_report`: 200 with the report, or 202 with `report_id` and `status: processing`. */
export async function generateReport(principal: Principal, input: GenerateReportInput, now: Date): Promise<{ statusCode: 200 | 202; data: unknown }> {
  assertCommunity(principal, input.community_id);
  const params = input.parameters;
  const { ctx, subject } = await prepareReport(principal, params);
  const record: ReportRecord = {
    tenantId: principal.tenantId,
    reportId: newReportId(now),
    reportType: input.report_type,
    status: 'processing',
    requestedBy: principal.userId,
    requesterRoles: [...principal.roles],
    requestedAt: now.toISOString(),
    generatedAt: null,
    format: params.format,
    output: params.output,
    range: params.date_range,
    includeUsers: params.include_users ? [...new Set(params.include_users)] : null,
    courseIds: subject.scope.kind === 'courses' ? [...subject.scope.courseIds].sort() : null,
    scheduleId: null,
    schedulePeriod: null,
    learners: subject.learners.length,
    files: {},
    error: null,
  };
  if (subject.learners.length > SYNC_LEARNER_LIMIT) {
    await putReport(record);
    await reportDispatcher().dispatch({ tenantId: record.tenantId, reportId: record.reportId });
    const window = reportPeriod(record.range, ctx.through, localDateOf(now, 'UTC'));
    return { statusCode: 202, data: { ...pendingView(record), period: { start_date: window.from, end_date: window.to } } };
  }
  const { doc, files } = await produceReport(record, ctx, subject, now);
  const ready: ReportRecord = { ...record, status: 'ready', generatedAt: doc.generated_at, files };
  await putReport(ready);
  return { statusCode: 200, data: await readyView(doc, ready) };
}

/**
 * The report worker's run of one background report: produce, mark ready, notify the requester. A
 * report already ready (a retried invocation) is only notified again, which the notification's dedupe
 * turns into nothing. A failure marks the record failed and rethrows (Lambda retries, then the DLQ).
 */
export async function runBackgroundReport(job: ReportJob, now: () => Date = () => new Date()): Promise<ReportRecord['status']> {
  const record = await getReport(job.tenantId, job.reportId);
  if (!record) throw new Error(`No report ${job.reportId} in tenant ${job.tenantId}`);
  if (record.status === 'ready') return 'ready';
  try {
    const requester = requesterOf(record);
    const { ctx, subject } = await prepareReport(requester, { include_users: record.includeUsers ?? undefined, course_ids: record.courseIds ?? undefined });
    const { doc, files } = await produceReport(record, ctx, subject, now());
    await finishReport(record.tenantId, record.reportId, { status: 'ready', generatedAt: doc.generated_at, files, learners: subject.learners.length, error: null });
    await notifyReportReady(record.tenantId, record.requestedBy, record, doc.period, new Date(doc.generated_at));
    return 'ready';
  } catch (err) {
    await finishReport(record.tenantId, record.reportId, { status: 'failed', generatedAt: null, files: {}, learners: record.learners, error: err instanceof Error ? err.message.slice(0, 500) : 'failed' });
    throw err;
  }
}

/** Org admins read every report of the tenant; a trainer only the ones they asked for (else 404). */
function visibleTo(principal: Principal, record: ReportRecord | undefined): record is ReportRecord {
  return !!record && (principal.roles.includes('org_admin') || record.requestedBy === principal.userId);
}

/** `get_report`: the report with a freshly presigned `export_url` (404 for another tenant's or unknown id). */
export async function getReportView(principal: Principal, reportId: string): Promise<unknown> {
  const record = await getReport(principal.tenantId, reportId);
  if (!visibleTo(principal, record)) throw new NotFoundError('No such report in this organization');
  if (record.status !== 'ready' || !record.files.json) return pendingView(record);
  const doc = JSON.parse(await readReportFile(record.files.json)) as ReportDocument;
  return readyView(doc, record);
}

/** `list_reports`: newest first, `limit` per page, `next_cursor` for the next. */
export async function listReportViews(principal: Principal, limit: number, cursor: string | undefined): Promise<unknown> {
  const requester = principal.roles.includes('org_admin') ? null : principal.userId;
  const page = await listReports(principal.tenantId, requester, limit, cursor);
  return {
    reports: page.reports.map((r) => ({
      report_id: r.reportId,
      report_type: r.reportType,
      status: r.status,
      requested_at: r.requestedAt,
      generated_at: r.generatedAt,
      requested_by: r.requestedBy,
      output: r.output,
      schedule_id: r.scheduleId,
    })),
    next_cursor: page.nextCursor,
  };
}
