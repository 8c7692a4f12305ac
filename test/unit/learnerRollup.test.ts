import fc from 'fast-check';
import type { LearnerDay } from '../../shared/domain/dailyAggregates.js';
import {
  calendarHas,
  chunkSnapshot,
  dayVectorsBetween,
  dayVectorsOf,
  rollSnapshot,
  ROLLUP_BUCKETS,
  ROLLUP_CALENDAR_DAYS,
  type LearnerRollup,
  type RollupSnapshot,
} from '../../shared/domain/learnerRollup.js';
import { factsFromRollups, rollupDatesFor } from '../../shared/domain/learnerRollupFacts.js';
import { addDays } from '../../shared/domain/localDate.js';
import { figuresFromFacts, reportFactsFromDays, type ReportScope } from '../../shared/domain/reportFigures.js';

/**
 * The per-learner rollups against the day-by-day fold: for random learner-days, random report periods
 * (relative-length and custom, before, across and after the aggregated-through date), random scopes
 * and random analysed learners, the facts and figures read from three cumulative snapshots equal the
 * ones folded from every learner-day; and a re-fold of a past date carried through the later snapshots
 * (the late-arrival path) equals rebuilding them all.
 */

const FIRST = '2026-08-20';
const SPAN = 60;
const LEARNERS = ['a', 'b', 'c', 'd'];
const CONTENT = ['course:K1', 'course:K2', 'course:K3', 'tutorial:T1', 'personal_course:P1'];

interface GenContent {
  key: number;
  events: number;
  seconds: number;
  topics: number;
  completed: boolean;
  scores: number[];
}

const genContent = fc.record<GenContent>({
  key: fc.integer({ min: 0, max: CONTENT.length - 1 }),
  events: fc.integer({ min: 1, max: 5 }),
  seconds: fc.integer({ min: 0, max: 3600 }),
  topics: fc.integer({ min: 0, max: 3 }),
  completed: fc.boolean(),
  // Percentages with 2 decimals, as the fold stores them.
  scores: fc.array(fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100), { maxLength: 3 }),
});

const genDay = fc.record({
  learner: fc.integer({ min: 0, max: LEARNERS.length - 1 }),
  offset: fc.integer({ min: 0, max: SPAN - 1 }),
  content: fc.array(genContent, { minLength: 1, maxLength: 4 }),
  sessions: fc.integer({ min: 1, max: 4 }),
  sessionSeconds: fc.integer({ min: 0, max: 7200 }),
  bounces: fc.integer({ min: 0, max: 2 }),
  awards: fc.integer({ min: 0, max: 2 }),
  points: fc.integer({ min: 0, max: 50 }),
});

type GenDay = typeof genDay extends fc.Arbitrary<infer T> ? T : never;

const round2 = (v: number) => Math.round(v * 100) / 100;

function learnerDay(g: GenDay): LearnerDay {
  const content: LearnerDay['content'] = {};
  for (const c of g.content) {
    const key = CONTENT[c.key]!;
    const [contentType, contentId] = key.split(':') as [string, string];
    const into = (content[key] ??= { contentType, contentId, events: 0, seconds: 0, topics: 0, completed: false, assessments: 0, scoreSum: 0 });
    into.events += c.events;
    into.seconds += c.seconds;
    into.topics += c.topics;
    into.completed ||= c.completed && contentType === 'course';
    into.assessments += c.scores.length;
    for (const s of c.scores) into.scoreSum = round2(into.scoreSum + s);
  }
  const date = addDays(FIRST, g.offset);
  return {
    userId: LEARNERS[g.learner]!, date, timeZone: 'UTC', firstAt: `${date}T10:00:00Z`, lastAt: `${date}T11:00:00Z`,
    events: 0, seconds: 0, topics: 0, courseCompletions: 0, certificates: 0, assessments: 0, scoreSum: 0, graded: 0, passed: 0,
    awards: g.awards, points: g.points, sessions: g.sessions, sessionSeconds: g.sessionSeconds, bounces: Math.min(g.bounces, g.sessions),
    content, kinds: {}, skills: {}, scores: [], completions: [],
  };
}

