import fc from 'fast-check';
import { generateDropoffTenant } from '../../bin/backtest/dropoffTenant.js';
import { dateAtPace, forecastOf, paceConfidence, percentile, weeklyPaces, type ForecastUnit } from '../../shared/domain/completionForecast.js';
import { coCompletionCounts, rankRecommendations, reasoningOf, type CandidateCourse, type RecommendationInput } from '../../shared/domain/courseRecommendations.js';
import { auc, buildExamples, scoreExample } from '../../shared/domain/dropoffModel.js';
import { trainingCutoffs, trainTenant } from '../../shared/domain/dropoffRisk.js';

/**
 * Issue 21: the nightly training plan, the completion forecast and the recommendation rules against
 * hand-computed values (docs/analytics.md §17.7, §17.9, §17.10).
 */

describe('nightly training (docs/analytics.md §17.7)', () => {
  it('cutoffs every 7 days from through − 98 to through − 14', () => {
    const cutoffs = trainingCutoffs('2026-11-01');
    expect(cutoffs).toHaveLength(13);
    expect(cutoffs[0]).toBe('2026-07-26');
    expect(cutoffs[1]).toBe('2026-08-02');
    expect(cutoffs.at(-1)).toBe('2026-10-18');
  });

  it('trains the tenant model on a generated tenant; its held-out AUC beats the Aspects rule on the same examples', () => {
    const tenant = generateDropoffTenant({ learners: 250, days: 126, seed: 7 });
    const training = trainTenant(tenant.learners, tenant.end);
    expect(training.model).not.toBeNull();
    const heldOut = buildExamples(tenant.learners, [training.cutoffs.at(-1)!], tenant.end);
    const labels = heldOut.map((e) => e.label);
    const modelAuc = auc(heldOut.map((e) => scoreExample(training.model!, e.features).calibrated), labels)!;
    const aspectsAuc = auc(heldOut.map((e) => e.aspects), labels)!;
    expect(training.auc).toBe(Math.round(modelAuc * 1000) / 1000);
    expect(modelAuc).toBeGreaterThan(aspectsAuc);
    // the planted behaviour: inactivity raises the risk, regular weeks lower it
    expect(training.model!.weights.daysSinceLastActivity).toBeGreaterThan(0);
    expect(training.model!.weights.sessionRegularity).toBeLessThan(0);
  });

  it('a tenant without enough labelled history gets no model (the global prior applies)', () => {
    const tenant = generateDropoffTenant({ learners: 8, days: 126, seed: 7 });
    const training = trainTenant(tenant.learners, tenant.end);
    expect(training.examples).toBeLessThan(200);
    expect(training.model).toBeNull();
    expect(training.auc).toBeNull();
  });
});

