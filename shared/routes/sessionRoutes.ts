import * as z from 'zod';
import * as s from '../schemas/sessions.js';
import type { RouteDefinition } from './types.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * Seed 004 learning sessions and progress logs (issue 5), written through the progress engine. Every
 * signed-in member works on their own personal courses only: another user's or another tenant's
 * course, session or log is 404. `GET /api/progress/analytics` (seed 004) is not part of this group.
 *
 * API Gateway allows one variable name per path level, so the seed's `/api/progress/{course_id}` and
 * `/api/progress/{id}` share `{id}` (the course id for GET, the log id for PATCH), and the course's
 * sessions use `/api/courses/{id}/sessions` like the course routes.
 */
const base = { group: 'sessions', auth: { kind: 'authenticated' }, rateClass: 'standard', style: 'rest004' } as const;
const sessions = { ...base, tags: ['sessions'] } as const;
const progress = { ...base, tags: ['progress logs'] } as const;

const meta = lazySchema(() => z.object({ requestId: z.string(), timestamp: z.string() }));
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, meta });
const listEnvelope = <T extends z.ZodType>(data: T, filters: z.ZodType) =>
  envelope(z.array(data)).extend({ meta: meta.extend({ pagination: s.paginationData, filters }) });

export const SESSION_ROUTES: RouteDefinition[] = [
  {
    ...sessions,
    id: 'sessions.start',
    method: 'POST',
    path: '/api/sessions',
    summary: 'Start a learning session on one of the caller\'s personal courses (Idempotency-Key honoured)',
    request: { body: s.startSessionBody },
    response: { status: 201, description: 'The started session', schema: envelope(s.sessionData) },
  },
  { ...sessions, id: 'sessions.get', method: 'GET', path: '/api/sessions/{id}', summary: 'One of the caller\'s sessions (status abandoned after 30 idle minutes)', request: { params: s.sessionParams }, response: { status: 200, description: 'The session', schema: envelope(s.sessionData) } },
  {
    ...sessions,
    id: 'sessions.update',
    method: 'PATCH',
    path: '/api/sessions/{id}',
    summary: 'Update an active session (notes, planned duration, progress, heartbeat); refreshes its last activity',
    request: { params: s.sessionParams, body: s.updateSessionBody },
    response: { status: 200, description: 'The updated session', schema: envelope(s.sessionData) },
  },
  {
    ...sessions,
    id: 'sessions.complete',
    method: 'POST',
    path: '/api/sessions/{id}/complete',
    summary: 'End a session; actual duration computed by the server; 409 when completed or abandoned',
    request: { params: s.sessionParams },
    response: { status: 200, description: 'The completed session', schema: envelope(s.sessionData) },
  },
  {
    ...sessions,
    id: 'sessions.listForCourse',
    method: 'GET',
    path: '/api/courses/{id}/sessions',
    summary: 'A personal course\'s sessions, newest first, filtered by status, paginated',
    request: { params: s.courseSessionsParams, query: s.listSessionsQuery },
    response: { status: 200, description: 'A page of sessions', schema: listEnvelope(s.sessionData, z.object({ status: z.string().optional() })) },
  },
  {
    ...progress,
    id: 'sessions.logProgress',
    method: 'POST',
    path: '/api/progress/log',
    summary: 'Log an activity; personal records, summary and next recommendation (Idempotency-Key honoured)',
    request: { body: s.logProgressBody },
    response: { status: 201, description: 'The log\'s id, summary, achievements and next recommendation', schema: envelope(s.logCreatedData) },
  },
  {
    ...progress,
    id: 'sessions.listProgress',
    method: 'GET',
    path: '/api/progress/{id}',
    summary: 'A personal course\'s progress logs ({id} = course id), newest first, filtered, paginated',
    request: { params: s.progressParams, query: s.listProgressQuery },
    response: {
      status: 200,
      description: 'A page of progress logs',
      schema: listEnvelope(s.progressLogData, z.object({ activity_type: z.string().optional(), session_id: z.string().optional(), from: z.string().optional(), to: z.string().optional() })),
    },
  },
  {
    ...progress,
    id: 'sessions.updateProgress',
    method: 'PATCH',
    path: '/api/progress/{id}',
    summary: 'Edit a progress log\'s notes and metrics ({id} = log id)',
    request: { params: s.progressParams, body: s.updateProgressBody },
    response: { status: 200, description: 'The edited progress log', schema: envelope(s.progressLogData) },
  },
];
