import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { mintToken, type IssuerKeys } from '../local/localIssuer.js';
import type { Role } from '../../shared/routes/types.js';
import type { HttpRecorder, RequestOptions } from './httpRecorder.js';

/**
 * The two scenarios of `npm run bench -- progress` (issue 5, part 7). Each learner is its own user in
 * one tenant and runs its flow sequentially, as one device would; the learners run concurrently. Every
 * response the flow depends on is checked, and each learner's final state is compared with the value
 * computed here from the seed's rules, so a run that measured errors or wrong answers says so.
 */
export interface ProgressBenchConfig {
  learners: number;
  iterations: number;
  /** K: chapters per tutorial (seed 001 flow). */
  chapters: number;
  /** M: lessons of the catalog course each learner completes (seed 000 `record_completion`). */
  lessons: number;
}

export interface LearnerRunOutcome {
  wallMs: number;
  /** Human-readable problems: a non-2xx answer, a network error, or a wrong value (first ones kept). */
  failures: string[];
  failureCount: number;
}

export interface Principal {
  userId: string;
  token: string;
}

const MAX_KEPT_FAILURES = 20;

class Failures {
  readonly kept: string[] = [];
  count = 0;
  add(message: string): void {
    this.count += 1;
    if (this.kept.length < MAX_KEPT_FAILURES) this.kept.push(message);
  }
}

/** A user of `tenantId` with the given roles and a token from the run's local issuer (valid 2 h). */
export function principal(issuer: IssuerKeys, tenantId: string, roles: Role[]): Principal {
  const userId = randomUUID();
  return { userId, token: mintToken(issuer, { userId, tenantId, roles, expiresInSeconds: 7200 }) };
}

/** Runs `flow` for every learner at once and times the whole batch (first request to last answer). */
async function runConcurrently(count: number, flow: (index: number, failures: Failures) => Promise<void>): Promise<LearnerRunOutcome> {
  const failures = new Failures();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      flow(index, failures).catch((err: unknown) => failures.add(`learner ${index + 1}: ${err instanceof Error ? err.message : String(err)}`)),
    ),
  );
  return { wallMs: performance.now() - started, failures: failures.kept, failureCount: failures.count };
}

/** Thrown to stop one learner's iteration after a failed step (later steps would only fail in turn). */
class StepFailed extends Error {}

async function expectOk(recorder: HttpRecorder, request: RequestOptions, what: string): Promise<Record<string, unknown>> {
  const response = await recorder.send(request);
  if (response.status < 200 || response.status > 299) throw new StepFailed(`${what}: HTTP ${response.status} ${response.text.slice(0, 200)}`);
  return (response.body ?? {}) as Record<string, unknown>;
}

function check(failures: Failures, condition: boolean, message: string): void {
  if (!condition) failures.add(message);
}

// ---------------------------------------------------------------------------------------------------
// Scenario 1: seed 001's flow per learner.

/** Watch time of chapter c (1-based) in seconds: distinct per chapter, so a lost update shows in the sum. */
export const chapterWatchTime = (chapter: number) => 30 * chapter;

/** The seed 001 calls one learner makes per iteration: GET, K chapters, one quiz, complete, GET. */
export function tutorialFlowCalls(chapters: number): { method: 'GET' | 'POST'; path: string; count: number }[] {
  const base = '/v1/tutorials/progress/bench-tutorial';
  return [
    { method: 'GET', path: base, count: 2 },
    { method: 'POST', path: `${base}/chapter`, count: chapters },
    { method: 'POST', path: `${base}/quiz`, count: 1 },
    { method: 'POST', path: `${base}/complete`, count: 1 },
  ];
}

