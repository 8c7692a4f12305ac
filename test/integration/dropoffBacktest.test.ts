import { generateDropoffTenant } from '../../bin/backtest/dropoffTenant.js';
import { putActiveSet, putLearnerDay } from '../../shared/analytics/aggregateStore.js';
import { readTenantHistories } from '../../shared/analytics/dropoffHistory.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import type { LearnerDay } from '../../shared/domain/dailyAggregates.js';
import { rollingOriginBacktest } from '../../shared/domain/dropoffBacktest.js';
import { uniqueTenant } from '../support/tokens.js';

/**
 * Issue 21 back-test on a tenant read from DynamoDB Local (`npm run backtest -- dropoff --tenant`):
 * learner-day aggregates and active sets stored with the pipeline's own writers are read back into
 * the model's input unchanged, and the back-test on them equals the back-test on the generated data.
 */
describe('drop-off back-test on a stored tenant', () => {
  it('reads the learner-day aggregates back and gives the same back-test; one Query per learner + one', async () => {
    const tenant = generateDropoffTenant({ learners: 24, days: 70, seed: 5 });
    const tenantId = uniqueTenant();
    const byDate = new Map<string, string[]>();
    for (const learner of tenant.learners) {
      for (const d of learner.days) {
        const day = { ...d, userId: learner.userId, timeZone: 'UTC', firstAt: `${d.date}T09:00:00.000Z`, lastAt: `${d.date}T09:30:00.000Z`, seconds: 60, courseCompletions: 0, certificates: 0, awards: 0, points: 0, sessions: 1, sessionSeconds: 60, bounces: 0, content: {}, kinds: {}, skills: {}, scores: [], completions: [] } as LearnerDay;
        await putLearnerDay(tenantId, day);
        byDate.set(d.date, [...(byDate.get(d.date) ?? []), learner.userId]);
      }
    }
    for (const [date, learners] of byDate) await putActiveSet(tenantId, 0, 0, { date, learners, coursePairs: [], completedPairs: [] }, learners.length);

    const { result: histories, tally } = await measureDynamoDbRequests(() => readTenantHistories(tenantId, tenant.start, tenant.end));
    const active = tenant.learners.filter((l) => l.days.length > 0);
    expect(histories.map((h) => h.userId)).toEqual(active.map((l) => l.userId).sort());
    for (const h of histories) {
      const source = active.find((l) => l.userId === h.userId)!;
      expect(h.days).toEqual(source.days);
    }
    expect(tally.total).toBe(1 + active.length);

    const stored = rollingOriginBacktest(histories, tenant.start, tenant.end);
    const generated = rollingOriginBacktest(active, tenant.start, tenant.end);
    expect(stored.examples).toBeGreaterThan(0);
    expect(stored.auc).toBe(generated.auc);
    expect(stored.aspectsAuc).toBe(generated.aspectsAuc);
    expect(stored.calibration).toEqual(generated.calibration);
  });
});
