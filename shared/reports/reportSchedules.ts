import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '../db/commands.js';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { memberKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { reportKey, reportScheduleDirectoryKey, reportScheduleKey } from '../db/reportKeys.js';
import type { ReportType } from '../domain/reportFigures.js';
import { latestDueRun, nextRunDate, type ScheduledPeriod, type ScheduleTiming } from '../domain/reportSchedule.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import type { ReportFormat, ReportOutput, ScheduleReportInput } from '../schemas/reports.js';
import { notifyReportReady, prepareReport, produceReport, requesterOf } from './reportProduction.js';
import { finishReport, getReport, putReport, type ReportRecord } from './reportRepository.js';

/**
 * Scheduled reports (issue 15): weekly or monthly, in a time zone, delivered in-app to org admins and
 * trainers of the tenant. The hourly `scheduled-reports` job (EventBridge Scheduler) lists schedules
 * from a platform directory (a Query, never a Scan) and makes each due run's report **once per period**:
 *
 *   The report id is derived from (schedule, period), and the report record is created with a
 *   conditional Put. Of two runs firing for one period, one creates it and produces the files; the
 *   other finds it and does nothing. A run that died half-way leaves the record `processing` (or
 *   `failed`): a later run takes it over with a conditional update on its claim time once the claim is
 *   older than CLAIM_LEASE_MS, re-produces the same files under the same keys, then notifies. Each
 *   recipient's notification is deduplicated by (report_ready, report id), and `notifiedAt` on the
 *   record stops later runs from even trying.
 *
 *   t0  run A: Put R (attribute_not_exists) ✓ → produce …
 *   t0' run B: Put R ✗ (exists, claimed 0 s ago) → skip
 *   t1  run A: files, ready, notify each recipient, notifiedAt
 *   t2  run C (next hour): R ready and notified → skip
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

export interface ReportSchedule extends ScheduleTiming {
  tenantId: string;
  scheduleId: string;
  reportType: ReportType;
  recipients: string[];
  parameters: { include_users?: string[]; course_ids?: string[]; format: ReportFormat; output: ReportOutput };
  createdBy: string;
  createdByRoles: string[];
  createdAt: string;
}

function scheduleOf(item: Record<string, unknown>): ReportSchedule {
  const { pk: _pk, sk: _sk, entity: _e, ...rest } = item;
  return rest as unknown as ReportSchedule;
}

export function scheduleView(s: ReportSchedule, now: Date) {
  const run = nextRunDate(s, now);
  const last = latestDueRun(s, now);
  return {
    schedule_id: s.scheduleId,
    report_type: s.reportType,
    frequency: s.frequency,
    day_of_week: s.frequency === 'weekly' ? s.dayOfWeek : null,
    day_of_month: s.frequency === 'monthly' ? s.dayOfMonth : null,
    hour: s.hour,
    time_zone: s.timeZone,
    recipients: s.recipients,
    parameters: s.parameters,
    created_by: s.createdBy,
    created_at: s.createdAt,
    next_run_at: `${run}T${String(s.hour).padStart(2, '0')}:00 ${s.timeZone}`,
    last_period: last ? `${last.from}/${last.to}` : null,
  };
}

/**
 * `schedule_report`: recipients must be org admins or trainers of the tenant (else 400 naming
 * `body.recipients`); the report's own parameters are checked as `generate_report` checks them
 * (include_users members, a trainer's own courses). One transaction writes the schedule and its
 * directory entry.
 */
export async function createSchedule(principal: Principal, input: ScheduleReportInput, now: Date) {
  const params = input.parameters;
  const recipients = [...new Set(input.recipients)];
  const [found] = await Promise.all([batchGetItems(recipients.map((id) => memberKey(principal.tenantId, id))), prepareReport(principal, params)]);
  const invalid = recipients.filter((id) => {
    const roles = found.get(itemId(memberKey(principal.tenantId, id)))?.roles;
    return !Array.isArray(roles) || !roles.some((r) => r === 'org_admin' || r === 'trainer');
  });
  if (invalid.length > 0) {
    throw new ValidationError([{ field: 'body.recipients', message: `Recipients must be org admins or trainers of this organization (${invalid.length} are not)`, code: 'invalid_recipient' }]);
  }
  const schedule: ReportSchedule = {
    tenantId: principal.tenantId,
    scheduleId: `sch_${randomBytes(9).toString('hex')}`,
    reportType: input.report_type,
    frequency: input.frequency,
    dayOfWeek: input.day_of_week,
    dayOfMonth: input.day_of_month,
    hour: input.hour,
    timeZone: input.time_zone,
    recipients,
    parameters: { ...(params.include_users ? { include_users: [...new Set(params.include_users)] } : {}), ...(params.course_ids ? { course_ids: params.course_ids } : {}), format: params.format, output: params.output },
    createdBy: principal.userId,
    createdByRoles: [...principal.roles],
    createdAt: now.toISOString(),
  };
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...reportScheduleKey(schedule.tenantId, schedule.scheduleId), entity: 'reportSchedule', ...schedule }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: tableName(), Item: { ...reportScheduleDirectoryKey(schedule.tenantId, schedule.scheduleId), entity: 'reportScheduleDirectory', tenantId: schedule.tenantId, scheduleId: schedule.scheduleId } } },
      ],
    }),
  );
  return scheduleView(schedule, now);
}

