import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readLearnerDays } from '../../shared/analytics/aggregateStore.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import { readRollupSnapshot, refreshLearnerRollups } from '../../shared/analytics/learnerRollups.js';
import { nightlyTargetDate } from '../../shared/analytics/pipelineSteps.js';
import { learnerRollupPartition } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { measureDynamoDbRequests } from '../../shared/db/requestTally.js';
import type { LearnerDay } from '../../shared/domain/dailyAggregates.js';
import { dayVectorsOf, rollSnapshot, rollupBucketOf, type RollupSnapshot } from '../../shared/domain/learnerRollup.js';
import { addDays } from '../../shared/domain/localDate.js';
import { reportFactsFromDays, type ReportScope } from '../../shared/domain/reportFigures.js';
import type { ActivityRecord } from '../../shared/progress/activity.js';
import { readReportFacts, type ReportSubject, type TenantContext } from '../../shared/reports/reportInputs.js';
import { appendRecord, appendRecords, ledgerRecord } from '../support/ledger.js';
import { uniqueTenant } from '../support/tokens.js';

/**
 * The per-learner rollups kept by the nightly pipeline (docs/analytics.md "Learner rollups"): a late
 * arrival re-folds its date and every later snapshot is corrected; a re-run writes nothing; random
 * ledgers with late arrivals and replays leave every snapshot equal to the cumulative sum of the
 * stored learner-days; and a report reads three snapshots at 50 and at 5,000 learners.
 */

const at = (iso: string) => new Date(iso);

const rollupItems = (tenantId: string) => queryCollection(learnerRollupPartition(tenantId));

