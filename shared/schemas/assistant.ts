import * as z from 'zod';
import { QUESTION_TYPES, QUIZ_RULES } from '../ai/quizSchema.js';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 002 "AI Assistant" contracts (snake_case, bare objects). Additions to the seed, each optional
 * for the client or answered only: `course_id` beside `lesson_id` in hint and quiz (lessons live in
 * their course's item collection and have no global index), `source` and `model` on answers (which
 * kind of provider answered), `quiz_id`/`course_id`/`lesson_id` on a generated quiz.
 */
const id = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid id'));
const text = (max: number) => z.string().trim().min(1).max(max);

export const chatSendBody = lazySchema(() => z
  .object({
    message: text(4000),
    session_id: id.optional().meta({ description: 'Continue an assistant session (started by a message without one)' }),
    context: z
      .object({ course_id: id, lesson_id: id.optional(), timestamp_seconds: z.number().int().min(0).max(86_400).optional() })
      .strict()
      .meta({ description: 'The catalog course (and lesson) the question is about' }),
    include_transcript: z.boolean().default(true).meta({ description: 'Accepted; lessons carry no transcripts, references are lesson text' }),
    stream: z
      .literal(false)
      .default(false)
      .meta({ description: 'Only false: streaming is seed 004\'s `GET /api/chat/{course_id}/stream`' }),
  })
  .strict()
  .meta({ id: 'AiChatSend' }));

const usage = lazySchema(() => z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number(), cost_usd: z.number() }));

export const chatSendData = lazySchema(() => z.object({
  message_id: z.string(),
  response: z.string(),
  session_id: z.string(),
  usage,
  references: z.array(z.object({ type: z.literal('lesson'), lesson_id: z.string(), timestamp: z.number().nullable(), content: z.string(), title: z.string() })),
  suggested_actions: z.array(z.object({ type: z.enum(['watch_video', 'read_lesson', 'take_quiz', 'practice', 'open_lesson']), lesson_id: z.string(), timestamp: z.number().nullable(), label: z.string() })),
  source: z.enum(['model', 'retrieval']),
  model: z.string(),
}));

export const HINT_LEVELS = ['basic', 'intermediate', 'advanced'] as const;

export const hintBody = lazySchema(() => z
  .object({
    lesson_id: id,
    course_id: id.meta({ description: 'The lesson\'s course (addition to the seed)' }),
    concept: text(200),
    difficulty_level: z.enum(['struggling', 'confused', 'stuck', 'curious']).default('struggling'),
    previous_hints: z.array(z.string().max(4000)).max(HINT_LEVELS.length - 1).default([]).meta({ description: 'Hints already shown, in order; their count sets the next level' }),
  })
  .strict()
  .meta({ id: 'AiHint' }));

export const hintData = lazySchema(() => z.object({
  hint_id: z.string(),
  hint: z.string(),
  level: z.enum(HINT_LEVELS),
  next_hint_available: z.boolean(),
  related_examples: z.array(z.object({ code: z.string(), explanation: z.string() })),
  usage,
  source: z.enum(['model', 'retrieval']),
}));

export const quizBody = lazySchema(() => z
  .object({
    lesson_id: id,
    course_id: id.meta({ description: 'The lesson\'s course (addition to the seed)' }),
    topics: z.array(text(100)).max(10).default([]),
    question_count: z.number().int().min(1).max(QUIZ_RULES.maxQuestions),
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']).default('intermediate'),
    question_types: z
      .array(z.enum(QUESTION_TYPES))
      .min(1)
      .max(QUESTION_TYPES.length)
      .default(['multiple_choice'])
      .refine((types) => new Set(types).size === types.length, 'Each type at most once'),
  })
  .strict()
  .meta({ id: 'AiQuiz' }));

export const quizQuestionData = lazySchema(() => z.object({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  question: z.string(),
  options: z.array(z.string()),
  correct_answer: z.number(),
  explanation: z.string(),
  difficulty: z.string(),
  points: z.number(),
}));

export const quizData = lazySchema(() => z.object({
  quiz_id: z.string(),
  course_id: z.string(),
  lesson_id: z.string(),
  questions: z.array(quizQuestionData),
  total_points: z.number(),
  passing_score: z.number(),
  time_limit_minutes: z.number(),
  usage,
  source: z.enum(['model', 'retrieval']),
  saved_lesson_id: z.string().nullable(),
}));

export const quizParams = lazySchema(() => z.object({ quiz_id: id }).strict());

export const saveQuizBody = lazySchema(() => z
  .object({
    section_id: id.meta({ description: 'A section of the quiz\'s course' }),
    title: text(200).optional(),
    order: z.number().int().min(1).optional(),
  })
  .strict()
  .meta({ id: 'AiQuizSave' }));

export const saveQuizData = lazySchema(() => z.object({ quiz_id: z.string(), course_id: z.string(), section_id: z.string(), lesson_id: z.string(), title: z.string(), max_score: z.number(), pass_score: z.number(), duration_minutes: z.number() }));

export const limitsData = lazySchema(() => z.object({
  subscription_plan: z.enum(['free', 'premium', 'enterprise']),
  limits: z.object({ daily_limit: z.number(), monthly_limit: z.number() }),
  usage: z.object({ daily_used: z.number(), monthly_used: z.number(), daily_remaining: z.number(), monthly_remaining: z.number() }),
  reset_times: z.object({ daily_reset: z.string(), monthly_reset: z.string() }),
  features: z.object({ gpt4_access: z.boolean(), code_execution: z.boolean(), image_generation: z.boolean(), priority_queue: z.boolean() }),
}));
