import fc from 'fast-check';
import { EMPTY_STREAK, type StreakRules, type StreakState, type StreakSummary } from '../../shared/domain/streak.js';
import { checkpointDateAt, computeStreakRead, windowStartAfter } from '../../shared/domain/streakCheckpoint.js';
import type { StreakActivity } from '../../shared/domain/streakDay.js';

/**
 * Streak property tests (issue 6 acceptance): for random activity, time zones (DST zones and the
 * extremes UTC−12 … UTC+14), freeze rules and read schedules, the streak equals a reference computed
 * day by day in this file from the documented rule (shared/domain/streak.ts, streakDay.ts,
 * streakCheckpoint.ts), with its own date arithmetic and its own local-date conversion.
 */

// ---------- the reference: the documented rule, as the simplest loops ----------

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
/** yyyy-mm-dd of an instant in a zone, from Intl's numeric parts (en-US), independent of localDate.ts. */
function refLocalDate(instantMs: number, zone: string): string {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' });
    partsFormatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

/** The calendar day after `date`, by year/month/day arithmetic on Date.UTC. */
function refNextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-${String(next.getUTCDate()).padStart(2, '0')}`;
}

function refQualifies(r: StreakActivity): boolean {
  if (r.source === 'tutorial.reset' || r.source === 'progress.log.update') return false;
  if (r.source === 'progress.log') return true;
  return r.seconds > 0 || r.itemCompleted === true || r.contentCompleted === true || r.score !== undefined;
}

interface RefResult {
  today: string;
  current: number;
  longest: number;
  freezes: number;
  /** date → status, for every day from the first qualifying day to today. */
  statuses: Map<string, 'active' | 'frozen' | 'missed' | 'pending'>;
}

/** The streak of `records` (all written before `nowMs`) for a reader in `zone`, day by day. */
function referenceStreak(records: readonly StreakActivity[], nowMs: number, zone: string, rules: StreakRules): RefResult {
  const ordered = [...records].sort((a, b) => (`${a.occurredAt}#${a.eventId}` < `${b.occurredAt}#${b.eventId}` ? -1 : 1));
  const qualifying = new Set<string>();
  let highest = '';
  for (const r of ordered) {
    const day = r.localDate > highest ? r.localDate : highest; // the calendar never runs backward
    highest = day;
    if (refQualifies(r)) qualifying.add(day);
  }
  let today = refLocalDate(nowMs, zone);
  if (highest > today) today = highest;
  const statuses = new Map<string, 'active' | 'frozen' | 'missed' | 'pending'>();
  let current = 0;
  let longest = 0;
  let freezes = 0;
  let run = 0;
  const first = [...qualifying].sort()[0];
  if (first === undefined) return { today, current, longest, freezes, statuses };
  for (let day = first; day <= today; day = refNextDay(day)) {
    if (qualifying.has(day)) {
      current += 1;
      run += 1;
      if (current > longest) longest = current;
      if (run % rules.freezeEvery === 0 && freezes < rules.freezeCap) freezes += 1;
      statuses.set(day, 'active');
    } else if (day === today) {
      statuses.set(day, 'pending');
    } else if (freezes > 0) {
      freezes -= 1;
      run = 0;
      statuses.set(day, 'frozen');
    } else {
      current = 0;
      run = 0;
      statuses.set(day, 'missed');
    }
  }
  return { today, current, longest, freezes, statuses };
}

function expectSameAsReference(summary: StreakSummary, ref: RefResult, historyDays: number): void {
  expect({ today: summary.today, current: summary.currentStreak, longest: summary.longestStreak, freezes: summary.streakFreezes }).toEqual({
    today: ref.today,
    current: ref.current,
    longest: ref.longest,
    freezes: ref.freezes,
  });
  const window = [...ref.statuses.entries()].sort(([a], [b]) => (a < b ? 1 : -1)).slice(0, historyDays);
  expect(summary.history.map((h) => [h.date, h.status, h.maintained])).toEqual(window.map(([date, status]) => [date, status, status === 'active' || status === 'frozen']));
}

// ---------- generators ----------

/** DST zones of the brief, the extremes of the offset range, half- and quarter-hour zones. */
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Pacific/Honolulu', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];

