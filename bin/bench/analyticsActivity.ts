import { addDays, localDateOf } from '../../shared/domain/localDate.js';
import type { ActivityInput } from '../../shared/progress/activity.js';

/**
 * The analytics bench's activity generator (issue 14, part 4): a deterministic, varied history for N
 * learners over D learner-local days. Pure: the same (seed, learner, date) always gives the same events,
 * so the "doubled history" tenant repeats the first tenant's days exactly and only adds older ones, and
 * the nightly run of the last date reads the same ledger in both. The records themselves are built by
 * the engine's own activityRecord (the caller stores them with activityPut's Item).
 *
 * What a learner does: each has a home zone (eight IANA zones, DST and non-DST, both sides of UTC), a
 * propensity to learn on a given day, 1–3 of the catalog's courses and maybe tutorials. An active day
 * has 1–2 sessions (local start 06:00–22:00) of 2–6 events 3–15 minutes apart: course lesson progress
 * (seconds, completions, quiz lessons scored against the lesson's maximum), seed 000 block completions,
 * seed 001 tutorial chapters, quizzes and completions. About 3 % of records are synced late (written
 * 1–3 days after they happened, with the client's timestamp), about 2 % of completions award an
 * achievement.
 */

/** IANA zones the learners live in (DST north and south, half-hour offset, both sides of UTC). */
export const BENCH_TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Pacific/Auckland',
] as const;

export type BenchLessonType = 'video' | 'reading' | 'quiz' | 'practice';

export interface BenchLessonSpec {
  type: BenchLessonType;
  durationMinutes: number;
  skills: string[];
  /** Quiz lessons: the lesson's maximum and passing score. */
  maxScore?: number;
  passScore?: number;
}

export interface BenchCourseSpec {
  title: string;
  lessons: BenchLessonSpec[];
}

const lesson = (type: BenchLessonType, durationMinutes: number, skills: string[]): BenchLessonSpec =>
  type === 'quiz' ? { type, durationMinutes, skills, maxScore: 10, passScore: 7 } : { type, durationMinutes, skills };

/** The catalog every bench tenant gets (same shape in each tenant; ids differ). */
export const BENCH_COURSES: readonly BenchCourseSpec[] = [
  {
    title: 'JavaScript Foundations',
    lessons: [lesson('video', 12, ['javascript']), lesson('reading', 8, ['javascript']), lesson('practice', 20, ['javascript']), lesson('quiz', 6, ['javascript']), lesson('video', 15, ['javascript', 'dom']), lesson('practice', 25, ['dom']), lesson('quiz', 8, ['dom']), lesson('reading', 10, [])],
  },
  {
    title: 'Data Analysis with SQL',
    lessons: [lesson('reading', 10, ['sql']), lesson('video', 14, ['sql']), lesson('quiz', 5, ['sql']), lesson('practice', 30, ['sql', 'modeling']), lesson('video', 18, ['modeling']), lesson('quiz', 7, ['modeling'])],
  },
  {
    title: 'Team Leadership',
    lessons: [lesson('video', 9, ['leadership']), lesson('reading', 12, ['leadership']), lesson('reading', 6, ['communication']), lesson('quiz', 5, ['communication']), lesson('practice', 15, ['communication']), lesson('video', 11, ['leadership']), lesson('quiz', 6, ['leadership'])],
  },
  {
    title: 'Cloud Security Basics',
    lessons: [lesson('video', 16, ['security']), lesson('reading', 14, ['security']), lesson('practice', 22, ['security', 'iam']), lesson('quiz', 8, ['iam']), lesson('video', 13, ['iam']), lesson('quiz', 10, ['security'])],
  },
];

/** Seed 001 tutorials: id and chapter count. */
export const BENCH_TUTORIALS = [
  { tutorialId: 'bench-tutorial-git', chapters: 8 },
  { tutorialId: 'bench-tutorial-regex', chapters: 5 },
] as const;

/** Achievements the generator awards (index into the tenant's created achievements). */
export const BENCH_ACHIEVEMENT_COUNT = 3;

/** A small, fast, well-mixed PRNG (mulberry32) over a 32-bit state. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of the parts (FNV-1a), to seed one learner-day's generator independently of the others. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const intIn = (rand: () => number, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

export interface LearnerProfile {
  index: number;
  timeZone: string;
  /** Probability of learning on a given day. */
  activeProbability: number;
  /** Course indexes (into BENCH_COURSES) the learner studies. */
  courses: number[];
  /** Whether the learner also follows the seed 001 tutorials. */
  tutorials: boolean;
}

