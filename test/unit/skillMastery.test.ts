import fc from 'fast-check';
import { bandRank, estimatedImprovement, levelOf, masteryOf, spanText, type SkillEvidence } from '../../shared/domain/skillMastery.js';

const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 10, 1 + n, hour)).toISOString();
const scored = (...pairs: [number, number][]): SkillEvidence[] => pairs.map(([d, percent]) => ({ at: day(d), percent }));

describe('skill mastery bands', () => {
  it('has no band without evidence', () => {
    expect(masteryOf([])).toMatchObject({ band: null, mastery: null, level: null, evidenceCount: 0, confidence: 0 });
  });

  it('is attempted after a completion without a score, with no mastery figure', () => {
    expect(masteryOf([{ at: day(0), percent: null }])).toMatchObject({ band: 'attempted', mastery: null, level: null, evidenceCount: 1, scoredCount: 0 });
  });

  it('is attempted after a low score', () => {
    expect(masteryOf(scored([0, 50]))).toMatchObject({ band: 'attempted', mastery: 50, level: 'beginner' });
  });

  it('is familiar after a score from 70 to under 85', () => {
    expect(masteryOf(scored([0, 75]))).toMatchObject({ band: 'familiar', mastery: 75, level: 'intermediate' });
  });

  it('is proficient after a score of 85 or more', () => {
    expect(masteryOf(scored([0, 90]))).toMatchObject({ band: 'proficient', proficientAt: day(0), masteredAt: null, level: 'advanced' });
  });

  it('is mastered only after a later confirming score (at least 24 h after proficient)', () => {
    expect(masteryOf(scored([0, 90], [0, 95]))).toMatchObject({ band: 'proficient' });
    const confirmed = masteryOf(scored([0, 90], [1, 95]));
    expect(confirmed).toMatchObject({ band: 'mastered', masteredAt: day(1), level: 'expert' });
  });

  it('demotes mastered to proficient on a later low score', () => {
    expect(masteryOf(scored([0, 90], [1, 95], [2, 40]))).toMatchObject({ band: 'proficient', masteredAt: null, proficientAt: day(2) });
  });

  it('demotes proficient to familiar, and familiar to attempted', () => {
    expect(masteryOf(scored([0, 90], [1, 60]))).toMatchObject({ band: 'familiar' });
    expect(masteryOf(scored([0, 75], [1, 60]))).toMatchObject({ band: 'attempted' });
  });

  it('needs a fresh confirmation after a demotion from mastered', () => {
    // demoted at day 2 → proficient since day 2; day 2 evening is not 24 h later, day 3 is.
    expect(masteryOf([...scored([0, 90], [1, 95], [2, 40]), { at: day(2, 20), percent: 99 }])).toMatchObject({ band: 'proficient' });
    expect(masteryOf(scored([0, 90], [1, 95], [2, 40], [3, 99]))).toMatchObject({ band: 'mastered', masteredAt: day(3) });
  });
});

describe('skill mastery score (worked example)', () => {
  it('weights by recency with a 30-day half-life measured from the newest evidence', () => {
    // 60 on day 0 (30 days before the newest: weight 0.5), 90 on day 30 (weight 1):
    // (0.5 × 60 + 1 × 90) / 1.5 = 80.0; confidence min(1, 1.5 / 3) = 0.5.
    const m = masteryOf(scored([0, 60], [30, 90]));
    expect(m).toMatchObject({ mastery: 80, level: 'intermediate', evidenceCount: 2, scoredCount: 2, confidence: 0.5, band: 'proficient' });
  });

  it('levels: beginner < 70 ≤ intermediate < 90 ≤ advanced; expert needs mastered', () => {
    expect([levelOf(69.9, false), levelOf(70, false), levelOf(89.9, true), levelOf(90, false), levelOf(90, true)]).toEqual(['beginner', 'intermediate', 'intermediate', 'advanced', 'expert']);
  });

  it('estimates the improvement of one more assessment at 85', () => {
    // 60 now; one more at 85 the same instant: (60 + 85) / 2 = 72.5 → +12.5
    expect(estimatedImprovement(masteryOf(scored([0, 60])))).toBe(12.5);
    expect(estimatedImprovement(masteryOf([]))).toBeNull();
    expect(estimatedImprovement(masteryOf(scored([0, 95])))).toBe(0);
  });

  it('writes spans in days below two weeks, weeks above', () => {
    expect([spanText(86_400_000), spanText(3 * 86_400_000), spanText(42 * 86_400_000)]).toEqual(['1 day', '3 days', '6 weeks']);
  });
});

describe('skill mastery properties', () => {
  const evidenceArb = fc
    .array(fc.record({ d: fc.integer({ min: 0, max: 200 }), h: fc.integer({ min: 0, max: 23 }), percent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null, freq: 5 }) }), { minLength: 1, maxLength: 20 })
    .map((rows) => {
      // distinct instants, so raising a score never reorders the evidence
      const seen = new Set<string>();
      return rows.map((r) => ({ at: day(r.d, r.h), percent: r.percent })).filter((e) => (seen.has(e.at) ? false : (seen.add(e.at), true)));
    });

  it('never lowers mastery, band or level when one score is raised, all else equal', () => {
    fc.assert(
      fc.property(evidenceArb, fc.nat(), fc.integer({ min: 1, max: 100 }), (evidence, pick, raise) => {
        const scoredIdx = evidence.flatMap((e, i) => (e.percent === null ? [] : [i]));
        fc.pre(scoredIdx.length > 0);
        const i = scoredIdx[pick % scoredIdx.length]!;
        const higher = evidence.map((e, j) => (j === i ? { ...e, percent: Math.min(100, e.percent! + raise) } : e));
        const a = masteryOf(evidence);
        const b = masteryOf(higher);
        expect(b.mastery!).toBeGreaterThanOrEqual(a.mastery!);
        expect(bandRank(b.band)).toBeGreaterThanOrEqual(bandRank(a.band));
        expect(['beginner', 'intermediate', 'advanced', 'expert'].indexOf(b.level!)).toBeGreaterThanOrEqual(['beginner', 'intermediate', 'advanced', 'expert'].indexOf(a.level!));
      }),
    );
  });

  it('counts exactly the evidence records used, whatever their order', () => {
    fc.assert(
      fc.property(evidenceArb, (evidence) => {
        const m = masteryOf(evidence);
        expect(m.evidenceCount).toBe(evidence.length);
        expect(m.scoredCount).toBe(evidence.filter((e) => e.percent !== null).length);
        expect(masteryOf([...evidence].reverse())).toEqual(m);
        if (m.mastery !== null) {
          expect(m.mastery).toBeGreaterThanOrEqual(0);
          expect(m.mastery).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});
