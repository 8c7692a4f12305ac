import type { LearnerDay } from './dailyAggregates.js';
import { addDays } from './localDate.js';

/**
 * Seed 003 §4 organization analytics and §5 skill-demand (issue 16; docs/analytics.md §12 and §13).
 * Pure: the nightly step builds each learner's compact entry, the read services compose these figures
 * from the entries, the tenant-days, the peer table and the organization's configuration.
 */

/** The window of learner-days an org learner entry is built from (courses started and completed, certificates). */
export const ENTRY_WINDOW_DAYS = 182;
/** Days of per-date topic counts an entry keeps (the current and the previous 28-day pace window). */
export const ENTRY_DAYS_KEPT = 56;
/** The pace window: topics per week over the 28 days ending at the as-of date. */
export const PACE_WINDOW_DAYS = 28;
/** A trend moves when the figure changed by more than this share of its previous value. */
export const TREND_THRESHOLD = 0.1;
/** Active days in 28 that make an engagement score of 100 (5 a week, the learner engagement score's target). */
export const ENGAGEMENT_FULL_DAYS = 20;
/** Top performers shown per department. */
export const TOP_PERFORMERS = 3;
/** Tenants that must contribute before a cross-tenant benchmark is shown. */
export const MIN_BENCHMARK_TENANTS = 10;
/** Learners a tenant needs before its culture score may contribute to a benchmark (k-anonymity). */
export const MIN_BENCHMARK_LEARNERS = 10;

/** One learner in the org learner table, as of `at` (the newest date of their learner-days). */
export interface OrgLearnerEntry {
  at: string;
  /** Topics completed per active date (every date with a record, 0 allowed) of the 56 days ending at `at`. */
  d: Record<string, number>;
  /** Catalog courses with activity, and catalog courses completed, in the 182 days ending at `at`. */
  st: number;
  co: number;
  /** Tutorial certificates earned in those 182 days. */
  ce: number;
  /** Skills in the mastered band, and skills with evidence (from the mastery summary). */
  sm: number;
  sk: string[];
}

/** The entry of a learner from their learner-days (any order) and their mastery summary's skills. */
export function orgLearnerEntryOf(days: readonly Pick<LearnerDay, 'date' | 'topics' | 'certificates' | 'content'>[], skills: Readonly<Record<string, { band: string | null }>>): OrgLearnerEntry | null {
  if (days.length === 0) return null;
  const at = days.reduce((max, d) => (d.date > max ? d.date : max), days[0]!.date);
  const keepFrom = addDays(at, -(ENTRY_DAYS_KEPT - 1));
  const windowFrom = addDays(at, -(ENTRY_WINDOW_DAYS - 1));
  const d: Record<string, number> = {};
  const started = new Set<string>();
  const completed = new Set<string>();
  let ce = 0;
  for (const day of days) {
    if (day.date < windowFrom || day.date > at) continue;
    if (day.date >= keepFrom) d[day.date] = (d[day.date] ?? 0) + day.topics;
    ce += day.certificates;
    for (const [key, c] of Object.entries(day.content)) {
      if (c.contentType !== 'course') continue;
      started.add(key);
      if (c.completed) completed.add(key);
    }
  }
  return {
    at,
    d: Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1))),
    st: started.size,
    co: completed.size,
    ce,
    sm: Object.values(skills).filter((m) => m.band === 'mastered').length,
    sk: Object.keys(skills).sort(),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Σ topics of the entry's dates in [from, to]. */
function topicsIn(e: OrgLearnerEntry | undefined, from: string, to: string): number {
  if (!e) return 0;
  let sum = 0;
  for (const [date, topics] of Object.entries(e.d)) if (date >= from && date <= to) sum += topics;
  return sum;
}

/** Active dates of the entry in [from, to]. */
function activeDaysIn(e: OrgLearnerEntry | undefined, from: string, to: string): number {
  if (!e) return 0;
  return Object.keys(e.d).filter((date) => date >= from && date <= to).length;
}

