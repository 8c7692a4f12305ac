import * as z from 'zod';
import * as s from '../schemas/chat.js';
import type { RouteDefinition } from './types.js';

/**
 * `GET /api/chat/{course_id}/stream` (seed 004, issue 19): server-sent events (`token`, `suggestion`,
 * `complete`, or `error`). API Gateway HTTP APIs cannot stream, so this route is the only route of its
 * group and is served by that group's Lambda Function URL with `InvokeMode: RESPONSE_STREAM` (auth
 * NONE at the URL: the JWT is verified in the Lambda, like every route). Locally it is served by the
 * local server on the same port as every other route. Errors found before the first event (401, 404,
 * 409, 429) are ordinary JSON responses in seed 004's style.
 */
export const CHAT_STREAM_ROUTES: RouteDefinition[] = [
  {
    id: 'chatStream.stream',
    group: 'chatStream',
    auth: { kind: 'authenticated' },
    style: 'rest004',
    envelope: 'bare',
    transport: 'stream',
    rateClass: 'chat',
    tags: ['chat'],
    method: 'GET',
    path: '/api/chat/{course_id}/stream',
    summary: 'Stream the answer to a message posted with `stream: true` as server-sent events (Function URL in AWS)',
    request: { params: s.chatCourseParams, query: s.streamQuery },
    response: {
      status: 200,
      description: 'text/event-stream: `data: {"type":"token"|"suggestion"|"complete"|"error", …}` events',
      schema: z.string().meta({ description: 'Server-sent events, one JSON object per `data:` line' }),
    },
  },
];
