/**
 * Mastery of one skill from evidence (issue 16; docs/analytics.md §8 "Mastery of one skill"). Pure, so
 * the nightly step, the routes and the property tests share one explainable rule.
 *
 * Evidence is a learner's record on a lesson tagged with the skill: a scored attempt (its percentage)
 * or a completion without a score. Three outputs, each with a written rule:
 * - **band** (Khan Academy's Attempted / Familiar / Proficient / Mastered), a walk over the scored
 *   evidence in time order: a score ≥ PROFICIENT_SCORE makes the skill proficient, and a *later*
 *   such score (≥ CONFIRM_AFTER_MS after it became proficient) confirms it mastered; a score below
 *   LOW_SCORE demotes one band; FAMILIAR_SCORE … PROFICIENT_SCORE lifts attempted to familiar.
 * - **mastery** 0–100: the recency-weighted mean of the scored evidence, weight ½^(age / 30 days) where
 *   age is measured back from the skill's newest scored evidence (so the figure is a function of the
 *   evidence alone: a re-run gives the same number).
 * - **level** from mastery: beginner < 70 ≤ intermediate < 90 ≤ advanced; expert = ≥ 90 and mastered.
 */

export const LOW_SCORE = 70;
export const FAMILIAR_SCORE = 70;
export const PROFICIENT_SCORE = 85;
export const CONFIRM_AFTER_MS = 24 * 3600_000;
export const HALF_LIFE_DAYS = 30;
/** Σ recency weights at which confidence reaches 1: three fresh assessments. */
export const FULL_CONFIDENCE_WEIGHT = 3;

export const BANDS = ['attempted', 'familiar', 'proficient', 'mastered'] as const;
export type MasteryBand = (typeof BANDS)[number];
export const LEVELS = ['beginner', 'intermediate', 'advanced', 'expert'] as const;
export type MasteryLevel = (typeof LEVELS)[number];

/** One piece of evidence: when, and the percentage (null for a completion without a score). */
export interface SkillEvidence {
  at: string;
  percent: number | null;
}

export interface SkillMastery {
  /** Recency-weighted mean score, 1 decimal; null without scored evidence. */
  mastery: number | null;
  band: MasteryBand | null;
  level: MasteryLevel | null;
  /** Evidence records used (scored and completions). */
  evidenceCount: number;
  scoredCount: number;
  /** min(1, Σ recency weights / FULL_CONFIDENCE_WEIGHT), 2 decimals; 0 without scored evidence. */
  confidence: number;
  firstEvidenceAt: string | null;
  lastEvidenceAt: string | null;
  /** When the current mastered band was reached; null unless mastered. */
  masteredAt: string | null;
  /** When the current proficient-or-better run started (the assessment that made it proficient). */
  proficientAt: string | null;
  /** Σ recency weights of the scored evidence (4 decimals): what estimatedImprovement needs. */
  weightSum: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The level of a mastery score; `mastered` unlocks expert. Null score → null level. */
export function levelOf(mastery: number | null, mastered: boolean): MasteryLevel | null {
  if (mastery === null) return null;
  if (mastery < 70) return 'beginner';
  if (mastery < 90) return 'intermediate';
  return mastered ? 'expert' : 'advanced';
}

/** Numeric level 1–4 (seed 003 skill-gap `currentLevel`); 0 without a level. */
export function levelNumber(level: MasteryLevel | null): number {
  return level === null ? 0 : LEVELS.indexOf(level) + 1;
}

interface BandState {
  band: MasteryBand | null;
  proficientAt: string | null;
  masteredAt: string | null;
}

/** One step of the band walk (exported for its unit tests). */
export function nextBand(state: BandState, e: SkillEvidence): BandState {
  const { band } = state;
  if (e.percent === null) return band === null ? { band: 'attempted', proficientAt: null, masteredAt: null } : state;
  const p = e.percent;
  if (p < LOW_SCORE) {
    // Demotion by one band (never below attempted).
    if (band === 'mastered') return { band: 'proficient', proficientAt: e.at, masteredAt: null };
    if (band === 'proficient') return { band: 'familiar', proficientAt: null, masteredAt: null };
    return { band: 'attempted', proficientAt: null, masteredAt: null };
  }
  if (p < PROFICIENT_SCORE) {
    if (band === null || band === 'attempted') return { band: 'familiar', proficientAt: null, masteredAt: null };
    return state;
  }
  if (band === 'mastered') return state;
  if (band === 'proficient') {
    const confirmed = Date.parse(e.at) - Date.parse(state.proficientAt!) >= CONFIRM_AFTER_MS;
    return confirmed ? { band: 'mastered', proficientAt: state.proficientAt, masteredAt: e.at } : state;
  }
  return { band: 'proficient', proficientAt: e.at, masteredAt: null };
}

const byTime = (a: SkillEvidence, b: SkillEvidence) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** Mastery of one skill from all its evidence (any order). */
export function masteryOf(evidence: readonly SkillEvidence[]): SkillMastery {
  const sorted = [...evidence].sort(byTime);
  let state: BandState = { band: null, proficientAt: null, masteredAt: null };
  for (const e of sorted) state = nextBand(state, e);
  const scored = sorted.filter((e) => e.percent !== null) as { at: string; percent: number }[];
  let mastery: number | null = null;
  let weightSum = 0;
  if (scored.length > 0) {
    const newest = Date.parse(scored[scored.length - 1]!.at);
    let sum = 0;
    for (const e of scored) {
      const w = 0.5 ** ((newest - Date.parse(e.at)) / (HALF_LIFE_DAYS * 86_400_000));
      weightSum += w;
      sum += w * e.percent;
    }
    mastery = round1(sum / weightSum);
  }
  return {
    mastery,
    band: state.band,
    level: levelOf(mastery, state.band === 'mastered'),
    evidenceCount: sorted.length,
    scoredCount: scored.length,
    confidence: round2(Math.min(1, weightSum / FULL_CONFIDENCE_WEIGHT)),
    firstEvidenceAt: sorted[0]?.at ?? null,
    lastEvidenceAt: sorted[sorted.length - 1]?.at ?? null,
    masteredAt: state.masteredAt,
    proficientAt: state.proficientAt,
    weightSum: Math.round(weightSum * 10_000) / 10_000,
  };
}

/** Rank of a band for comparisons (0 = no evidence). */
export function bandRank(band: MasteryBand | null): number {
  return band === null ? 0 : BANDS.indexOf(band) + 1;
}

/**
 * The written model of `estimated_improvement`: the mastery after one more assessment at
 * PROFICIENT_SCORE taken right after the newest evidence (weight 1, the others unchanged), minus the
 * current mastery: (m·W + 85) / (W + 1) − m, never negative, 1 decimal; null without a mastery.
 */
export function estimatedImprovement(current: Pick<SkillMastery, 'mastery' | 'weightSum'>): number | null {
  if (current.mastery === null || current.weightSum <= 0) return null;
  const after = (current.mastery * current.weightSum + PROFICIENT_SCORE) / (current.weightSum + 1);
  return round1(Math.max(0, after - current.mastery));
}

/** Human span of a duration, seed 003 style ("6 weeks", "3 days"): ≥ 14 days in whole weeks, else days (≥ 1). */
export function spanText(ms: number): string {
  const days = Math.max(1, Math.round(ms / 86_400_000));
  if (days >= 14) return `${Math.round(days / 7)} weeks`;
  return days === 1 ? '1 day' : `${days} days`;
}