export async function runTutorialFlow(recorder: HttpRecorder, learners: Principal[], config: ProgressBenchConfig): Promise<LearnerRunOutcome> {
  const k = config.chapters;
  return runConcurrently(learners.length, async (index, failures) => {
    const learner = learners[index] as Principal;
    const who = `learner ${index + 1}`;
    for (let iteration = 1; iteration <= config.iterations; iteration++) {
      const tutorialId = `bench-tutorial-${iteration}`;
      const path = `/v1/tutorials/progress/${tutorialId}`;
      const where = `${who}, ${tutorialId}`;
      try {
        const initial = await expectOk(recorder, { method: 'GET', path, token: learner.token }, `${where}: GET`);
        check(failures, initial.completionPercentage === 0 && initial.chaptersCompleted === 0, `${where}: first GET is not the default progress`);

        for (let chapter = 1; chapter <= k; chapter++) {
          const body = { chapterId: `chapter-${chapter}`, watchTime: chapterWatchTime(chapter), completed: true, totalChapters: k };
          const updated = await expectOk(recorder, { method: 'POST', path: `${path}/chapter`, token: learner.token, body }, `${where}: chapter ${chapter}`);
          const percentage = Math.min(100, Math.floor((chapter / k) * 100));
          check(
            failures,
            updated.chaptersCompleted === chapter && updated.completionPercentage === percentage,
            `${where}: after chapter ${chapter} expected ${chapter} chapters / ${percentage}%, got ${String(updated.chaptersCompleted)} / ${String(updated.completionPercentage)}%`,
          );
        }

        await expectOk(recorder, { method: 'POST', path: `${path}/quiz`, token: learner.token, body: { quizId: 'quiz-1', score: 8, maxScore: 10, passed: true } }, `${where}: quiz`);
        const completed = await expectOk(recorder, { method: 'POST', path: `${path}/complete`, token: learner.token }, `${where}: complete`);
        check(failures, completed.certificateEarned === true, `${where}: complete did not earn the certificate`);

        const final = await expectOk(recorder, { method: 'GET', path, token: learner.token }, `${where}: final GET`);
        for (const problem of tutorialFinalStateProblems(final, { tutorialId, userId: learner.userId, chapters: k })) failures.add(`${where}: ${problem}`);
      } catch (err) {
        if (!(err instanceof StepFailed)) throw err;
        failures.add(err.message);
      }
    }
  });
}

/**
 * What is wrong with a learner's final seed 001 GET, computed from the seed's rules: K of K chapters
 * completed (100 %), watch time the sum of what was sent, the one quiz (8/10, passed, 1 attempt),
 * eligible and earned.
 */
