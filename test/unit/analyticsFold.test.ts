import { nightlyTargetDate } from '../../shared/analytics/pipelineSteps.js';
import { activityInstant, analyticsDateOf } from '../../shared/domain/analyticsDate.js';
import { assessmentPercent, foldDay, sessionsOf, type FoldRecord, type LessonLookup } from '../../shared/domain/dailyAggregates.js';
import { localDateOf } from '../../shared/domain/localDate.js';
import { activeSetsOf, chunkActiveSet, overviewOf } from '../../shared/domain/tenantOverview.js';
import { nextDailyCronRun } from '../../shared/jobs/scheduleExpression.js';

// The worked examples of docs/analytics.md ("Days", "The nightly fold", "Overview"), computed by hand.

function rec(partial: Partial<FoldRecord> & { eventId: string; userId: string; occurredAt: string; timeZone: string }): FoldRecord {
  return { source: 'lesson.progress', contentType: 'course', contentId: 'c1', seconds: 0, localDate: localDateOf(new Date(partial.occurredAt), partial.timeZone), ...partial };
}

const lessons: LessonLookup = (course, lesson) =>
  course === 'c1' ? ({ v1: { type: 'video', skills: [] }, q1: { type: 'quiz', skills: ['js'] }, r1: { type: 'reading', skills: [] } } as Record<string, { type: string; skills: string[] }>)[lesson] : undefined;

// Learner A in Berlin (UTC+1), learner B in New York (UTC−5), local date 2026-11-16.
const A = 'user-a';
const B = 'user-b';
const example: FoldRecord[] = [
  rec({ eventId: 'r1', userId: A, timeZone: 'Europe/Berlin', occurredAt: '2026-11-16T08:00:00.000Z', itemId: 'v1', seconds: 600 }),
  rec({ eventId: 'r2', userId: A, timeZone: 'Europe/Berlin', occurredAt: '2026-11-16T08:20:00.000Z', source: 'block.completion', itemId: 'v1', itemCompleted: true, seconds: 300 }),
  rec({ eventId: 'r3', userId: A, timeZone: 'Europe/Berlin', occurredAt: '2026-11-16T08:40:00.000Z', itemId: 'q1', score: 8, maxScore: 10, passed: true, itemCompleted: true, seconds: 120 }),
  rec({ eventId: 'r4', userId: A, timeZone: 'Europe/Berlin', occurredAt: '2026-11-16T14:00:00.000Z', source: 'tutorial.chapter', contentType: 'tutorial', contentId: 't1', itemId: 'ch1', itemCompleted: true, seconds: 240 }),
  // 03:30 UTC on the 17th is 22:30 on the 16th in New York.
  rec({ eventId: 'r5', userId: B, timeZone: 'America/New_York', occurredAt: '2026-11-17T03:30:00.000Z', source: 'block.completion', itemId: 'r1', itemCompleted: true, contentCompleted: true, awarded: [{ id: 'finisher' }], points: 50 }),
  // The next local day in Berlin: not part of the 16th.
  rec({ eventId: 'r6', userId: A, timeZone: 'Europe/Berlin', occurredAt: '2026-11-16T23:30:00.000Z', seconds: 60 }),
];

