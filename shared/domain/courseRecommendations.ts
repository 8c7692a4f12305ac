/**
 * Next-course recommendations (seed 003 §6 `recommendations`, docs/analytics.md §17.10): ranked from
 * prerequisites met, the learner's skill gaps and co-completion counts of groups of at least
 * CO_COMPLETION_MIN_GROUP learners. Pure: every figure a recommendation's reasoning names is one of
 * its inputs.
 */

/** Co-completion figures are used only for groups of at least this many learners (k-anonymity). */
export const CO_COMPLETION_MIN_GROUP = 10;
/** Co-completed courses kept per group in the stored item (the largest counts). */
export const CO_COMPLETION_TOP = 20;

export type RecommendationContext = 'skill_gap' | 'velocity' | 'general';

export interface CandidateCourse {
  courseId: string;
  title: string;
  skills: readonly string[];
  prerequisites: readonly string[];
  durationMinutes: number;
}

/** Per completed course A: how many learners completed A, and how many of them also completed B. */
export type CoCompletion = Readonly<Record<string, { learners: number; next: Readonly<Record<string, number>> }>>;

export interface RecommendationInput {
  courses: readonly CandidateCourse[];
  completed: ReadonlySet<string>;
  /** Courses the learner is enrolled in and has not completed (already taken: not recommended). */
  enrolled: ReadonlySet<string>;
  /** Skill id → gap in levels (> 0), from the skill-gap figures. */
  gaps: ReadonlyMap<string, number>;
  coCompletion: CoCompletion;
  context: RecommendationContext;
  limit: number;
  /** The learner's weekly study minutes (profile), for estimated completion time. */
  weeklyMinutes: number;
}

export interface RecommendationFigures {
  courseId: string;
  courseName: string;
  prerequisitesMet: boolean;
  /** Prerequisites not completed; in skill_gap context they are recommended before the course. */
  missingPrerequisites: string[];
  /** Skills of the course with a gap, largest first. */
  closesGaps: { skillId: string; gap: number }[];
  gapScore: number;
  /** The strongest co-completion signal: among the learners who completed `after`, `count` of `group` completed this course. */
  coCompletion: { after: string; count: number; group: number; share: number } | null;
  estimatedWeeks: number;
}

function coCompletionOf(courseId: string, completed: ReadonlySet<string>, co: CoCompletion): RecommendationFigures['coCompletion'] {
  let best: RecommendationFigures['coCompletion'] = null;
  for (const after of [...completed].sort()) {
    const group = co[after];
    if (!group || group.learners < CO_COMPLETION_MIN_GROUP) continue;
    const count = group.next[courseId] ?? 0;
    if (count === 0) continue;
    const share = count / group.learners;
    if (!best || share > best.share || (share === best.share && count > best.count)) best = { after, count, group: group.learners, share };
  }
  return best;
}

function figuresOf(course: CandidateCourse, input: RecommendationInput): RecommendationFigures {
  const missing = course.prerequisites.filter((p) => !input.completed.has(p));
  const closesGaps = course.skills
    .filter((s) => (input.gaps.get(s) ?? 0) > 0)
    .map((skillId) => ({ skillId, gap: input.gaps.get(skillId)! }))
    .sort((a, b) => b.gap - a.gap || (a.skillId < b.skillId ? -1 : 1));
  return {
    courseId: course.courseId,
    courseName: course.title,
    prerequisitesMet: missing.length === 0,
    missingPrerequisites: missing,
    closesGaps,
    gapScore: closesGaps.reduce((s, g) => s + g.gap, 0),
    coCompletion: coCompletionOf(course.courseId, input.completed, input.coCompletion),
    estimatedWeeks: Math.max(0.1, Math.round((course.durationMinutes / input.weeklyMinutes) * 10) / 10),
  };
}

const byId = (a: RecommendationFigures, b: RecommendationFigures) => (a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0);
const share = (f: RecommendationFigures) => f.coCompletion?.share ?? 0;

/** The ordering of each context (ties end on the course id, so the ranking is deterministic). */
const ORDER: Record<RecommendationContext, (a: RecommendationFigures, b: RecommendationFigures) => number> = {
  skill_gap: (a, b) => b.gapScore - a.gapScore || share(b) - share(a) || a.estimatedWeeks - b.estimatedWeeks || byId(a, b),
  velocity: (a, b) => a.estimatedWeeks - b.estimatedWeeks || share(b) - share(a) || b.gapScore - a.gapScore || byId(a, b),
  general: (a, b) => share(b) - share(a) || b.gapScore - a.gapScore || a.estimatedWeeks - b.estimatedWeeks || byId(a, b),
};