export function tutorialFinalStateProblems(progress: Record<string, unknown>, expected: { tutorialId: string; userId: string; chapters: number }): string[] {
  const k = expected.chapters;
  let watchTime = 0;
  for (let chapter = 1; chapter <= k; chapter++) watchTime += chapterWatchTime(chapter);
  const want: Record<string, unknown> = {
    tutorialId: expected.tutorialId,
    userId: expected.userId,
    chaptersCompleted: k,
    totalChapters: k,
    completionPercentage: 100,
    certificateEligible: true,
    certificateEarned: true,
    totalWatchTime: watchTime,
  };
  const problems = Object.entries(want)
    .filter(([field, value]) => progress[field] !== value)
    .map(([field, value]) => `final GET ${field} = ${JSON.stringify(progress[field])}, expected ${JSON.stringify(value)}`);
  const chapters = Array.isArray(progress.chapterProgress) ? (progress.chapterProgress as Record<string, unknown>[]) : [];
  if (chapters.length !== k || chapters.some((c) => c.completed !== true)) problems.push(`final GET lists ${chapters.length} chapters (${chapters.filter((c) => c.completed === true).length} completed), expected ${k} completed`);
  const quizzes = Array.isArray(progress.quizScores) ? (progress.quizScores as Record<string, unknown>[]) : [];
  const quiz = quizzes[0];
  if (quizzes.length !== 1 || !quiz || quiz.quizId !== 'quiz-1' || quiz.score !== 8 || quiz.maxScore !== 10 || quiz.passed !== true || quiz.attempts !== 1) {
    problems.push(`final GET quizScores = ${JSON.stringify(quizzes)}, expected one quiz-1 8/10 passed after 1 attempt`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Scenario 2: seed 000 record_completion per learner over a published catalog course.

export const RECORD_COMPLETION_PATH = '/functions/v1/enhanced-progress-tracking';

export interface BenchCourse {
  courseId: string;
  lessonIds: string[];
}

/**
 * Asks the server whether `record_completion` is served: a body without an action is refused (4xx)
 * by a route that exists and changes nothing, while a missing route answers 404 from the catch-all.
 */
export async function recordCompletionServed(recorder: HttpRecorder, caller: Principal): Promise<{ served: boolean; status: number }> {
  const response = await recorder.send({ method: 'POST', path: RECORD_COMPLETION_PATH, token: caller.token, body: {} }, false);
  return { served: response.status !== 404, status: response.status };
}

/**
 * One published course per iteration with M lessons in one published section, built over HTTP with the
 * authoring routes as an instructor would (not recorded). `enforce_sequence` is on, so every
 * completion also pays the ordering check a sequenced course needs.
 */
export async function setUpCourses(recorder: HttpRecorder, instructor: Principal, config: ProgressBenchConfig): Promise<BenchCourse[]> {
  const courses: BenchCourse[] = [];
  const call = async (request: RequestOptions, what: string, status: number) => {
    const response = await recorder.send({ ...request, token: instructor.token }, false);
    if (response.status !== status) throw new Error(`course set-up, ${what}: HTTP ${response.status} ${response.text.slice(0, 300)}`);
    return response.body as Record<string, unknown>;
  };
  for (let iteration = 1; iteration <= config.iterations; iteration++) {
    const course = await call(
      {
        method: 'POST',
        path: '/api/v1/instructor/courses/create/',
        body: { title: `Bench course ${iteration} ${randomUUID().slice(0, 8)}`, description: 'Benchmark course', difficulty: 'beginner', price: 0, enforce_sequence: true },
      },
      'create course',
      201,
    );
    const courseId = String(course.id);
    const section = await call({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/`, body: { title: 'Section 1', is_published: true } }, 'create section', 201);
    const sectionId = String(section.id);
    const lessonIds: string[] = [];
    for (let lesson = 1; lesson <= config.lessons; lesson++) {
      const created = await call(
        { method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/${sectionId}/lessons/`, body: { title: `Lesson ${lesson}`, type: 'video', duration_minutes: 12 } },
        `create lesson ${lesson}`,
        201,
      );
      lessonIds.push(String(created.id));
    }
    await call({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/` }, 'publish', 200);
    courses.push({ courseId, lessonIds });
  }
  return courses;
}

export async function runRecordCompletions(recorder: HttpRecorder, learners: Principal[], courses: BenchCourse[]): Promise<LearnerRunOutcome> {
  return runConcurrently(learners.length, async (index, failures) => {
    const learner = learners[index] as Principal;
    for (const course of courses) {
      const completionIds = new Set<string>();
      try {
        for (const [position, lessonId] of course.lessonIds.entries()) {
          const blockId = `${course.courseId}.${lessonId}`;
          const where = `learner ${index + 1}, ${blockId} (lesson ${position + 1})`;
          const body = {
            action: 'record_completion',
            user_id: learner.userId,
            block_id: blockId,
            completion_data: { completion_time: new Date().toISOString(), engagement_score: 85, time_spent_minutes: 12 },
          };
          const answer = await expectOk(recorder, { method: 'POST', path: RECORD_COMPLETION_PATH, token: learner.token, body }, where);
          const data = (answer.data ?? {}) as Record<string, unknown>;
          check(failures, answer.success === true && data.block_id === blockId, `${where}: expected success with block_id ${blockId}, got ${JSON.stringify(answer).slice(0, 200)}`);
          check(failures, typeof data.completion_id === 'string' && data.completion_id.length > 0, `${where}: no completion_id`);
          if (typeof data.completion_id === 'string') completionIds.add(data.completion_id);
        }
        check(failures, completionIds.size === course.lessonIds.length, `learner ${index + 1}, course ${course.courseId}: ${completionIds.size} distinct completion ids for ${course.lessonIds.length} lessons`);
      } catch (err) {
        if (!(err instanceof StepFailed)) throw err;
        failures.add(err.message);
      }
    }
  });
}
