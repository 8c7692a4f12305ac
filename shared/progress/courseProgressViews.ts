import { certificateRecordOf } from '../certificates/certificate.js';
import { certificateUrlOf } from '../certificates/certificateLinks.js';
import type { ProgramRecord } from '../programs/program.js';
import { getCourseGraph, getCourses } from '../catalog/courseRepository.js';
import { listCourseCompletions } from '../catalog/courseCompletionRepository.js';
import { itemId } from '../db/batchGet.js';
import { certificateKey, learnerCourseKey } from '../db/keys.js';
import { NotFoundError } from '../http/errors.js';
import { decimalPercent, learningPace, visibleLessons, wholePercent, type CourseOutline, type LessonProgress } from '../domain/courseProgress.js';
import { addDays, localDateOf, weekStartOf } from '../domain/localDate.js';
import { readCourseContext, readLearnerCourse } from './courseContext.js';

/**
 * Read models of course progress for the seed contracts (002 course progress, 000 get_progress and
 * check_progress), all computed from the same items the engine writes: the outline, the learner's
 * course summary, lesson items and day buckets.
 */

const minutesOf = (seconds: number) => Math.round(seconds / 60);

/** Seed 000 block ids name the course and the lesson: `<course_id>.<lesson_id>` (ids never contain a dot). */
export function blockIdOf(courseId: string, lessonId: string): string {
  return `${courseId}.${lessonId}`;
}

/**
 * `GET /api/v1/student/courses/{course_id}/progress/` (seed 002): BatchGet + one Query. The BatchGet also
 * reads the learner's certificate for the course, shown as `certificate_url` (issue 23; the PDF is
 * rendered on the first such request).
 */
export async function studentCourseProgress(tenantId: string, userId: string, courseId: string, timeZone: string, now: Date, baseUrl: string) {
  const certKey = certificateKey(tenantId, userId, 'course', courseId);
  const { outline, snapshot } = await readCourseContext(tenantId, userId, courseId, [], [certKey]);
  const certificate = snapshot.get(itemId(certKey));
  const today = localDateOf(now, timeZone);
  const weekStart = weekStartOf(today);
  const learner = await readLearnerCourse(tenantId, userId, courseId, weekStart);
  const completions = (learner.summary?.completions as Record<string, string> | undefined) ?? {};
  const lessons = visibleLessons(outline);
  const lessonState = (id: string) => learner.lessons.get(id);
  const sections = outline.sections
    .filter((s) => s.isPublished)
    .map((section) => {
      const own = lessons.filter((l) => l.sectionId === section.sectionId);
      const done = own.filter((l) => completions[l.lessonId] !== undefined).length;
      return {
        section_id: section.sectionId,
        title: section.title,
        progress: wholePercent(done, own.length),
        completed_lessons: done,
        total_lessons: own.length,
        lessons: own.map((l) => ({
          lesson_id: l.lessonId,
          title: l.title,
          type: l.type,
          duration_minutes: l.durationMinutes,
          is_completed: completions[l.lessonId] !== undefined,
          completed_at: completions[l.lessonId] ?? null,
          watch_time_seconds: lessonState(l.lessonId)?.watchSeconds ?? 0,
          position_seconds: lessonState(l.lessonId)?.positionSeconds ?? 0,
        })),
      };
    });
  const quizzes = lessons.filter((l) => l.type === 'quiz');
  const scored = quizzes.map((q) => ({ q, state: lessonState(q.lessonId) })).filter((x) => x.state?.score !== undefined && x.q.maxScore);
  const lastId = learner.summary?.lastLessonId as string | undefined;
  const last = lastId ? outline.lessons.find((l) => l.lessonId === lastId) : undefined;
  let week = 0;
  for (const [date, seconds] of learner.days) if (date >= weekStart && date < addDays(weekStart, 7)) week += seconds;
  return {
    course_id: courseId,
    overall_progress: wholePercent(lessons.filter((l) => completions[l.lessonId] !== undefined).length, lessons.length),
    sections,
    quizzes: {
      total: quizzes.length,
      completed: quizzes.filter((q) => completions[q.lessonId] !== undefined).length,
      average_score: scored.length > 0 ? Math.round(scored.reduce((sum, x) => sum + ((x.state?.score ?? 0) * 100) / (x.q.maxScore as number), 0) / scored.length) : null,
    },
    last_accessed: last
      ? { lesson_id: last.lessonId, lesson_title: last.title, section_id: last.sectionId, timestamp: learner.summary?.lastAccessedAt as string }
      : null,
    time_spent: {
      total_minutes: minutesOf((learner.summary?.totalSeconds as number | undefined) ?? 0),
      this_week_minutes: minutesOf(week),
      today_minutes: minutesOf(learner.days.get(today) ?? 0),
    },
    completed_at: (learner.summary?.completedAt as string | undefined) ?? null,
    certificate_url: await certificateUrlOf(certificate ? certificateRecordOf(certificate) : undefined, baseUrl, now),
  };
}

