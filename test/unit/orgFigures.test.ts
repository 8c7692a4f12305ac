import {
  benchmarksOf,
  completionRateOf,
  engagementOf,
  goalAlignment,
  orgLearnerEntryOf,
  paceOf,
  skillDemand,
  trendMonths,
  trendOf,
  type OrgLearnerEntry,
} from '../../shared/domain/orgFigures.js';

// Seed 003 §4 / §5 organization figures (issue 16; docs/analytics.md §12, §13). Expected values by hand.

const entry = (d: Record<string, number>, more: Partial<OrgLearnerEntry> = {}): OrgLearnerEntry => ({ at: '2026-11-01', d, st: 0, co: 0, ce: 0, sm: 0, sk: [], ...more });

describe('org learner entry', () => {
  const day = (date: string, topics: number, content: Record<string, { contentType: string; completed: boolean }> = {}, certificates = 0) => ({
    date,
    topics,
    certificates,
    content: Object.fromEntries(Object.entries(content).map(([k, v]) => [k, { ...v, contentId: k, events: 1, seconds: 0, topics: 0, assessments: 0, scoreSum: 0 }])),
  });
  it('keeps 56 days of topics, counts courses started and completed and certificates over 182 days', () => {
    const e = orgLearnerEntryOf(
      [
        day('2026-11-01', 2, { 'course:a': { contentType: 'course', completed: true } }),
        day('2026-09-06', 5, { 'course:b': { contentType: 'course', completed: false } }), // 57 days before 11-01: not kept in d, but in the 182 days
        day('2026-09-07', 1, { 'tutorial:t': { contentType: 'tutorial', completed: true } }, 1), // 56th day: kept; tutorials are no courses
        day('2026-05-02', 9, { 'course:c': { contentType: 'course', completed: true } }), // 184 days before: outside the window
      ],
      { js: { band: 'mastered' }, css: { band: 'familiar' } },
    );
    expect(e).toEqual({ at: '2026-11-01', d: { '2026-09-07': 1, '2026-11-01': 2 }, st: 2, co: 1, ce: 1, sm: 1, sk: ['css', 'js'] });
  });
  it('is null without learner-days', () => {
    expect(orgLearnerEntryOf([], {})).toBeNull();
  });
});