/**
 * Ranked recommendations:
 * - candidates: the given (published) courses the learner has neither completed nor is enrolled in;
 * - general and velocity: only courses whose prerequisites are all completed;
 * - skill_gap: only courses that close a gap; one with unmet prerequisites is kept when each missing
 *   prerequisite is itself a candidate whose own prerequisites are met, and those prerequisites are
 *   placed right before it (never after); it is dropped when they do not fit in `limit`.
 */
export function rankRecommendations(input: RecommendationInput): RecommendationFigures[] {
  const candidates = input.courses.filter((c) => !input.completed.has(c.courseId) && !input.enrolled.has(c.courseId));
  const figures = new Map(candidates.map((c) => [c.courseId, figuresOf(c, input)]));
  const ranked = [...figures.values()].sort(ORDER[input.context]);
  const out: RecommendationFigures[] = [];
  const placed = new Set<string>();
  const add = (f: RecommendationFigures) => {
    out.push(f);
    placed.add(f.courseId);
  };
  for (const f of ranked) {
    if (out.length >= input.limit) break;
    if (placed.has(f.courseId)) continue;
    if (input.context !== 'skill_gap') {
      if (f.prerequisitesMet) add(f);
      continue;
    }
    if (f.gapScore === 0) continue;
    if (f.prerequisitesMet) {
      add(f);
      continue;
    }
    const before = f.missingPrerequisites.map((p) => figures.get(p));
    if (before.some((p) => p === undefined || !p.prerequisitesMet)) continue;
    const needed = (before as RecommendationFigures[]).filter((p) => !placed.has(p.courseId)).sort(ORDER.skill_gap);
    if (out.length + needed.length + 1 > input.limit) continue;
    for (const p of needed) add(p);
    add(f);
  }
  return out;
}

/** The reasoning line: every figure that placed the course, in words. */
export function reasoningOf(f: RecommendationFigures, titles: ReadonlyMap<string, string>, prerequisiteOf: readonly string[] = []): string {
  const name = (id: string) => titles.get(id) ?? id;
  const parts: string[] = [];
  if (f.missingPrerequisites.length > 0) parts.push(`Take it after its prerequisites ${f.missingPrerequisites.map(name).join(', ')}, recommended first.`);
  else parts.push('You have completed its prerequisites.');
  if (prerequisiteOf.length > 0) parts.push(`It is a prerequisite of ${prerequisiteOf.map(name).join(', ')}.`);
  if (f.closesGaps.length > 0) parts.push(`It teaches ${f.closesGaps.map((g) => `${g.skillId} (gap of ${g.gap} level${g.gap === 1 ? '' : 's'})`).join(', ')}.`);
  if (f.coCompletion) parts.push(`${f.coCompletion.count} of the ${f.coCompletion.group} learners who completed ${name(f.coCompletion.after)} also completed it.`);
  parts.push(`About ${f.estimatedWeeks} week${f.estimatedWeeks === 1 ? '' : 's'} at your weekly study time.`);
  return parts.join(' ');
}

/**
 * Co-completion counts from each learner's completed courses: per course A with at least
 * CO_COMPLETION_MIN_GROUP completers, the number of them who completed each other course B (the
 * CO_COMPLETION_TOP largest, ties by id). Groups below the minimum are not stored at all.
 */
export function coCompletionCounts(completions: Iterable<readonly string[]>): Record<string, { learners: number; next: Record<string, number> }> {
  const learners = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  for (const list of completions) {
    const courses = [...new Set(list)];
    for (const a of courses) {
      learners.set(a, (learners.get(a) ?? 0) + 1);
      const row = pairs.get(a) ?? new Map<string, number>();
      for (const b of courses) if (b !== a) row.set(b, (row.get(b) ?? 0) + 1);
      pairs.set(a, row);
    }
  }
  const out: Record<string, { learners: number; next: Record<string, number> }> = {};
  for (const [a, n] of [...learners].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (n < CO_COMPLETION_MIN_GROUP) continue;
    const top = [...(pairs.get(a) ?? new Map<string, number>())].sort(([x, p], [y, q]) => q - p || (x < y ? -1 : 1)).slice(0, CO_COMPLETION_TOP);
    out[a] = { learners: n, next: Object.fromEntries(top) };
  }
  return out;
}