const canManage = (principal: Principal, s: ReportSchedule) => principal.roles.includes('org_admin') || s.createdBy === principal.userId;

/** `list_schedules`: the tenant's schedules (a trainer: their own), one Query. */
export async function listSchedules(principal: Principal, now: Date) {
  const items = await queryCollection(reportScheduleKey(principal.tenantId, '').pk, { skPrefix: 'S#' });
  const schedules = items.filter((i) => i.entity === 'reportSchedule').map(scheduleOf).filter((s) => canManage(principal, s));
  return { schedules: schedules.map((s) => scheduleView(s, now)) };
}

/** `delete_schedule`: the schedule and its directory entry in one transaction; 404 if unknown or not the caller's to manage. */
export async function deleteSchedule(principal: Principal, scheduleId: string) {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: reportScheduleKey(principal.tenantId, scheduleId), ConsistentRead: true }));
  if (!out.Item || !canManage(principal, scheduleOf(out.Item))) throw new NotFoundError('No such report schedule in this organization');
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: tableName(), Key: reportScheduleKey(principal.tenantId, scheduleId) } },
        { Delete: { TableName: tableName(), Key: reportScheduleDirectoryKey(principal.tenantId, scheduleId) } },
      ],
    }),
  );
  return { schedule_id: scheduleId, deleted: true as const };
}

/** The report id of one schedule's period: the same for every run of that period. */
export function scheduledReportId(scheduleId: string, period: ScheduledPeriod): string {
  return `${scheduleId}_${period.key}`;
}

export interface ScheduledRunOutcome {
  scheduleId: string;
  tenantId: string;
  period: string | null;
  outcome: 'not_due' | 'generated' | 'already_done' | 'claimed_elsewhere' | 'failed';
  reportId?: string;
  notified?: number;
  error?: string;
}

/** Takes over a stale claim (processing or failed, claimed before the lease); false if another run holds it. */
async function takeOver(record: ReportRecord, now: Date): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: reportKey(record.tenantId, record.reportId),
        UpdateExpression: 'SET requestedAt = :now, #status = :processing',
        ConditionExpression: 'requestedAt = :claimed AND #status <> :ready',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': now.toISOString(), ':claimed': record.requestedAt, ':processing': 'processing', ':ready': 'ready' },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

async function markNotified(record: ReportRecord, now: Date): Promise<void> {
  await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: reportKey(record.tenantId, record.reportId), UpdateExpression: 'SET notifiedAt = :now', ExpressionAttributeValues: { ':now': now.toISOString() } }));
}