describe('pace, engagement and completion rate', () => {
  // window ending 11-01: 10-05 … 11-01; previous: 09-07 … 10-04
  const e = entry({ '2026-09-07': 3, '2026-10-04': 1, '2026-10-05': 2, '2026-11-01': 4 }, { st: 3, co: 2 });
  it('pace is topics in the 28 days ÷ 4', () => {
    expect(paceOf(e, '2026-11-01')).toBe(1.5); // (2 + 4) / 4
    expect(paceOf(e, '2026-11-01', 1)).toBe(1); // (3 + 1) / 4
    expect(paceOf(undefined, '2026-11-01')).toBe(0);
  });
  it('engagement is 100 × active days ÷ 20, capped at 100', () => {
    expect(engagementOf(e, '2026-11-01')).toBe(10); // 2 days
    const daily = entry(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`2026-10-${String(i + 5).padStart(2, '0')}`, 0])));
    expect(engagementOf(daily, '2026-11-01')).toBe(100);
  });
  it('completion rate is completed ÷ started, null without a course', () => {
    expect(completionRateOf(e)).toBe(67); // 2 / 3
    expect(completionRateOf(entry({}))).toBeNull();
  });
  it('trend moves beyond ±10 %', () => {
    expect(trendOf(1.1, 1)).toBe('stable');
    expect(trendOf(1.11, 1)).toBe('up');
    expect(trendOf(0.89, 1)).toBe('down');
    expect(trendOf(1, 0)).toBe('up');
    expect(trendOf(0, 0)).toBe('stable');
  });
  it('trend months are the six ending with the as-of month, across a year', () => {
    expect(trendMonths('2026-02-10')).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('goal alignment', () => {
  it('gives partial credit per skill and counts members at every required level', () => {
    const levels: Record<string, Record<string, number>> = { a: { aws: 3, k8s: 1 }, b: { aws: 4, k8s: 2 } };
    const r = goalAlignment(
      { goalId: 'g', name: 'G', targetDate: '2026-12-31', targetSkills: [{ skillId: 'aws', requiredLevel: 3 }, { skillId: 'k8s', requiredLevel: 2 }], scope: { departmentIds: ['d'], userIds: ['c'] } },
      [{ departmentId: 'd', name: 'D', memberIds: ['a', 'b'] }],
      (u) => levels[u] ?? {},
    );
    // a: 1 + 1/2; b: 1 + 1; c: 0 + 0 → 3.5 / 6 = 58.3 %; aligned: b → 1 of 3 = 33 %
    expect(r).toMatchObject({ members: ['a', 'b', 'c'], alignmentScore: 58, employeesAligned: 1, employeesTotal: 3, progress: 33 });
    expect(r.skills).toEqual([
      { skillId: 'aws', requiredLevel: 3, share: 2 / 3, below: ['c'] },
      { skillId: 'k8s', requiredLevel: 2, share: 1 / 3, below: ['a', 'c'] },
    ]);
  });
});

describe('benchmarks', () => {
  const scores = (n: number) => Array.from({ length: n }, (_, i) => ({ tenantId: `t${i}`, score: 10 * (i + 1) }));
  it('are null under 10 contributing tenants', () => {
    expect(benchmarksOf(scores(9), 't0')).toBeNull();
  });
  it('give the mean, the nearest-rank 75th percentile and the position', () => {
    // 10, 20, …, 100: mean 55; ⌈0.75 × 10⌉ = 8th → 80; t7 (80): 2 above → ⌈100 × 3 / 10⌉ = Top 30%
    expect(benchmarksOf(scores(10), 't7')).toEqual({ industryAverage: 55, topQuartile: 80, yourPosition: 'Top 30%', tenants: 10 });
    expect(benchmarksOf(scores(10), 'other')?.yourPosition).toBeNull();
  });
});

describe('skill demand', () => {
  it('scores goal demand and enrollment growth, finds emerging skills and the caller\'s gaps', () => {
    const r = skillDemand({
      rows: { react: { e1: 10, e0: 5, learners: 7 }, rust: { e1: 3, e0: 1, learners: 2 }, css: { e1: 0, e0: 0, learners: 4 } },
      goals: [{ goalId: 'g', name: 'G', targetDate: '2027-01-01', targetSkills: [{ skillId: 'ts', requiredLevel: 3 }, { skillId: 'react', requiredLevel: 2 }], scope: { userIds: ['a', 'b'] } }],
      departments: [],
      names: (s) => s.toUpperCase(),
      jobPostings: { react: 3500 },
      mastery: (s) => ({ react: 45 })[s] ?? null,
    });
    // g: ts 2, react 2 (max 2); e1 max 10. react 50 + 50 = 100; ts 50 + 0 = 50; rust 0 + 15 = 15; css has no enrollments and no goal: left out
    expect(r.topDemandSkills.map((s) => [s.skillId, s.demandScore, s.trendDirection, s.trendPercentage, s.jobPostings])).toEqual([
      ['react', 100, 'increasing', 100, 3500],
      ['ts', 50, 'stable', null, null],
      ['rust', 15, 'increasing', 200, null],
    ]);
    expect(r.emergingSkills).toEqual([
      { skillId: 'rust', skillName: 'RUST', growthRate: 200, currentDemand: 15 },
      { skillId: 'react', skillName: 'REACT', growthRate: 100, currentDemand: 100 },
    ]);
    // react 100 − 45 = 55 high; ts 50 − 0 (no evidence) = 50 high; rust 15 low
    expect(r.userSkillGaps).toEqual([
      { skillId: 'react', skillName: 'REACT', demandScore: 100, userMastery: 45, gap: 55, priority: 'high' },
      { skillId: 'ts', skillName: 'TS', demandScore: 50, userMastery: null, gap: 50, priority: 'high' },
      { skillId: 'rust', skillName: 'RUST', demandScore: 15, userMastery: null, gap: 15, priority: 'low' },
    ]);
  });
});