describe('completion forecast (docs/analytics.md §17.9, hand-computed)', () => {
  const asOf = '2026-11-01';
  // blocks ending 11-01: k=3 (10-05…10-11) 2 topics, k=2 4, k=1 1 + 2, k=0 6; 09-01 is outside the 8 weeks
  const days = [
    { date: '2026-09-01', topics: 5 },
    { date: '2026-10-06', topics: 2 },
    { date: '2026-10-14', topics: 4 },
    { date: '2026-10-20', topics: 1 },
    { date: '2026-10-22', topics: 2 },
    { date: '2026-10-28', topics: 0 },
    { date: '2026-10-30', topics: 6 },
  ];
  const units: ForecastUnit[] = [
    { name: 'Basics', total: 4, completed: 4, completedAt: '2026-10-20' },
    { name: 'Hooks', total: 5, completed: 2 },
    { name: 'Testing', total: 3, completed: 0 },
  ];

  it('weekly paces from the first week with a topic, oldest first', () => {
    expect(weeklyPaces(days, asOf)).toEqual([2, 4, 3, 6]);
    expect(weeklyPaces([{ date: '2026-10-20', topics: 3 }], asOf)).toEqual([3, 0]);
    expect(weeklyPaces([{ date: '2026-10-20', topics: 0 }], asOf)).toEqual([]);
  });

  it('percentiles interpolate between closest ranks', () => {
    expect(percentile([2, 4, 3, 6], 25)).toBeCloseTo(2.75, 12);
    expect(percentile([2, 4, 3, 6], 50)).toBeCloseTo(3.5, 12);
    expect(percentile([2, 4, 3, 6], 75)).toBeCloseTo(4.5, 12);
    expect(percentile([], 50)).toBeNull();
  });

  it('confidence = 1 / (1 + sd / mean), scaled below 4 weeks', () => {
    // mean 3.75, population sd √2.1875 = 1.4790, CV 0.3944 → 0.7172
    expect(paceConfidence([2, 4, 3, 6])).toBe(0.72);
    // mean 1.5, sd 1.5 → 0.5, × 2/4 weeks
    expect(paceConfidence([3, 0])).toBe(0.25);
    expect(paceConfidence([])).toBeNull();
  });

  it('scenario dates, predicted date and milestones of the worked example', () => {
    const f = forecastOf(units, weeklyPaces(days, asOf), asOf);
    expect(f.currentProgress).toBe(50);
    expect(f.remainingTopics).toBe(6);
    // 6 / 4.5 × 7 = 9.33 → 10 days; 6 / 3.5 × 7 = 12 days; 6 / 2.75 × 7 = 15.27 → 16 days
    expect(f.scenarios.best).toMatchObject({ date: '2026-11-11', pace: 4.5 });
    expect(f.scenarios.expected).toMatchObject({ date: '2026-11-13', pace: 3.5 });
    expect(f.scenarios.worst).toMatchObject({ date: '2026-11-17', pace: 2.8 });
    expect(f.predictedCompletionDate).toBe('2026-11-13');
    expect(f.confidenceScore).toBe(0.72);
    expect(f.milestones).toEqual([
      { name: 'Basics', status: 'completed', completedTopics: 4, totalTopics: 4, completedAt: '2026-10-20', estimatedCompletionDate: null },
      // 3 remaining through Hooks: 3 / 3.5 × 7 = 6 days
      { name: 'Hooks', status: 'in_progress', completedTopics: 2, totalTopics: 5, completedAt: null, estimatedCompletionDate: '2026-11-07' },
      { name: 'Testing', status: 'not_started', completedTopics: 0, totalTopics: 3, completedAt: null, estimatedCompletionDate: '2026-11-13' },
    ]);
  });

  it('a learner with no pace yet gets null dates, not invented ones', () => {
    const f = forecastOf(units, weeklyPaces([{ date: '2026-10-28', topics: 0 }], asOf), asOf);
    expect(f.predictedCompletionDate).toBeNull();
    expect(f.confidenceScore).toBeNull();
    expect([f.scenarios.best.date, f.scenarios.expected.date, f.scenarios.worst.date]).toEqual([null, null, null]);
    expect(f.milestones.map((m) => m.estimatedCompletionDate)).toEqual([null, null, null]);
    // before the first nightly run there is no pace either
    expect(forecastOf(units, [2, 4], null).predictedCompletionDate).toBeNull();
  });

  it('a percentile pace of 0 gives a null date for that scenario only', () => {
    // paces [5, 0, 0]: P25 = P50 = 0, P75 = 2.5 → best 3 / 2.5 × 7 = 8.4 → 9 days
    const f = forecastOf([{ name: 'Only', total: 3, completed: 0 }], [5, 0, 0], asOf);
    expect(f.scenarios.best.date).toBe('2026-11-10');
    expect(f.scenarios.expected.date).toBeNull();
    expect(f.scenarios.worst.date).toBeNull();
  });

  it('scenarios are ordered best ≤ expected ≤ worst for any paces and progress', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ total: fc.integer({ min: 1, max: 20 }), completed: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 6 }),
        (paces, shape) => {
          const f = forecastOf(shape.map((u, i) => ({ name: `s${i}`, ...u })), paces, asOf);
          const { best, expected, worst } = f.scenarios;
          if (worst.date !== null) expect(expected.date).not.toBeNull();
          if (expected.date !== null) expect(best.date).not.toBeNull();
          if (best.date && expected.date) expect(best.date <= expected.date).toBe(true);
          if (expected.date && worst.date) expect(expected.date <= worst.date).toBe(true);
          expect(f.predictedCompletionDate).toBe(expected.date);
        },
      ),
    );
  });

  it('dateAtPace rounds up to whole days and is null at no pace', () => {
    expect(dateAtPace(asOf, 1, 7)).toBe('2026-11-02');
    expect(dateAtPace(asOf, 0, 3)).toBe(asOf);
    expect(dateAtPace(asOf, 4, 0)).toBeNull();
  });
});

