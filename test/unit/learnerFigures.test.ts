import type { LearnerDay } from '../../shared/domain/dailyAggregates.js';
import * as f from '../../shared/domain/learnerFigures.js';

/** A learner-day with only the given counters set (the rest empty). */
function day(date: string, fields: Partial<LearnerDay> = {}): LearnerDay {
  return {
    userId: 'u', date, timeZone: 'UTC', firstAt: `${date}T08:00:00.000Z`, lastAt: `${date}T09:00:00.000Z`,
    events: 0, seconds: 0, topics: 0, courseCompletions: 0, certificates: 0, assessments: 0, scoreSum: 0, graded: 0, passed: 0, awards: 0, points: 0,
    sessions: 0, sessionSeconds: 0, bounces: 0, content: {}, kinds: {}, skills: {}, scores: [], completions: [], ...fields,
  };
}

describe('source plan', () => {
  it('uses nightly through W and folds the dates after it live', () => {
    // W = 2 Dec, today 3 Dec → live [3 Dec], nothing unavailable.
    expect(f.sourcePlan('2026-12-03', '2026-12-02')).toEqual({ today: '2026-12-03', nightlyThrough: '2026-12-02', live: ['2026-12-03'], unavailable: null });
  });

  it('caps the live window at 3 days and names the gap when W is far behind or null', () => {
    // W = 20 Nov: live 1–3 Dec; 21–30 Nov have no source.
    expect(f.sourcePlan('2026-12-03', '2026-11-20')).toMatchObject({ live: ['2026-12-01', '2026-12-02', '2026-12-03'], unavailable: { from: '2026-11-21', to: '2026-11-30' } });
    expect(f.sourcePlan('2026-12-03', null)).toMatchObject({ live: ['2026-12-01', '2026-12-02', '2026-12-03'], unavailable: { from: null, to: '2026-11-30' } });
  });
});

describe('velocity rules', () => {
  it('pace is topics × 7 / covered days, null without a covered day', () => {
    expect(f.perWeek(3, 30)).toBe(0.7); // 21 / 30
    expect(f.perWeek(5, 7)).toBe(5);
    expect(f.perWeek(4, 0)).toBeNull();
  });

  it('trend: ±10 % is steady; no percentage against a zero pace', () => {
    expect(f.paceTrend(3.3, 2.4)).toEqual({ trendDirection: 'accelerating', trendPercentage: 38 }); // 0.9 / 2.4 = 37.5 → 38
    expect(f.paceTrend(2.2, 2.4)).toEqual({ trendDirection: 'steady', trendPercentage: -8 });
    expect(f.paceTrend(1, 2)).toEqual({ trendDirection: 'decelerating', trendPercentage: -50 });
    expect(f.paceTrend(1, 0)).toEqual({ trendDirection: 'accelerating', trendPercentage: null });
    expect(f.paceTrend(null, 1)).toEqual({ trendDirection: null, trendPercentage: null });
  });

  it('status: ≥ 80 % of target on track, ≥ 50 % at risk, else behind; null without a target', () => {
    expect(f.paceStatus(2.5, 3)).toEqual({ status: 'on_track', statusColor: 'green' }); // 0.83, the seed's example
    expect(f.paceStatus(1.5, 3)).toEqual({ status: 'at_risk', statusColor: 'yellow' }); // 0.5
    expect(f.paceStatus(1.4, 3)).toEqual({ status: 'behind', statusColor: 'red' });
    expect(f.paceStatus(1, null)).toEqual({ status: null, statusColor: null });
  });

  it('estimatedCompletion: today + ceil(remaining / pace × 7) days, null at pace 0 or nothing left', () => {
    expect(f.estimatedCompletion('2026-12-03', 1, 0.7)).toBe('2026-12-13'); // 10 days, not 11 from floating point
    expect(f.estimatedCompletion('2026-12-03', 5, 2)).toBe('2026-12-21'); // 17.5 → 18 days
    expect(f.estimatedCompletion('2026-12-03', 5, 0)).toBeNull();
    expect(f.estimatedCompletion('2026-12-03', 0, 2)).toBeNull();
  });

  it('goal pace: weekly goal minutes over the mean remaining lesson minutes', () => {
    expect(f.goalPace(90, [10, 20])).toBe(6); // 90 / 15
    expect(f.goalPace(null, [10])).toBeNull();
    expect(f.goalPace(60, [])).toBeNull();
  });

  it('daysToComplete counts calendar days inclusive', () => {
    expect(f.daysToComplete('2026-11-30', '2026-12-01')).toBe(2);
    expect(f.daysToComplete('2026-12-01', '2026-12-01')).toBe(1);
  });
});

