import { activityDayIndexKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { addDays, localDateOf } from '../domain/localDate.js';
import { isIanaTimeZone } from '../domain/timezone.js';
import { readStreak } from '../gamification/streakService.js';
import { logger } from '../http/observability.js';
import { createNotification } from '../notifications/notificationWrites.js';
import { ACTIVITY_DAY_SHARDS } from '../progress/activity.js';
import { listTenants } from './tenantDirectory.js';

/** Local hour from which a streak with nothing done today is "at risk" (20:00 in the learner's zone). */
export const STREAK_AT_RISK_LOCAL_HOUR = 20;

/** Learners checked at once within a tenant. */
const LEARNER_CONCURRENCY = 8;

/** The hour (0–23) of `instant` on a wall clock in `timeZone`. */
export function localHourOf(instant: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(instant);
  return Number(hour) % 24;
}

export interface StreakAtRiskReport {
  tenants: number;
  candidates: number;
  notified: number;
  alreadyNotified: number;
}

/**
 * One run of the `streak-at-risk` job (hourly): for every tenant, the learners whose local time has
 * passed 20:00 and who have a current streak of at least 1 day but no qualifying activity yet today
 * in their local calendar get one in-app `streak_at_risk` notification.
 *
 * Candidates come from the tenant-day activity index (gsi2 `ACTIVITY_DAY#<local date>#<shard>`, keyed
 * by the learner-local date an activity counts on) of the dates from two days before the UTC date to
 * the day after it: a learner whose streak is alive was active on their local yesterday or today, and
 * in zones from UTC−12 to UTC+14 those local days lie inside those four dates. (A streak kept alive only by freezes since then is not reminded; documented.) Each
 * candidate's zone is the one of their newest activity record; the streak itself comes from
 * readStreak, the one implementation of the rule.
 *
 * Replay-safe: the notification's source id is the learner's local date at risk, so a rerun, a retry
 * or a second run that evening finds the dedupe item and notifies no one twice.
 * Cost: 32 Queries per tenant (+1 per extra MB) + per candidate past 20:00 the streak read (GetItem +
 * Query, at most one checkpoint Put a day) + one TransactWrite per notification: it grows with the
 * learners active in the last three days, not with history.
 */
export async function runStreakAtRiskJob(now: Date, tenants?: readonly string[]): Promise<StreakAtRiskReport> {
  const targets = tenants ?? (await listTenants());
  const report: StreakAtRiskReport = { tenants: targets.length, candidates: 0, notified: 0, alreadyNotified: 0 };
  for (const tenantId of targets) {
    const candidates = await candidatesOf(tenantId, now);
    report.candidates += candidates.length;
    let next = 0;
    const worker = async () => {
      while (next < candidates.length) {
        const { userId, timeZone } = candidates[next++]!;
        if (localHourOf(now, timeZone) < STREAK_AT_RISK_LOCAL_HOUR) continue;
        const streak = await readStreak(tenantId, { userId, timeZone }, now, 1);
        if (streak.currentStreak < 1 || streak.todayActive) continue;
        const result = await createNotification({
          tenantId,
          userId,
          kind: 'streak_at_risk',
          sourceId: streak.today,
          createdAt: now,
          title: 'Your streak is at risk',
          message: `Learn something before midnight to keep your ${streak.currentStreak}-day streak going.`,
          data: { current_streak: streak.currentStreak, date: streak.today, time_zone: timeZone },
        });
        if (result.created) report.notified++;
        else report.alreadyNotified++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(LEARNER_CONCURRENCY, candidates.length) }, worker));
  }
  logger.info('streak-at-risk run', { ...report });
  return report;
}

/** Distinct learners active on the local dates around now, each with the zone of their newest record. */
async function candidatesOf(tenantId: string, now: Date): Promise<{ userId: string; timeZone: string }[]> {
  const today = localDateOf(now, 'UTC');
  const partitions = [addDays(today, 1), today, addDays(today, -1), addDays(today, -2)].flatMap((date) =>
    Array.from({ length: ACTIVITY_DAY_SHARDS }, (_, shard) => activityDayIndexKey(tenantId, date, shard, '', '', '').gsi2pk),
  );
  const items = (await Promise.all(partitions.map((partition) => queryCollection(partition, { indexName: 'gsi2' })))).flat();
  const newest = new Map<string, { occurredAt: string; timeZone: string }>();
  for (const item of items) {
    const userId = item.userId as string;
    const occurredAt = String(item.occurredAt ?? '');
    const timeZone = typeof item.timeZone === 'string' && isIanaTimeZone(item.timeZone) ? item.timeZone : 'UTC';
    const seen = newest.get(userId);
    if (!seen || seen.occurredAt < occurredAt) newest.set(userId, { occurredAt, timeZone });
  }
  return [...newest].map(([userId, { timeZone }]) => ({ userId, timeZone }));
}
