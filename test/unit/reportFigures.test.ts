import type { LearnerDay } from '../../shared/domain/dailyAggregates.js';
import {
  courseFigures,
  coveredDatesOf,
  learnerFigures,
  progressDistribution,
  progressPercentage,
  recommendationsOf,
  reportFigures,
  reportPeriod,
  type ReportFigures,
} from '../../shared/domain/reportFigures.js';
import { isoWeekday, latestDueRun, localHourOf, nextRunDate, periodOfRun } from '../../shared/domain/reportSchedule.js';
import { reportCsv } from '../../shared/reports/reportCsv.js';
import type { ReportDocument } from '../../shared/reports/reportDocument.js';

/**
 * The report figure rules (docs/analytics.md §15), each against a small example computed
 * by hand in the comments.
 */
function day(userId: string, date: string, fields: Partial<LearnerDay> = {}, content: Record<string, Partial<LearnerDay['content'][string]>> = {}): LearnerDay {
  const entries = Object.fromEntries(
    Object.entries(content).map(([key, c]) => {
      const [contentType, contentId] = key.split(':') as [string, string];
      return [key, { contentType, contentId, events: 1, seconds: 0, topics: 0, completed: false, assessments: 0, scoreSum: 0, ...c }];
    }),
  );
  return {
    userId, date, timeZone: 'UTC', firstAt: `${date}T10:00:00Z`, lastAt: `${date}T10:00:00Z`,
    events: 0, seconds: 0, topics: 0, courseCompletions: 0, certificates: 0, assessments: 0, scoreSum: 0, graded: 0, passed: 0, awards: 0, points: 0,
    sessions: 0, sessionSeconds: 0, bounces: 0, content: entries, kinds: {}, skills: {}, scores: [], completions: [], ...fields,
  };
}

const WEEK = { from: '2026-10-01', to: '2026-10-07' };
const tenant = { kind: 'tenant' as const };

