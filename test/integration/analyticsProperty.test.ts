import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readContentDays, readLearnerDays, readTenantDays } from '../../shared/analytics/aggregateStore.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import { nightlyTargetDate } from '../../shared/analytics/pipelineSteps.js';
import { addDays, localDateOf } from '../../shared/domain/localDate.js';
import type { ActivityRecord } from '../../shared/progress/activity.js';
import { appendRecord, ledgerRecord } from '../support/ledger.js';
import { batchGetItems, itemId } from '../../shared/db/batchGet.js';
import { tenantOverviewKey } from '../../shared/db/keys.js';
import { uniqueTenant } from '../support/tokens.js';

// Issue 14 acceptance: over random multi-tenant ledgers — replays, late arrivals up to 30 days, DST
// zones and zone changes — after the nightly runs every aggregate equals a reference computed here
// directly from the raw records, with none of the implementation's code (only the calendar helpers).

const ZONES = ['UTC', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'Pacific/Auckland', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
// 23 October – 2 November 2026 spans the end of summer time in Europe (25 Oct) and the US (1 Nov).
const START = Date.parse('2026-10-23T00:00:00Z');
const SPAN_MS = 11 * 86_400_000;
const SOURCES = ['lesson.progress', 'block.completion', 'tutorial.chapter', 'tutorial.quiz', 'session.start', 'progress.log'] as const;

interface Gen {
  learner: number;
  zone: number;
  atMs: number;
  backDays: number;
  backMinutes: number;
  source: number;
  content: number;
  seconds: number;
  completed: boolean;
  courseDone: boolean;
  score: number | null;
  replay: boolean;
}

const genRecord = fc.record<Gen>({
  learner: fc.integer({ min: 0, max: 4 }),
  zone: fc.integer({ min: 0, max: 1 }),
  atMs: fc.integer({ min: 0, max: SPAN_MS }),
  backDays: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 8 })),
  backMinutes: fc.integer({ min: 0, max: 1439 }),
  source: fc.integer({ min: 0, max: SOURCES.length - 1 }),
  content: fc.integer({ min: 0, max: 2 }),
  seconds: fc.integer({ min: 0, max: 900 }),
  completed: fc.boolean(),
  courseDone: fc.boolean(),
  score: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  replay: fc.boolean(),
});

const genTenant = fc.record({
  zones: fc.array(fc.tuple(fc.constantFrom(...ZONES), fc.constantFrom(...ZONES)), { minLength: 5, maxLength: 5 }),
  records: fc.array(genRecord, { minLength: 1, maxLength: 40 }),
});

function toRecord(tenantId: string, learners: string[], zones: [string, string][], g: Gen): ActivityRecord {
  const now = new Date(START + g.atMs);
  const back = g.backDays > 0 ? new Date(now.getTime() - g.backDays * 86_400_000 - g.backMinutes * 60_000).toISOString() : undefined;
  const source = SOURCES[g.source]!;
  const course = source === 'lesson.progress' || source === 'block.completion';
  return ledgerRecord({
    tenantId,
    userId: learners[g.learner]!,
    timeZone: zones[g.learner]![g.zone]!,
    now,
    source,
    contentType: source.startsWith('tutorial') ? 'tutorial' : course ? 'course' : 'personal_course',
    contentId: `content-${g.content}`,
    itemId: `item-${g.content}-${g.seconds % 3}`,
    seconds: g.seconds,
    ...(g.completed ? { itemCompleted: true } : {}),
    ...(course && g.courseDone ? { contentCompleted: true } : {}),
    ...(g.score !== null ? { score: g.score, maxScore: 10, passed: g.score >= 7 } : {}),
    ...(back ? { clientTimestamp: back } : {}),
  });
}

/** The reference: each record's day and figures, straight from the raw records. */
function referenceDate(r: ActivityRecord): string {
  if (!r.clientTimestamp) return r.localDate;
  const claimed = localDateOf(new Date(r.clientTimestamp < r.occurredAt ? r.clientTimestamp : r.occurredAt), r.timeZone);
  const earliest = addDays(r.localDate, -30);
  return claimed < earliest ? earliest : claimed > r.localDate ? r.localDate : claimed;
}

function referenceSessions(records: ActivityRecord[]): { sessions: number; bounces: number } {
  const times = records.map((r) => Date.parse(r.clientTimestamp && r.clientTimestamp < r.occurredAt ? r.clientTimestamp : r.occurredAt)).sort((a, b) => a - b);
  const groups: number[] = [];
  times.forEach((t, i) => {
    if (i === 0 || t - times[i - 1]! > 30 * 60_000) groups.push(1);
    else groups[groups.length - 1]! += 1;
  });
  return { sessions: groups.length, bounces: groups.filter((n) => n === 1).length };
}

const isTopic = (r: ActivityRecord) => r.itemCompleted === true && ['lesson.progress', 'block.completion', 'tutorial.chapter'].includes(r.source);

