import fc from 'fast-check';
import { DIFFICULTIES, type Difficulty } from '../../shared/catalog/course.js';
import { evaluateLearningPath, type PathStep, type PathUnit } from '../../shared/programs/learningPath.js';

const unit = (courseId: string, difficulty: Difficulty, durationMinutes: number, requires: string[] = []): PathUnit => ({ courseId, title: `Course ${courseId}`, difficulty, durationMinutes, requires });
const courseStep = (sequence: number, u: PathUnit): PathStep => ({ sequence, contentType: 'course', contentId: u.courseId, title: u.title, difficulty: u.difficulty, requires: [], units: [u] });
const newLearner = { completed: new Map<string, Difficulty>(), weeklyMinutes: 90 };

const A = unit('a', 'beginner', 360);
const B = unit('b', 'beginner', 540, ['a']);
const C = unit('c', 'intermediate', 270, ['b']);

describe('learning path evaluation', () => {
  it('accepts a path in prerequisite order whose level rises with it', () => {
    const result = evaluateLearningPath([courseStep(1, A), courseStep(2, B), courseStep(3, C)], newLearner);

    expect(result.steps.map((s) => [s.contentId, s.prerequisitesMet, s.difficultyAppropriate, s.learnerLevel, s.estimatedDurationWeeks])).toEqual([
      ['a', true, true, 'beginner', 4], // 360 / 90
      ['b', true, true, 'beginner', 6], // 540 / 90; one beginner course done
      ['c', true, true, 'intermediate', 3], // two beginner courses done → intermediate
    ]);
    expect(result.pathValid).toBe(true);
    expect(result.totalEstimatedDurationWeeks).toBe(13); // 1170 / 90
    expect(result.successProbability).toBe(93.2); // 95 / (1 + 1/52) = 93.207…
  });

  it('processes steps by sequence, not by array position', () => {
    const result = evaluateLearningPath([courseStep(3, C), courseStep(1, A), courseStep(2, B)], newLearner);
    expect(result.steps.map((s) => s.sequence)).toEqual([1, 2, 3]);
    expect(result.pathValid).toBe(true);
  });

  it('flags a prerequisite placed later and a difficulty jump, and recommends moving and bridging', () => {
    const result = evaluateLearningPath([courseStep(1, C), courseStep(2, A), courseStep(3, B)], newLearner);
    const [first, second, third] = result.steps;

    expect(first).toMatchObject({ prerequisitesMet: false, missingPrerequisites: ['b'], difficultyAppropriate: false, difficultyGap: 1, learnerLevel: 'beginner' });
    expect(first?.recommendations).toEqual([
      'Move "Course b" (b) (sequence 3) before sequence 1: this step requires it.',
      '"Course c" is intermediate but your level at this point of the path is beginner: add a beginner course before sequence 1 as an intermediate step.',
    ]);
    // After the intermediate course the learner counts as intermediate, so the beginner steps are fine.
    expect(second).toMatchObject({ prerequisitesMet: true, difficultyAppropriate: true, learnerLevel: 'intermediate' });
    expect(third).toMatchObject({ prerequisitesMet: true, difficultyAppropriate: true });
    expect(result.pathValid).toBe(false);
    expect(result.successProbability).toBe(52.2); // 95 × 0.8 × 0.7 / (1 + 1/52) = 52.196…
  });

  it('counts the learner\'s completions as met prerequisites and as level', () => {
    const learner = { completed: new Map<string, Difficulty>([['a', 'beginner'], ['z', 'beginner']]), weeklyMinutes: 90 };
    const result = evaluateLearningPath([courseStep(1, B), courseStep(2, C)], learner);
    expect(result.learnerLevel).toBe('intermediate');
    expect(result.steps.every((s) => s.prerequisitesMet && s.difficultyAppropriate)).toBe(true);
  });

  it('names a prerequisite that is nowhere in the path and asks to add it', () => {
    const result = evaluateLearningPath([courseStep(1, B)], newLearner, new Map([['a', 'Basics']]));
    expect(result.steps[0]?.missingPrerequisites).toEqual(['a']);
    expect(result.steps[0]?.recommendations).toContain('Add the prerequisite course "Basics" (a) before sequence 1.');
    expect(result.successProbability).toBe(66.5); // 95 × 0.7, 6 weeks
  });

  it('evaluates a program by its own prerequisites and its courses in their order', () => {
    const program: PathStep = {
      sequence: 1,
      contentType: 'program',
      contentId: 'p',
      title: 'Program P',
      difficulty: 'intermediate',
      requires: ['x'],
      units: [unit('u1', 'beginner', 180), unit('u2', 'intermediate', 360, ['u1', 'y'])],
    };
    const result = evaluateLearningPath([program], newLearner);
    const [step] = result.steps;
    // u1 is taught earlier in the program, so only the outside courses x and y are missing.
    expect(step?.missingPrerequisites).toEqual(['x', 'y']);
    expect(step?.estimatedDurationWeeks).toBe(6); // (180 + 360) / 90
    expect(step?.difficultyGap).toBe(1);
    expect(result.successProbability).toBe(37.2); // 95 × 0.8 × 0.7² = 37.24
  });

  it('reports a missing prerequisite inside a program whose courses are out of catalog order', () => {
    const program: PathStep = { sequence: 1, contentType: 'program', contentId: 'p', title: 'P', difficulty: 'beginner', requires: [], units: [unit('late', 'beginner', 60, ['early']), unit('early', 'beginner', 60)] };
    expect(evaluateLearningPath([program], newLearner).steps[0]?.missingPrerequisites).toEqual(['early']);
  });

  it('suggests splitting a step longer than six weeks at the learner\'s pace', () => {
    const long = unit('long', 'beginner', 630); // 7 weeks at 90 minutes a week
    const result = evaluateLearningPath([courseStep(1, long)], newLearner);
    expect(result.steps[0]?.recommendations).toEqual([
      'This step takes about 7 weeks at your pace (90 minutes a week): split it into smaller milestones and add a practice project between them.',
    ]);
    expect(evaluateLearningPath([courseStep(1, unit('six', 'beginner', 540))], newLearner).steps[0]?.recommendations).toEqual([]);
  });

  it('suggests an intermediate course before an advanced step for a beginner', () => {
    const result = evaluateLearningPath([courseStep(1, unit('adv', 'advanced', 90))], newLearner);
    expect(result.steps[0]?.difficultyGap).toBe(2);
    expect(result.steps[0]?.recommendations[0]).toContain('add an intermediate course before sequence 1');
  });

  it('points out a step the learner has already completed', () => {
    const learner = { completed: new Map<string, Difficulty>([['a', 'beginner']]), weeklyMinutes: 90 };
    expect(evaluateLearningPath([courseStep(1, A)], learner).steps[0]?.recommendations).toEqual(['You have already completed "Course a": consider removing this step.']);
  });

  // Random catalogs: course i may require any courses j < i, so index order is a topological order.
  const catalog = fc
    .array(fc.record({ difficulty: fc.constantFrom<Difficulty>(...DIFFICULTIES), minutes: fc.integer({ min: 0, max: 2000 }), requiresMask: fc.nat() }), { minLength: 1, maxLength: 12 })
    .map((courses) =>
      courses.map((c, i) => unit(`c${i}`, c.difficulty, c.minutes, Array.from({ length: i }, (_, j) => j).filter((j) => (c.requiresMask >> j) & 1).map((j) => `c${j}`))),
    );

  it('meets every prerequisite of a path in topological order, whatever the difficulties', () => {
    fc.assert(
      fc.property(catalog, (units) => {
        const result = evaluateLearningPath(units.map((u, i) => courseStep(i + 1, u)), newLearner);
        expect(result.steps.every((s) => s.prerequisitesMet)).toBe(true);
      }),
    );
  });

  it('is valid exactly when every step meets its prerequisites at an appropriate difficulty, and its probability follows the documented formula', () => {
    fc.assert(
      fc.property(catalog, fc.integer({ min: 5, max: 1680 }), (units, weeklyMinutes) => {
        const reversed = units.map((u, i) => courseStep(units.length - i, u));
        const result = evaluateLearningPath(reversed, { completed: new Map(), weeklyMinutes });
        expect(result.pathValid).toBe(result.steps.every((s) => s.prerequisitesMet && s.difficultyAppropriate));
        const gaps = result.steps.reduce((sum, s) => sum + s.difficultyGap, 0);
        const missing = result.steps.reduce((sum, s) => sum + s.missingPrerequisites.length, 0);
        const expected = Math.round(95 * 0.8 ** gaps * 0.7 ** missing / (1 + Math.max(0, result.totalEstimatedDurationWeeks - 12) / 52) * 10) / 10;
        expect(result.successProbability).toBe(expected);
      }),
    );
  });

  it('never scores a path higher after a step is removed from the front (its courses become missing or harder)', () => {
    fc.assert(
      fc.property(catalog.filter((u) => u.length >= 2), (units) => {
        const full = evaluateLearningPath(units.map((u, i) => courseStep(i + 1, u)), newLearner);
        const withoutFirst = evaluateLearningPath(units.slice(1).map((u, i) => courseStep(i + 1, u)), newLearner);
        const missing = (r: typeof full) => r.steps.reduce((sum, s) => sum + s.missingPrerequisites.length, 0);
        expect(missing(withoutFirst)).toBeGreaterThanOrEqual(missing(full));
      }),
    );
  });
});
