import { tenantPrefix } from './keys.js';

// ---- Reports (issue 15): report records, their schedules and the schedules' directory. ----

/** The tenant's reports: `R#<reportId>` items, ids sortable by request time (newest last). */
export function reportsPartition(tenantId: string): string {
  return `${tenantPrefix(tenantId)}#REPORTS`;
}

export function reportKey(tenantId: string, reportId: string) {
  return { pk: reportsPartition(tenantId), sk: `R#${reportId}` };
}

/** gsi1 keys of a report: its requester's reports (a trainer lists only their own). */
export function reportsByRequesterIndexKey(tenantId: string, userId: string, reportId: string) {
  return { gsi1pk: `${reportsPartition(tenantId)}#BY#${userId}`, gsi1sk: `R#${reportId}` };
}

/** A report schedule of the tenant. */
export function reportScheduleKey(tenantId: string, scheduleId: string) {
  return { pk: `${tenantPrefix(tenantId)}#REPORT_SCHEDULES`, sk: `S#${scheduleId}` };
}

/**
 * The claim of one schedule's period (`2026-W45`, `2026-10`): a conditional Put makes one run the
 * owner of that period, so a schedule that fires twice produces one report.
 */
export function reportSchedulePeriodKey(tenantId: string, scheduleId: string, period: string) {
  return { pk: `${tenantPrefix(tenantId)}#REPORT_SCHEDULES`, sk: `S#${scheduleId}#P#${period}` };
}

/**
 * The schedule directory: one platform item per schedule, written with it, so the scheduled job
 * lists schedules with a Query instead of a Scan (DESIGN §8).
 */
export function reportScheduleDirectoryKey(tenantId: string, scheduleId: string) {
  return { pk: 'SYS#REPORT_SCHEDULES', sk: `T#${tenantId}#S#${scheduleId}` };
}
