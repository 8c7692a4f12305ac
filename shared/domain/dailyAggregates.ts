import { activityInstant, analyticsDateOf } from './analyticsDate.js';

/**
 * The nightly fold (docs/analytics.md): the ledger records of one tenant and one learner-local date
 * become the tenant-day, content-day and learner-day aggregates every analytics read starts from.
 * Pure and order-independent (records are sorted here), so a re-run over the same records writes the
 * same items, and the property test can compare it with a reference built from the raw records.
 */

/** The fields of a ledger record the fold reads (shared/progress/activity.ts ActivityRecord). */
export interface FoldRecord {
  eventId: string;
  userId: string;
  source: string;
  contentType: string;
  contentId: string;
  itemId?: string;
  occurredAt: string;
  localDate: string;
  timeZone: string;
  clientTimestamp?: string;
  seconds: number;
  score?: number;
  maxScore?: number;
  passed?: boolean;
  itemCompleted?: boolean;
  contentCompleted?: boolean;
  activityType?: string;
  points?: number;
  awarded?: { id: string }[];
}

/** What the fold knows of a course lesson: its type and skills (from the course outline). */
export interface LessonFacts {
  type: string;
  skills: readonly string[];
  /** The lesson's section position in the course outline (1-based; trainer course-health). */
  section?: number;
}

/** `lessonFacts(courseId, lessonId)`; undefined for an unknown lesson. */
export type LessonLookup = (courseId: string, lessonId: string) => LessonFacts | undefined;

/** A gap longer than this between two of a learner's activities starts a new session. */
export const SESSION_GAP_MINUTES = 30;

/** Sources whose completed item is a "topic" (a lesson, block or chapter) and a seed 000 block completion. */
const TOPIC_SOURCES = new Set(['lesson.progress', 'block.completion', 'tutorial.chapter']);

/** Counters shared by every aggregate level. */
export interface ActivityCounts {
  /** Ledger records (seed 000 `progress_updates`). */
  events: number;
  /** Learning seconds recorded. */
  seconds: number;
  /** Lessons, blocks and chapters completed (topics; seed 000 `block_completions`). */
  topics: number;
  /** Catalog courses completed. */
  courseCompletions: number;
  /** Seed 001 tutorial certificates earned (tutorial `complete` that completed it). */
  certificates: number;
  /** Scored attempts (docs/analytics.md "Assessment"). */
  assessments: number;
  /** Sum of the assessments' percentages (average = scoreSum / assessments). */
  scoreSum: number;
  /** Assessments with a pass/fail outcome, and how many passed. */
  graded: number;
  passed: number;
  /** Achievements awarded (seed 000 `achievement_awards`) and points earned. */
  awards: number;
  points: number;
}

export interface SessionCounts {
  /** Sessions (seed 000 `user_sessions`), their recorded learning seconds and single-activity sessions. */
  sessions: number;
  sessionSeconds: number;
  bounces: number;
}

/** Activity of one content kind (lesson type, tutorial chapter, logged activity type). */
export interface KindCounts {
  events: number;
  seconds: number;
  topics: number;
  /** Distinct items touched and distinct items completed (per learner-day; summed upward). */
  itemsStarted: number;
  itemsCompleted: number;
  assessments: number;
  scoreSum: number;
}

export interface SkillCounts {
  assessments: number;
  scoreSum: number;
}

export interface LearnerContentDay {
  contentType: string;
  contentId: string;
  events: number;
  seconds: number;
  topics: number;
  completed: boolean;
  /** Scored attempts on this content and the sum of their percentages (learner analytics' course filter). */
  assessments: number;
  scoreSum: number;
}

export interface LearnerDay extends ActivityCounts, SessionCounts {
  userId: string;
  date: string;
  /** The zone of the learner's latest record that day. */
  timeZone: string;
  firstAt: string;
  lastAt: string;
  /** Per content (`<contentType>:<contentId>`). */
  content: Record<string, LearnerContentDay>;
  /** Per content kind (docs/analytics.md "Content kind"). */
  kinds: Record<string, KindCounts>;
  /** Per lesson skill, from scored lessons tagged with it. */
  skills: Record<string, SkillCounts>;
  /** Every assessment in time order: instant, percentage, pass outcome (null when none). */
  scores: { at: string; percent: number; passed: boolean | null }[];
  /** Topic completions in time order (velocity milestones): content and instant. */
  completions: { content: string; at: string }[];
}

export interface ContentDay extends ActivityCounts {
  contentType: string;
  contentId: string;
  date: string;
  learners: number;
  /** Whether it was completed, per learner who completed it that day. */
  completions: number;
}

