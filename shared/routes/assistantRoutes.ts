import * as s from '../schemas/assistant.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 002 "AI Assistant" (issue 19). Every route needs a token; model-calling routes count against
 * the plan's AI allowance (429 AI_LIMIT_EXCEEDED) and are rate limited per seed 004 (chat 30/min, LLM
 * 20/min). Saving a generated quiz as a lesson is for the course's authors (instructor, org admin).
 */
const base = { group: 'assistant', auth: { kind: 'authenticated' }, style: 'rest002', tags: ['ai assistant'] } as const;

export const ASSISTANT_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'assistant.chatSend',
    method: 'POST',
    path: '/api/v1/ai-assistant/chat/send/',
    rateClass: 'chat',
    summary: 'Ask the assistant about a catalog course or lesson; references are lesson text, suggested actions real lessons',
    request: { body: s.chatSendBody },
    response: { status: 200, description: 'The answer with usage, references and suggested actions', schema: s.chatSendData },
  },
  {
    ...base,
    id: 'assistant.hint',
    method: 'POST',
    path: '/api/v1/ai-assistant/agents/hint/',
    rateClass: 'llm',
    summary: 'A levelled hint (basic → intermediate → advanced by the number of previous hints)',
    request: { body: s.hintBody },
    response: { status: 200, description: 'The hint', schema: s.hintData },
  },
  {
    ...base,
    id: 'assistant.quiz',
    method: 'POST',
    path: '/api/v1/ai-assistant/agents/quiz/',
    rateClass: 'llm',
    summary: 'Generate quiz questions from a lesson (validated: count, types, answer index); kept 30 days for saving',
    request: { body: s.quizBody },
    response: { status: 200, description: 'The quiz', schema: s.quizData },
  },
  {
    ...base,
    auth: { kind: 'authenticated', roles: ['instructor', 'org_admin'] },
    id: 'assistant.saveQuiz',
    method: 'POST',
    path: '/api/v1/ai-assistant/agents/quiz/{quiz_id}/save/',
    rateClass: 'standard',
    summary: 'Save one of your generated quizzes as a quiz lesson of its course (authors only)',
    request: { params: s.quizParams, body: s.saveQuizBody },
    response: { status: 201, description: 'The created quiz lesson', schema: s.saveQuizData },
  },
  {
    ...base,
    id: 'assistant.checkLimits',
    method: 'GET',
    path: '/api/v1/ai-assistant/user/check-limits/',
    rateClass: 'standard',
    summary: 'The plan\'s daily and monthly AI limits, usage and reset times (UTC)',
    response: { status: 200, description: 'Limits and usage', schema: s.limitsData },
  },
];