describe('learner rollups in the nightly pipeline', () => {
  it('a late arrival corrects its date and every later snapshot, writing only the changed items; a re-run writes nothing', async () => {
    const tenantId = uniqueTenant('roll');
    const [u1, u2, u3] = [`u1-${randomUUID()}`, `u2-${randomUUID()}`, `u3-${randomUUID()}`];
    const base = { tenantId, timeZone: 'UTC', source: 'lesson.progress' as const, contentType: 'course' as const };
    // u1 10-01 10:00 K1 600 s; u2 10-02 09:00 K1 1200 s, a topic; u3 10-03 08:00 K2 300 s, completes K2.
    await appendRecord(ledgerRecord({ ...base, userId: u1, now: at('2026-10-01T10:00:00Z'), contentId: 'K1', itemId: 'l1', seconds: 600 }));
    await aggregateTenant({ tenantId, date: '2026-10-01', trigger: 'nightly' });
    await appendRecord(ledgerRecord({ ...base, userId: u2, now: at('2026-10-02T09:00:00Z'), contentId: 'K1', itemId: 'l1', seconds: 1200, itemCompleted: true }));
    await aggregateTenant({ tenantId, date: '2026-10-02', trigger: 'nightly' });
    await appendRecord(ledgerRecord({ ...base, userId: u3, now: at('2026-10-03T08:00:00Z'), contentId: 'K2', itemId: 'l1', seconds: 300, contentCompleted: true }));
    await aggregateTenant({ tenantId, date: '2026-10-03', trigger: 'nightly' });

    const before = (await readRollupSnapshot(tenantId, '2026-10-03')).snapshot;
    // u1 as of 10-03: 1 event, 600 s, one bounce session, active 10-01 = 2 days back → calendar bit 2 = '4'.
    expect(before.get(u1)).toEqual({ u: u1, t: [1, 600, 0, 0, 0, 0, 1, 1, 600, 1, 0, 0], c: { K1: [1, 600, 0, 0, 0, 0, 1] }, a: '4', ac: { K1: '4' } });

    // Late: a record of u1 from 10-01 18:00 (offline) arrives on 10-04 with an 8/10 quiz on K1 (300 s).
    await appendRecord(ledgerRecord({ ...base, userId: u1, now: at('2026-10-04T11:00:00Z'), clientTimestamp: '2026-10-01T18:00:00Z', contentId: 'K1', itemId: 'l2', seconds: 300, score: 8, maxScore: 10, passed: true }));
    const run = await aggregateTenant({ tenantId, date: '2026-10-04', trigger: 'nightly' });
    expect(run.dates.map((d) => [d.date, d.reason])).toEqual([['2026-10-01', 'late_arrivals'], ['2026-10-04', 'target']]);

    // u1 on every date from 10-01: 2 events, 900 s, 1 assessment of 80 % (8000 hundredths), 1 active day,
    // 2 sessions (10:00 and 18:00, 8 h apart), both single-record: 2 bounces.
    const u1Counters = [2, 900, 0, 0, 1, 8000, 1, 2, 900, 2, 0, 0];
    const u1K1 = [2, 900, 0, 0, 1, 8000, 1];
    const hex = (daysBack: number) => (1 << daysBack).toString(16);
    for (const [i, date] of ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'].entries()) {
      const snap = (await readRollupSnapshot(tenantId, date)).snapshot;
      expect([date, snap.get(u1)]).toEqual([date, { u: u1, t: u1Counters, c: { K1: u1K1 }, a: hex(i), ac: { K1: hex(i) } }]);
    }
    const last = (await readRollupSnapshot(tenantId, '2026-10-04')).snapshot;
    // u2: 1 event, 1200 s, 1 topic, active 10-02 (2 days back); u3: 300 s, K2 completed once, active 10-03.
    expect(last.get(u2)).toEqual({ u: u2, t: [1, 1200, 1, 0, 0, 0, 1, 1, 1200, 1, 0, 0], c: { K1: [1, 1200, 1, 0, 0, 0, 1] }, a: '4', ac: { K1: '4' } });
    expect(last.get(u3)).toEqual({ u: u3, t: [1, 300, 0, 1, 0, 0, 1, 1, 300, 1, 0, 0], c: { K2: [1, 300, 0, 1, 0, 0, 1] }, a: '2', ac: { K2: '2' } });
    // Writes: u1's item on 10-01, 10-02 and 10-03 (the others unchanged), and every item of the new date 10-04.
    const buckets = new Set([u1, u2, u3].map(rollupBucketOf)).size;
    expect(run.rollups).toMatchObject({ from: '2026-10-01', to: '2026-10-04', dates: 4, itemsWritten: 3 + buckets, learnerDaysRead: 0 });

    // Idempotent: the same night again recomputes 10-04 and writes nothing; the stored items are unchanged.
    const stored = await rollupItems(tenantId);
    const again = await aggregateTenant({ tenantId, date: '2026-10-04', trigger: 'nightly' });
    expect(again.rollups).toMatchObject({ dates: 1, itemsWritten: 0, itemsUnchanged: buckets, itemsDeleted: 0 });
    expect(await rollupItems(tenantId)).toEqual(stored);
  }, 60_000);

  it('random ledgers with late arrivals and replays: every snapshot equals the cumulative sum of the stored learner-days, and a report reads the same facts', async () => {
    const START = Date.parse('2026-10-20T00:00:00Z');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            learner: fc.integer({ min: 0, max: 2 }),
            atMs: fc.integer({ min: 0, max: 7 * 86_400_000 }),
            backDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })),
            course: fc.integer({ min: 0, max: 2 }),
            seconds: fc.integer({ min: 0, max: 900 }),
            topic: fc.boolean(),
            done: fc.boolean(),
            score: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
            replay: fc.boolean(),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (gens) => {
          const tenantId = uniqueTenant('rollprop');
          const learners = [randomUUID(), randomUUID(), randomUUID()];
          const arrivals: ActivityRecord[] = [];
          for (const g of gens) {
            const now = new Date(START + g.atMs);
            const record = ledgerRecord({
              tenantId,
              userId: learners[g.learner]!,
              timeZone: g.learner === 2 ? 'America/New_York' : 'UTC',
              now,
              source: 'lesson.progress',
              contentType: g.course === 2 ? 'tutorial' : 'course',
              contentId: `K${g.course}`,
              itemId: `l${g.seconds % 3}`,
              seconds: g.seconds,
              ...(g.topic ? { itemCompleted: true } : {}),
              ...(g.done && g.course < 2 ? { contentCompleted: true } : {}),
              ...(g.score !== null ? { score: g.score, maxScore: 7 } : {}),
              ...(g.backDays > 0 ? { clientTimestamp: new Date(now.getTime() - g.backDays * 86_400_000).toISOString() } : {}),
            });
            arrivals.push(record);
            if (g.replay) arrivals.push({ ...record });
          }
          arrivals.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
          let through = '';
          for (let run = START + 86_400_000 + 12.5 * 3_600_000; run <= START + 8 * 86_400_000 + 12.5 * 3_600_000; run += 86_400_000) {
            const due: ActivityRecord[] = [];
            while (arrivals.length > 0 && Date.parse(arrivals[0]!.occurredAt) < run) due.push(arrivals.shift()!);
            await appendRecords(due);
            through = nightlyTargetDate(new Date(run));
            await aggregateTenant({ tenantId, date: through, trigger: 'nightly' });
          }
          // The reference: roll the stored learner-days date by date (the pure roll is property-tested
          // against the day-by-day fold in test/unit/learnerRollup.test.ts).
          const first = addDays(through, -40);
          const days: LearnerDay[] = (await Promise.all(learners.map((u) => readLearnerDays(tenantId, u, first, through)))).flat();
          let expected: RollupSnapshot = new Map();
          for (let d = first; d <= through; d = addDays(d, 1)) {
            expected = rollSnapshot(expected, dayVectorsOf(days.filter((x) => x.date === d)));
            if (expected.size === 0) continue;
            expect([d, (await readRollupSnapshot(tenantId, d)).snapshot]).toEqual([d, expected]);
          }
          // A report over the last 7 days and over a custom range through the late dates, both scopes.
          const ctx: TenantContext = { tenantId, through, rollupThrough: through, organizationName: null, members: [], courses: [], achievementDefinitions: [] };
          for (const window of [{ from: addDays(through, -6), to: through }, { from: addDays(through, -9), to: addDays(through, -3) }]) {
            for (const scope of [{ kind: 'tenant' }, { kind: 'courses', courseIds: new Set(['K0']) }] as ReportScope[]) {
              const subject: ReportSubject = { scope, courses: [{ courseId: 'K0', title: 'K0' }, { courseId: 'K1', title: 'K1' }], learners: learners.map((userId) => ({ userId, name: null })), wholeTenant: true };
              const read = await readReportFacts(ctx, window, subject);
              expect(read.source).toBe('rollups');
              expect(read.facts).toEqual(reportFactsFromDays({ window, through, scope, learners: subject.learners, courses: subject.courses, courseProgressOf: () => undefined, days }));
            }
          }
        },
      ),
      { numRuns: 3 },
    );
  }, 300_000);
});