/** DST transitions inside the generated periods (instants), to put activity right around them. */
const TRANSITIONS = [
  '2024-03-10T07:00:00Z', // New York spring forward
  '2024-03-31T01:00:00Z', // Berlin spring forward
  '2024-04-06T16:00:00Z', // Sydney falls back
  '2024-10-05T16:00:00Z', // Sydney springs forward
  '2024-10-27T01:00:00Z', // Berlin falls back
  '2024-11-03T06:00:00Z', // New York falls back
].map(Date.parse);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PERIODS = [Date.parse('2024-03-01T00:00:00Z'), Date.parse('2024-09-28T00:00:00Z')];
const SPAN_DAYS = 45;

const SOURCES = ['tutorial.chapter', 'tutorial.quiz', 'tutorial.complete', 'tutorial.reset', 'lesson.progress', 'block.completion', 'session.start', 'session.update', 'session.complete', 'progress.log', 'progress.log.update'];

const recordShape = fc.record({
  source: fc.constantFrom(...SOURCES),
  seconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3600 })),
  itemCompleted: fc.boolean(),
  contentCompleted: fc.boolean(),
  scored: fc.boolean(),
});

/** An instant inside the period: anywhere, or within 3 hours of a DST transition. */
const instantIn = (start: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: SPAN_DAYS * 24 * 60 }).map((minutes) => start + minutes * 60_000),
    fc.tuple(fc.constantFrom(...TRANSITIONS.filter((t) => t >= start && t < start + SPAN_DAYS * DAY)), fc.integer({ min: -180, max: 180 })).map(([t, minutes]) => t + minutes * 60_000),
  );

const rulesArb = fc.record({ freezeEvery: fc.integer({ min: 1, max: 8 }), freezeCap: fc.integer({ min: 0, max: 3 }) });

/**
 * A ledger: each record is written at an instant in the zone the learner had then (a fixed zone, or a
 * zone changing at random), its local date computed by the reference the way the write path does.
 */
const scenario = fc.integer({ min: 0, max: 1 }).chain((periodIndex) => {
  const start = PERIODS[periodIndex]!;
  return fc.record({
    fixedZone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
    writes: fc.array(fc.tuple(instantIn(start), fc.constantFrom(...ZONES), recordShape), { maxLength: 60 }),
    /** Reads at random instants (each in a zone); the last one is the read that is compared at the end. */
    reads: fc.array(fc.tuple(instantIn(start), fc.constantFrom(...ZONES)), { minLength: 1, maxLength: 6 }),
    after: fc.integer({ min: 0, max: 6 * 24 }).map((hours) => hours * HOUR),
    rules: rulesArb,
    historyDays: fc.integer({ min: 1, max: 90 }),
  });
});

interface RecordShape {
  source: string;
  seconds: number;
  itemCompleted: boolean;
  contentCompleted: boolean;
  scored: boolean;
}

function ledgerOf(writes: readonly (readonly [number, string, RecordShape])[], fixedZone: string | undefined): StreakActivity[] {
  return writes.map(([at, zone, shape], index) => ({
    eventId: `e${String(index).padStart(3, '0')}`,
    occurredAt: new Date(at).toISOString(),
    localDate: refLocalDate(at, fixedZone ?? zone),
    source: shape.source,
    seconds: shape.seconds,
    ...(shape.itemCompleted ? { itemCompleted: true } : {}),
    ...(shape.contentCompleted ? { contentCompleted: true } : {}),
    ...(shape.scored ? { score: 7 } : {}),
    ...(shape.source === 'progress.log' ? { activityType: 'exercise' } : {}),
  }));
}

/** What the service does on one read: fetch the window after the stored checkpoint, fold, store the advance. */
function readWithCheckpoint(stored: StreakState | undefined, ledger: readonly StreakActivity[], nowMs: number, zone: string, historyDays: number, rules: StreakRules) {
  const from = stored?.through ? windowStartAfter(stored.through) : '';
  const visible = ledger.filter((r) => Date.parse(r.occurredAt) <= nowMs && r.occurredAt >= from);
  return computeStreakRead({ checkpoint: stored, records: visible, now: new Date(nowMs), timeZone: zone, historyDays, rules });
}

// ---------- properties ----------

