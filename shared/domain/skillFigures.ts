import { CONFIRM_AFTER_MS, estimatedImprovement, HALF_LIFE_DAYS, levelNumber, levelOf, spanText, type MasteryLevel, type SkillMastery } from './skillMastery.js';
import type { TaxonomyDomain } from './skillTaxonomy.js';

/**
 * Figures of the skills routes (issue 16; definitions and worked examples in
 * docs/analytics.md §8): seed 000 §7 `assess_mastery`, seed 003 §2 `mastery` and
 * `skill-gap`. Pure: the services read the mastery summary, taxonomy and courses, these compose.
 */

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const DAY_MS = 86_400_000;

/** A published course as the recommendations see it. */
export interface CourseSkills {
  courseId: string;
  skills: readonly string[];
  /** Average rating, null without reviews. */
  rating: number | null;
}

export const MAX_RECOMMENDATIONS = 3;
export const MAX_SUGGESTED_COURSES = 3;

/** Published courses listing `skill`, best rated first (unrated last), then by id; at most 3 ids. */
export function coursesTeaching(skill: string, courses: readonly CourseSkills[]): string[] {
  return courses
    .filter((c) => c.skills.includes(skill))
    .sort((a, b) => (b.rating ?? -1) - (a.rating ?? -1) || (a.courseId < b.courseId ? -1 : 1))
    .slice(0, MAX_SUGGESTED_COURSES)
    .map((c) => c.courseId);
}

/** The next day start (00:00Z) at or after an instant. */
function ceilToUtcDay(ms: number): string {
  const start = Math.ceil(ms / DAY_MS) * DAY_MS;
  return new Date(start).toISOString();
}

/**
 * When the next assessment is worth taking: for a proficient skill, 24 h after it became proficient
 * (a confirming assessment then counts toward mastered); for any other skill with evidence, one
 * half-life (30 days) after its newest evidence (its weight has halved). The earliest over the skills,
 * never before `now`, rounded up to the next 00:00Z. Null without evidence.
 */
export function nextAssessmentOf(skills: readonly SkillMastery[], now: Date): string | null {
  const times = skills.flatMap((m) => {
    if (m.lastEvidenceAt === null) return [];
    if (m.band === 'proficient' && m.proficientAt) return [Date.parse(m.proficientAt) + CONFIRM_AFTER_MS];
    return [Date.parse(m.lastEvidenceAt) + HALF_LIFE_DAYS * DAY_MS];
  });
  if (times.length === 0) return null;
  return ceilToUtcDay(Math.max(now.getTime(), Math.min(...times)));
}

const EMPTY: SkillMastery = { mastery: null, band: null, level: null, evidenceCount: 0, scoredCount: 0, confidence: 0, firstEvidenceAt: null, lastEvidenceAt: null, masteredAt: null, proficientAt: null, weightSum: 0 };

/** Seed 000 §7 `assess_mastery` for one domain. */
export function assessDomain(domain: TaxonomyDomain, masteries: Readonly<Record<string, SkillMastery>>, courses: readonly CourseSkills[], includeRecommendations: boolean, now: Date) {
  const per = domain.skills.map((s) => ({ id: s.id, m: masteries[s.id] ?? EMPTY }));
  const scores = per.flatMap((p) => (p.m.mastery === null ? [] : [p.m.mastery]));
  const masteryScore = scores.length === 0 ? null : round1(scores.reduce((a, b) => a + b, 0) / scores.length);
  const allMastered = per.length > 0 && per.every((p) => p.m.band === 'mastered');
  const weak = per
    .filter((p) => p.m.band !== 'mastered' && (p.m.mastery === null || p.m.mastery < 90))
    .sort((a, b) => (a.m.mastery ?? -1) - (b.m.mastery ?? -1) || (a.id < b.id ? -1 : 1))
    .slice(0, MAX_RECOMMENDATIONS);
  return {
    mastery_score: masteryScore,
    mastery_level: levelOf(masteryScore, allMastered),
    skill_breakdown: Object.fromEntries(per.map((p) => [p.id, { score: p.m.mastery, level: p.m.level, status: p.m.band, evidence_count: p.m.evidenceCount, confidence: p.m.confidence }])),
    evidence_count: per.reduce((a, p) => a + p.m.evidenceCount, 0),
    confidence: per.length === 0 ? 0 : round2(per.reduce((a, p) => a + p.m.confidence, 0) / per.length),
    recommendations: includeRecommendations
      ? weak.map((p) => ({
          priority: (p.m.mastery === null || p.m.mastery < 70 ? 'high' : 'medium') as 'high' | 'medium',
          skill: p.id,
          suggested_content: coursesTeaching(p.id, courses),
          estimated_improvement: estimatedImprovement(p.m),
          reason:
            p.m.mastery === null
              ? `${p.id}: no scored evidence yet (${p.m.evidenceCount} completions)`
              : `${p.id}: mastery ${p.m.mastery} (${p.m.level}) from ${p.m.scoredCount} assessments`,
        }))
      : [],
    next_assessment_recommended: nextAssessmentOf(
      per.map((p) => p.m),
      now,
    ),
  };
}

/** A skill's display facts from the taxonomy (name = id when the taxonomy lacks it). */
export type SkillNames = ReadonlyMap<string, { domainId: string; name: string }>;