/** pace = topics in the 28 days ending at `asOf` ÷ 4 (topics per week); `back` windows earlier for the previous one. */
export function paceOf(e: OrgLearnerEntry | undefined, asOf: string, back = 0): number {
  const to = addDays(asOf, -PACE_WINDOW_DAYS * back);
  return topicsIn(e, addDays(to, -(PACE_WINDOW_DAYS - 1)), to) / (PACE_WINDOW_DAYS / 7);
}

/** engagement = 100 × min(1, active days in the 28 days ending at `asOf` ÷ 20), whole. */
export function engagementOf(e: OrgLearnerEntry | undefined, asOf: string, back = 0): number {
  const to = addDays(asOf, -PACE_WINDOW_DAYS * back);
  return Math.round(100 * Math.min(1, activeDaysIn(e, addDays(to, -(PACE_WINDOW_DAYS - 1)), to) / ENGAGEMENT_FULL_DAYS));
}

/** completionRate of a learner: 100 × courses completed ÷ courses with activity (182 days), whole; null without a course. */
export function completionRateOf(e: OrgLearnerEntry | undefined): number | null {
  if (!e || e.st === 0) return null;
  return Math.round((100 * Math.min(e.co, e.st)) / e.st);
}

/** Direction of a change: more than 10 % up or down, else stable; from 0, any rise is up. */
export function trendOf(current: number, previous: number): 'up' | 'down' | 'stable' {
  if (previous === 0) return current > 0 ? 'up' : 'stable';
  // rounded to 1e-9 so that exactly 10 % (1.1 vs 1 is 0.10000000000000009 in binary) counts as stable
  const change = Math.round(((current - previous) / previous) * 1e9) / 1e9;
  return change > TREND_THRESHOLD ? 'up' : change < -TREND_THRESHOLD ? 'down' : 'stable';
}

export interface Department {
  departmentId: string;
  name: string;
  memberIds: string[];
}

export interface OrgSettings {
  targetPace?: number;
  currency?: string;
  annualTrainingBudget?: number;
  valuePerCompletion?: number;
}

/** The population of the organization figures: learners in the table and members of a department. */
export function populationOf(entries: ReadonlyMap<string, OrgLearnerEntry>, departments: readonly Department[]): string[] {
  return [...new Set([...entries.keys(), ...departments.flatMap((d) => d.memberIds)])].sort();
}

const word = { up: 'increasing', down: 'decreasing', stable: 'stable' } as const;

/** Topics and course completions of one learner-local date of the tenant (its tenant-day). */
export interface TenantDayFigures {
  date: string;
  topics: number;
  courseCompletions: number;
}

/** The months (yyyy-mm) of the 6 ending with `asOf`'s, oldest first. */
export function trendMonths(asOf: string, count = 6): string[] {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * Seed 003 §4 `learning-velocity`. The tenant-days (the 365 days ending at `asOf`) give the monthly trend
 * and the completions of the ROI figures; `firstDate` is the tenant's first folded date (months before
 * it are null).
 */
