import * as z from 'zod';
import { MEMORY_TYPES } from '../ai/memoryService.js';
import { courseIdSchema } from './personalCourses.js';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 004 "Chat & Memory" and `POST /api/curriculum/generate` contracts ({success, data, meta}).
 * Chat is about one of the caller's personal courses. Additions to the seed: `stream` on a message
 * (store it and stream the answer from `GET …/stream?after=<messageId>`), `messageId`, `source` and
 * `usage` on answers.
 */
const id = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid id'));
const text = (max: number) => z.string().trim().min(1).max(max);

export const chatCourseParams = lazySchema(() => z.object({ course_id: courseIdSchema }).strict());

export const exerciseContext = lazySchema(() => z
  .object({
    current_exercise: text(100).optional(),
    weight: text(40).optional(),
    reps_completed: z.number().int().min(0).max(10_000).optional(),
    sets_completed: z.number().int().min(1).max(1000).optional(),
    module_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/).optional(),
  })
  .strict()
  .meta({ description: 'What the learner is doing; with `current_exercise` the message is auto-logged as an exercise' }));

export const chatMessageBody = lazySchema(() => z
  .object({
    message: text(4000),
    sessionId: id.optional().meta({ description: 'An active learning session of this course; the auto-log is attached to it' }),
    context: exerciseContext.optional(),
    stream: z.boolean().default(false).meta({ description: 'true: store the message and answer 202; stream the answer from GET /api/chat/{course_id}/stream?after=<messageId>' }),
  })
  .strict()
  .meta({ id: 'ChatMessage004' }));

const usage = lazySchema(() => z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number(), cost_usd: z.number() }));
const autoLogged = lazySchema(() => z.object({ id: z.string(), exercise: z.string(), weight: z.string().nullable(), reps: z.number().nullable(), notes: z.string().nullable(), needsAttention: z.boolean() }));
const memoryUpdate = lazySchema(() => z.object({ type: z.enum(MEMORY_TYPES), key: z.string(), importance: z.number() }));

export const chatResponseData = lazySchema(() => z.object({
  requestId: z.string(),
  messageId: z.string(),
  status: z.enum(['answered', 'pending']),
  response: z.string().nullable(),
  suggestions: z.array(z.string()),
  autoLogged: autoLogged.nullable(),
  memoryUpdate: memoryUpdate.nullable(),
  retryable: z.boolean(),
  source: z.enum(['model', 'retrieval']).nullable(),
  usage: usage.nullable(),
  streamUrl: z.string().nullable(),
}));

export const streamQuery = lazySchema(() => z
  .object({
    after: id.meta({ description: 'The messageId of a message posted with `stream: true`' }),
    session_id: id.optional(),
  })
  .strict());

export const historyQuery = lazySchema(() => z
  .object({
    limit: z.coerce.number().int().min(1).max(50).default(20),
    before: id.optional().meta({ description: 'Cursor: the `nextCursor` of the previous page' }),
  })
  .strict());

export const chatMessageData = lazySchema(() => z.object({
  id: z.string(),
  courseId: z.string(),
  sessionId: z.string().nullable(),
  messageType: z.enum(['user', 'assistant']),
  content: z.string(),
  context: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  timestamp: z.string(),
}));

export const memoryStoreBody = lazySchema(() => z
  .object({
    memory_type: z.enum(MEMORY_TYPES),
    key: z.string().regex(/^[A-Za-z0-9 _.:-]{1,255}$/, '1–255 letters, digits, spaces, _ . : -'),
    value: z.union([z.string().max(2000), z.number(), z.boolean(), z.record(z.string(), z.unknown())]).refine((v) => JSON.stringify(v).length <= 4000, 'At most 4000 characters of JSON'),
    context: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().meta({ description: 'A course id, or absent for global' }),
    importance_score: z.number().min(0).max(1).default(1),
  })
  .strict()
  .meta({ id: 'MemoryStore' }));

export const memoryData = lazySchema(() => z.object({
  id: z.string(),
  memoryType: z.enum(MEMORY_TYPES),
  key: z.string(),
  value: z.unknown(),
  context: z.string(),
  importanceScore: z.number(),
  embeddingModel: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastAccessed: z.string(),
  score: z.number().optional(),
}));

const csvTypes = lazySchema(() => z
  .string()
  .transform((value) => value.split(',').map((t) => t.trim()).filter(Boolean))
  .pipe(z.array(z.enum(MEMORY_TYPES)).max(MEMORY_TYPES.length)));

export const memoryRetrieveQuery = lazySchema(() => z
  .object({
    query: text(1000),
    limit: z.coerce.number().int().min(1).max(50).default(5),
    types: csvTypes.optional().meta({ description: 'Comma-separated memory types' }),
    context: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    min_importance: z.coerce.number().min(0).max(1).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict());

export const curriculumGenerateBody = lazySchema(() => z
  .object({
    course_id: courseIdSchema,
    goals: z.array(text(200)).max(10).optional().meta({ description: 'Defaults to the course\'s goals' }),
    session_minutes: z.number().int().min(5).max(240).optional().meta({ description: 'Defaults to the course\'s session length, else 30' }),
  })
  .strict()
  .meta({ id: 'CurriculumGenerate' }));

export const curriculumGenerateData = lazySchema(() => z.object({
  courseId: z.string(),
  status: z.literal('ready'),
  version: z.number(),
  preview: z.object({ outline: z.array(z.string()), estimatedDuration: z.number(), moduleCount: z.number() }),
  nodeCount: z.number(),
  usage,
  source: z.enum(['model', 'retrieval']),
}));