/** One learner-day per (learner, date): the last generated wins. */
function learnerDays(gens: GenDay[]): LearnerDay[] {
  const byKey = new Map<string, LearnerDay>();
  for (const g of gens) {
    const d = learnerDay(g);
    byKey.set(`${d.userId}|${d.date}`, d);
  }
  return [...byKey.values()];
}

/** Every snapshot from FIRST to `last`, rolled date by date from the learner-days. */
function buildSnapshots(days: readonly LearnerDay[], last: string): Map<string, RollupSnapshot> {
  const out = new Map<string, RollupSnapshot>();
  let prev: RollupSnapshot = new Map();
  for (let d = FIRST; d <= last; d = addDays(d, 1)) {
    prev = rollSnapshot(prev, dayVectorsOf(days.filter((x) => x.date === d)));
    out.set(d, prev);
  }
  return out;
}

const genWindow = fc.record({ startOffset: fc.integer({ min: -20, max: SPAN + 5 }), length: fc.constantFrom(1, 7, 30, 90, 13, 45) });
const genScope = fc.oneof(
  fc.constant<ReportScope>({ kind: 'tenant' }),
  fc.subarray(['K1', 'K2', 'K3', 'K9'], { minLength: 1 }).map((ids): ReportScope => ({ kind: 'courses', courseIds: new Set(ids) })),
);