/** Figures shared by seed 000's get_progress and check_progress for one course. */
interface CourseFigures {
  outline: CourseOutline;
  completedBlocks: number;
  totalBlocks: number;
  completions: Record<string, string>;
  totalSeconds: number;
}

function figuresOf(outline: CourseOutline, summary: Record<string, unknown> | undefined): CourseFigures {
  const completions = (summary?.completions as Record<string, string> | undefined) ?? {};
  const lessons = visibleLessons(outline);
  return {
    outline,
    completedBlocks: lessons.filter((l) => completions[l.lessonId] !== undefined).length,
    totalBlocks: lessons.length,
    completions,
    totalSeconds: (summary?.totalSeconds as number | undefined) ?? 0,
  };
}

function velocity(figures: CourseFigures, lessons: Map<string, LessonProgress>, today: string, timeZone: string) {
  const visible = visibleLessons(figures.outline);
  const dates = visible.filter((l) => figures.completions[l.lessonId]).map((l) => localDateOf(new Date(figures.completions[l.lessonId] as string), timeZone));
  const pace = learningPace(dates, today, figures.totalBlocks - figures.completedBlocks);
  const perDay = new Map<string, number>();
  for (const date of dates) perDay.set(date, (perDay.get(date) ?? 0) + 1);
  const completedStates = visible.map((l) => lessons.get(l.lessonId)).filter((s): s is LessonProgress => s?.completed === true);
  return {
    learning_velocity: {
      blocks_per_day: pace.blocksPerDay === null ? 0 : Math.round(pace.blocksPerDay * 10) / 10,
      minutes_per_block: figures.completedBlocks > 0 ? Math.round((figures.totalSeconds / 60 / figures.completedBlocks) * 10) / 10 : 0,
    },
    daily_completions: [...perDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, blocks]) => ({ date, blocks })),
    detailed_blocks: visible.map((l) => {
      const state = lessons.get(l.lessonId);
      return {
        block_id: blockIdOf(figures.outline.courseId, l.lessonId),
        title: l.title,
        type: l.type,
        completed: figures.completions[l.lessonId] !== undefined,
        completion_date: figures.completions[l.lessonId] ?? null,
        engagement_score: state?.engagementScore ?? null,
        time_spent_minutes: Math.round(((state?.secondsSpent ?? 0) / 60) * 10) / 10,
      };
    }),
    average_engagement: completedStates.filter((s) => s.engagementScore !== undefined),
  };
}

/** Seed 000 `get_progress` for a course: BatchGet + one Query (lesson details and engagement). */
export async function blockProgressOfCourse(tenantId: string, userId: string, courseId: string, includeAnalytics: boolean, timeZone: string, now: Date) {
  const { outline } = await readCourseContext(tenantId, userId, courseId);
  const today = localDateOf(now, timeZone);
  const learner = await readLearnerCourse(tenantId, userId, courseId, '9999');
  const figures = figuresOf(outline, learner.summary);
  const v = velocity(figures, learner.lessons, today, timeZone);
  const engaged = v.average_engagement;
  return {
    content_type: 'course' as const,
    content_id: courseId,
    progress_percentage: decimalPercent(figures.completedBlocks, figures.totalBlocks),
    completed_blocks: figures.completedBlocks,
    total_blocks: figures.totalBlocks,
    time_spent_total_minutes: minutesOf(figures.totalSeconds),
    average_engagement_score: engaged.length > 0 ? Math.round((engaged.reduce((s, x) => s + (x.engagementScore ?? 0), 0) / engaged.length) * 10) / 10 : null,
    ...(includeAnalytics ? { learning_velocity: v.learning_velocity, daily_completions: v.daily_completions, detailed_blocks: v.detailed_blocks } : {}),
  };
}

/**
 * Figures of several courses: one BatchGetItem per course (course record, outline, learner summary),
 * in parallel; outlines older than their course are rebuilt (see readCourseContext). Draft and
 * missing courses are left out.
 */
async function figuresOfCourses(tenantId: string, userId: string, courseIds: readonly string[]): Promise<Map<string, CourseFigures>> {
  const out = new Map<string, CourseFigures>();
  await Promise.all(
    courseIds.map(async (id) => {
      try {
        const context = await readCourseContext(tenantId, userId, id);
        out.set(id, figuresOf(context.outline, context.snapshot.get(itemId(learnerCourseKey(tenantId, userId, id)))));
      } catch (err) {
        // A draft or deleted course of a program contributes nothing.
        if (!(err instanceof NotFoundError)) throw err;
      }
    }),
  );
  return out;
}