/** Seed 003 §2 `mastery`: every skill with evidence, mastered ones first, then by mastery. */
export function masteryFigures(masteries: Readonly<Record<string, SkillMastery>>, names: SkillNames) {
  const skills = Object.entries(masteries)
    .map(([skillId, m]) => ({
      skillId,
      skillName: names.get(skillId)?.name ?? skillId,
      domainId: names.get(skillId)?.domainId ?? null,
      masteryLevel: m.mastery,
      level: m.level,
      status: (m.band === 'mastered' ? 'mastered' : 'in_progress') as 'mastered' | 'in_progress',
      band: m.band,
      masteredAt: m.masteredAt,
      timeToMaster: m.masteredAt && m.firstEvidenceAt ? spanText(Date.parse(m.masteredAt) - Date.parse(m.firstEvidenceAt)) : null,
      evidenceCount: m.evidenceCount,
      confidence: m.confidence,
    }))
    .sort((a, b) => Number(b.status === 'mastered') - Number(a.status === 'mastered') || (b.masteryLevel ?? -1) - (a.masteryLevel ?? -1) || (a.skillId < b.skillId ? -1 : 1));
  const distribution: Record<MasteryLevel, number> = { beginner: 0, intermediate: 0, advanced: 0, expert: 0 };
  for (const s of skills) if (s.level) distribution[s.level]++;
  return {
    masteredSkills: skills.filter((s) => s.status === 'mastered').length,
    inProgressSkills: skills.filter((s) => s.status === 'in_progress').length,
    skills,
    masteryDistribution: distribution,
  };
}

/** A course that requires skills: its skills at the level one above its difficulty. */
export interface RequiringCourse {
  courseId: string;
  title: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  skills: readonly string[];
}

/** Required level of the skills a course lists: difficulty + 1 (beginner course → intermediate = 2 … advanced → expert = 4). */
export function requiredLevelOf(difficulty: RequiringCourse['difficulty']): number {
  return { beginner: 2, intermediate: 3, advanced: 4 }[difficulty];
}

/** Scored assessments one level step takes in the pace model (a proficient score and a confirming one). */
export const EVIDENCE_PER_LEVEL = 2;

/**
 * The learner's own pace: evidence records per week over the span of their evidence (at least one
 * week); null without evidence.
 */
export function evidencePace(masteries: Readonly<Record<string, SkillMastery>>): number | null {
  const all = Object.values(masteries).filter((m) => m.firstEvidenceAt && m.lastEvidenceAt);
  if (all.length === 0) return null;
  const count = all.reduce((a, m) => a + m.evidenceCount, 0);
  const first = Math.min(...all.map((m) => Date.parse(m.firstEvidenceAt!)));
  const last = Math.max(...all.map((m) => Date.parse(m.lastEvidenceAt!)));
  const weeks = Math.max(1, (last - first) / (7 * DAY_MS));
  return count / weeks;
}

export type GapPriority = 'critical' | 'high' | 'medium';

/** Priority of a gap: 3 or more levels critical, 2 high, 1 medium. */
export function gapPriority(gap: number): GapPriority {
  return gap >= 3 ? 'critical' : gap === 2 ? 'high' : 'medium';
}

/** A strategic goal that requires skills of the learner (one whose scope includes them). */
export interface RequiringGoal {
  goalId: string;
  name: string;
  targetSkills: readonly { skillId: string; requiredLevel: number }[];
}

/**
 * Seed 003 §2 `skill-gap` from the learner's mastery, the courses they are enrolled in and the goals
 * whose scope includes them: a skill's required level is the highest any of them asks.
 */
export function skillGapFigures(masteries: Readonly<Record<string, SkillMastery>>, courses: readonly RequiringCourse[], names: SkillNames, goals: readonly RequiringGoal[] = []) {
  type Requirer = { kind: 'course' | 'goal'; id: string; title: string };
  const required = new Map<string, { level: number; by: Requirer[] }>();
  const need = (skill: string, level: number, by: Requirer) => {
    const r = required.get(skill) ?? { level: 0, by: [] };
    r.level = Math.max(r.level, level);
    r.by.push(by);
    required.set(skill, r);
  };
  for (const course of courses) for (const skill of course.skills) need(skill, requiredLevelOf(course.difficulty), { kind: 'course', id: course.courseId, title: course.title });
  for (const goal of goals) for (const s of goal.targetSkills) need(s.skillId, s.requiredLevel, { kind: 'goal', id: goal.goalId, title: goal.name });
  const pace = evidencePace(masteries);
  const gaps = [...required]
    .map(([skillId, r]) => {
      const m = masteries[skillId] ?? EMPTY;
      const currentLevel = levelNumber(m.level);
      const gap = Math.max(0, r.level - currentLevel);
      return {
        skillId,
        skillName: names.get(skillId)?.name ?? skillId,
        currentLevel,
        requiredLevel: r.level,
        gap,
        priority: gapPriority(gap),
        estimatedTimeToClose: pace === null || pace <= 0 ? null : spanText(((gap * EVIDENCE_PER_LEVEL) / pace) * 7 * DAY_MS),
        requiredBy: r.by.map((c) => ({ kind: c.kind, id: c.id, title: c.title })).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : 1)),
        evidenceCount: m.evidenceCount,
        confidence: m.confidence,
      };
    })
    .filter((g) => g.gap > 0)
    .sort((a, b) => b.gap - a.gap || a.currentLevel - b.currentLevel || (a.skillId < b.skillId ? -1 : 1));
  const top = gaps[0];
  return {
    totalGaps: gaps.length,
    criticalGaps: gaps.filter((g) => g.priority === 'critical').length,
    gaps,
    topPriority: top ? { skillName: top.skillName, reason: `Required at level ${top.requiredLevel} for ${top.requiredBy.map((c) => c.title).join(', ')}; current level ${top.currentLevel}` } : null,
  };
}
