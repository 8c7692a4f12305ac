import { streakLevelOf, streakMotivation } from '../../shared/domain/streakLevel.js';
import { qualifiesForStreak, streakActivityTypeOf, streakDaysAfter, type StreakActivity } from '../../shared/domain/streakDay.js';

const record = (extra: Partial<StreakActivity>): StreakActivity => ({ occurredAt: '2024-05-01T10:00:00.000Z', localDate: '2024-05-01', source: 'lesson.progress', seconds: 0, ...extra });

describe('streak level', () => {
  it.each([
    [0, 'none'],
    [1, 'spark'],
    [2, 'spark'],
    [3, 'flame'],
    [6, 'flame'],
    [7, 'double_flame'],
    [13, 'double_flame'],
    [14, 'triple_flame'],
    [29, 'triple_flame'],
    [30, 'blazing'],
    [99, 'blazing'],
    [100, 'legendary'],
    [1000, 'legendary'],
  ])('names a %i-day streak %s (documented thresholds)', (days, level) => {
    expect(streakLevelOf(days)).toBe(level);
  });
});

describe('streak motivation', () => {
  it('answers the seed 003 example (a 7-day streak, today done) with the seed\'s text', () => {
    expect(streakMotivation({ currentStreak: 7, longestStreak: 14, todayActive: true, frozeYesterday: false })).toBe("Keep it up! You're on fire 🔥");
  });

  it('invites a learner without any qualifying day to start', () => {
    expect(streakMotivation({ currentStreak: 0, longestStreak: 0, todayActive: false, frozeYesterday: false })).toBe('Start your streak today: one lesson, quiz or practice is enough.');
  });

  it('says a streak ended and names the best one', () => {
    expect(streakMotivation({ currentStreak: 0, longestStreak: 1, todayActive: false, frozeYesterday: false })).toBe('Your streak ended. Learn today to start a new one; your best is 1 day.');
  });

  it('warns that today is still open, mentioning a freeze that saved yesterday', () => {
    expect(streakMotivation({ currentStreak: 4, longestStreak: 9, todayActive: false, frozeYesterday: false })).toBe('Learn today to keep your 4-day streak going!');
    expect(streakMotivation({ currentStreak: 4, longestStreak: 9, todayActive: false, frozeYesterday: true })).toBe('A streak freeze saved your 4-day streak. Learn today to keep it going!');
  });

  it('praises by level once today is done', () => {
    expect(streakMotivation({ currentStreak: 1, longestStreak: 1, todayActive: true, frozeYesterday: false })).toBe('Great start! Come back tomorrow to build your streak.');
    expect(streakMotivation({ currentStreak: 5, longestStreak: 5, todayActive: true, frozeYesterday: false })).toBe('5 days in a row. Keep going!');
  });
});

describe('qualifying records (documented table)', () => {
  it.each([
    ['learning time added', record({ seconds: 30 }), true],
    ['an item completed', record({ itemCompleted: true }), true],
    ['a course completed', record({ source: 'tutorial.complete', contentCompleted: true }), true],
    ['a failed quiz attempt', record({ source: 'tutorial.quiz', score: 2 }), true],
    ['a progress log without duration', record({ source: 'progress.log', activityType: 'exercise' }), true],
    ['a watch time that adds nothing', record({ source: 'tutorial.chapter' }), false],
    ['only starting a session', record({ source: 'session.start' }), false],
    ['a reset', record({ source: 'tutorial.reset', seconds: 40 }), false],
    ['editing a log', record({ source: 'progress.log.update', score: 9 }), false],
  ])('%s → %s', (_what, r, expected) => {
    expect(qualifiesForStreak(r)).toBe(expected);
  });
});

describe('a day\'s activity type', () => {
  it('names each kind of record', () => {
    expect(streakActivityTypeOf(record({ contentCompleted: true, itemCompleted: true }))).toBe('course_complete');
    expect(streakActivityTypeOf(record({ source: 'block.completion', itemCompleted: true }))).toBe('lesson_complete');
    expect(streakActivityTypeOf(record({ source: 'tutorial.quiz', score: 5, itemCompleted: true }))).toBe('quiz');
    expect(streakActivityTypeOf(record({ score: 80 }))).toBe('quiz');
    expect(streakActivityTypeOf(record({ source: 'progress.log', activityType: 'reading' }))).toBe('reading');
    expect(streakActivityTypeOf(record({ source: 'tutorial.chapter', seconds: 60 }))).toBe('lesson');
    expect(streakActivityTypeOf(record({ source: 'session.complete', itemCompleted: true }))).toBe('session');
  });

  it('shows the highest-ranked kind of the day and ignores non-qualifying records', () => {
    const { days } = streakDaysAfter(
      [
        record({ occurredAt: '2024-05-01T08:00:00.000Z', source: 'session.update', seconds: 300 }),
        record({ occurredAt: '2024-05-01T09:00:00.000Z', source: 'progress.log', activityType: 'practice' }),
        record({ occurredAt: '2024-05-01T10:00:00.000Z', source: 'tutorial.reset', contentCompleted: true }),
        record({ occurredAt: '2024-05-02T10:00:00.000Z', localDate: '2024-05-02', source: 'session.start' }),
      ],
      null,
    );
    expect(days).toEqual([{ date: '2024-05-01', activityType: 'practice' }]);
  });
});