/** Makes (or finishes) the report of one schedule's latest due period. */
export async function runSchedule(schedule: ReportSchedule, now: Date): Promise<ScheduledRunOutcome> {
  const base = { scheduleId: schedule.scheduleId, tenantId: schedule.tenantId };
  const period = latestDueRun(schedule, now);
  if (!period) return { ...base, period: null, outcome: 'not_due' };
  const reportId = scheduledReportId(schedule.scheduleId, period);
  const record: ReportRecord = {
    tenantId: schedule.tenantId,
    reportId,
    reportType: schedule.reportType,
    status: 'processing',
    requestedBy: schedule.createdBy,
    requesterRoles: schedule.createdByRoles,
    requestedAt: now.toISOString(),
    generatedAt: null,
    format: schedule.parameters.format,
    output: schedule.parameters.output,
    range: { start_date: period.from, end_date: period.to },
    includeUsers: schedule.parameters.include_users ?? null,
    courseIds: schedule.parameters.course_ids ?? null,
    scheduleId: schedule.scheduleId,
    schedulePeriod: period.key,
    learners: null,
    files: {},
    error: null,
  };
  const outcome = { ...base, period: period.key, reportId };
  let current: ReportRecord = record;
  if (!(await putReport(record, true))) {
    const stored = await getReport(schedule.tenantId, reportId);
    if (!stored) return { ...outcome, outcome: 'claimed_elsewhere' };
    if (stored.notifiedAt) return { ...outcome, outcome: 'already_done' };
    if (stored.status === 'ready') {
      const notified = await notifyRecipients(schedule, stored, period, now);
      return { ...outcome, outcome: 'already_done', notified };
    }
    if (now.getTime() - Date.parse(stored.requestedAt) < CLAIM_LEASE_MS || !(await takeOver(stored, now))) return { ...outcome, outcome: 'claimed_elsewhere' };
    current = { ...stored, requestedAt: now.toISOString(), status: 'processing' };
  }
  try {
    const { ctx, subject } = await prepareReport(requesterOf(current), { include_users: current.includeUsers ?? undefined, course_ids: current.courseIds ?? undefined });
    const { doc, files } = await produceReport(current, ctx, subject, now);
    await finishReport(current.tenantId, reportId, { status: 'ready', generatedAt: doc.generated_at, files, learners: subject.learners.length, error: null });
    const notified = await notifyRecipients(schedule, current, period, now);
    return { ...outcome, outcome: 'generated', notified };
  } catch (err) {
    const message = err instanceof Error ? err.message.slice(0, 500) : 'failed';
    await finishReport(current.tenantId, reportId, { status: 'failed', generatedAt: null, files: {}, learners: null, error: message });
    return { ...outcome, outcome: 'failed', error: message };
  }
}

/** Notifies every recipient (deduplicated per report), then stamps the record. Returns how many were new. */
async function notifyRecipients(schedule: ReportSchedule, record: ReportRecord, period: ScheduledPeriod, now: Date): Promise<number> {
  let created = 0;
  for (const userId of schedule.recipients) {
    if (await notifyReportReady(schedule.tenantId, userId, record, { start_date: period.from, end_date: period.to }, now)) created++;
  }
  await markNotified(record, now);
  return created;
}

/** Every schedule in the directory (one Query per MB), then each schedule item by GetItem (batched). */
export async function listAllSchedules(): Promise<ReportSchedule[]> {
  const directory: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'SYS#REPORT_SCHEDULES' }, ExclusiveStartKey: startKey }));
    directory.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const keys = directory.map((d) => reportScheduleKey(String(d.tenantId), String(d.scheduleId)));
  const found = await batchGetItems(keys);
  return keys.map((k) => found.get(itemId(k))).filter((i): i is Record<string, unknown> => !!i).map(scheduleOf);
}

export interface ScheduledReportsReport {
  schedules: number;
  runs: ScheduledRunOutcome[];
}

/**
 * The `scheduled-reports` job: every schedule's latest due period, two schedules at a time. A failing
 * schedule is recorded on its report and retried by a later run; it never stops the others.
 */
export async function runScheduledReports(now: Date): Promise<ScheduledReportsReport> {
  const schedules = await listAllSchedules();
  const runs: ScheduledRunOutcome[] = [];
  const queue = [...schedules];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) runs.push(await runSchedule(s, now));
  };
  await Promise.all([worker(), worker()]);
  return { schedules: schedules.length, runs };
}