describe('nightly aggregates (property)', () => {
  it('equal a reference computed from the raw records after the nightly runs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genTenant, { minLength: 2, maxLength: 3 }), async (tenants) => {
        const setups = tenants.map((t) => {
          const tenantId = uniqueTenant('prop');
          const learners = t.zones.map(() => randomUUID());
          const stored: ActivityRecord[] = [];
          const arrivals: ActivityRecord[] = [];
          for (const g of t.records) {
            const record = toRecord(tenantId, learners, t.zones, g);
            stored.push(record);
            arrivals.push(record);
            if (g.replay) arrivals.push({ ...record });
          }
          arrivals.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
          return { tenantId, learners, stored, arrivals };
        });

        // Simulated nights: at each 12:30 UTC, append what arrived since and run the nightly for the day before.
        const firstRun = Date.parse('2026-10-22T12:30:00Z');
        const lastRun = Date.parse('2026-11-05T12:30:00Z');
        const pending = setups.map((s) => [...s.arrivals]);
        for (let run = firstRun; run <= lastRun; run += 86_400_000) {
          const date = nightlyTargetDate(new Date(run));
          await Promise.all(
            setups.map(async (setup, i) => {
              while (pending[i]!.length > 0 && Date.parse(pending[i]![0]!.occurredAt) < run) await appendRecord(pending[i]!.shift()!);
              await aggregateTenant({ tenantId: setup.tenantId, date, trigger: 'nightly' });
            }),
          );
        }

        for (const setup of setups) {
          const byDate = new Map<string, ActivityRecord[]>();
          for (const r of setup.stored) byDate.set(referenceDate(r), [...(byDate.get(referenceDate(r)) ?? []), r]);
          const tenantDays = new Map((await readTenantDays(setup.tenantId, '2026-10-01', '2026-11-30')).map((d) => [d.date, d]));
          for (const [date, records] of byDate) {
            const day = tenantDays.get(date);
            const users = [...new Set(records.map((r) => r.userId))];
            const perUser = users.map((u) => referenceSessions(records.filter((r) => r.userId === u)));
            const scored = records.filter((r) => r.score !== undefined);
            expect({ date, figures: day && [day.activeLearners, day.events, day.seconds, day.topics, day.courseCompletions, day.assessments, day.passed, day.sessions, day.bounces] }).toEqual({
              date,
              figures: [
                users.length,
                records.length,
                records.reduce((s, r) => s + r.seconds, 0),
                records.filter(isTopic).length,
                records.filter((r) => r.contentCompleted && r.contentType === 'course').length,
                scored.length,
                scored.filter((r) => r.passed).length,
                perUser.reduce((s, p) => s + p.sessions, 0),
                perUser.reduce((s, p) => s + p.bounces, 0),
              ],
            });
            expect(day!.scoreSum).toBeCloseTo(scored.reduce((s, r) => s + (r.score! / 10) * 100, 0), 6);
            for (const u of users) {
              const own = records.filter((r) => r.userId === u);
              const [learnerDay] = await readLearnerDays(setup.tenantId, u, date, date);
              expect({ date, u, figures: learnerDay && [learnerDay.events, learnerDay.seconds, learnerDay.topics, learnerDay.sessions] }).toEqual({
                date,
                u,
                figures: [own.length, own.reduce((s, r) => s + r.seconds, 0), own.filter(isTopic).length, referenceSessions(own).sessions],
              });
            }
            for (const content of new Set(records.filter((r) => r.contentType === 'course').map((r) => r.contentId))) {
              const own = records.filter((r) => r.contentType === 'course' && r.contentId === content);
              const [contentDay] = await readContentDays(setup.tenantId, 'course', content, date, date);
              expect([contentDay?.learners, contentDay?.events, contentDay?.seconds]).toEqual([new Set(own.map((r) => r.userId)).size, own.length, own.reduce((s, r) => s + r.seconds, 0)]);
            }
          }
          // The overview as of the last night's date: distinct learners and course pairs of its 30 dates.
          const asOf = nightlyTargetDate(new Date(lastRun));
          const windowRecords = setup.stored.filter((r) => referenceDate(r) <= asOf && referenceDate(r) >= addDays(asOf, -29));
          const overview = (await batchGetItems([tenantOverviewKey(setup.tenantId)])).get(itemId(tenantOverviewKey(setup.tenantId)));
          const pairs = new Set(windowRecords.filter((r) => r.contentType === 'course').map((r) => `${r.userId}|${r.contentId}`));
          const completedPairs = new Set(windowRecords.filter((r) => r.contentType === 'course' && r.contentCompleted).map((r) => `${r.userId}|${r.contentId}`));
          expect([overview?.asOf, overview?.activeLearners30d, overview?.activeLearnerDays, overview?.coursePairsActive, overview?.coursePairsCompleted]).toEqual([
            asOf,
            new Set(windowRecords.map((r) => r.userId)).size,
            new Set(windowRecords.map((r) => `${r.userId}|${referenceDate(r)}`)).size,
            pairs.size,
            completedPairs.size,
          ]);
          // A date without records has no activity in its aggregate.
          for (const [date, day] of tenantDays) if (!byDate.has(date)) expect([date, day.events]).toEqual([date, 0]);
        }
      }),
      { numRuns: 5 },
    );
  }, 300_000);
});