export interface TenantDay extends ActivityCounts, SessionCounts {
  date: string;
  /** Distinct learners with at least one record (daily active users). */
  activeLearners: number;
  /** Awards per achievement id. */
  awardsByAchievement: Record<string, number>;
}

export interface DayFold {
  tenant: TenantDay;
  content: ContentDay[];
  learners: LearnerDay[];
}

const COUNT_KEYS = ['events', 'seconds', 'topics', 'courseCompletions', 'certificates', 'assessments', 'scoreSum', 'graded', 'passed', 'awards', 'points'] as const satisfies readonly (keyof ActivityCounts)[];

function emptyCounts(): ActivityCounts {
  return Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as unknown as ActivityCounts;
}

function addCounts(into: ActivityCounts, from: ActivityCounts): void {
  for (const key of COUNT_KEYS) into[key] += from[key];
}

/**
 * The percentage of a scored record, or undefined when it is not an assessment: a score with a
 * positive maximum is score / maximum; a score without one counts only when it is already a
 * percentage (0–100, as seeds 000 and 002 send). Rounded to 2 decimals so sums stay exact in storage.
 */
export function assessmentPercent(record: Pick<FoldRecord, 'score' | 'maxScore'>): number | undefined {
  if (typeof record.score !== 'number' || !Number.isFinite(record.score)) return undefined;
  if (typeof record.maxScore === 'number' && record.maxScore > 0) return round2((record.score / record.maxScore) * 100);
  if (record.maxScore === undefined && record.score >= 0 && record.score <= 100) return round2(record.score);
  return undefined;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The content kind a record is about (docs/analytics.md): a course lesson's type (video, reading,
 * quiz, practice, milestone), `video` for a tutorial chapter and `quiz` for a tutorial quiz, a
 * progress log's activity type; null for records about no content item (sessions, completions, resets).
 */
export function contentKindOf(record: FoldRecord, lessons: LessonLookup): string | null {
  switch (record.source) {
    case 'lesson.progress':
    case 'block.completion':
      return (record.itemId ? lessons(record.contentId, record.itemId)?.type : undefined) ?? 'unknown';
    case 'tutorial.chapter':
      return 'video';
    case 'tutorial.quiz':
      return 'quiz';
    case 'progress.log':
    case 'progress.log.update':
      return record.activityType ?? 'unknown';
    default:
      return null;
  }
}

function countsOf(record: FoldRecord): ActivityCounts {
  const c = emptyCounts();
  c.events = 1;
  c.seconds = Math.max(0, record.seconds || 0);
  if (record.itemCompleted && TOPIC_SOURCES.has(record.source)) c.topics = 1;
  if (record.contentCompleted && record.contentType === 'course') c.courseCompletions = 1;
  if (record.contentCompleted && record.source === 'tutorial.complete') c.certificates = 1;
  const percent = assessmentPercent(record);
  if (percent !== undefined) {
    c.assessments = 1;
    c.scoreSum = percent;
    if (typeof record.passed === 'boolean') {
      c.graded = 1;
      c.passed = record.passed ? 1 : 0;
    }
  }
  c.awards = record.awarded?.length ?? 0;
  c.points = Math.max(0, record.points ?? 0);
  return c;
}

/**
 * Splits one learner's records of a day into sessions: ordered by activityInstant (then event id),
 * a gap over SESSION_GAP_MINUTES starts a new one. A session's seconds are its records' seconds; a
 * session of a single record is a bounce.
 */
export function sessionsOf(records: readonly FoldRecord[]): SessionCounts {
  const sorted = [...records].sort(byInstant);
  const out: SessionCounts = { sessions: 0, sessionSeconds: 0, bounces: 0 };
  let last: number | undefined;
  let size = 0;
  for (const record of sorted) {
    const at = Date.parse(activityInstant(record));
    if (last === undefined || at - last > SESSION_GAP_MINUTES * 60_000) {
      if (size === 1) out.bounces++;
      out.sessions++;
      size = 0;
    }
    size++;
    out.sessionSeconds += Math.max(0, record.seconds || 0);
    last = at;
  }
  if (size === 1) out.bounces++;
  return out;
}