describe('report period', () => {
  it('a relative range is the N local dates ending at the aggregated-through date', () => {
    expect(reportPeriod('last_7_days', '2026-10-07', '2026-12-03')).toEqual({ from: '2026-10-01', to: '2026-10-07' });
    // 30 dates ending 2026-03-01 (leap-free February): 2026-01-31 … 2026-03-01.
    expect(reportPeriod('last_30_days', '2026-03-01', '2026-03-02')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('before the first nightly run a relative range ends yesterday (UTC); a custom range is taken as given', () => {
    expect(reportPeriod('last_90_days', null, '2026-12-03')).toEqual({ from: '2026-09-04', to: '2026-12-02' });
    expect(reportPeriod({ start_date: '2026-01-01', end_date: '2026-01-31' }, '2026-01-10', '2026-12-03')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
  });

  it('only dates up to the aggregated-through date are covered', () => {
    expect(coveredDatesOf(WEEK, '2026-10-03')).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
    expect(coveredDatesOf(WEEK, null)).toEqual([]);
  });
});

describe('learner figures', () => {
  const days = [
    // Previous week: 1 day, 1 session of 600 s.
    day('u', '2026-09-28', { events: 1, seconds: 600, sessions: 1, sessionSeconds: 600 }, { 'course:K1': { seconds: 600 } }),
    // This week: 2 days, 4 sessions, 7200 s; K1 completed with 2 topics; one 80 % quiz on K2; 2 awards, 30 points.
    day('u', '2026-10-02', { events: 3, seconds: 3600, sessions: 2, sessionSeconds: 3600, awards: 2, points: 30 }, { 'course:K1': { events: 2, seconds: 3000, topics: 2, completed: true }, 'course:K2': { seconds: 600, assessments: 1, scoreSum: 80 } }),
    day('u', '2026-10-03', { events: 2, seconds: 3600, sessions: 2, sessionSeconds: 3600 }, { 'tutorial:T1': { events: 2, seconds: 3600 } }),
  ];

  it('sums the period, rates engagement and compares it with the previous period', () => {
    const f = learnerFigures({ userId: 'u', name: 'U' }, days, WEEK, '2026-10-07', tenant, { K1: 100, K2: 40 });
    // progress (100 + 40) / 2 = 70; time 7200 s = 2 h; engagement: 2 days/wk → 40·2/5 = 16, 4 sessions/wk →
    // 30·4/5 = 24, 30-min sessions → 30: 70. Previous: 8 + 6 + 30·(10/30) = 24 → improving.
    expect(f).toEqual({
      user_id: 'u', name: 'U', progress_percentage: 70, courses_completed: 1, topics_completed: 2, achievements_earned: 2, points_earned: 30,
      total_time_spent_hours: 2, active_days: 2, sessions: 4, average_score: 80, engagement_score: 70, performance_trend: 'improving',
    });
  });

  it('in a course scope counts only that course and leaves unattributable figures null', () => {
    const f = learnerFigures({ userId: 'u', name: null }, days, WEEK, '2026-10-07', { kind: 'courses', courseIds: new Set(['K1']) }, { K1: 100, K2: 40 });
    // K1 only: 3000 s = 0.8 h on 1 day, completed, 2 topics, no assessment; progress of K1 = 100.
    expect(f).toMatchObject({ progress_percentage: 100, courses_completed: 1, topics_completed: 2, total_time_spent_hours: 0.8, active_days: 1, average_score: null, achievements_earned: null, points_earned: null, sessions: null, engagement_score: null, performance_trend: null });
  });

  it('a decline of 5 engagement points or more is declining, less is stable', () => {
    const busyBefore = [day('u', '2026-09-28', { events: 5, sessions: 5, sessionSeconds: 9000 }, { 'course:K1': { events: 5 } }), days[2]!];
    // Before: 40·1/5 + 30·5/5 + 30 = 68; now (10-03 only): 8 + 30·2/5 + 30 = 50 → declining.
    expect(learnerFigures({ userId: 'u', name: null }, busyBefore, WEEK, '2026-10-07', tenant, undefined).performance_trend).toBe('declining');
    expect(learnerFigures({ userId: 'u', name: null }, [days[2]!, { ...days[2]!, date: '2026-09-29' }], WEEK, '2026-10-07', tenant, undefined).performance_trend).toBe('stable');
  });

  it('progress is null without a course in scope', () => {
    expect(progressPercentage(undefined, tenant)).toBeNull();
    expect(progressPercentage({ K2: 50 }, { kind: 'courses', courseIds: new Set(['K1']) })).toBeNull();
    expect(progressPercentage({ K1: 33, K2: 34 }, tenant)).toBe(33.5);
  });
});

describe('course figures and the progress distribution', () => {
  it('counts active learners, completions, rate, score and time per course, most completions first', () => {
    const days = [
      day('a', '2026-10-02', {}, { 'course:K1': { seconds: 1800, completed: true }, 'course:K2': { seconds: 900, assessments: 2, scoreSum: 150 } }),
      day('b', '2026-10-03', {}, { 'course:K1': { seconds: 1800 } }),
      day('c', '2026-10-03', {}, { 'course:K1': { seconds: 1800, completed: true } }), // c is not analysed
      day('b', '2026-10-09', {}, { 'course:K2': { completed: true } }), // outside the period
    ];
    const out = courseFigures(days, coveredDatesOf(WEEK, '2026-10-07'), new Set(['a', 'b']), [{ courseId: 'K2', title: 'B' }, { courseId: 'K1', title: 'A' }, { courseId: 'K3', title: 'C' }]);
    // K1: a, b active, a completed → 50.0 %, 3600 s = 1 h. K2: a active, 2 attempts 150 / 2 = 75. K3: nothing → null rate.
    expect(out).toEqual([
      { course_id: 'K1', title: 'A', learners_active: 2, completions: 1, completion_rate: 50, average_score: null, time_spent_hours: 1 },
      { course_id: 'K2', title: 'B', learners_active: 1, completions: 0, completion_rate: 0, average_score: 75, time_spent_hours: 0.3 },
      { course_id: 'K3', title: 'C', learners_active: 0, completions: 0, completion_rate: null, average_score: null, time_spent_hours: 0 },
    ]);
  });

  it('puts each learner with a course in one 20-point bucket; 100 is in the top one', () => {
    const learners = [0, 19.9, 20, 59.9, 60, 79.9, 80, 100, null].map((p) => ({ progress_percentage: p }));
    expect(progressDistribution(learners).map((b) => b.learners)).toEqual([2, 1, 1, 2, 2]);
  });
});

describe('recommendations', () => {
  const base = (fields: Partial<ReportFigures['learners'][number]>) => ({
    user_id: 'u', name: 'Una', progress_percentage: 50, courses_completed: 0, topics_completed: 0, achievements_earned: 0, points_earned: 0, total_time_spent_hours: 1,
    active_days: 2, sessions: 2, average_score: 75, engagement_score: 60, performance_trend: 'stable' as const, ...fields,
  });
  const figures = (learners: ReportFigures['learners'], extra: Partial<ReportFigures> = {}): ReportFigures => ({
    period: { start_date: '2026-10-01', end_date: '2026-10-07', covered_days: 7 }, learners, courses: [], dailyActiveLearners: [], sessionDurationAvgMinutes: null, bounceRate: null, progressDistribution: [],
    totals: {} as ReportFigures['totals'], ...extra,
  });
  const rules = (f: ReportFigures) => recommendationsOf(f).map((r) => `${r.rule}:${r.figure}:${r.value}`);

  it.each([
    ['inactive_learner', { active_days: 0 }, 'inactive_learner:active_days:0'],
    ['low_engagement', { engagement_score: 39 }, 'low_engagement:engagement_score:39'],
    ['declining_trend', { performance_trend: 'declining' as const }, 'declining_trend:performance_trend:declining'],
    ['low_average_score', { average_score: 59 }, 'low_average_score:average_score:59'],
    ['ready_for_advanced', { progress_percentage: 80, engagement_score: 70 }, 'ready_for_advanced:progress_percentage:80'],
  ])('%s names the figure that triggered it', (_rule, fields, expected) => {
    expect(rules(figures([base(fields)]))).toEqual([expected]);
  });

  it('thresholds are strict where written so: 40 engagement, 60 score, 79.9 progress trigger nothing', () => {
    expect(rules(figures([base({ engagement_score: 40, average_score: 60, progress_percentage: 79.9 })]))).toEqual([]);
  });

  it('course and organization rules: completion_rate < 50 with ≥ 5 active learners, bounce_rate > 40', () => {
    const course = (learners_active: number, completion_rate: number) => ({ course_id: 'K', title: 'Kay', learners_active, completions: 0, completion_rate, average_score: null, time_spent_hours: 0 });
    expect(rules(figures([], { courses: [course(5, 49.9), course(4, 0), course(9, 50)], bounceRate: 40.1 }))).toEqual(['low_course_completion:completion_rate:49.9', 'high_bounce_rate:bounce_rate:40.1']);
    expect(rules(figures([], { bounceRate: 40 }))).toEqual([]);
  });

  it('messages are built from the figures, never canned', () => {
    const [r] = recommendationsOf(figures([base({ average_score: 42 })]));
    expect(r?.message).toBe('Learner Una: average_score 42 (threshold 60), below the threshold: review the core concepts');
  });

  it('no learner rule fires for a period without data', () => {
    expect(rules(figures([base({ active_days: 0 })], { period: { start_date: 'x', end_date: 'y', covered_days: 0 } }))).toEqual([]);
  });
});

describe('report totals', () => {
  it('population days reuse the dashboard rule: daily active learners, session length and bounce rate', () => {
    const f = reportFigures({
      window: WEEK,
      through: '2026-10-03',
      scope: tenant,
      learners: [{ userId: 'a', name: null }, { userId: 'b', name: null }],
      days: [
        day('a', '2026-10-01', { events: 1, sessions: 1, sessionSeconds: 600, bounces: 1 }, { 'course:K1': {} }),
        day('b', '2026-10-01', { events: 2, sessions: 1, sessionSeconds: 1800 }, { 'course:K1': { events: 2 } }),
        day('b', '2026-10-03', { events: 1, sessions: 2, sessionSeconds: 1200, bounces: 2 }, { 'course:K1': {} }),
        day('z', '2026-10-02', { events: 1, sessions: 1, sessionSeconds: 60 }, { 'course:K1': {} }), // not analysed
      ],
      courseProgressOf: () => undefined,
      courses: [],
    });
    // Covered 10-01 … 10-03: 2, 0, 1 learners; 4 sessions of 3600 s → 15.0 min; 3 bounces of 4 → 75.0 %.
    expect(f.dailyActiveLearners).toEqual([{ date: '2026-10-01', learners: 2 }, { date: '2026-10-02', learners: 0 }, { date: '2026-10-03', learners: 1 }]);
    expect(f.sessionDurationAvgMinutes).toBe(15);
    expect(f.bounceRate).toBe(75);
    expect(f.totals.activeLearnerDays).toBe(3);
    expect(f.period.covered_days).toBe(3);
  });
});

describe('scheduled report periods', () => {
  const weekly = { frequency: 'weekly' as const, dayOfWeek: 1, dayOfMonth: 1, hour: 6, timeZone: 'Europe/Paris' };
  const monthly = { ...weekly, frequency: 'monthly' as const, dayOfMonth: 1 };

  it('weekly: the Monday run covers the 7 dates before it, from 06:00 Paris time', () => {
    expect(isoWeekday('2026-10-26')).toBe(1);
    // Monday 2026-10-26 04:59 UTC = 05:59 CET (after the DST change on 10-25): not yet; 05:00 UTC = 06:00: due.
    expect(latestDueRun(weekly, new Date('2026-10-26T04:59:00Z'))?.key).toBe('W2026-10-12');
    expect(latestDueRun(weekly, new Date('2026-10-26T05:00:00Z'))).toEqual({ key: 'W2026-10-19', runDate: '2026-10-26', from: '2026-10-19', to: '2026-10-25' });
    expect(localHourOf(new Date('2026-10-26T05:00:00Z'), 'Europe/Paris')).toBe(6);
    expect(nextRunDate(weekly, new Date('2026-10-26T05:00:00Z'))).toBe('2026-11-02');
  });

  it('monthly: the run on day M covers the previous calendar month (February of a leap year too)', () => {
    expect(periodOfRun(monthly, '2028-03-01')).toEqual({ key: 'M2028-02', runDate: '2028-03-01', from: '2028-02-01', to: '2028-02-29' });
    expect(latestDueRun({ ...monthly, dayOfMonth: 15 }, new Date('2027-01-10T12:00:00Z'))).toEqual({ key: 'M2026-11', runDate: '2026-12-15', from: '2026-11-01', to: '2026-11-30' });
  });
});

describe('report CSV', () => {
  it('escapes cells that a spreadsheet would run as a formula, and leaves numbers alone', () => {
    const doc = {
      report_id: 'r', report_type: 'progress_summary', community_id: 't', organization_name: '+cmd', generated_at: 'g', period: { start_date: 'a', end_date: 'b', covered_days: 0 }, data_through: null,
      summary: { users_analyzed: 1 }, charts: { daily_active_learners: [], completions_per_course: [], progress_distribution: [] },
      user_details: [{ user_id: 'u', name: '=HYPERLINK("http://x")', progress_percentage: -1 }], recommendation_details: [],
    } as unknown as ReportDocument;
    const csv = reportCsv(doc);
    expect(csv).toContain(`u,"'=HYPERLINK(""http://x"")",progress_percentage,-1`);
    expect(csv).toContain(`report,,,organization_name,'+cmd`);
  });
});