describe('recommendations (docs/analytics.md §17.10, hand-computed)', () => {
  const courses: CandidateCourse[] = [
    { courseId: 'basics', title: 'Basics', skills: ['js'], prerequisites: [], durationMinutes: 120 },
    { courseId: 'hooks', title: 'Hooks', skills: ['react'], prerequisites: ['basics'], durationMinutes: 240 },
    { courseId: 'advanced', title: 'Advanced', skills: ['react', 'perf'], prerequisites: ['hooks'], durationMinutes: 360 },
    { courseId: 'css', title: 'CSS', skills: ['css'], prerequisites: [], durationMinutes: 60 },
    { courseId: 'ts', title: 'TS', skills: ['react'], prerequisites: ['unpublished'], durationMinutes: 60 },
    { courseId: 'enrolled', title: 'Enrolled', skills: ['react'], prerequisites: [], durationMinutes: 60 },
  ];
  const input = (over: Partial<RecommendationInput> = {}): RecommendationInput => ({
    courses,
    completed: new Set(['basics', 'quiet']),
    enrolled: new Set(['enrolled']),
    gaps: new Map([['react', 2], ['perf', 1]]),
    // basics: 12 learners, 9 then hooks, 3 then css; quiet: a group of 9 (below 10), ignored
    coCompletion: { basics: { learners: 12, next: { hooks: 9, css: 3 } }, quiet: { learners: 9, next: { css: 9 } } },
    context: 'general',
    limit: 10,
    weeklyMinutes: 120,
    ...over,
  });
  const ids = (i: RecommendationInput) => rankRecommendations(i).map((r) => r.courseId);

  it('general: prerequisites met, by co-completion share (9/12 before 3/12)', () => {
    const ranked = rankRecommendations(input());
    expect(ranked.map((r) => r.courseId)).toEqual(['hooks', 'css']);
    expect(ranked[0]).toMatchObject({ gapScore: 2, coCompletion: { after: 'basics', count: 9, group: 12, share: 0.75 }, estimatedWeeks: 2 });
    expect(ranked[1]).toMatchObject({ gapScore: 0, coCompletion: { after: 'basics', count: 3, group: 12, share: 0.25 }, estimatedWeeks: 0.5 });
  });

  it('velocity: the shortest at the learner\'s weekly time first', () => {
    expect(ids(input({ context: 'velocity' }))).toEqual(['css', 'hooks']);
  });

  it('skill_gap: a course with unmet prerequisites only after its prerequisites, and only when they fit', () => {
    // advanced closes react 2 + perf 1 = 3 but needs hooks (met): hooks first, then advanced
    expect(ids(input({ context: 'skill_gap' }))).toEqual(['hooks', 'advanced']);
    expect(ids(input({ context: 'skill_gap', limit: 1 }))).toEqual(['hooks']);
  });

  it('never a completed course, an enrolled one, or one whose prerequisites cannot be recommended', () => {
    for (const context of ['general', 'velocity', 'skill_gap'] as const) {
      const out = ids(input({ context }));
      expect(out).not.toContain('basics');
      expect(out).not.toContain('enrolled');
      expect(out).not.toContain('ts');
    }
    expect(ids(input({ context: 'general' }))).not.toContain('advanced');
  });

  it('random catalogs: never completed; unmet prerequisites only in skill_gap and recommended earlier', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ skills: fc.subarray(['a', 'b', 'c']), prereqs: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]), minutes: fc.integer({ min: 10, max: 600 }) }), { minLength: 1, maxLength: 8 }),
        fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]),
        fc.constantFrom('general' as const, 'velocity' as const, 'skill_gap' as const),
        fc.integer({ min: 1, max: 8 }),
        (shape, done, context, limit) => {
          const cs = shape.map((c, i) => ({ courseId: `c${i}`, title: `C${i}`, skills: c.skills, prerequisites: c.prereqs.filter((p) => p !== i).map((p) => `c${p}`), durationMinutes: c.minutes }));
          const completed = new Set(done.map((d) => `c${d}`));
          const out = rankRecommendations({ courses: cs, completed, enrolled: new Set(), gaps: new Map([['a', 2], ['b', 1]]), coCompletion: {}, context, limit, weeklyMinutes: 90 });
          expect(out.length).toBeLessThanOrEqual(limit);
          const seen = new Set<string>();
          for (const r of out) {
            expect(completed.has(r.courseId)).toBe(false);
            for (const p of r.missingPrerequisites) {
              expect(context).toBe('skill_gap');
              expect(seen.has(p)).toBe(true);
            }
            seen.add(r.courseId);
          }
        },
      ),
    );
  });

  it('reasoning names the figures', () => {
    const [hooks] = rankRecommendations(input());
    const titles = new Map(courses.map((c) => [c.courseId, c.title]));
    expect(reasoningOf(hooks!, titles)).toBe(
      'You have completed its prerequisites. It teaches react (gap of 2 levels). 9 of the 12 learners who completed Basics also completed it. About 2 weeks at your weekly study time.',
    );
    const advanced = rankRecommendations(input({ context: 'skill_gap' }))[1]!;
    expect(reasoningOf(advanced, titles)).toBe('Take it after its prerequisites Hooks, recommended first. It teaches react (gap of 2 levels), perf (gap of 1 level). About 3 weeks at your weekly study time.');
  });

  it('co-completion counts keep only groups of at least 10', () => {
    const lists = [...Array.from({ length: 10 }, () => ['a', 'b']), ['a'], ['a'], ...Array.from({ length: 9 }, () => ['c', 'b'])];
    expect(coCompletionCounts(lists)).toEqual({
      a: { learners: 12, next: { b: 10 } },
      b: { learners: 19, next: { a: 10, c: 9 } },
    });
  });
});