/** Seed 000 `get_progress` for a program: the aggregate over its published courses. */
export async function blockProgressOfProgram(tenantId: string, userId: string, program: ProgramRecord) {
  const ids = program.courseAssignments.map((a) => a.courseId);
  const figures = await figuresOfCourses(tenantId, userId, ids);
  const all = [...figures.values()];
  const completed = all.reduce((s, f) => s + f.completedBlocks, 0);
  const total = all.reduce((s, f) => s + f.totalBlocks, 0);
  const current = ids.find((id) => {
    const f = figures.get(id);
    return f !== undefined && f.completedBlocks < f.totalBlocks;
  });
  return {
    content_type: 'program' as const,
    content_id: program.programId,
    progress_percentage: decimalPercent(completed, total),
    completed_blocks: completed,
    total_blocks: total,
    time_spent_total_minutes: minutesOf(all.reduce((s, f) => s + f.totalSeconds, 0)),
    current_course_id: current ?? null,
    courses: ids
      .filter((id) => figures.has(id))
      .map((id) => {
        const f = figures.get(id) as CourseFigures;
        return { course_id: id, title: f.outline.title, completed_blocks: f.completedBlocks, total_blocks: f.totalBlocks, progress_percentage: decimalPercent(f.completedBlocks, f.totalBlocks) };
      }),
  };
}

/** The estimated completion instant: today + days to finish at the learner's pace, at noon UTC (a date, not a time). */
function estimatedCompletion(daysToFinish: number | null, today: string): string | null {
  return daysToFinish === null ? null : `${addDays(today, daysToFinish)}T12:00:00Z`;
}

/**
 * Seed 000 `check_progress` for a course: progress, an estimated completion from the learner's own
 * pace (completed blocks per active day since their first completion), and the next milestone: the
 * first course (by title) that lists this one as a prerequisite, with `unlock_criteria_met` when the
 * learner has completed every prerequisite of it.
 */
export async function checkCourseMilestone(tenantId: string, userId: string, courseId: string, timeZone: string, now: Date) {
  const today = localDateOf(now, timeZone);
  const [figures, graph, completions] = await Promise.all([figuresOfCourses(tenantId, userId, [courseId]), getCourseGraph(tenantId), listCourseCompletions(tenantId, userId)]);
  const own = figures.get(courseId);
  if (!own) return undefined;
  const dates = visibleLessons(own.outline).filter((l) => own.completions[l.lessonId]).map((l) => localDateOf(new Date(own.completions[l.lessonId] as string), timeZone));
  const pace = learningPace(dates, today, own.totalBlocks - own.completedBlocks);
  const dependents = Object.entries(graph.edges).filter(([, prereqs]) => prereqs.includes(courseId)).map(([id]) => id);
  const done = new Set(completions.map((c) => c.courseId));
  const records = dependents.length > 0 ? await getCourses(tenantId, dependents) : new Map();
  const next = [...records.values()].filter((c) => c.status === 'published').sort((a, b) => a.title.localeCompare(b.title))[0];
  return {
    milestone_type: 'course' as const,
    milestone_id: courseId,
    progress_percentage: decimalPercent(own.completedBlocks, own.totalBlocks),
    completed_blocks: own.completedBlocks,
    total_blocks: own.totalBlocks,
    estimated_completion: estimatedCompletion(pace.daysToFinish, today),
    next_milestone: next ? { id: next.courseId, title: next.title, unlock_criteria_met: (graph.edges[next.courseId] ?? []).every((id) => done.has(id)) } : null,
  };
}

/**
 * Seed 000 `check_progress` for a program: the aggregate, the estimate at the learner's pace over the
 * program's courses, and the next milestone: the first course in sequence not yet completed, unlocked
 * when its program prerequisites (assignment prerequisites) are completed.
 */
export async function checkProgramMilestone(tenantId: string, userId: string, program: ProgramRecord, timeZone: string, now: Date) {
  const today = localDateOf(now, timeZone);
  const ids = program.courseAssignments.map((a) => a.courseId);
  const [figures, completions] = await Promise.all([figuresOfCourses(tenantId, userId, ids), listCourseCompletions(tenantId, userId)]);
  const all = [...figures.values()];
  const completed = all.reduce((s, f) => s + f.completedBlocks, 0);
  const total = all.reduce((s, f) => s + f.totalBlocks, 0);
  const dates = all.flatMap((f) => visibleLessons(f.outline).filter((l) => f.completions[l.lessonId]).map((l) => localDateOf(new Date(f.completions[l.lessonId] as string), timeZone)));
  const pace = learningPace(dates, today, total - completed);
  const done = new Set(completions.map((c) => c.courseId));
  const nextAssignment = program.courseAssignments.find((a) => figures.has(a.courseId) && !done.has(a.courseId));
  const nextFigures = nextAssignment ? figures.get(nextAssignment.courseId) : undefined;
  return {
    milestone_type: 'program' as const,
    milestone_id: program.programId,
    progress_percentage: decimalPercent(completed, total),
    completed_blocks: completed,
    total_blocks: total,
    estimated_completion: estimatedCompletion(pace.daysToFinish, today),
    next_milestone:
      nextAssignment && nextFigures
        ? { id: nextAssignment.courseId, title: nextFigures.outline.title, unlock_criteria_met: nextAssignment.prerequisites.every((id) => done.has(id)) }
        : null,
  };
}