describe('days (analytics date)', () => {
  it('is the local date of the write in the learner\'s zone', () => {
    expect(analyticsDateOf(example[4]!)).toBe('2026-11-16');
    expect(analyticsDateOf(example[5]!)).toBe('2026-11-17');
  });

  it('is the client\'s date for a back-dated record, within 30 days', () => {
    const late = { occurredAt: '2026-11-20T10:00:00.000Z', localDate: '2026-11-20', timeZone: 'Asia/Tokyo', clientTimestamp: '2026-11-02T20:00:00Z' };
    // 20:00 UTC on 2 November is 05:00 on 3 November in Tokyo.
    expect(analyticsDateOf(late)).toBe('2026-11-03');
    expect(activityInstant(late)).toBe('2026-11-02T20:00:00.000Z');
  });

  it('counts a claim older than 30 days on the oldest day allowed, and a future claim on the day received', () => {
    expect(analyticsDateOf({ occurredAt: '2026-11-20T10:00:00.000Z', localDate: '2026-11-20', timeZone: 'UTC', clientTimestamp: '2026-09-01T00:00:00Z' })).toBe('2026-10-21');
    const future = { occurredAt: '2026-11-20T10:00:00.000Z', localDate: '2026-11-20', timeZone: 'UTC', clientTimestamp: '2026-11-20T10:04:00Z' };
    expect(analyticsDateOf(future)).toBe('2026-11-20');
    expect(activityInstant(future)).toBe('2026-11-20T10:00:00.000Z');
  });

  it('runs nightly at 12:30 UTC for the previous date', () => {
    expect(nextDailyCronRun('cron(30 12 * * ? *)', new Date('2026-12-03T12:29:00Z')).toISOString()).toBe('2026-12-03T12:30:00.000Z');
    expect(nextDailyCronRun('cron(30 12 * * ? *)', new Date('2026-12-03T12:30:00Z')).toISOString()).toBe('2026-12-04T12:30:00.000Z');
    expect(() => nextDailyCronRun('cron(0 * * * ? *)', new Date())).toThrow();
    expect(nightlyTargetDate(new Date('2026-12-04T12:30:00Z'))).toBe('2026-12-03');
  });
});

describe('the nightly fold (worked example of 2026-11-16)', () => {
  const fold = foldDay('2026-11-16', example, lessons);
  const a = fold.learners.find((l) => l.userId === A)!;
  const b = fold.learners.find((l) => l.userId === B)!;

  it('keeps only the records of the date', () => {
    expect(fold.tenant.events).toBe(5);
    expect(a.events).toBe(4);
  });

  it('counts learning seconds, topics and assessments per learner', () => {
    // 600 + 300 + 120 + 240; topics r2, r3, r4; r3 is 8/10 = 80 %.
    expect([a.seconds, a.topics, a.assessments, a.scoreSum, a.graded, a.passed]).toEqual([1260, 3, 1, 80, 1, 1]);
    expect([b.topics, b.courseCompletions, b.awards, b.points]).toEqual([1, 1, 1, 50]);
  });

  it('splits sessions at gaps over 30 minutes; a one-record session is a bounce', () => {
    // A: 08:00, 08:20, 08:40 (one session), 14:00 (a second, single-record session). B: one record.
    expect([a.sessions, a.bounces, a.sessionSeconds]).toEqual([2, 1, 1260]);
    expect([b.sessions, b.bounces]).toEqual([1, 1]);
  });

  it('attributes activity to content kinds by lesson type (tutorial chapters are video)', () => {
    expect(a.kinds.video).toEqual({ events: 3, seconds: 1140, topics: 2, itemsStarted: 2, itemsCompleted: 2, assessments: 0, scoreSum: 0 });
    expect(a.kinds.quiz).toEqual({ events: 1, seconds: 120, topics: 1, itemsStarted: 1, itemsCompleted: 1, assessments: 1, scoreSum: 80 });
    expect(b.kinds.reading).toEqual({ events: 1, seconds: 0, topics: 1, itemsStarted: 1, itemsCompleted: 1, assessments: 0, scoreSum: 0 });
    expect(a.skills).toEqual({ js: { assessments: 1, scoreSum: 80 } });
  });

  it('sums the tenant-day', () => {
    expect(fold.tenant).toMatchObject({ activeLearners: 2, events: 5, seconds: 1260, topics: 4, courseCompletions: 1, certificates: 0, assessments: 1, scoreSum: 80, awards: 1, points: 50, sessions: 3, bounces: 2, sessionSeconds: 1260, awardsByAchievement: { finisher: 1 } });
  });

  it('sums each content-day with its learners and completions', () => {
    const course = fold.content.find((c) => c.contentId === 'c1')!;
    expect([course.learners, course.events, course.seconds, course.topics, course.completions]).toEqual([2, 4, 1020, 3, 1]);
    const tutorial = fold.content.find((c) => c.contentId === 't1')!;
    expect([tutorial.learners, tutorial.events, tutorial.topics, tutorial.completions]).toEqual([1, 1, 1, 0]);
  });

  it('gives the same result whatever order the records come in', () => {
    expect(foldDay('2026-11-16', [...example].reverse(), lessons)).toEqual(fold);
  });
});

