import fc from 'fast-check';
import { groupOf, insightsOf, isolatingPrevious, MIN_SAMPLE, peerAverages, percentileRank, platformGroup, type GroupFilter, type PeerEntry } from '../../shared/domain/peerComparison.js';

const entry = (fields: Partial<PeerEntry>): PeerEntry => ({ level: 'advanced', velocity: 1, score: 90, mastered: 0, skills: { js: 3 }, courses: ['c1'], ...fields });
const none: Omit<GroupFilter, 'subject'> = { level: null, skillId: null, courses: null };

describe('peer comparison rules', () => {
  it('leaves the subject out and applies every filter', () => {
    const table = new Map<string, PeerEntry>([
      ['me', entry({})],
      ['a', entry({})],
      ['b', entry({ level: 'beginner', skills: { css: 1 } })],
      ['c', entry({ courses: ['c2'] })],
    ]);
    expect(groupOf(table, { subject: 'me', ...none })).toEqual(['a', 'b', 'c']);
    expect(groupOf(table, { subject: 'me', ...none, level: 'advanced', skillId: 'js', courses: ['c1'] })).toEqual(['a']);
  });

  it('averages, ranks with ties as half, and names the figure in each insight', () => {
    expect(peerAverages([entry({ score: null, velocity: 2 }), entry({ score: 80, mastered: 3 })])).toEqual({ learningVelocity: 1.5, avgScore: 80, skillsMastered: 1.5 });
    expect(percentileRank(80, [70, 80, 90, 100])).toBe(38); // (1 + 0.5) / 4 = 37.5 → 38
    expect(percentileRank(null, [1])).toBeNull();
    expect(insightsOf({ learningVelocity: 2.5, avgScore: 82, skillsMastered: 12 }, { learningVelocity: 2.2, avgScore: 78, skillsMastered: 10 })).toEqual([
      "You're learning 14% faster than your peers (learningVelocity 2.5 vs 2.2)",
      'Your assessment scores are 5% above average (avgScore 82 vs 78)',
      "You've mastered 20% more skills than similar learners (skillsMastered 12 vs 10)",
    ]);
  });

  it('never lets two answered groups differ by 1 to k − 1 learners (differencing guard)', () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: MIN_SAMPLE, maxLength: 41 }), { minLength: 1, maxLength: 8 }), (groups) => {
        const answered: { filter: GroupFilter; group: string[] }[] = [];
        for (const g of groups) {
          const group = g.map(String);
          if (!isolatingPrevious(group, answered)) answered.push({ filter: { subject: 's', ...none }, group });
        }
        for (const a of answered) {
          for (const b of answered) {
            const diff = a.group.filter((u) => !b.group.includes(u)).length;
            expect(diff === 0 || diff >= MIN_SAMPLE).toBe(true);
          }
        }
      }),
    );
  });

  it('uses platform bins of at least k learners only, and needs two tenants besides the caller\'s', () => {
    const bin = (n: number) => ({ n, velocitySum: n, scoreSum: 50 * n, scored: n, masteredSum: 0, scoreHistogram: { '50': n } });
    expect(platformGroup([{ tenantId: 'me', bin: bin(10) }, { tenantId: 'x', bin: bin(10) }, { tenantId: 'y', bin: bin(9) }], 'me')).toBeNull();
    const g = platformGroup([{ tenantId: 'me', bin: bin(10) }, { tenantId: 'x', bin: bin(10) }, { tenantId: 'y', bin: bin(10) }], 'me')!;
    expect([g.sampleSize, g.tenants, g.averages.avgScore, g.percentile(50)]).toEqual([30, 3, 50, 50]);
  });
});
