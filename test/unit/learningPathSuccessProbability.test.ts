import fc from 'fast-check';
import { successProbability } from '../../shared/programs/successProbability.js';

// The documented formula: round1(95 × 0.8^G × 0.7^U / (1 + max(0, T − 12) / 52)).
describe('success probability', () => {
  it('is 95 for a short path with no gaps and nothing missing', () => {
    expect(successProbability({ difficultyGaps: 0, missingPrerequisites: 0, totalWeeks: 12 })).toBe(95);
  });

  it('takes a fifth off per level of difficulty gap', () => {
    expect(successProbability({ difficultyGaps: 1, missingPrerequisites: 0, totalWeeks: 4 })).toBe(76); // 95 × 0.8
    expect(successProbability({ difficultyGaps: 2, missingPrerequisites: 0, totalWeeks: 4 })).toBe(60.8); // 95 × 0.64
  });

  it('takes 30 % off per missing prerequisite', () => {
    expect(successProbability({ difficultyGaps: 0, missingPrerequisites: 1, totalWeeks: 4 })).toBe(66.5); // 95 × 0.7
    expect(successProbability({ difficultyGaps: 1, missingPrerequisites: 2, totalWeeks: 4 })).toBe(37.2); // 95 × 0.8 × 0.49 = 37.24
  });

  it('halves at a year beyond the first twelve weeks', () => {
    expect(successProbability({ difficultyGaps: 0, missingPrerequisites: 0, totalWeeks: 64 })).toBe(47.5); // 95 / 2
    expect(successProbability({ difficultyGaps: 0, missingPrerequisites: 0, totalWeeks: 25 })).toBe(76); // 95 / 1.25
  });

  const risk = fc.record({
    difficultyGaps: fc.integer({ min: 0, max: 40 }),
    missingPrerequisites: fc.integer({ min: 0, max: 40 }),
    totalWeeks: fc.double({ min: 0, max: 500, noNaN: true }),
  });

  it('stays between 0 and 95', () => {
    fc.assert(
      fc.property(risk, (r) => {
        const p = successProbability(r);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(95);
      }),
    );
  });

  it('never rises with another difficulty gap, another missing prerequisite or a longer path', () => {
    fc.assert(
      fc.property(risk, fc.double({ min: 0, max: 100, noNaN: true }), (r, extraWeeks) => {
        const p = successProbability(r);
        expect(successProbability({ ...r, difficultyGaps: r.difficultyGaps + 1 })).toBeLessThanOrEqual(p);
        expect(successProbability({ ...r, missingPrerequisites: r.missingPrerequisites + 1 })).toBeLessThanOrEqual(p);
        expect(successProbability({ ...r, totalWeeks: r.totalWeeks + extraWeeks })).toBeLessThanOrEqual(p);
      }),
    );
  });

  it('strictly falls with a gap or a missing prerequisite while the figure is large enough to show it', () => {
    fc.assert(
      fc.property(risk.filter((r) => successProbability(r) >= 5), (r) => {
        const p = successProbability(r);
        expect(successProbability({ ...r, difficultyGaps: r.difficultyGaps + 1 })).toBeLessThan(p);
        expect(successProbability({ ...r, missingPrerequisites: r.missingPrerequisites + 1 })).toBeLessThan(p);
      }),
    );
  });
});
