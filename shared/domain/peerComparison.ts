import { evidencePace } from './skillFigures.js';
import { levelNumber, levelOf, type SkillMastery } from './skillMastery.js';

/**
 * Seed 003 §5 peer comparison (issue 16; docs/analytics.md §10). Every figure comes from
 * the learners' mastery summaries, projected into a compact per-tenant peer table by the nightly step,
 * so a comparison never reads learners' own items. Pure.
 */

/** k-anonymity: no group figure about fewer learners than this. */
export const MIN_SAMPLE = 10;

export const COMPETENCY_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type CompetencyLevel = (typeof COMPETENCY_LEVELS)[number];

/** One learner in the peer table. */
export interface PeerEntry {
  /** Competency level: level of the mean mastery (expert counts as advanced); null without a mastery figure. */
  level: CompetencyLevel | null;
  /** learningVelocity: evidence records per week (skillFigures.evidencePace), 2 decimals; 0 without evidence. */
  velocity: number;
  /** avgScore: mean mastery over the skills with a figure, 1 decimal; null without one. */
  score: number | null;
  /** skillsMastered: skills in the mastered band. */
  mastered: number;
  /** Skill id → numeric level (0–4) of every skill with evidence. */
  skills: Record<string, number>;
  /** Courses the learner has skill evidence in (learningPathId filter). */
  courses: string[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The peer-table entry of a learner's mastery summary. */
export function peerEntryOf(skills: Readonly<Record<string, SkillMastery>>, courses: readonly string[]): PeerEntry {
  const figures = Object.values(skills).flatMap((m) => (m.mastery === null ? [] : [m.mastery]));
  const score = figures.length === 0 ? null : round1(figures.reduce((a, b) => a + b, 0) / figures.length);
  const level = levelOf(score, false) as CompetencyLevel | null;
  const pace = evidencePace(skills);
  return {
    level,
    velocity: pace === null ? 0 : Math.round(pace * 100) / 100,
    score,
    mastered: Object.values(skills).filter((m) => m.band === 'mastered').length,
    skills: Object.fromEntries(Object.entries(skills).map(([id, m]) => [id, levelNumber(m.level)])),
    courses: [...courses].sort(),
  };
}

/** A comparison group's definition: the filters and the learner it is about (always left out). */
export interface GroupFilter {
  subject: string;
  level: CompetencyLevel | null;
  skillId: string | null;
  /** The courses of the learning path filter, or null without one. */
  courses: string[] | null;
}

/** Learners of the group: everyone but the subject matching every filter. */
export function groupOf(table: ReadonlyMap<string, PeerEntry>, f: GroupFilter): string[] {
  const out: string[] = [];
  for (const [userId, e] of table) {
    if (userId === f.subject) continue;
    if (f.level !== null && e.level !== f.level) continue;
    if (f.skillId !== null && !(f.skillId in e.skills)) continue;
    if (f.courses !== null && !e.courses.some((c) => f.courses!.includes(c))) continue;
    out.push(userId);
  }
  return out.sort();
}

/**
 * The differencing guard: a group may not differ from a group the caller was already answered by
 * fewer than k learners on either side (1 … k − 1 learners in A \ B or in B \ A), or subtracting the two
 * answers would describe those few learners. Returns the earlier filter that isolates, or null.
 */
export function isolatingPrevious(group: readonly string[], previous: readonly { filter: GroupFilter; group: readonly string[] }[], k = MIN_SAMPLE): GroupFilter | null {
  const current = new Set(group);
  for (const p of previous) {
    const before = new Set(p.group);
    const added = group.filter((u) => !before.has(u)).length;
    const removed = p.group.filter((u) => !current.has(u)).length;
    if ((added > 0 && added < k) || (removed > 0 && removed < k)) return p.filter;
  }
  return null;
}

export interface Metrics {
  learningVelocity: number | null;
  avgScore: number | null;
  skillsMastered: number | null;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? null : round1(xs.reduce((a, b) => a + b, 0) / xs.length));

/** The group's averages (1 decimal); avgScore over members with a score, null when none has one. */
export function peerAverages(entries: readonly PeerEntry[]): Metrics {
  return {
    learningVelocity: mean(entries.map((e) => e.velocity)),
    avgScore: mean(entries.flatMap((e) => (e.score === null ? [] : [e.score]))),
    skillsMastered: mean(entries.map((e) => e.mastered)),
  };
}

/** The subject's own metrics (null when they have no summary). */
export function userMetrics(entry: PeerEntry | undefined): Metrics {
  if (!entry) return { learningVelocity: null, avgScore: null, skillsMastered: null };
  return { learningVelocity: round1(entry.velocity), avgScore: entry.score, skillsMastered: entry.mastered };
}

/**
 * percentileRank: the share of the group's scored members whose avgScore is below the subject's, ties
 * counting half, as a whole percentage; null when the subject or every member has no avgScore.
 */
export function percentileRank(score: number | null, scores: readonly number[]): number | null {
  if (score === null || scores.length === 0) return null;
  const below = scores.filter((s) => s < score).length;
  const equal = scores.filter((s) => s === score).length;
  return Math.round((100 * (below + equal / 2)) / scores.length);
}

/** Insights, each naming its figure: the relative difference of each metric to the group's average. */
export function insightsOf(user: Metrics, peers: Metrics): string[] {
  const rel = (u: number | null, p: number | null) => (u === null || p === null || p === 0 ? null : Math.round((100 * (u - p)) / p));
  const out: string[] = [];
  const v = rel(user.learningVelocity, peers.learningVelocity);
  if (v !== null) out.push(v === 0 ? `You're learning at your peers' pace (learningVelocity ${user.learningVelocity} vs ${peers.learningVelocity})` : `You're learning ${Math.abs(v)}% ${v > 0 ? 'faster' : 'slower'} than your peers (learningVelocity ${user.learningVelocity} vs ${peers.learningVelocity})`);
  const s = rel(user.avgScore, peers.avgScore);
  if (s !== null) out.push(s === 0 ? `Your assessment scores are at the average (avgScore ${user.avgScore} vs ${peers.avgScore})` : `Your assessment scores are ${Math.abs(s)}% ${s > 0 ? 'above' : 'below'} average (avgScore ${user.avgScore} vs ${peers.avgScore})`);
  const m = rel(user.skillsMastered, peers.skillsMastered);
  if (m !== null) out.push(m === 0 ? `You've mastered as many skills as similar learners (skillsMastered ${user.skillsMastered} vs ${peers.skillsMastered})` : `You've mastered ${Math.abs(m)}% ${m > 0 ? 'more' : 'fewer'} skills than similar learners (skillsMastered ${user.skillsMastered} vs ${peers.skillsMastered})`);
  return out;
}

/** One tenant's contribution to the platform comparison, per level key (`all` and each level). */
export interface PlatformBin {
  n: number;
  velocitySum: number;
  scoreSum: number;
  scored: number;
  masteredSum: number;
  /** Members per whole avgScore (floor), for the percentile. */
  scoreHistogram: Record<string, number>;
}

/** The per-level bins of a tenant's peer table. */
export function platformBinsOf(entries: Iterable<PeerEntry>): Record<string, PlatformBin> {
  const bins: Record<string, PlatformBin> = {};
  for (const e of entries) {
    for (const key of ['all', ...(e.level ? [e.level] : [])]) {
      const b = (bins[key] ??= { n: 0, velocitySum: 0, scoreSum: 0, scored: 0, masteredSum: 0, scoreHistogram: {} });
      b.n++;
      b.velocitySum = Math.round((b.velocitySum + e.velocity) * 100) / 100;
      b.masteredSum += e.mastered;
      if (e.score !== null) {
        b.scored++;
        b.scoreSum = Math.round((b.scoreSum + e.score) * 10) / 10;
        const bucket = String(Math.floor(e.score));
        b.scoreHistogram[bucket] = (b.scoreHistogram[bucket] ?? 0) + 1;
      }
    }
  }
  return bins;
}

/** How many tenants besides the caller's must contribute to an overall_platform answer. */
export const MIN_OTHER_TENANTS = 2;

/**
 * The overall_platform group: tenants whose bin has at least k members contribute (a smaller group of a
 * tenant is never used); the answer needs at least MIN_OTHER_TENANTS contributing tenants besides the
 * caller's own (so subtracting the caller's own within_org figures never leaves one tenant's), else null.
 */
export function platformGroup(bins: readonly { tenantId: string; bin: PlatformBin | undefined }[], callerTenant: string, k = MIN_SAMPLE) {
  const contributing = bins.filter((b): b is { tenantId: string; bin: PlatformBin } => b.bin !== undefined && b.bin.n >= k);
  if (contributing.filter((b) => b.tenantId !== callerTenant).length < MIN_OTHER_TENANTS) return null;
  const n = contributing.reduce((a, b) => a + b.bin.n, 0);
  const scored = contributing.reduce((a, b) => a + b.bin.scored, 0);
  const histogram = new Map<number, number>();
  for (const b of contributing) for (const [bucket, count] of Object.entries(b.bin.scoreHistogram)) histogram.set(Number(bucket), (histogram.get(Number(bucket)) ?? 0) + count);
  return {
    sampleSize: n,
    tenants: contributing.length,
    averages: {
      learningVelocity: round1(contributing.reduce((a, b) => a + b.bin.velocitySum, 0) / n),
      avgScore: scored === 0 ? null : round1(contributing.reduce((a, b) => a + b.bin.scoreSum, 0) / scored),
      skillsMastered: round1(contributing.reduce((a, b) => a + b.bin.masteredSum, 0) / n),
    } as Metrics,
    /** percentile from whole-score buckets: members in lower buckets plus half of the subject's bucket. */
    percentile(score: number | null): number | null {
      if (score === null || scored === 0) return null;
      const own = Math.floor(score);
      let below = 0;
      for (const [bucket, count] of histogram) if (bucket < own) below += count;
      return Math.round((100 * (below + (histogram.get(own) ?? 0) / 2)) / scored);
    },
  };
}