export function learningVelocity(input: {
  asOf: string;
  entries: ReadonlyMap<string, OrgLearnerEntry>;
  departments: readonly Department[];
  settings: OrgSettings;
  tenantDays: readonly TenantDayFigures[];
}) {
  const { asOf, entries, departments, settings } = input;
  const population = populationOf(entries, departments);
  const target = settings.targetPace ?? null;
  const paceMean = (ids: readonly string[], back = 0) => mean(ids.map((u) => paceOf(entries.get(u), asOf, back)));
  const overall = paceMean(population);
  const previous = paceMean(population, 1);
  const firstDate = input.tenantDays.reduce<string | null>((min, d) => (min === null || d.date < min ? d.date : min), null);
  const monthlyTrend = trendMonths(asOf).map((month) => {
    if (firstDate === null || population.length === 0 || `${month}-31` < firstDate) return null;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const monthEnd = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
    const from = `${month}-01` > firstDate ? `${month}-01` : firstDate;
    const to = monthEnd < asOf ? monthEnd : asOf;
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
    const topics = input.tenantDays.filter((d) => d.date >= from && d.date <= to).reduce((a, d) => a + d.topics, 0);
    return round1(topics / (days / 7) / population.length);
  });
  const from365 = addDays(asOf, -364);
  const completions = input.tenantDays.filter((d) => d.date >= from365 && d.date <= asOf).reduce((a, d) => a + d.courseCompletions, 0);
  const budget = settings.annualTrainingBudget;
  const value = settings.valuePerCompletion;
  const roiMetrics =
    budget === undefined || value === undefined
      ? null
      : {
          currency: settings.currency ?? null,
          completions,
          avgCompletionTime: null,
          costPerCompletion: completions === 0 ? null : Math.round((100 * budget) / completions) / 100,
          roiPercentage: budget === 0 ? null : Math.round((100 * (completions * value - budget)) / budget),
        };
  return {
    overallPace: overall === null ? null : round1(overall),
    targetPace: target,
    unit: 'topics/week' as const,
    trend: overall === null || previous === null ? null : word[trendOf(overall, previous)],
    roiMetrics,
    departmentBreakdown: departments.map((d) => {
      const pace = paceMean(d.memberIds);
      return {
        departmentId: d.departmentId,
        departmentName: d.name,
        pace: pace === null ? null : round1(pace),
        employeeCount: d.memberIds.length,
        onTrackCount: target === null ? null : d.memberIds.filter((u) => paceOf(entries.get(u), asOf) >= target).length,
      };
    }),
    monthlyTrend,
  };
}

export type PrivacyChoice = 'public' | 'anonymous' | 'private';

/** A candidate top performer: id, rate, mastered skills. */
export interface Performer {
  userId: string;
  completionRate: number;
  skillsMastered: number;
}

/** Top performer candidates of a department: members with a completion rate, by rate, then skills mastered, then id. */
export function topPerformerCandidates(memberIds: readonly string[], entries: ReadonlyMap<string, OrgLearnerEntry>, limit = TOP_PERFORMERS): Performer[] {
  return memberIds
    .flatMap((userId) => {
      const e = entries.get(userId);
      const rate = completionRateOf(e);
      return rate === null ? [] : [{ userId, completionRate: rate, skillsMastered: e!.sm }];
    })
    .sort((a, b) => b.completionRate - a.completionRate || b.skillsMastered - a.skillsMastered || (a.userId < b.userId ? -1 : 1))
    .slice(0, limit);
}

/** How a performer is shown under their privacy choice: by name (public), anonymised, or left out (private). */
export function presentPerformer(p: Performer, privacy: PrivacyChoice, fullName: string) {
  if (privacy === 'private') return null;
  if (privacy === 'anonymous') return { userId: null, fullName: null, anonymous: true, completionRate: p.completionRate, skillsMastered: p.skillsMastered };
  return { userId: p.userId, fullName, anonymous: false, completionRate: p.completionRate, skillsMastered: p.skillsMastered };
}

/** One department of seed 003 §4 `department-analytics`, top performers not yet presented. */
export function departmentFigures(d: Department, entries: ReadonlyMap<string, OrgLearnerEntry>, asOf: string) {
  const members = d.memberIds.map((u) => entries.get(u));
  const rates = members.flatMap((e) => {
    const r = completionRateOf(e);
    return r === null ? [] : [r];
  });
  const engagement = mean(members.map((e) => engagementOf(e, asOf)));
  const pace = mean(members.map((e) => paceOf(e, asOf)));
  const previous = mean(members.map((e) => paceOf(e, asOf, 1)));
  const avgRate = mean(rates);
  return {
    departmentId: d.departmentId,
    departmentName: d.name,
    employeeCount: d.memberIds.length,
    metrics: {
      avgCompletionRate: avgRate === null ? null : Math.round(avgRate),
      avgEngagementScore: engagement === null ? null : Math.round(engagement),
      skillsCovered: new Set(members.flatMap((e) => e?.sk ?? [])).size,
      certificationsEarned: members.reduce((a, e) => a + (e?.ce ?? 0), 0),
    },
    candidates: topPerformerCandidates(d.memberIds, entries),
    trend: pace === null || previous === null ? null : ({ up: 'improving', down: 'declining', stable: 'stable' } as const)[trendOf(pace, previous)],
    paceChange: pace === null || previous === null ? null : pace - previous,
  };
}