function byInstant(a: FoldRecord, b: FoldRecord): number {
  const x = activityInstant(a);
  const y = activityInstant(b);
  return x < y ? -1 : x > y ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/**
 * Folds the records of one tenant-date. Records whose analytics date is not `date` are ignored, so
 * the caller may pass whatever the index returned. Content and learners come out sorted by id.
 */
export function foldDay(date: string, records: readonly FoldRecord[], lessons: LessonLookup): DayFold {
  const mine = records.filter((r) => analyticsDateOf(r) === date).sort(byInstant);
  const byLearner = new Map<string, FoldRecord[]>();
  for (const r of mine) byLearner.set(r.userId, [...(byLearner.get(r.userId) ?? []), r]);

  const tenant: TenantDay = { date, ...emptyCounts(), sessions: 0, sessionSeconds: 0, bounces: 0, activeLearners: byLearner.size, awardsByAchievement: {} };
  const content = new Map<string, ContentDay & { seen: Set<string> }>();
  const learners: LearnerDay[] = [];

  for (const [userId, own] of [...byLearner].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const last = own[own.length - 1]!;
    const day: LearnerDay = {
      userId,
      date,
      timeZone: last.timeZone,
      firstAt: activityInstant(own[0]!),
      lastAt: activityInstant(last),
      ...emptyCounts(),
      ...sessionsOf(own),
      content: {},
      kinds: {},
      skills: {},
      scores: [],
      completions: [],
    };
    const started = new Map<string, Set<string>>();
    const completedItems = new Map<string, Set<string>>();
    for (const r of own) {
      const counts = countsOf(r);
      addCounts(day, counts);
      const key = `${r.contentType}:${r.contentId}`;
      const c = (day.content[key] ??= { contentType: r.contentType, contentId: r.contentId, events: 0, seconds: 0, topics: 0, completed: false, assessments: 0, scoreSum: 0 });
      c.events += 1;
      c.seconds += counts.seconds;
      c.topics += counts.topics;
      c.assessments += counts.assessments;
      c.scoreSum = round2(c.scoreSum + counts.scoreSum);
      if (r.contentCompleted && (r.contentType === 'course' || r.source === 'tutorial.complete')) c.completed = true;
      if (counts.topics) day.completions.push({ content: key, at: activityInstant(r) });
      const percent = assessmentPercent(r);
      if (percent !== undefined) day.scores.push({ at: activityInstant(r), percent, passed: typeof r.passed === 'boolean' ? r.passed : null });
      for (const a of r.awarded ?? []) tenant.awardsByAchievement[a.id] = (tenant.awardsByAchievement[a.id] ?? 0) + 1;

      const kind = contentKindOf(r, lessons);
      if (kind !== null) {
        const k = (day.kinds[kind] ??= { events: 0, seconds: 0, topics: 0, itemsStarted: 0, itemsCompleted: 0, assessments: 0, scoreSum: 0 });
        k.events += 1;
        k.seconds += counts.seconds;
        k.topics += counts.topics;
        k.assessments += counts.assessments;
        k.scoreSum = round2(k.scoreSum + counts.scoreSum);
        const item = `${key}:${r.itemId ?? r.eventId}`;
        const s = started.get(kind) ?? new Set<string>();
        s.add(item);
        started.set(kind, s);
        if (r.itemCompleted) {
          const done = completedItems.get(kind) ?? new Set<string>();
          done.add(item);
          completedItems.set(kind, done);
        }
      }
      if (percent !== undefined && r.contentType === 'course' && r.itemId) {
        for (const skill of lessons(r.contentId, r.itemId)?.skills ?? []) {
          const sk = (day.skills[skill] ??= { assessments: 0, scoreSum: 0 });
          sk.assessments += 1;
          sk.scoreSum = round2(sk.scoreSum + percent);
        }
      }

      const cd = content.get(key) ?? { contentType: r.contentType, contentId: r.contentId, date, ...emptyCounts(), learners: 0, completions: 0, seen: new Set<string>() };
      addCounts(cd, counts);
      cd.scoreSum = round2(cd.scoreSum);
      cd.seen.add(userId);
      content.set(key, cd);
    }
    for (const [kind, items] of started) day.kinds[kind]!.itemsStarted = items.size;
    for (const [kind, items] of completedItems) day.kinds[kind]!.itemsCompleted = items.size;
    for (const c of Object.values(day.content)) if (c.completed) content.get(`${c.contentType}:${c.contentId}`)!.completions += 1;
    day.scoreSum = round2(day.scoreSum);
    addCounts(tenant, day);
    tenant.sessions += day.sessions;
    tenant.sessionSeconds += day.sessionSeconds;
    tenant.bounces += day.bounces;
    learners.push(day);
  }
  tenant.scoreSum = round2(tenant.scoreSum);
  const contentDays = [...content.values()]
    .map(({ seen, ...rest }) => ({ ...rest, learners: seen.size }))
    .sort((a, b) => (a.contentType + a.contentId < b.contentType + b.contentId ? -1 : 1));
  return { tenant, content: contentDays, learners };
}