describe('engagement rules', () => {
  it('overallScore = 40·active days + 30·sessions + 30·session length, each against its weekly target', () => {
    // 7 covered days, 5 active, 5 sessions of 30 min → 100; 7 days, 1 active, 1 session of 15 min → 40/5 + 30/5 + 15 = 8 + 6 + 15 = 29.
    expect(f.engagementScore({ activeDays: 5, sessions: 5, sessionSeconds: 5 * 1800 }, 7)).toBe(100);
    expect(f.engagementScore({ activeDays: 1, sessions: 1, sessionSeconds: 900 }, 7)).toBe(29);
    expect(f.engagementScore({ activeDays: 0, sessions: 0, sessionSeconds: 0 }, 7)).toBe(0);
    expect(f.engagementScore({ activeDays: 0, sessions: 0, sessionSeconds: 0 }, 0)).toBeNull();
  });

  it('engagementByType shares events of video, reading, practice (+exercise) and quiz', () => {
    const k = (events: number) => ({ events, seconds: 0, topics: 0, itemsStarted: 0, itemsCompleted: 0, assessments: 0, scoreSum: 0 });
    // video 3, reading 1, practice 2 + exercise 2, quiz 2, milestone ignored → of 10: 30 / 10 / 40 / 20.
    expect(f.engagementByType({ video: k(3), reading: k(1), practice: k(2), exercise: k(2), quiz: k(2), milestone: k(5) })).toEqual({ videoWatch: 30, reading: 10, practice: 40, assessment: 20 });
    expect(f.engagementByType({})).toEqual({ videoWatch: null, reading: null, practice: null, assessment: null });
  });

  it('weeklyTrend covers the 5 ISO weeks ending with the end date', () => {
    // 3 Dec 2026 is a Thursday: weeks from Monday 2 Nov; the last one is cut at 3 Dec.
    expect(f.lastIsoWeeks('2026-12-03')).toEqual([
      { from: '2026-11-02', to: '2026-11-08' }, { from: '2026-11-09', to: '2026-11-15' }, { from: '2026-11-16', to: '2026-11-22' },
      { from: '2026-11-23', to: '2026-11-29' }, { from: '2026-11-30', to: '2026-12-03' },
    ]);
  });

  it('score trends move by 5 points or more', () => {
    expect(f.scoreTrend(80, 75, 'up', 'down')).toBe('up');
    expect(f.scoreTrend(76, 80, 'up', 'down')).toBe('stable');
    expect(f.scoreTrend(70, null, 'up', 'down')).toBeNull();
  });
});

describe('performance rules', () => {
  it('average score and pass rate are null without attempts', () => {
    expect(f.averageScore(245, 3)).toBe(82); // 81.67
    expect(f.averageScore(0, 0)).toBeNull();
    expect(f.percentOf(7, 8)).toBe(88); // 87.5
    expect(f.percentOf(0, 0)).toBeNull();
  });

  it('performanceBySkill averages each lesson skill and trends it against the previous window', () => {
    const now = [day('2026-12-02', { skills: { js: { assessments: 2, scoreSum: 170 }, css: { assessments: 1, scoreSum: 60 } } })];
    const before = [day('2026-11-20', { skills: { js: { assessments: 1, scoreSum: 70 } } })];
    expect(f.skillFigures(now, before)).toEqual([
      { skillName: 'css', avgScore: 60, assessmentCount: 1, trend: null },
      { skillName: 'js', avgScore: 85, assessmentCount: 2, trend: 'improving' },
    ]);
  });

  it('recentScores are the last five in time order', () => {
    const scores = (date: string, ...p: number[]) => day(date, { scores: p.map((percent, i) => ({ at: `${date}T0${i}:00:00.000Z`, percent, passed: null })) });
    expect(f.recentScores([scores('2026-12-02', 70, 72.4), scores('2026-12-01', 50, 60), scores('2026-12-03', 90, 95)])).toEqual([60, 70, 72, 90, 95]);
  });
});

describe('content effectiveness rules', () => {
  const kind = (itemsStarted: number, itemsCompleted: number, assessments = 0, scoreSum = 0) => ({ events: itemsStarted, seconds: 0, topics: itemsCompleted, itemsStarted, itemsCompleted, assessments, scoreSum });

  it('completionRate, avgRetention and effectiveness per kind', () => {
    // quiz: 3 of 4 → 75, scores 60 + 80 → 70, effectiveness 72.5 → 73; reading 1 of 4 → 25 (no scores).
    expect(f.contentTypeFigures({ quiz: kind(4, 3, 2, 140), reading: kind(4, 1) })).toEqual([
      { contentType: 'quiz', effectiveness: 73, completionRate: 75, avgRetention: 70, itemDays: 4, itemsCompleted: 3, assessments: 2 },
      { contentType: 'reading', effectiveness: 25, completionRate: 25, avgRetention: null, itemDays: 4, itemsCompleted: 1, assessments: 0 },
    ]);
  });

  it('recommendations come from written rules and carry their figure', () => {
    const figures = f.contentTypeFigures({ quiz: kind(4, 3, 2, 120), reading: kind(4, 1), video: kind(2, 2) });
    // quiz: 75 / 60 → 68 (least); reading 25 (least, low completion); video 100 (most).
    expect(f.recommendationsFor(figures).map((r) => [r.rule, r.contentType, r.figure, r.value])).toEqual([
      ['low_retention', 'quiz', 'avgRetention', 60],
      ['low_completion', 'reading', 'completionRate', 25],
      ['favour_most_effective', 'video', 'effectiveness', 100],
    ]);
  });
});

describe('seed 002 periods', () => {
  it('are calendar periods to date in the learner\'s calendar', () => {
    expect(f.periodWindow('week', '2026-12-03', null)).toEqual({ from: '2026-11-30', to: '2026-12-03' });
    expect(f.periodWindow('month', '2026-12-03', null)).toEqual({ from: '2026-12-01', to: '2026-12-03' });
    expect(f.periodWindow('year', '2026-12-03', null)).toEqual({ from: '2026-01-01', to: '2026-12-03' });
    expect(f.periodWindow('all_time', '2026-12-03', '2025-03-04')).toEqual({ from: '2025-03-04', to: '2026-12-03' });
  });

  it('totals sum the counters of the days and count active days', () => {
    const t = f.totalsOf([day('2026-12-01', { events: 2, seconds: 600, topics: 1 }), day('2026-12-02'), day('2026-12-03', { events: 1, assessments: 1, scoreSum: 80 })]);
    expect(t).toMatchObject({ events: 3, seconds: 600, topics: 1, assessments: 1, scoreSum: 80, activeDays: 2 });
  });
});