/** teamComparison over departments with members: highest and lowest engagement, most improved pace (> 0). */
export function teamComparison(rows: readonly ReturnType<typeof departmentFigures>[]) {
  const scored = rows.filter((r) => r.metrics.avgEngagementScore !== null);
  const byEngagement = [...scored].sort((a, b) => b.metrics.avgEngagementScore! - a.metrics.avgEngagementScore! || (a.departmentId < b.departmentId ? -1 : 1));
  const improved = rows.filter((r) => r.paceChange !== null && r.paceChange > 0).sort((a, b) => b.paceChange! - a.paceChange! || (a.departmentId < b.departmentId ? -1 : 1));
  return {
    highestEngagement: byEngagement[0]?.departmentName ?? null,
    lowestEngagement: byEngagement.length >= 2 ? byEngagement[byEngagement.length - 1]!.departmentName : null,
    mostImproved: improved[0]?.departmentName ?? null,
  };
}

export interface Goal {
  goalId: string;
  name: string;
  targetSkills: { skillId: string; requiredLevel: number }[];
  targetDate: string;
  scope: { departmentIds?: string[]; userIds?: string[] };
}

/** The members a goal is about: its departments' members and its named members. */
export function goalMembers(goal: Goal, departments: readonly Department[]): string[] {
  const byId = new Map(departments.map((d) => [d.departmentId, d]));
  return [...new Set([...(goal.scope.departmentIds ?? []).flatMap((id) => byId.get(id)?.memberIds ?? []), ...(goal.scope.userIds ?? [])])].sort();
}

/** A skill below which at most half of a goal's members reach its required level is a critical gap. */
export const CRITICAL_GAP_SHARE = 0.5;

/**
 * Seed 003 §4 `strategic-alignment` per goal, from each member's numeric skill levels (0–4, the peer
 * table's). alignmentScore = 100 × mean over (member, target skill) of min(level, required) ÷ required;
 * employeesAligned: members at or above every required level; progress = 100 × aligned ÷ total.
 */
export function goalAlignment(goal: Goal, departments: readonly Department[], levels: (userId: string) => Readonly<Record<string, number>>) {
  const members = goalMembers(goal, departments);
  let credit = 0;
  let aligned = 0;
  const reaching = new Map(goal.targetSkills.map((s) => [s.skillId, 0]));
  const below = new Map(goal.targetSkills.map((s) => [s.skillId, [] as string[]]));
  for (const userId of members) {
    const own = levels(userId);
    let all = true;
    for (const s of goal.targetSkills) {
      const level = own[s.skillId] ?? 0;
      credit += Math.min(level, s.requiredLevel) / s.requiredLevel;
      if (level >= s.requiredLevel) reaching.set(s.skillId, reaching.get(s.skillId)! + 1);
      else {
        all = false;
        below.get(s.skillId)!.push(userId);
      }
    }
    if (all) aligned++;
  }
  const cells = members.length * goal.targetSkills.length;
  return {
    members,
    alignmentScore: cells === 0 ? null : Math.round((100 * credit) / cells),
    employeesAligned: aligned,
    employeesTotal: members.length,
    progress: members.length === 0 ? null : Math.round((100 * aligned) / members.length),
    skills: goal.targetSkills.map((s) => ({ skillId: s.skillId, requiredLevel: s.requiredLevel, share: members.length === 0 ? null : reaching.get(s.skillId)! / members.length, below: below.get(s.skillId)! })),
  };
}

