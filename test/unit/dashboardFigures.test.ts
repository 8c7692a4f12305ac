import fc from 'fast-check';
import {
  achievementFigures,
  courseCompletionFigures,
  defaultRange,
  earliestDayNeeded,
  engagementFigures,
  growthRate,
  monthWindows,
  previousMonth,
  programCompletionFigures,
  type DashboardDay,
} from '../../shared/domain/dashboardFigures.js';

/**
 * The dashboard's figure rules (docs/analytics.md "Analytics dashboard"), each against a small example
 * computed by hand in the comments, plus properties against a reference written here.
 */

const TIERS = ['bronze', 'silver', 'gold', 'legendary'] as const;

function day(date: string, fields: Partial<DashboardDay> = {}): DashboardDay {
  return { date, activeLearners: 0, sessions: 0, sessionSeconds: 0, bounces: 0, courseCompletions: 0, awardsByAchievement: {}, ...fields };
}

describe('date windows', () => {
  it('default range is the 30 local dates ending at the aggregated-through date', () => {
    // 2026-11-02 − 29 days = 2026-10-04.
    expect(defaultRange('2026-11-02')).toEqual({ start: '2026-10-04', end: '2026-11-02' });
  });

  it('this month runs from the 1st to the through date, last month is the whole previous calendar month', () => {
    expect(monthWindows('2026-11-02')).toEqual({
      thisMonth: { month: '2026-11', start: '2026-11-01', end: '2026-11-02' },
      lastMonth: { month: '2026-10', start: '2026-10-01', end: '2026-10-31' },
    });
    // January's last month is the previous year's December; March's is February of a leap year (29 days).
    expect(monthWindows('2027-01-15').lastMonth).toEqual({ month: '2026-12', start: '2026-12-01', end: '2026-12-31' });
    expect(monthWindows('2028-03-01').lastMonth).toEqual({ month: '2028-02', start: '2028-02-01', end: '2028-02-29' });
    expect(previousMonth('2026-01')).toBe('2025-12');
  });

  it('the read starts at the earlier of the range start and the first day of last month', () => {
    expect(earliestDayNeeded({ start: '2026-10-30', end: '2026-11-02' }, '2026-11-02')).toBe('2026-10-01');
    expect(earliestDayNeeded({ start: '2026-03-01', end: '2026-03-31' }, '2026-11-02')).toBe('2026-03-01');
    expect(earliestDayNeeded(null, '2026-11-02')).toBe('2026-10-01');
  });
});

describe('growth rate', () => {
  it('is 100 × (this − last) / last to 1 decimal', () => {
    // 100 × (234 − 198) / 198 = 18.18… → 18.2 (seed 000's example); 100 × (1 − 2) / 2 = −50.
    expect(growthRate(234, 198)).toBe(18.2);
    expect(growthRate(1, 2)).toBe(-50);
  });

  it('is null when last month is 0 or either month is unknown', () => {
    expect(growthRate(5, 0)).toBeNull();
    expect(growthRate(null, 3)).toBeNull();
    expect(growthRate(3, null)).toBeNull();
  });
});