describe('learner rollups', () => {
  it('give the same report facts and figures as the day-by-day fold, for any period, scope and learners', () => {
    fc.assert(
      fc.property(
        fc.array(genDay, { minLength: 1, maxLength: 60 }),
        genWindow,
        fc.integer({ min: 0, max: SPAN - 1 }),
        genScope,
        fc.subarray([...LEARNERS, 'never-active'], { minLength: 1 }),
        (gens, w, throughOffset, scope, analysed) => {
          const days = learnerDays(gens);
          const through = addDays(FIRST, throughOffset);
          // Only folded dates (≤ through) have aggregates, as in the table.
          const folded = days.filter((d) => d.date <= through);
          const snapshots = buildSnapshots(folded, through);
          const window = { from: addDays(FIRST, w.startOffset), to: addDays(FIRST, w.startOffset + w.length - 1) };
          const input = {
            window,
            through,
            scope,
            learners: analysed.map((userId) => ({ userId, name: null })),
            courseProgressOf: () => undefined,
            courses: [{ courseId: 'K1', title: 'One' }, { courseId: 'K2', title: 'Two' }, { courseId: 'K9', title: 'Nine' }],
          };
          const read: string[] = [];
          const fromRollups = factsFromRollups(input, (date) => {
            read.push(date);
            return snapshots.get(date) ?? new Map();
          });
          const fromDays = reportFactsFromDays({ ...input, days: folded });
          expect(fromRollups).toEqual(fromDays);
          expect(figuresFromFacts(fromRollups, input)).toEqual(figuresFromFacts(fromDays, input));
          expect(new Set(read).size).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a re-folded past date carried through the later snapshots equals rebuilding them from the learner-days', () => {
    fc.assert(
      fc.property(fc.array(genDay, { minLength: 1, maxLength: 40 }), fc.array(genDay, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: SPAN - 1 }), (gens, late, lateOffset) => {
        const last = addDays(FIRST, SPAN - 1);
        const before = learnerDays(gens);
        const stored = buildSnapshots(before, last);
        // Late records re-fold one past date: its learner-days are replaced (more activity for some learners).
        const lateDate = addDays(FIRST, lateOffset);
        const refolded = learnerDays([...gens.filter((g) => g.offset === lateOffset), ...late.map((g) => ({ ...g, offset: lateOffset }))]);
        const after = [...before.filter((d) => d.date !== lateDate), ...refolded];
        // The pipeline's path: roll the re-folded date from the stored day before it, then every later
        // date from its stored contribution (stored(d) − stored(d − 1)), never reading learner-days.
        let prev: RollupSnapshot = stored.get(addDays(lateDate, -1)) ?? new Map();
        const carried = new Map<string, RollupSnapshot>();
        for (let d = lateDate; d <= last; d = addDays(d, 1)) {
          const vectors = d === lateDate ? dayVectorsOf(refolded) : dayVectorsBetween(stored.get(d)!, stored.get(addDays(d, -1)) ?? new Map());
          prev = rollSnapshot(prev, vectors);
          carried.set(d, prev);
        }
        const rebuilt = buildSnapshots(after, last);
        for (const [d, snap] of carried) expect(snap).toEqual(rebuilt.get(d));
      }),
      { numRuns: 200 },
    );
  });

  it('reads at most three snapshots: the period\'s end, the day before it and the day before the previous period', () => {
    // 30 days 09-01 … 09-30 covered through 09-20: end 09-20, start − 1 = 08-31, previous 08-02 … 08-31 → 08-01.
    expect(rollupDatesFor({ from: '2026-09-01', to: '2026-09-30' }, '2026-09-20')).toEqual({ end: '2026-09-20', start: '2026-08-31', previousEnd: '2026-08-31', previousStart: '2026-08-01' });
    // A period after through: nothing covered; the previous period is covered up to through.
    expect(rollupDatesFor({ from: '2026-10-01', to: '2026-10-07' }, '2026-09-28')).toEqual({ end: null, start: '2026-09-30', previousEnd: '2026-09-28', previousStart: '2026-09-23' });
  });

  it('a calendar marks the 366 dates ending at its snapshot and forgets older ones', () => {
    const day = learnerDay({ learner: 0, offset: 0, content: [{ key: 0, events: 1, seconds: 60, topics: 0, completed: false, scores: [] }], sessions: 1, sessionSeconds: 60, bounces: 1, awards: 0, points: 0 });
    let snap: RollupSnapshot = rollSnapshot(new Map(), dayVectorsOf([day]));
    expect(calendarHas(snap.get('a')!.a, FIRST, FIRST)).toBe(true);
    let asOf = FIRST;
    for (let i = 1; i < ROLLUP_CALENDAR_DAYS; i++) {
      snap = rollSnapshot(snap, new Map());
      asOf = addDays(asOf, 1);
    }
    // 365 days later the first date is the calendar's oldest bit; a day after that it is gone, the counters stay.
    expect(calendarHas(snap.get('a')!.a, asOf, FIRST)).toBe(true);
    expect(snap.get('a')!.ac.K1).not.toBe('');
    snap = rollSnapshot(snap, new Map());
    expect(snap.get('a')!.a).toBe('');
    expect(snap.get('a')!.ac).toEqual({});
    expect(snap.get('a')!.t[0]).toBe(1);
  });

  it('splits 5,000 busy learners into items far below DynamoDB\'s 400 KB, each learner in one item', () => {
    // Worst plausible learner: 20 courses, every counter in the millions, active all 366 days on each.
    const full = 'f'.repeat(ROLLUP_CALENDAR_DAYS / 4 - 1) + '3';
    const heavy = (u: string): LearnerRollup => ({
      u,
      t: Array.from({ length: 12 }, () => 9_999_999),
      c: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`course-${String(i).padStart(3, '0')}-${'x'.repeat(20)}`, Array.from({ length: 7 }, () => 9_999_999)])),
      a: full,
      ac: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`course-${String(i).padStart(3, '0')}-${'x'.repeat(20)}`, full])),
    });
    const snapshot = new Map(Array.from({ length: 5000 }, (_, i) => { const u = `learner-${String(i).padStart(5, '0')}`; return [u, heavy(u)] as const; }));
    const chunks = chunkSnapshot(snapshot);
    const sizes = chunks.map((c) => JSON.stringify(c.learners).length);
    expect(Math.max(...sizes)).toBeLessThan(400_000);
    expect(chunks.flatMap((c) => c.learners.map((l) => l.u)).sort()).toEqual([...snapshot.keys()].sort());
    expect(chunks.length).toBeGreaterThanOrEqual(ROLLUP_BUCKETS);
  });
});
