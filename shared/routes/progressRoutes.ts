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

export const PROGRESS_ROUTES: RouteDefinition[] = [...TUTORIAL_PROGRESS_ROUTES];
