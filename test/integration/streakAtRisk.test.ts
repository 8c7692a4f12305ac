import { randomUUID } from 'node:crypto';
import { handler as notificationsHandler } from '../../lambdas/notifications/handler.js';
import { createProgressHandler } from '../../lambdas/progress/handler.js';
import { addDays } from '../../shared/domain/localDate.js';
import { localHourOf, runStreakAtRiskJob } from '../../shared/jobs/streakAtRiskJob.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { member, type Learner } from '../support/progress.js';
import { uniqueTenant } from '../support/tokens.js';

/**
 * The streak-at-risk job (issue 6 part 4 with the scheduled-jobs infrastructure): progress is written
 * through the real tutorial routes on a moving clock, the job runs at chosen instants, and the
 * notifications are read through seed 002 GET /api/v1/notifications/. Days are taken relative to the
 * real date (notifications older than their 90-day retention are not listed) and the zones have no
 * DST (Tokyo UTC+9, Bogotá UTC−5), so the expected local hours hold whenever the suite runs.
 */
const D1 = addDays(new Date().toISOString().slice(0, 10), -5);
const D2 = addDays(D1, 1);
const at = (date: string, time: string) => `${date}T${time}Z`;
function world(startIso: string) {
  const clock = { now: Date.parse(startIso) };
  const call = httpClient(ROUTES, { progress: createProgressHandler({ now: () => clock.now }), notifications: notificationsHandler });
  const learnAt = async (who: Learner, iso: string) => {
    clock.now = Date.parse(iso);
    const response = await call({ method: 'POST', path: '/v1/tutorials/progress/risk-tut/chapter', token: who.token, body: { chapterId: `ch-${randomUUID().slice(0, 8)}`, watchTime: 60 } });
    expect(response.status).toBe(200);
  };
  const atRisk = async (who: Learner) => {
    const response = await call({ method: 'GET', path: '/api/v1/notifications/?type=streak_at_risk', token: who.token });
    expect(response.status).toBe(200);
    return response.body.results as { title: string; data: Record<string, unknown> }[];
  };
  return { learnAt, atRisk };
}

describe('streak-at-risk job', () => {
  it('reads the wall-clock hour in a zone', () => {
    expect(localHourOf(new Date('2026-03-02T19:30:00Z'), 'Europe/Berlin')).toBe(20);
    expect(localHourOf(new Date('2026-07-02T19:30:00Z'), 'Europe/Berlin')).toBe(21);
    expect(localHourOf(new Date('2026-03-02T00:30:00Z'), 'America/New_York')).toBe(19);
    expect(localHourOf(new Date('2026-03-02T23:59:00Z'), 'UTC')).toBe(23);
  });

  it('notifies once, after 20:00 local, a learner with a streak and nothing done today', async () => {
    const tenant = uniqueTenant('risk');
    const { learnAt, atRisk } = world(at(D1, '03:00:00'));
    const tokyo = member(tenant, ['learner'], 'Asia/Tokyo');
    await learnAt(tokyo, at(D1, '03:00:00')); // 12:00 on D1 in Tokyo: a 1-day streak

    await runStreakAtRiskJob(new Date(at(D2, '10:30:00')), [tenant]); // 19:30 in Tokyo: not yet
    expect(await atRisk(tokyo)).toEqual([]);

    const first = await runStreakAtRiskJob(new Date(at(D2, '11:30:00')), [tenant]); // 20:30 in Tokyo
    expect(first).toMatchObject({ notified: 1, alreadyNotified: 0 });
    const rerun = await runStreakAtRiskJob(new Date(at(D2, '12:30:00')), [tenant]); // the next hourly run
    expect(rerun).toMatchObject({ notified: 0, alreadyNotified: 1 });
    const notifications = await atRisk(tokyo);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.data).toMatchObject({ current_streak: 1, date: D2 });
  });

  it('does not notify a learner who already learned today, or one without a streak', async () => {
    const tenant = uniqueTenant('risk');
    const { learnAt, atRisk } = world(at(D1, '10:00:00'));
    const done = member(tenant, ['learner'], 'UTC');
    const lapsed = member(tenant, ['learner'], 'UTC');
    await learnAt(done, at(D1, '10:00:00'));
    await learnAt(done, at(D2, '09:00:00'));
    await learnAt(lapsed, at(addDays(D1, -1), '09:00:00')); // missed D1: no streak on D2

    const report = await runStreakAtRiskJob(new Date(at(D2, '21:00:00')), [tenant]);
    expect(report.notified).toBe(0);
    expect(await atRisk(done)).toEqual([]);
    expect(await atRisk(lapsed)).toEqual([]);
  });

  it('judges each learner by their own zone at the same instant', async () => {
    const tenant = uniqueTenant('risk');
    const { learnAt, atRisk } = world(at(D1, '03:00:00'));
    const tokyo = member(tenant, ['learner'], 'Asia/Tokyo');
    const bogota = member(tenant, ['learner'], 'America/Bogota');
    await learnAt(tokyo, at(D1, '03:00:00')); // 12:00 on D1 in Tokyo
    await learnAt(bogota, at(D1, '15:00:00')); // 10:00 on D1 in Bogotá

    // 11:30 UTC on D2: 20:30 in Tokyo (at risk), 06:30 in Bogotá (too early).
    await runStreakAtRiskJob(new Date(at(D2, '11:30:00')), [tenant]);
    expect(await atRisk(tokyo)).toHaveLength(1);
    expect(await atRisk(bogota)).toEqual([]);
    // 01:30 UTC on D2+1: 20:30 on D2 in Bogotá.
    await runStreakAtRiskJob(new Date(at(addDays(D2, 1), '01:30:00')), [tenant]);
    expect(await atRisk(bogota)).toHaveLength(1);
  });
});