/** Days from `asOf` (a date) to a goal's target date; negative once it passed. */
export function daysUntil(asOf: string, targetDate: string): number {
  return Math.round((Date.parse(`${targetDate}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
}

/** Learning-culture signals at `asOf` over the population; `back` = 1 for the previous 28 days. */
export function cultureSignals(entries: ReadonlyMap<string, OrgLearnerEntry>, population: readonly string[], asOf: string, back = 0) {
  if (population.length === 0) return { learningEngagement: null, continuousLearning: null };
  const end = addDays(asOf, -PACE_WINDOW_DAYS * back);
  let active = 0;
  let habitual = 0;
  for (const userId of population) {
    const e = entries.get(userId);
    if (activeDaysIn(e, addDays(end, -(PACE_WINDOW_DAYS - 1)), end) > 0) active++;
    let weeks = 0;
    for (let w = 0; w < 4; w++) {
      const to = addDays(end, -7 * w);
      if (activeDaysIn(e, addDays(to, -6), to) > 0) weeks++;
    }
    if (weeks >= 3) habitual++;
  }
  return { learningEngagement: Math.round((100 * active) / population.length), continuousLearning: Math.round((100 * habitual) / population.length) };
}

/** Seed 003 §4 `learning-culture` without benchmarks: metrics, overallScore (mean of the non-null metrics), indicators. */
export function learningCulture(entries: ReadonlyMap<string, OrgLearnerEntry>, departments: readonly Department[], asOf: string) {
  const population = populationOf(entries, departments);
  const now = cultureSignals(entries, population, asOf);
  const before = cultureSignals(entries, population, asOf, 1);
  const metrics = { learningEngagement: now.learningEngagement, knowledgeSharing: null, innovationIndex: null, continuousLearning: now.continuousLearning };
  const present = Object.values(metrics).filter((v): v is number => v !== null);
  const trend = (a: number | null, b: number | null) => (a === null || b === null ? null : word[trendOf(a, b)]);
  return {
    population: population.length,
    overallScore: present.length === 0 ? null : Math.round(present.reduce((a, b) => a + b, 0) / present.length),
    metrics,
    culturalIndicators: [
      { indicator: 'Active learners (28 days)', score: now.learningEngagement, trend: trend(now.learningEngagement, before.learningEngagement) },
      { indicator: 'Weekly learning habit', score: now.continuousLearning, trend: trend(now.continuousLearning, before.continuousLearning) },
      { indicator: 'Peer-to-peer learning', score: null, trend: null },
      { indicator: 'Leadership support', score: null, trend: null },
    ],
  };
}

/**
 * Benchmarks across tenants: null unless at least 10 tenants contribute a culture score. industryAverage
 * = mean score; topQuartile = the nearest-rank 75th percentile; yourPosition = "Top p%" with
 * p = ⌈100 × (tenants scoring above yours + 1) ÷ tenants⌉ (null when yours is not among them).
 */
export function benchmarksOf(scores: readonly { tenantId: string; score: number }[], own: string, min = MIN_BENCHMARK_TENANTS) {
  if (scores.length < min) return null;
  const sorted = scores.map((s) => s.score).sort((a, b) => a - b);
  const mine = scores.find((s) => s.tenantId === own);
  return {
    industryAverage: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    topQuartile: sorted[Math.ceil(0.75 * sorted.length) - 1]!,
    yourPosition: mine ? `Top ${Math.ceil((100 * (scores.filter((s) => s.score > mine.score).length + 1)) / scores.length)}%` : null,
    tenants: scores.length,
  };
}

/** Per skill, enrollments in the courses teaching it: the 28 days ending at the rollup date (e1) and the 28 before (e0); learners with evidence. */
export interface SkillDemandRow {
  e1: number;
  e0: number;
  learners: number;
}

/** Demand score ≥ this gap to the caller's mastery is a high-priority gap; ≥ 20 medium. */
export function demandGapPriority(gap: number): 'high' | 'medium' | 'low' {
  return gap >= 40 ? 'high' : gap >= 20 ? 'medium' : 'low';
}

/**
 * Seed 003 §5 `skill-demand`. goal demand g(s) = distinct members in scope of the goals targeting s;
 * demandScore = round(50 × g(s) ÷ max g + 50 × e1(s) ÷ max e1) (a term is 0 when its max is 0);
 * trendPercentage = round(100 × (e1 − e0) ÷ e0), null when e0 = 0; emerging: e0 > 0 and e1 > e0, by growth.
 */
export function skillDemand(input: {
  rows: Readonly<Record<string, SkillDemandRow>>;
  goals: readonly Goal[];
  departments: readonly Department[];
  names: (skillId: string) => string;
  jobPostings: Readonly<Record<string, number>> | null;
  mastery: (skillId: string) => number | null;
}) {
  const goalMembersBySkill = new Map<string, Set<string>>();
  for (const goal of input.goals) {
    const members = goalMembers(goal, input.departments);
    for (const s of goal.targetSkills) {
      const set = goalMembersBySkill.get(s.skillId) ?? new Set<string>();
      for (const u of members) set.add(u);
      goalMembersBySkill.set(s.skillId, set);
    }
  }
  const skills = [...new Set([...goalMembersBySkill.keys(), ...Object.entries(input.rows).filter(([, r]) => r.e1 + r.e0 > 0).map(([id]) => id)])].sort();
  const g = (s: string) => goalMembersBySkill.get(s)?.size ?? 0;
  const e1 = (s: string) => input.rows[s]?.e1 ?? 0;
  const e0 = (s: string) => input.rows[s]?.e0 ?? 0;
  const maxG = Math.max(0, ...skills.map(g));
  const maxE = Math.max(0, ...skills.map(e1));
  const rows = skills.map((s) => {
    const demandScore = Math.round((maxG === 0 ? 0 : (50 * g(s)) / maxG) + (maxE === 0 ? 0 : (50 * e1(s)) / maxE));
    const trendPercentage = e0(s) === 0 ? null : Math.round((100 * (e1(s) - e0(s))) / e0(s));
    return {
      skillId: s,
      skillName: input.names(s),
      demandScore,
      trendDirection: word[trendOf(e1(s), e0(s))],
      trendPercentage,
      goalMembers: g(s),
      enrollments: { last28Days: e1(s), previous28Days: e0(s) },
      learnerCount: input.rows[s]?.learners ?? 0,
      jobPostings: input.jobPostings?.[s] ?? null,
    };
  });
  const top = [...rows].sort((a, b) => b.demandScore - a.demandScore || (a.skillId < b.skillId ? -1 : 1)).slice(0, 10);
  const emergingSkills = rows
    .filter((r) => r.trendPercentage !== null && r.trendPercentage > 0)
    .sort((a, b) => b.trendPercentage! - a.trendPercentage! || (a.skillId < b.skillId ? -1 : 1))
    .slice(0, 5)
    .map((r) => ({ skillId: r.skillId, skillName: r.skillName, growthRate: r.trendPercentage!, currentDemand: r.demandScore }));
  const userSkillGaps = top
    .map((r) => {
      const userMastery = input.mastery(r.skillId);
      const gap = r.demandScore - (userMastery ?? 0);
      return { skillId: r.skillId, skillName: r.skillName, demandScore: r.demandScore, userMastery, gap, priority: demandGapPriority(gap) };
    })
    .filter((x) => x.gap > 0)
    .sort((a, b) => b.gap - a.gap || (a.skillId < b.skillId ? -1 : 1));
  return { topDemandSkills: top, emergingSkills, userSkillGaps };
}