describe('assessments and sessions', () => {
  it('takes a percentage from score and maximum, or a bare score of 0–100', () => {
    expect(assessmentPercent({ score: 3, maxScore: 4 })).toBe(75);
    expect(assessmentPercent({ score: 92 })).toBe(92);
    expect(assessmentPercent({ score: 140 })).toBeUndefined();
    expect(assessmentPercent({})).toBeUndefined();
  });

  it('does not split a session at exactly 30 minutes', () => {
    const at = (t: string, id: string) => rec({ eventId: id, userId: A, timeZone: 'UTC', occurredAt: t });
    expect(sessionsOf([at('2026-11-16T10:00:00.000Z', 'a'), at('2026-11-16T10:30:00.000Z', 'b')]).sessions).toBe(1);
    expect(sessionsOf([at('2026-11-16T10:00:00.000Z', 'a'), at('2026-11-16T10:30:01.000Z', 'b')]).sessions).toBe(2);
  });
});

describe('overview (worked example as of 2026-11-30)', () => {
  const day = (userId: string, date: string, completed: boolean) => ({ userId, date, content: { 'course:c1': { contentType: 'course', contentId: 'c1', completed } } });
  // Learners a and b fall in shard 0, c in shard 1 (any split: the union is what counts).
  const shardOf = (u: string) => (u === 'c' ? 1 : 0);
  const days = [day('a', '2026-11-16', false), day('a', '2026-11-20', false), day('b', '2026-11-16', true), day('c', '2026-10-31', true)];
  const sets = ['2026-11-16', '2026-11-20', '2026-10-31'].flatMap((date) => [...activeSetsOf(date, days.filter((d) => d.date === date), shardOf).values()]);
  const overview = overviewOf('2026-11-30', sets);

  it('groups a date\'s learners and course pairs by shard', () => {
    expect([...activeSetsOf('2026-11-16', days.filter((d) => d.date === '2026-11-16'), shardOf)]).toEqual([[0, { date: '2026-11-16', learners: ['a', 'b'], coursePairs: ['a|c1', 'b|c1'], completedPairs: ['b|c1'] }]]);
  });

  it('splits a large shard into items of at most 2,000 learners with their own pairs', () => {
    const set = { date: '2026-11-16', learners: ['a', 'b', 'c'], coursePairs: ['a|c1', 'b|c1', 'b|c2', 'c|c1'], completedPairs: ['b|c2'] };
    expect(chunkActiveSet(set, 2)).toEqual([
      { date: '2026-11-16', learners: ['a', 'b'], coursePairs: ['a|c1', 'b|c1', 'b|c2'], completedPairs: ['b|c2'] },
      { date: '2026-11-16', learners: ['c'], coursePairs: ['c|c1'], completedPairs: [] },
    ]);
    expect(chunkActiveSet(set)).toEqual([set]);
    expect(overviewOf('2026-11-30', chunkActiveSet(set, 2))).toEqual(overviewOf('2026-11-30', [set]));
  });

  it('counts distinct learners active in the 30 days ending on the date', () => {
    // c was last active on 31 October, outside 1–30 November.
    expect([overview.windowStart, overview.activeLearners30d, overview.activeLearnerDays]).toEqual(['2026-11-01', 2, 3]);
  });

  it('averages engagement as the share of the window\'s days learners were active', () => {
    // 100 × 3 learner-days / (30 × 2 learners) = 5.0
    expect(overview.averageEngagement).toBe(5);
  });

  it('rates completion as completed learner–course pairs over active pairs', () => {
    // Pairs (a, c1) and (b, c1); only b completed: 50.0 %.
    expect(overview.completionRate).toBe(50);
  });

  it('is null without activity', () => {
    expect(overviewOf('2026-11-30', [])).toMatchObject({ activeLearners30d: 0, averageEngagement: null, completionRate: null });
  });
});
