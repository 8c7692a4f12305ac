import { activityInstant, analyticsDateOf } from './analyticsDate.js';
import { assessmentPercent, type FoldRecord, type LessonLookup } from './dailyAggregates.js';
import type { SkillEvidence } from './skillMastery.js';

/** One learner's skill evidence of one local date, and how many of their records the date held. */
export interface LearnerSkillEvidence {
  userId: string;
  date: string;
  /** The learner's ledger records of the date (the conditional write's order: the ledger only grows). */
  events: number;
  /** Skill id → evidence in time order. */
  skills: Record<string, SkillEvidence[]>;
  /** Courses the evidence came from, sorted. */
  courses: string[];
}

/**
 * The skill evidence in one date's ledger records (docs/analytics.md §8 "Evidence"): for
 * each record on a course lesson tagged with skills, a scored attempt (its percentage) or, without a
 * score, a completion (`itemCompleted`); other records are no evidence. Pure and order-independent;
 * learners without evidence are left out.
 */
export function skillEvidenceOf(date: string, records: readonly FoldRecord[], lessons: LessonLookup): LearnerSkillEvidence[] {
  const byLearner = new Map<string, LearnerSkillEvidence>();
  const mine = records.filter((r) => analyticsDateOf(r) === date);
  for (const r of mine) {
    const day = byLearner.get(r.userId) ?? { userId: r.userId, date, events: 0, skills: {}, courses: [] };
    byLearner.set(r.userId, day);
    day.events++;
    if (r.contentType !== 'course' || !r.itemId) continue;
    const skills = lessons(r.contentId, r.itemId)?.skills ?? [];
    if (skills.length === 0) continue;
    const percent = assessmentPercent(r);
    if (percent === undefined && !r.itemCompleted) continue;
    for (const skill of skills) (day.skills[skill] ??= []).push({ at: activityInstant(r), percent: percent ?? null });
    if (!day.courses.includes(r.contentId)) day.courses.push(r.contentId);
  }
  const out = [...byLearner.values()].filter((d) => Object.keys(d.skills).length > 0);
  for (const d of out) d.courses.sort();
  for (const d of out) for (const list of Object.values(d.skills)) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : (a.percent ?? -1) - (b.percent ?? -1)));
  return out.sort((a, b) => (a.userId < b.userId ? -1 : 1));
}