describe('streak (property, against the day-by-day reference)', () => {
  it('equals the reference for random qualifying days and freeze rules in one zone (no checkpoint)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 45 }),
        fc.integer({ min: 0, max: 70 }),
        rulesArb,
        fc.integer({ min: 1, max: 90 }),
        (dayOffsets, todayOffset, rules, historyDays) => {
          const base = Date.parse('2024-01-01T12:00:00Z');
          const records: StreakActivity[] = dayOffsets.map((offset, i) => ({ eventId: `e${i}`, occurredAt: new Date(base + offset * DAY).toISOString(), localDate: refLocalDate(base + offset * DAY, 'UTC'), source: 'lesson.progress', seconds: 60 }));
          const now = base + Math.max(todayOffset, ...dayOffsets, 0) * DAY;
          const visible = records.filter((r) => Date.parse(r.occurredAt) <= now);
          const { summary } = computeStreakRead({ checkpoint: undefined, records: visible, now: new Date(now), timeZone: 'UTC', historyDays, rules });
          expectSameAsReference(summary, referenceStreak(visible, now, 'UTC', rules), historyDays);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('equals the reference for random activity across DST days and zone changes, whatever the read schedule and checkpoints', () => {
    fc.assert(
      fc.property(scenario, ({ fixedZone, writes, reads, after, rules, historyDays }) => {
        const ledger = ledgerOf(writes, fixedZone);
        const schedule = [...reads].sort(([a], [b]) => a - b);
        const last = schedule[schedule.length - 1]!;
        schedule.push([Math.max(last[0], ...writes.map(([at]) => at)) + after, last[1]]);
        let stored: StreakState | undefined;
        for (const [at, readerZone] of schedule) {
          const zone = fixedZone ?? readerZone;
          const { summary, advance } = readWithCheckpoint(stored, ledger, at, zone, historyDays, rules);
          const written = ledger.filter((r) => Date.parse(r.occurredAt) <= at);
          expectSameAsReference(summary, referenceStreak(written, at, zone, rules), historyDays);
          if (advance) stored = advance;
        }
      }),
      { numRuns: 700 },
    );
  });

  it('never lets a later write reach a day a checkpoint has frozen, and finds every later day in the read window (every IANA zone)', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-12-31T00:00:00Z') }),
        fc.integer({ min: 0, max: 5 * 24 * 60 }),
        fc.constantFrom(...zones),
        (checkpointAt, laterMinutes, zone) => {
          const frozenThrough = checkpointDateAt(new Date(checkpointAt));
          const writtenAt = checkpointAt + laterMinutes * 60_000;
          const localDate = refLocalDate(writtenAt, zone);
          expect(localDate > frozenThrough).toBe(true);
          // Any record whose day is after a checkpoint's day is inside that checkpoint's read window.
          const previousDay = refLocalDate(Date.parse(`${localDate}T12:00:00Z`) - DAY, 'UTC');
          expect(new Date(writtenAt).toISOString() >= windowStartAfter(previousDay)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// ---------- examples: the documented rule on concrete calendars ----------

const lesson = (occurredAt: string, localDate: string, extra: Partial<StreakActivity> = {}): StreakActivity => ({ eventId: occurredAt, occurredAt, localDate, source: 'lesson.progress', seconds: 120, ...extra });
const read = (records: StreakActivity[], now: string, timeZone = 'UTC', historyDays = 30) => computeStreakRead({ checkpoint: undefined, records, now: new Date(now), timeZone, historyDays }).summary;
/** One qualifying lesson at noon UTC on each of `dates`. */
const daily = (...dates: string[]) => dates.map((date) => lesson(`${date}T12:00:00.000Z`, date));

describe('streak rule (default rules: a freeze per 7 consecutive days, at most 2)', () => {
  it('counts consecutive local days and keeps the streak while today has no activity yet', () => {
    const summary = read(daily('2024-05-01', '2024-05-02', '2024-05-03'), '2024-05-04T08:00:00Z');
    expect([summary.currentStreak, summary.longestStreak, summary.todayActive]).toEqual([3, 3, false]);
    expect(summary.history[0]).toEqual({ date: '2024-05-04', status: 'pending', activityType: null, maintained: false });
  });

  it('ends a streak after one missed day when no freeze is held', () => {
    const summary = read(daily('2024-05-01', '2024-05-02'), '2024-05-04T08:00:00Z');
    expect([summary.currentStreak, summary.longestStreak, summary.streakFreezes]).toEqual([0, 2, 0]);
    expect(summary.history.find((h) => h.date === '2024-05-03')).toMatchObject({ status: 'missed', maintained: false });
  });

  it('earns a freeze on the 7th consecutive day and spends it on one missed day', () => {
    const week = ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05', '2024-05-06', '2024-05-07'];
    expect(read(daily(...week), '2024-05-07T20:00:00Z').streakFreezes).toBe(1);
    const summary = read(daily(...week, '2024-05-09'), '2024-05-09T20:00:00Z');
    expect([summary.currentStreak, summary.streakFreezes]).toEqual([8, 0]);
    expect(summary.history.find((h) => h.date === '2024-05-08')).toMatchObject({ status: 'frozen', maintained: true });
  });

  it('lets two missed days with one freeze end the streak', () => {
    const week = ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05', '2024-05-06', '2024-05-07'];
    const summary = read(daily(...week, '2024-05-10'), '2024-05-10T20:00:00Z');
    expect([summary.currentStreak, summary.longestStreak, summary.streakFreezes]).toEqual([1, 7, 0]);
  });

  it('counts a late-evening lesson on a DST day for that local date (New York, 2024-03-10 has 23 hours)', () => {
    const records = [lesson('2024-03-10T03:30:00.000Z', '2024-03-09'), lesson('2024-03-11T03:30:00.000Z', '2024-03-10')];
    const summary = read(records, '2024-03-11T12:00:00Z', 'America/New_York');
    expect([summary.today, summary.currentStreak]).toEqual(['2024-03-11', 2]);
  });

  it('does not count a day whose only records are a reset and a repeated watch time', () => {
    const records = [lesson('2024-05-01T10:00:00.000Z', '2024-05-01', { source: 'tutorial.reset', seconds: 0 }), lesson('2024-05-01T11:00:00.000Z', '2024-05-01', { source: 'tutorial.chapter', seconds: 0 })];
    expect(read(records, '2024-05-01T12:00:00Z').longestStreak).toBe(0);
  });

  it('keeps the calendar from running backward after a zone change to the west: no past day is added', () => {
    // 2024-05-02 in Kiritimati (UTC+14), then an hour later 2024-05-01 in Honolulu (UTC−10); 2024-05-01 had no activity before.
    const records = [lesson('2024-04-30T20:00:00.000Z', '2024-04-30'), lesson('2024-05-01T11:00:00.000Z', '2024-05-02'), lesson('2024-05-01T12:00:00.000Z', '2024-05-01')];
    const summary = read(records, '2024-05-01T13:00:00Z', 'Pacific/Honolulu');
    expect(summary.today).toBe('2024-05-02');
    expect(summary.history.map((h) => [h.date, h.status])).toEqual([
      ['2024-05-02', 'active'],
      ['2024-05-01', 'missed'],
      ['2024-04-30', 'active'],
    ]);
    expect(summary.currentStreak).toBe(1);
  });

  it('lists at most `historyDays` days, newest first', () => {
    const summary = read(daily('2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04'), '2024-05-04T20:00:00Z', 'UTC', 2);
    expect(summary.history.map((h) => h.date)).toEqual(['2024-05-04', '2024-05-03']);
  });
});

describe('streak checkpoint', () => {
  it('folds through the UTC date two days back and only advances', () => {
    expect(checkpointDateAt(new Date('2024-05-10T00:30:00Z'))).toBe('2024-05-08');
    const first = computeStreakRead({ checkpoint: undefined, records: daily('2024-05-01'), now: new Date('2024-05-10T00:30:00Z'), timeZone: 'UTC', historyDays: 30 });
    expect(first.advance?.through).toBe('2024-05-08');
    const again = computeStreakRead({ checkpoint: first.advance, records: [], now: new Date('2024-05-10T23:00:00Z'), timeZone: 'UTC', historyDays: 30 });
    expect(again.advance).toBeUndefined();
  });

  it('reads from 10:00 UTC of the checkpoint day (local midnight after it at UTC+14)', () => {
    expect(windowStartAfter('2024-05-08')).toBe('2024-05-08T10:00:00.000Z');
  });

  it('starts empty', () => {
    expect(EMPTY_STREAK).toMatchObject({ through: null, current: 0, longest: 0, freezes: 0 });
  });
});
