import fc from 'fast-check';
import { DIFFICULTIES, type Difficulty } from '../../shared/catalog/course.js';
import { learnerLevel } from '../../shared/programs/learnerLevel.js';
import { estimatedWeeks, weeklyStudyMinutes } from '../../shared/programs/studyPace.js';

const difficulty = fc.constantFrom<Difficulty>(...DIFFICULTIES);
const order = (d: Difficulty) => ['beginner', 'intermediate', 'advanced'].indexOf(d);

describe('learner level (highest completed difficulty, one step up after two completions at it)', () => {
  it.each<[Difficulty[], Difficulty]>([
    [[], 'beginner'],
    [['beginner'], 'beginner'],
    [['beginner', 'beginner'], 'intermediate'],
    [['intermediate'], 'intermediate'],
    [['beginner', 'beginner', 'intermediate'], 'intermediate'],
    [['intermediate', 'intermediate'], 'advanced'],
    [['advanced'], 'advanced'],
    [['advanced', 'advanced', 'advanced'], 'advanced'],
  ])('completions %j give level %s', (completions, expected) => {
    expect(learnerLevel(completions)).toBe(expected);
  });

  it('never falls when a completion is added', () => {
    fc.assert(
      fc.property(fc.array(difficulty, { maxLength: 12 }), difficulty, (completions, added) => {
        expect(order(learnerLevel([...completions, added]))).toBeGreaterThanOrEqual(order(learnerLevel(completions)));
      }),
    );
  });

  it('is at least the highest completed difficulty and at most one step above it', () => {
    fc.assert(
      fc.property(fc.array(difficulty, { minLength: 1, maxLength: 12 }), (completions) => {
        const top = Math.max(...completions.map(order));
        const level = order(learnerLevel(completions));
        expect(level).toBeGreaterThanOrEqual(top);
        expect(level).toBeLessThanOrEqual(Math.min(2, top + 1));
      }),
    );
  });
});

describe('study pace', () => {
  it('multiplies the session length by the number of chosen days', () => {
    expect(weeklyStudyMinutes({ defaultSessionLength: 45, reminderSettings: { days: ['mon', 'wed', 'fri', 'sat'] } })).toBe(180);
  });

  it('assumes three sessions a week when no days are chosen', () => {
    expect(weeklyStudyMinutes({ defaultSessionLength: 30, reminderSettings: {} })).toBe(90);
    expect(weeklyStudyMinutes({ defaultSessionLength: 30, reminderSettings: { days: [] } })).toBe(90);
  });

  it('counts a day listed twice once', () => {
    expect(weeklyStudyMinutes({ defaultSessionLength: 20, reminderSettings: { days: ['mon', 'mon'] } })).toBe(20);
  });

  it('rounds weeks half up to one decimal', () => {
    expect(estimatedWeeks(360, 90)).toBe(4);
    expect(estimatedWeeks(100, 90)).toBe(1.1); // 1.111…
    expect(estimatedWeeks(135, 90)).toBe(1.5);
    expect(estimatedWeeks(0, 90)).toBe(0);
  });
});
