import { readTenantDays } from '../analytics/aggregateStore.js';
import type { Principal } from '../auth/principal.js';
import { localDateOf } from '../domain/localDate.js';
import { reportPeriod } from '../domain/reportFigures.js';
import type { Role } from '../routes/types.js';
import { createNotification } from '../notifications/notificationWrites.js';
import { putReportFile, type ReportFileKind } from './reportBucket.js';
import { reportCsv } from './reportCsv.js';
import { buildReportDocument, type ReportDocument } from './reportDocument.js';
import { readCourseProgress, readReportFacts, readTenantContext, resolveSubject, type ReportSubject, type TenantContext } from './reportInputs.js';
import type { ReportRecord } from './reportRepository.js';

/**
 * Producing a report: read its inputs, build the JSON document, render the requested file and store
 * both in S3. The same function serves a synchronous request, a background run and a scheduled run,
 * so every path writes the same files for the same inputs.
 */

/** The principal a record was asked by (its roles then), for resolving the same scope later. */
export function requesterOf(record: ReportRecord): Principal {
  const roles = record.requesterRoles as Role[];
  return { userId: record.requestedBy, tenantId: record.tenantId, roles, memberships: { [record.tenantId]: roles }, timeZone: 'UTC' };
}

/** Reads the tenant context and resolves who the report covers (throws 404/403 before anything is written). */
export async function prepareReport(principal: Principal, params: { include_users?: string[] | undefined; course_ids?: string[] | undefined }): Promise<{ ctx: TenantContext; subject: ReportSubject }> {
  const ctx = await readTenantContext(principal.tenantId);
  return { ctx, subject: resolveSubject(principal, ctx, params) };
}

/** A file name for downloads: `<type>-<start>-<end>`. */
function fileNameOf(doc: ReportDocument): string {
  return `${doc.report_type}-${doc.period.start_date}-${doc.period.end_date}`;
}

/**
 * Builds the document and stores `report.json` plus the requested CSV or PDF under keys that lead
 * with the tenant. Returns the document and the stored keys.
 */
export async function produceReport(record: ReportRecord, ctx: TenantContext, subject: ReportSubject, now: Date): Promise<{ doc: ReportDocument; files: Partial<Record<ReportFileKind, string>> }> {
  const window = reportPeriod(record.range, ctx.through, localDateOf(now, 'UTC'));
  const ids = new Set(subject.learners.map((l) => l.userId));
  const needsTenantDays = record.reportType === 'achievement_summary' && subject.wholeTenant && subject.scope.kind === 'tenant' && ctx.through !== null;
  const t0 = performance.now();
  const [read, courseProgress, tenantDays] = await Promise.all([
    readReportFacts(ctx, window, subject),
    readCourseProgress(record.tenantId, [...ids]),
    needsTenantDays ? readTenantDays(record.tenantId, window.from, window.to) : Promise.resolve(null),
  ]);
  const t1 = performance.now();
  const doc = buildReportDocument({
    reportId: record.reportId,
    reportType: record.reportType,
    format: record.format,
    output: record.output,
    requestedAt: record.requestedAt,
    generatedAt: now.toISOString(),
    window,
    ctx,
    subject,
    facts: read.facts,
    courseProgress,
    tenantDays,
  });
  const name = fileNameOf(doc);
  const t2 = performance.now();
  // pdfkit, fontkit and vega load only when a PDF is rendered: a chunk of its own in the Lambda bundle
  // (code splitting), so cold starts of JSON and CSV reports and of every other route skip them.
  const rendered = record.output === 'pdf' ? await (await import('./reportPdf.js')).reportPdf(doc) : record.output === 'csv' ? reportCsv(doc) : null;
  const t3 = performance.now();
  const [jsonKey, fileKey] = await Promise.all([
    putReportFile(record.tenantId, record.reportId, 'json', JSON.stringify(doc), name),
    rendered === null ? Promise.resolve(null) : putReportFile(record.tenantId, record.reportId, record.output, rendered, name),
  ]);
  if (process.env.CAIRN_REPORT_TIMING) console.log(`report timing: read ${Math.round(t1 - t0)} ms (${read.itemsRead} ${read.source === 'rollups' ? 'learner rollups' : 'learner-days'}), figures ${Math.round(t2 - t1)} ms, render ${record.output} ${Math.round(t3 - t2)} ms, store ${Math.round(performance.now() - t3)} ms`);
  return { doc, files: { json: jsonKey, ...(fileKey ? { [record.output]: fileKey } : {}) } };
}

const TYPE_NAMES: Record<ReportRecord['reportType'], string> = {
  progress_summary: 'Progress summary',
  engagement_summary: 'Engagement summary',
  course_performance: 'Course performance',
  achievement_summary: 'Achievement summary',
};

/**
 * Tells a recipient in-app that a report is ready: the notification transaction items
 * (notificationWrites), deduplicated by (report_ready, report id), so a retried or duplicate run
 * notifies each recipient once.
 */
export async function notifyReportReady(tenantId: string, userId: string, record: Pick<ReportRecord, 'reportId' | 'reportType' | 'output'>, period: { start_date: string; end_date: string }, readyAt: Date): Promise<boolean> {
  const { created } = await createNotification({
    tenantId,
    userId,
    kind: 'report_ready',
    sourceId: record.reportId,
    createdAt: readyAt,
    title: `${TYPE_NAMES[record.reportType]} report ready`,
    message: `The ${TYPE_NAMES[record.reportType].toLowerCase()} report for ${period.start_date} to ${period.end_date} (${record.output.toUpperCase()}) is ready.`,
    data: { report_id: record.reportId, report_type: record.reportType, output: record.output, period_start: period.start_date, period_end: period.end_date },
  });
  return created;
}