describe('learner rollups: a report\'s reads', () => {
  /** Learner-days of `count` learners on `dates`, each on two courses, written through the real refresh. */
  async function seed(count: number, dates: string[]): Promise<{ tenantId: string; learners: string[] }> {
    const tenantId = uniqueTenant('rollread');
    const learners = Array.from({ length: count }, (_, i) => `learner-${String(i).padStart(5, '0')}`);
    const content = (id: string, completed: boolean) => ({ contentType: 'course', contentId: id, events: 2, seconds: 600, topics: 1, completed, assessments: 1, scoreSum: 75.5 });
    const folded = new Map(
      dates.map((date) => [
        date,
        learners.map((userId, i): LearnerDay => ({
          userId, date, timeZone: 'UTC', firstAt: `${date}T10:00:00Z`, lastAt: `${date}T11:00:00Z`,
          events: 4, seconds: 1200, topics: 2, courseCompletions: 0, certificates: 0, assessments: 2, scoreSum: 151, graded: 0, passed: 0, awards: 0, points: 10,
          sessions: 1, sessionSeconds: 1200, bounces: 0,
          content: { [`course:course-${i % 7}`]: content(`course-${i % 7}`, false), [`course:course-${(i + 3) % 7}`]: content(`course-${(i + 3) % 7}`, date === dates.at(-1)) },
          kinds: {}, skills: {}, scores: [], completions: [],
        })),
      ]),
    );
    await refreshLearnerRollups(tenantId, folded, dates.at(-1)!, null);
    return { tenantId, learners };
  }

  async function measure(tenantId: string, learners: string[], window: { from: string; to: string }, through: string) {
    const ctx: TenantContext = { tenantId, through, rollupThrough: through, organizationName: null, members: [], courses: [], achievementDefinitions: [] };
    const subject: ReportSubject = { scope: { kind: 'tenant' }, courses: [], learners: learners.map((userId) => ({ userId, name: null })), wholeTenant: true };
    return measureDynamoDbRequests(() => readReportFacts(ctx, window, subject));
  }

  it('50 learners: 3 Queries (the period\'s end, the day before it, the day before the previous period), nothing else', async () => {
    const { tenantId, learners } = await seed(50, ['2026-10-01', '2026-10-02', '2026-10-03']);
    const { result, tally } = await measure(tenantId, learners, { from: '2026-10-02', to: '2026-10-03' }, '2026-10-03');
    expect(tally.byCommand).toEqual({ QueryCommand: 3 });
    // 50 learners in each of 10-03 and 10-01; 09-29 is before the first date (empty).
    expect(result.itemsRead).toBe(100);
    // Each learner: 2 days × 2 courses × 600 s in the period = 2400 s.
    expect(result.facts.current.get('learner-00000')?.seconds).toBe(2400);
  }, 60_000);

  it('5,000 learners: every item under 400 KB, and still 3 snapshot Queries (paged per MB), no per-learner read', async () => {
    const { tenantId, learners } = await seed(5000, ['2026-10-02', '2026-10-03']);
    const items = await rollupItems(tenantId);
    expect(items.flatMap((item) => (item.learners as { u: string }[]).map((l) => `${String(item.date)}|${l.u}`)).length).toBe(10_000);
    for (const item of items) expect(JSON.stringify(item).length).toBeLessThan(400_000);
    const { result, tally } = await measure(tenantId, learners, { from: '2026-10-03', to: '2026-10-03' }, '2026-10-03');
    expect(Object.keys(tally.byCommand)).toEqual(['QueryCommand']);
    // Three dates (10-03, 10-02 and the empty 10-01), each one Query plus one per further MB:
    // ~250 bytes × 5,000 learners ≈ 1.3 MB → at most 2 pages for each of the two full snapshots.
    expect(tally.byCommand.QueryCommand).toBeGreaterThanOrEqual(3);
    expect(tally.byCommand.QueryCommand).toBeLessThanOrEqual(5);
    expect(result.itemsRead).toBe(10_000);
  }, 180_000);
});
