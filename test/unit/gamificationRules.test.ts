import fc from 'fast-check';
import { evaluateCriteria, type LearnerFacts } from '../../shared/domain/achievementCriteria.js';
import { levelOf, pointsForActivity } from '../../shared/domain/points.js';
import { criteriaSchema } from '../../shared/schemas/achievements.js';

describe('points per activity', () => {
  it('pays first completions, quiz passes, course completions, sessions and logs as documented', () => {
    expect(pointsForActivity({ source: 'tutorial.chapter', itemCompleted: true })).toBe(10);
    expect(pointsForActivity({ source: 'tutorial.chapter', itemCompleted: false })).toBe(0);
    expect(pointsForActivity({ source: 'lesson.progress', itemCompleted: true, score: 8 })).toBe(15);
    expect(pointsForActivity({ source: 'block.completion', itemCompleted: true, contentCompleted: true })).toBe(60);
    expect(pointsForActivity({ source: 'session.complete' })).toBe(5);
    expect(pointsForActivity({ source: 'progress.log' })).toBe(2);
    expect(pointsForActivity({ source: 'progress.log', personalRecord: true })).toBe(7);
  });
});

describe('levels', () => {
  it('match a reference that walks the 100-points-more-per-level curve', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), (points) => {
        let level = 1;
        let start = 0;
        let step = 100;
        while (start + step <= points) {
          start += step;
          level += 1;
          step += 100;
        }
        const standing = levelOf(points);
        return standing.level === level && standing.nextLevelPoints === start + step && standing.levelProgress === Math.floor(((points - start) * 100) / step);
      }),
      { numRuns: 2000 },
    );
  });

  it('puts 1250 points at level 5, half way to 1500', () => {
    expect(levelOf(1250)).toEqual({ level: 5, levelProgress: 50, nextLevelPoints: 1500 });
  });
});

const facts = (over: Partial<LearnerFacts> = {}): LearnerFacts => ({
  pointsTotal: 0, blocksCompleted: 0, coursesCompleted: 0, courseProgress: {}, longestStreak: 0, averageEngagement: null,
  personalRecords: 0, heldAchievements: new Set(), firstActivityAt: '2026-01-01T00:00:00Z', now: new Date('2026-01-10T00:00:00Z'), ...over,
});
const criteria = (value: unknown) => criteriaSchema.parse(value);

describe('achievement criteria', () => {
  const seedCriteria = criteria({ course_completion_threshold: 90, required_courses: ['c1', 'c2'], time_limit_days: 180 });

  it('awards the seed\'s example exactly when every required course reaches the threshold within the time limit', () => {
    expect(evaluateCriteria(seedCriteria, facts({ courseProgress: { c1: 95, c2: 90 } })).met).toBe(true);
    expect(evaluateCriteria(seedCriteria, facts({ courseProgress: { c1: 95, c2: 89 } })).met).toBe(false);
    expect(evaluateCriteria(seedCriteria, facts({ courseProgress: { c1: 95 } })).met).toBe(false);
    const late = evaluateCriteria(seedCriteria, facts({ courseProgress: { c1: 100, c2: 100 }, now: new Date('2026-07-01T00:00:00Z') }));
    expect(late.met).toBe(false);
    expect(late.criteria.find((c) => c.criterion === 'time_limit')?.met).toBe(false);
  });

  it('reports progress toward the criteria (0–100, 100 only when met)', () => {
    const half = evaluateCriteria(seedCriteria, facts({ courseProgress: { c1: 90, c2: 45 } }));
    // c1 100 % of the threshold, c2 50 % → mean 75.
    expect(half.criteria[0]).toEqual({ criterion: 'completion_threshold', met: false, progress: 75 });
    expect(half.progress).toBe(75);
  });

  it.each([
    ['courses_completed', { courses_completed: 3 }, { coursesCompleted: 2 }, { coursesCompleted: 3 }],
    ['streak_days', { streak_days: 7 }, { longestStreak: 6 }, { longestStreak: 7 }],
    ['points_total', { points_total: 500 }, { pointsTotal: 499 }, { pointsTotal: 500 }],
    ['blocks_completed', { blocks_completed: 10 }, { blocksCompleted: 9 }, { blocksCompleted: 10 }],
    ['engagement_score', { engagement_score: 80 }, { averageEngagement: 79.9 }, { averageEngagement: 80 }],
    ['personal_records', { personal_records: 2 }, { personalRecords: 1 }, { personalRecords: 2 }],
    ['achievement_id', { achievement_id: 'base' }, { heldAchievements: new Set(['other']) }, { heldAchievements: new Set(['base']) }],
  ])('holds %s exactly at its target', (_name, raw, below, at) => {
    const parsed = criteria(raw);
    expect(evaluateCriteria(parsed, facts(below as Partial<LearnerFacts>)).met).toBe(false);
    expect(evaluateCriteria(parsed, facts(at as Partial<LearnerFacts>)).met).toBe(true);
  });

  it('combines with ALL (every criterion) or ANY (one suffices)', () => {
    const all = criteria({ points_total: 100, blocks_completed: 5 });
    const any = criteria({ combine: 'any', points_total: 100, blocks_completed: 5 });
    const oneMet = facts({ pointsTotal: 100, blocksCompleted: 1 });
    expect(evaluateCriteria(all, oneMet).met).toBe(false);
    expect(evaluateCriteria(any, oneMet).met).toBe(true);
    expect(evaluateCriteria(all, facts({ pointsTotal: 100, blocksCompleted: 5 })).met).toBe(true);
    expect(evaluateCriteria(any, facts()).met).toBe(false);
  });

  it('never reports 100 % progress while unmet, and is monotone in every fact', () => {
    const rule = criteria({ points_total: 300, blocks_completed: 20, courses_completed: 2 });
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(40), fc.nat(4), fc.nat(50), (points, blocks, courses, extra) => {
        const before = evaluateCriteria(rule, facts({ pointsTotal: points, blocksCompleted: blocks, coursesCompleted: courses }));
        const after = evaluateCriteria(rule, facts({ pointsTotal: points + extra, blocksCompleted: blocks + 1, coursesCompleted: courses }));
        return (before.met || before.progress < 100) && after.progress >= before.progress && (!before.met || after.met);
      }),
      { numRuns: 500 },
    );
  });
});
