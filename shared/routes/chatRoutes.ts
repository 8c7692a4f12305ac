import * as z from 'zod';
import * as s from '../schemas/chat.js';
import type { RouteDefinition } from './types.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * Seed 004 "Chat & Memory" and the curriculum generator (issue 19): every route is about the caller's
 * own personal courses and memories (another user's or tenant's course is 404). Rate classes per seed
 * 004: chat endpoints 30/min, model-backed ones (memory embeddings, curriculum generation) 20/min.
 * The SSE stream is its own group (chatStreamRoutes.ts): it is served by a streaming Function URL.
 */
const base = { group: 'chat', auth: { kind: 'authenticated' }, style: 'rest004' } as const;
const meta = lazySchema(() => z.object({ requestId: z.string(), timestamp: z.string() }));
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, meta });

export const CHAT_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'chat.message',
    method: 'POST',
    path: '/api/chat/{course_id}/message',
    rateClass: 'chat',
    tags: ['chat'],
    summary: 'Send a message about a personal course; exercise context is auto-logged once per X-Request-ID',
    request: { params: s.chatCourseParams, body: s.chatMessageBody },
    response: { status: 200, description: 'The answer (202 with `stream: true`: stream it from …/stream?after=messageId)', schema: envelope(s.chatResponseData) },
  },
  {
    ...base,
    id: 'chat.history',
    method: 'GET',
    path: '/api/chat/{course_id}/history',
    rateClass: 'chat',
    tags: ['chat'],
    summary: 'The conversation about a personal course, newest first, cursor-paginated',
    request: { params: s.chatCourseParams, query: s.historyQuery },
    response: {
      status: 200,
      description: 'A page of messages',
      schema: envelope(z.array(s.chatMessageData)).extend({ meta: meta.extend({ pagination: z.object({ limit: z.number(), hasNext: z.boolean(), nextCursor: z.string().nullable() }) }) }),
    },
  },
  {
    ...base,
    id: 'chat.memoryStore',
    method: 'POST',
    path: '/api/memory/store',
    rateClass: 'llm',
    tags: ['memory'],
    summary: 'Store (or update) a memory of the caller: type, key, value, context, importance; embedded for retrieval',
    request: { body: s.memoryStoreBody },
    response: { status: 201, description: 'The stored memory (200 when an existing one was updated)', schema: envelope(s.memoryData) },
  },
  {
    ...base,
    id: 'chat.memoryRetrieve',
    method: 'GET',
    path: '/api/memory/retrieve',
    rateClass: 'llm',
    tags: ['memory'],
    summary: 'The caller\'s memories most similar to a query (top-k cosine), filtered by type, context, importance and time',
    request: { query: s.memoryRetrieveQuery },
    response: { status: 200, description: 'Memories with their similarity score, best first', schema: envelope(z.array(s.memoryData)) },
  },
  {
    ...base,
    id: 'chat.generateCurriculum',
    method: 'POST',
    path: '/api/curriculum/generate',
    rateClass: 'llm',
    tags: ['curriculum'],
    summary: 'Generate a personal course\'s curriculum tree (checked by the curriculum rules) and save it as the next version',
    request: { body: s.curriculumGenerateBody },
    response: { status: 201, description: 'The saved curriculum\'s version and preview', schema: envelope(s.curriculumGenerateData) },
  },
];
