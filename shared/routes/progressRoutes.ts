import * as z from 'zod';
import * as c from '../schemas/courseProgress.js';
import * as t from '../schemas/tutorialProgress.js';
import type { RouteDefinition } from './types.js';

/**
 * Progress tracking (issue 5), one engine behind several seed contracts:
 * - seed 001 tutorial progress (`/v1/tutorials/progress/…`, bare camelCase, `{error}` errors), with the
 *   seed's own per-endpoint rate limits;
 * - seed 000 enhanced progress tracking and milestone validation (action RPC);
 * - seed 002 student course progress.
 * Every member may call them for their own progress; naming another user needs trainer or org_admin.
 */
const tutorial = { group: 'progress', auth: { kind: 'authenticated' }, style: 'rest001', envelope: 'bare', tags: ['tutorial progress'] } as const;
const tutorialPath = '/v1/tutorials/progress/{tutorialId}';

export const TUTORIAL_PROGRESS_ROUTES: RouteDefinition[] = [
  {
    ...tutorial,
    id: 'progress.tutorialGet',
    method: 'GET',
    path: tutorialPath,
    rateClass: 'tutorial-read',
    summary: 'A learner\'s progress in a tutorial (the default progress when none is recorded)',
    request: { params: t.tutorialParams, query: t.tutorialUserQuery },
    response: { status: 200, description: 'The progress', schema: t.tutorialProgressData },
  },
  {
    ...tutorial,
    id: 'progress.tutorialChapter',
    method: 'POST',
    path: `${tutorialPath}/chapter`,
    rateClass: 'tutorial-chapter',
    summary: 'Record chapter watch progress (watch time never decreases; totalChapters only grows)',
    request: { params: t.tutorialParams, body: t.chapterBody },
    response: { status: 200, description: 'The updated progress', schema: t.tutorialProgressData },
  },
  {
    ...tutorial,
    id: 'progress.tutorialQuiz',
    method: 'POST',
    path: `${tutorialPath}/quiz`,
    rateClass: 'tutorial-quiz',
    summary: 'Record a quiz attempt (best score kept, passed stays true, attempts counted)',
    request: { params: t.tutorialParams, body: t.quizBody },
    response: { status: 200, description: 'The updated progress', schema: t.tutorialProgressData },
  },
  {
    ...tutorial,
    id: 'progress.tutorialComplete',
    method: 'POST',
    path: `${tutorialPath}/complete`,
    rateClass: 'tutorial-complete',
    summary: 'Earn the certificate (404 without progress, 400 when not eligible)',
    request: { params: t.tutorialParams, body: t.completeBody },
    response: { status: 200, description: 'The completed progress', schema: t.tutorialProgressData },
  },
  {
    ...tutorial,
    id: 'progress.tutorialReset',
    method: 'DELETE',
    path: tutorialPath,
    rateClass: 'tutorial-reset',
    summary: 'Delete the learner\'s progress in the tutorial (the activity ledger keeps the history)',
    request: { params: t.tutorialParams, query: t.tutorialUserQuery },
    response: { status: 200, description: 'Reset', schema: t.resetData },
  },
];

const rpc = { group: 'progress', auth: { kind: 'authenticated' }, style: 'rpc000', rateClass: 'authenticated-hourly', tags: ['block progress'] } as const;
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

/** Seed 000 §4 and §5 (the rate class is the seed's "Standard APIs: 1000 requests/hour per user"). */
export const BLOCK_PROGRESS_ROUTES: RouteDefinition[] = [
  {
    ...rpc,
    id: 'progress.enhancedProgressTracking',
    method: 'POST',
    path: '/functions/v1/enhanced-progress-tracking',
    summary: 'Block completions: action record_completion (block_id = <course_id>.<lesson_id>) and get_progress (course or program, include_analytics)',
    request: { body: c.enhancedProgressBody },
    response: { status: 200, description: 'The completion or the progress', schema: envelope(z.union([c.completionData, c.blockProgressData])) },
  },
  {
    ...rpc,
    id: 'progress.milestoneValidation',
    method: 'POST',
    path: '/functions/v1/milestone-validation-api',
    summary: 'Milestones: action check_progress (course or program) with estimated_completion and next_milestone; action validate_achievement (criteria_met per criterion, verification_data; awards an earned achievement not yet held)',
    request: { body: c.milestoneValidationBody },
    response: { status: 200, description: 'The milestone progress, or the achievement validation', schema: envelope(z.union([c.milestoneProgressData, c.achievementValidationData])) },
  },
];

const student = { group: 'progress', auth: { kind: 'authenticated' }, style: 'rest002', envelope: 'bare', rateClass: 'authenticated-hourly', tags: ['student progress'] } as const;

/** Seed 002 "Get Course Progress" and its write counterpart for lesson watch progress and completion. */
export const STUDENT_PROGRESS_ROUTES: RouteDefinition[] = [
  {
    ...student,
    id: 'progress.studentCourseProgress',
    method: 'GET',
    path: '/api/v1/student/courses/{course_id}/progress/',
    summary: 'The caller\'s progress in a published course: sections, lessons, quizzes, last accessed, time spent (learner\'s time zone)',
    request: { params: c.studentCourseParams },
    response: { status: 200, description: 'Course progress', schema: c.studentCourseProgressData },
  },
  {
    ...student,
    id: 'progress.studentLessonProgress',
    method: 'POST',
    path: '/api/v1/student/courses/{course_id}/lessons/{lesson_id}/progress/',
    summary: 'Record watch progress, a quiz score or completion of a lesson (watch time and best score only rise; completion is permanent)',
    request: { params: c.studentLessonParams, body: c.lessonProgressBody },
    response: { status: 200, description: 'The lesson\'s progress and the course\'s', schema: c.lessonProgressData },
  },
];

export const PROGRESS_ROUTES: RouteDefinition[] = [...TUTORIAL_PROGRESS_ROUTES, ...BLOCK_PROGRESS_ROUTES, ...STUDENT_PROGRESS_ROUTES];