describe('engagement figures', () => {
  const days = [
    day('2026-10-29', { activeLearners: 9, sessions: 9, sessionSeconds: 9_000, bounces: 9 }), // before the range
    day('2026-10-30', { activeLearners: 1, sessions: 1, sessionSeconds: 600, bounces: 0 }),
    day('2026-10-31', { activeLearners: 2, sessions: 2, sessionSeconds: 1_140, bounces: 0 }),
    day('2026-11-01', { activeLearners: 2, sessions: 2, sessionSeconds: 650, bounces: 2 }),
    day('2026-11-02', { activeLearners: 3, sessions: 5, sessionSeconds: 1_100, bounces: 3 }),
    day('2026-11-03', { activeLearners: 7, sessions: 7, sessionSeconds: 7_000, bounces: 7 }), // after through
  ];
  const range = { start: '2026-10-30', end: '2026-11-03' };

  it('lists daily active users per folded local date of the range, newest first, up to the through date', () => {
    expect(engagementFigures(days, range, '2026-11-02').dailyActiveUsers).toEqual([
      { date: '2026-11-02', users: 3 },
      { date: '2026-11-01', users: 2 },
      { date: '2026-10-31', users: 2 },
      { date: '2026-10-30', users: 1 },
    ]);
  });

  it('averages session length as Σ session seconds / Σ sessions / 60, 1 decimal', () => {
    // (600 + 1140 + 650 + 1100) s / (1 + 2 + 2 + 5) sessions = 349 s = 5.816… min → 5.8.
    expect(engagementFigures(days, range, '2026-11-02').sessionDurationAvgMinutes).toBe(5.8);
  });

  it('computes the bounce rate as 100 × Σ bounces / Σ sessions, 1 decimal', () => {
    // 100 × (0 + 0 + 2 + 3) / 10 = 50.0.
    expect(engagementFigures(days, range, '2026-11-02').bounceRate).toBe(50);
  });

  it('is empty and null without folded days or sessions in the range', () => {
    expect(engagementFigures(days, { start: '2025-01-01', end: '2025-01-31' }, '2026-11-02')).toEqual({ dailyActiveUsers: [], sessionDurationAvgMinutes: null, bounceRate: null });
    expect(engagementFigures([day('2026-11-02')], range, '2026-11-02')).toEqual({ dailyActiveUsers: [{ date: '2026-11-02', users: 0 }], sessionDurationAvgMinutes: null, bounceRate: null });
    expect(engagementFigures(days, null, null)).toEqual({ dailyActiveUsers: [], sessionDurationAvgMinutes: null, bounceRate: null });
  });

  it('equals a reference over random days', () => {
    const dayArb = fc.record({
      offset: fc.integer({ min: 0, max: 60 }),
      activeLearners: fc.integer({ min: 0, max: 50 }),
      sessions: fc.integer({ min: 0, max: 80 }),
      seconds: fc.integer({ min: 0, max: 100_000 }),
      bouncePart: fc.integer({ min: 0, max: 80 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(dayArb, { selector: (d) => d.offset, maxLength: 40 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (raw, a, b, t) => {
        const date = (offset: number) => new Date(Date.UTC(2026, 8, 1 + offset)).toISOString().slice(0, 10);
        const list = raw.map((r) => day(date(r.offset), { activeLearners: r.activeLearners, sessions: r.sessions, sessionSeconds: r.seconds, bounces: Math.min(r.bouncePart, r.sessions) }));
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const inRange = raw.filter((r) => r.offset >= lo && r.offset <= Math.min(hi, t));
        const sessions = inRange.reduce((s, r) => s + r.sessions, 0);
        const seconds = inRange.reduce((s, r) => s + r.seconds, 0);
        const bounces = inRange.reduce((s, r) => s + Math.min(r.bouncePart, r.sessions), 0);
        const got = engagementFigures(list, { start: date(lo), end: date(hi) }, date(t));
        expect(got.dailyActiveUsers).toEqual([...inRange].sort((x, y) => y.offset - x.offset).map((r) => ({ date: date(r.offset), users: r.activeLearners })));
        expect(got.sessionDurationAvgMinutes).toBe(sessions === 0 ? null : Math.round((seconds / sessions / 60) * 10) / 10);
        expect(got.bounceRate).toBe(sessions === 0 ? null : Math.round(((100 * bounces) / sessions) * 10) / 10);
      }),
    );
  });
});

describe('completion figures', () => {
  it('sums course completions by local date: this month up to through, last month whole', () => {
    const days = [
      day('2026-09-30', { courseCompletions: 7 }), // two months back: not counted
      day('2026-10-05', { courseCompletions: 1 }),
      day('2026-10-31', { courseCompletions: 1 }),
      day('2026-11-01', { courseCompletions: 1 }),
      day('2026-11-02', { courseCompletions: 2 }),
      day('2026-11-03', { courseCompletions: 4 }), // after through: not counted
    ];
    // this month = 1 + 2 = 3; last month = 1 + 1 = 2; growth = 100 × (3 − 2) / 2 = 50.0.
    expect(courseCompletionFigures(days, '2026-11-02')).toEqual({ thisMonth: 3, lastMonth: 2, growthRate: 50 });
  });

  it('leaves a month without any folded date null, and everything null before the first run', () => {
    // Only November folded: last month unknown, so no growth.
    expect(courseCompletionFigures([day('2026-11-01', { courseCompletions: 2 })], '2026-11-02')).toEqual({ thisMonth: 2, lastMonth: null, growthRate: null });
    expect(courseCompletionFigures([], null)).toEqual({ thisMonth: null, lastMonth: null, growthRate: null });
  });

  it('reads program completions from the UTC month counters of the through month and the one before', () => {
    const counters = new Map([['2026-09', 9], ['2026-10', 2], ['2026-11', 1]]);
    // this = 1, last = 2, growth = 100 × (1 − 2) / 2 = −50.0.
    expect(programCompletionFigures(counters, '2026-11-02')).toEqual({ thisMonth: 1, lastMonth: 2, growthRate: -50 });
    // An absent counter is no completion that month: 0, and growth over 0 is null.
    expect(programCompletionFigures(new Map([['2026-11', 3]]), '2026-11-02')).toEqual({ thisMonth: 3, lastMonth: 0, growthRate: null });
    expect(programCompletionFigures(counters, null)).toEqual({ thisMonth: null, lastMonth: null, growthRate: null });
  });
});

describe('achievement figures', () => {
  const definitions = [
    { id: 'x', title: 'First Steps', tier: 'bronze' },
    { id: 'y', title: 'Quiz Whiz', tier: 'silver' },
    { id: 'z', title: 'Marathon', tier: 'gold' },
  ];
  const days = [
    day('2026-10-05', { awardsByAchievement: { x: 1 } }), // before the range
    day('2026-10-31', { awardsByAchievement: { x: 1, y: 1 } }),
    day('2026-11-01', { awardsByAchievement: { z: 1 } }),
    day('2026-11-02', { awardsByAchievement: { w: 1, x: 1 } }),
  ];
  const range = { start: '2026-10-30', end: '2026-11-02' };

  it('totals awards in the range', () => {
    // x 2 + y 1 + z 1 + w 1 = 5.
    expect(achievementFigures(days, range, '2026-11-02', definitions, TIERS).totalAchievementsEarned).toBe(5);
  });

  it('names the most awarded achievement, ties to the lowest id, title null when not an active definition', () => {
    expect(achievementFigures(days, range, '2026-11-02', definitions, TIERS).mostPopularAchievement).toEqual({ id: 'x', title: 'First Steps', earnedCount: 2 });
    // y 1, z 1 tie: y (lower id) wins.
    expect(achievementFigures([day('2026-11-01', { awardsByAchievement: { z: 1, y: 1 } })], range, '2026-11-02', definitions, TIERS).mostPopularAchievement).toEqual({ id: 'y', title: 'Quiz Whiz', earnedCount: 1 });
    expect(achievementFigures([day('2026-11-01', { awardsByAchievement: { w: 3 } })], range, '2026-11-02', definitions, TIERS).mostPopularAchievement).toEqual({ id: 'w', title: null, earnedCount: 3 });
  });

  it('distributes awards over every tier in order, unknown ones last', () => {
    // bronze x 2, silver y 1, gold z 1, legendary 0, w (not defined) 1 → unknown.
    expect(achievementFigures(days, range, '2026-11-02', definitions, TIERS).achievementDistribution).toEqual([
      { level: 'bronze', count: 2 },
      { level: 'silver', count: 1 },
      { level: 'gold', count: 1 },
      { level: 'legendary', count: 0 },
      { level: 'unknown', count: 1 },
    ]);
  });

  it('is null without folded days; zero awards give 0, no most popular and zero tiers', () => {
    expect(achievementFigures(days, { start: '2025-01-01', end: '2025-01-02' }, '2026-11-02', definitions, TIERS)).toEqual({ totalAchievementsEarned: null, mostPopularAchievement: null, achievementDistribution: null });
    expect(achievementFigures([day('2026-11-01')], range, '2026-11-02', definitions, TIERS)).toEqual({
      totalAchievementsEarned: 0,
      mostPopularAchievement: null,
      achievementDistribution: TIERS.map((level) => ({ level, count: 0 })),
    });
  });
});
