import { addDays, localDateOf } from './localDate.js';

/**
 * How far back a client may date an activity and still have it counted on that day (DESIGN §8a:
 * offline sync and back-dated completions up to 30 days). Older claims count on the earliest day
 * still allowed, so no figure older than this window ever moves.
 */
export const LATE_ARRIVAL_DAYS = 30;

/** The fields of a ledger record that decide the day it counts on. */
export interface DatedActivity {
  occurredAt: string;
  localDate: string;
  timeZone: string;
  clientTimestamp?: string;
}

/**
 * The instant an activity happened, as analytics orders it: the client's timestamp when it sent one
 * (a back-dated completion, an offline log) and never later than the server received it, else the
 * server's time of the write.
 */
export function activityInstant(record: DatedActivity): string {
  if (!record.clientTimestamp) return record.occurredAt;
  const client = new Date(record.clientTimestamp);
  if (Number.isNaN(client.getTime())) return record.occurredAt;
  const iso = client.toISOString();
  return iso < record.occurredAt ? iso : record.occurredAt;
}

/**
 * The learner-local date an activity counts on in every aggregate (docs/analytics.md "Days"): the
 * date of activityInstant in the zone the learner had when the record was written, clamped to
 * [received date − LATE_ARRIVAL_DAYS, received date]. Pure; the ledger's tenant-day index is keyed by it.
 */
export function analyticsDateOf(record: DatedActivity): string {
  if (!record.clientTimestamp) return record.localDate;
  const date = localDateOf(new Date(activityInstant(record)), record.timeZone);
  const earliest = addDays(record.localDate, -LATE_ARRIVAL_DAYS);
  if (date < earliest) return earliest;
  return date > record.localDate ? record.localDate : date;
}
