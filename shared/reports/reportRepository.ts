import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '../db/commands.js';
import { randomBytes } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { reportKey, reportsByRequesterIndexKey, reportsPartition } from '../db/reportKeys.js';
import type { ReportRange, ReportType } from '../domain/reportFigures.js';
import { ValidationError } from '../http/errors.js';
import type { ReportFormat, ReportOutput } from '../schemas/reports.js';
import type { ReportFileKind } from './reportBucket.js';

/**
 * Report records (docs/data-model.md "Reports"): one item per report in the tenant's REPORTS
 * collection, listed newest first by one Query (a trainer's own through gsi1). The record holds what
 * the report was asked for, its status and the S3 keys of its files; the figures live in the files.
 */
export interface ReportRecord {
  tenantId: string;
  reportId: string;
  reportType: ReportType;
  status: 'processing' | 'ready' | 'failed';
  requestedBy: string;
  /** The requester's roles when asked (a background run resolves the same scope). */
  requesterRoles: string[];
  requestedAt: string;
  generatedAt: string | null;
  format: ReportFormat;
  output: ReportOutput;
  range: ReportRange;
  includeUsers: string[] | null;
  courseIds: string[] | null;
  scheduleId: string | null;
  /** The period a scheduled report covers (`2026-W45`, `2026-10`). */
  schedulePeriod: string | null;
  learners: number | null;
  files: Partial<Record<ReportFileKind, string>>;
  error: string | null;
  /** When a scheduled report's recipients were notified (set once, after every notification). */
  notifiedAt?: string | null;
}

/** A new report id: time-sortable (base36 milliseconds) plus 10 random bytes, so a list is newest first. */
export function newReportId(now: Date): string {
  return `rpt_${now.getTime().toString(36).padStart(9, '0')}${randomBytes(10).toString('hex')}`;
}

const FIELDS = ['tenantId', 'reportId', 'reportType', 'status', 'requestedBy', 'requesterRoles', 'requestedAt', 'generatedAt', 'format', 'output', 'range', 'includeUsers', 'courseIds', 'scheduleId', 'schedulePeriod', 'learners', 'files', 'error', 'notifiedAt'] as const;

function recordOf(item: Record<string, unknown>): ReportRecord {
  return Object.fromEntries(FIELDS.map((f) => [f, item[f] ?? (f === 'files' ? {} : null)])) as unknown as ReportRecord;
}

/**
 * Writes a report record. `onlyNew` makes it conditional on the id being unused (a scheduled report's
 * id is derived from its schedule and period, so a second run for that period cannot add a second
 * report); returns false when the record already existed.
 */
export async function putReport(record: ReportRecord, onlyNew = false): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...reportKey(record.tenantId, record.reportId), ...reportsByRequesterIndexKey(record.tenantId, record.requestedBy, record.reportId), entity: 'report', ...record },
        ...(onlyNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      }),
    );
    return true;
  } catch (err) {
    if (onlyNew && err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Marks a background report ready (or failed) with its files; one UpdateItem. */
export async function finishReport(tenantId: string, reportId: string, outcome: { status: 'ready' | 'failed'; generatedAt: string | null; files: Partial<Record<ReportFileKind, string>>; learners: number | null; error: string | null }): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: reportKey(tenantId, reportId),
      UpdateExpression: 'SET #status = :status, generatedAt = :generatedAt, files = :files, learners = :learners, #error = :error',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues: { ':status': outcome.status, ':generatedAt': outcome.generatedAt, ':files': outcome.files, ':learners': outcome.learners, ':error': outcome.error },
    }),
  );
}

export async function getReport(tenantId: string, reportId: string): Promise<ReportRecord | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: reportKey(tenantId, reportId), ConsistentRead: true }));
  return out.Item ? recordOf(out.Item) : undefined;
}

function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

function decodeCursor(cursor: string | undefined, partition: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // A cursor is only ever a key of the caller's own listing: anything else is a bad request.
    if ((key.pk !== partition && key.gsi1pk !== partition) || typeof key.sk !== 'string') throw new Error('foreign cursor');
    return key;
  } catch {
    throw new ValidationError([{ field: 'body.cursor', message: 'Not a cursor returned by list_reports', code: 'invalid_cursor' }]);
  }
}

/**
 * One page of the tenant's reports, newest first (1 Query); `requestedBy` limits it to one requester's
 * reports through gsi1. `cursor` is the opaque next_cursor of the previous page.
 */
export async function listReports(tenantId: string, requestedBy: string | null, limit: number, cursor: string | undefined): Promise<{ reports: ReportRecord[]; nextCursor: string | null }> {
  const partition = requestedBy ? reportsByRequesterIndexKey(tenantId, requestedBy, '').gsi1pk : reportsPartition(tenantId);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      ...(requestedBy ? { IndexName: 'gsi1' } : {}),
      KeyConditionExpression: requestedBy ? 'gsi1pk = :pk AND begins_with(gsi1sk, :r)' : 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': partition, ':r': 'R#' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, partition),
    }),
  );
  return { reports: (out.Items ?? []).map(recordOf), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}