export function learnerProfile(seed: number, index: number): LearnerProfile {
  const rand = prng(hashSeed(seed, 'learner', index));
  const timeZone = BENCH_TIME_ZONES[index % BENCH_TIME_ZONES.length] as string;
  const activeProbability = 0.2 + rand() * 0.5;
  const count = intIn(rand, 1, 3);
  const order = BENCH_COURSES.map((_, i) => i).sort(() => rand() - 0.5);
  return { index, timeZone, activeProbability, courses: order.slice(0, count).sort(), tutorials: rand() < 0.4 };
}

/** One generated event, before ids are resolved against a tenant's catalog. */
export interface GeneratedEvent {
  eventId: string;
  source: 'lesson.progress' | 'block.completion' | 'tutorial.chapter' | 'tutorial.quiz' | 'tutorial.complete';
  /** Course index (BENCH_COURSES) or tutorial index (BENCH_TUTORIALS). */
  content: number;
  /** Lesson index within the course, or chapter / quiz number for tutorials. */
  item: number;
  /** Learner-local wall-clock time of the activity, minutes after local midnight of `localDate`. */
  localMinutes: number;
  seconds: number;
  score?: number;
  maxScore?: number;
  passed?: boolean;
  itemCompleted?: boolean;
  contentCompleted?: boolean;
  engagementScore?: number;
  /** Written this many minutes after it happened (offline sync), with the client's timestamp. */
  syncDelayMinutes?: number;
  /** Index of the achievement it awarded (BENCH_ACHIEVEMENT_COUNT). */
  award?: number;
  points: number;
}

function eventIdOf(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The events of one learner on one learner-local date (empty on a day off). */
export function learnerDayEvents(seed: number, profile: LearnerProfile, localDate: string): GeneratedEvent[] {
  const rand = prng(hashSeed(seed, 'day', profile.index, localDate));
  if (rand() >= profile.activeProbability) return [];
  const events: GeneratedEvent[] = [];
  const sessions = rand() < 0.3 ? 2 : 1;
  let earliest = 6 * 60;
  for (let s = 0; s < sessions && earliest < 22 * 60; s++) {
    let at = intIn(rand, earliest, Math.max(earliest, 22 * 60 - 60 * (sessions - s)));
    const count = intIn(rand, 2, 6);
    for (let e = 0; e < count && at < 24 * 60 - 1; e++) {
      events.push(eventOf(rand, profile, at));
      at += intIn(rand, 3, 15);
    }
    earliest = at + 45; // the next session starts after a gap longer than a session's 30 minutes
  }
  return events;
}

function eventOf(rand: () => number, profile: LearnerProfile, localMinutes: number): GeneratedEvent {
  const eventId = eventIdOf(rand);
  const roll = rand();
  const base = { eventId, localMinutes };
  let event: GeneratedEvent;
  if (profile.tutorials && roll < 0.25) {
    const tutorial = intIn(rand, 0, BENCH_TUTORIALS.length - 1);
    const chapters = BENCH_TUTORIALS[tutorial]!.chapters;
    const kind = rand();
    if (kind < 0.75) {
      const completed = rand() < 0.6;
      event = { ...base, source: 'tutorial.chapter', content: tutorial, item: intIn(rand, 1, chapters), seconds: intIn(rand, 60, 600), ...(completed ? { itemCompleted: true } : {}), points: completed ? 10 : 0 };
    } else if (kind < 0.95) {
      const score = intIn(rand, 3, 10);
      event = { ...base, source: 'tutorial.quiz', content: tutorial, item: 1, seconds: 0, score, maxScore: 10, passed: score >= 7, points: score >= 7 ? 20 : 0 };
    } else {
      event = { ...base, source: 'tutorial.complete', content: tutorial, item: 0, seconds: 0, contentCompleted: true, points: 50 };
    }
  } else {
    const course = pick(rand, profile.courses);
    const spec = BENCH_COURSES[course]!;
    const item = intIn(rand, 0, spec.lessons.length - 1);
    const lessonSpec = spec.lessons[item]!;
    const block = rand() < 0.2;
    const completed = block || rand() < 0.45;
    const seconds = intIn(rand, 60, lessonSpec.durationMinutes * 60);
    event = {
      ...base,
      source: block ? 'block.completion' : 'lesson.progress',
      content: course,
      item,
      seconds,
      ...(completed ? { itemCompleted: true } : {}),
      ...(block ? { engagementScore: intIn(rand, 40, 100) } : {}),
      points: completed ? 10 : 0,
    };
    if (lessonSpec.type === 'quiz' && !block) {
      const score = intIn(rand, 2, lessonSpec.maxScore ?? 10);
      event.score = score;
      event.maxScore = lessonSpec.maxScore;
      event.passed = score >= (lessonSpec.passScore ?? 7);
    }
    if (completed && item === spec.lessons.length - 1 && rand() < 0.3) {
      event.contentCompleted = true;
      event.points += 100;
    }
  }
  if (event.itemCompleted && rand() < 0.02) {
    event.award = intIn(rand, 0, BENCH_ACHIEVEMENT_COUNT - 1);
    event.points += 25;
  }
  if (rand() < 0.03) event.syncDelayMinutes = intIn(rand, 24 * 60, 3 * 24 * 60);
  return event;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds `timeZone` is ahead of UTC at `instantMs`. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instantMs)).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The UTC instant of a local wall-clock time (minutes after local midnight of `localDate`) in
 * `timeZone`. A time skipped by a DST change lands an hour later; its local date is checked by callers.
 */
export function zonedInstant(localDate: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${localDate}T00:00:00Z`) + minutes * 60_000;
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  return new Date(instant);
}

/** A tenant's catalog as the generator's indexes resolve: course ids and their lesson ids. */
export interface TenantCatalog {
  courses: { courseId: string; lessonIds: string[] }[];
  achievements: { id: string; title: string }[];
}

/**
 * The ActivityInput of a generated event for one tenant (what the engine's write would pass to
 * activityRecord), or undefined when it would have been written after `now` (the history ends before
 * the bench runs; a late sync still in the future is sent on time instead).
 */
export function activityInputOf(event: GeneratedEvent, ctx: { tenantId: string; userId: string; timeZone: string; localDate: string; catalog: TenantCatalog; now: Date }): ActivityInput | undefined {
  const happened = zonedInstant(ctx.localDate, event.localMinutes, ctx.timeZone);
  if (happened.getTime() > ctx.now.getTime() || localDateOf(happened, ctx.timeZone) !== ctx.localDate) return undefined;
  let written = happened;
  let clientTimestamp: string | undefined;
  if (event.syncDelayMinutes !== undefined) {
    const late = new Date(happened.getTime() + event.syncDelayMinutes * 60_000);
    if (late.getTime() <= ctx.now.getTime()) {
      written = late;
      clientTimestamp = happened.toISOString();
    }
  }
  const isCourse = event.source === 'lesson.progress' || event.source === 'block.completion';
  const course = isCourse ? ctx.catalog.courses[event.content] : undefined;
  if (isCourse && !course) throw new Error(`catalog has no course ${event.content}`);
  const tutorial = isCourse ? undefined : BENCH_TUTORIALS[event.content]!;
  const itemId = course
    ? course.lessonIds[event.item]
    : event.source === 'tutorial.chapter'
      ? `chapter-${event.item}`
      : event.source === 'tutorial.quiz'
        ? `quiz-${event.item}`
        : undefined;
  const award = event.award !== undefined ? ctx.catalog.achievements[event.award] : undefined;
  return {
    eventId: event.eventId,
    tenantId: ctx.tenantId,
    userId: ctx.userId,
    actorId: ctx.userId,
    source: event.source,
    contentType: isCourse ? 'course' : 'tutorial',
    contentId: course ? course.courseId : tutorial!.tutorialId,
    ...(itemId !== undefined ? { itemId } : {}),
    seconds: event.seconds,
    ...(event.score !== undefined ? { score: event.score } : {}),
    ...(event.maxScore !== undefined ? { maxScore: event.maxScore } : {}),
    ...(event.passed !== undefined ? { passed: event.passed } : {}),
    ...(event.itemCompleted ? { itemCompleted: true } : {}),
    ...(event.contentCompleted ? { contentCompleted: true } : {}),
    ...(event.engagementScore !== undefined ? { engagementScore: event.engagementScore } : {}),
    ...(clientTimestamp ? { clientTimestamp } : {}),
    requestHash: `bench-${event.eventId}`,
    ...(event.points > 0 ? { points: event.points } : {}),
    ...(award ? { awarded: [{ id: award.id, title: award.title, reason: 'Criteria met' }] } : {}),
    now: written,
    timeZone: ctx.timeZone,
  };
}

/** The D learner-local dates of the history, oldest first, ending `lastDate`. */
export function historyDates(lastDate: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(lastDate, i - days + 1));
}
