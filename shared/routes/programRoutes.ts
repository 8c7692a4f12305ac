import * as z from 'zod';
import * as s from '../schemas/programs.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 000 §1 Programs API and §6 Learning Path Validator: action-style RPC routes. Both admit any
 * member of the tenant; each action checks its own roles in the service (create: instructor, trainer,
 * org_admin; update: the creator or an org admin; validating another member's path: trainer, org_admin).
 * Rate class: seed 000 "Standard APIs: 1000 requests/hour per user" (`authenticated-hourly`); the
 * validator sits under the seed's progress-tracking APIs, not its analytics APIs.
 */
const base = { group: 'programs', rateClass: 'authenticated-hourly', style: 'rpc000', tags: ['programs'], auth: { kind: 'authenticated' } } as const;
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

export const PROGRAM_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'programs.programsApi',
    method: 'POST',
    path: '/functions/v1/programs-api',
    summary: 'Programs: action create (instructor, trainer, org_admin), list and get (learners see active programs only), update (creator or org_admin)',
    request: { body: s.programsApiBody },
    response: { status: 200, description: 'The program (create, get, update) or a page of programs (list)', schema: envelope(z.union([s.programData, s.programListData])) },
  },
  {
    ...base,
    id: 'programs.learningPathValidator',
    method: 'POST',
    path: '/functions/v1/learning-path-validator',
    tags: ['programs', 'learning paths'],
    summary: 'Learning path validator: action validate_path checks prerequisites, difficulty and duration of a proposed path for the caller (or, for trainers and org admins, another member)',
    request: { body: s.learningPathValidatorBody },
    response: { status: 200, description: 'Per-step results, total duration and success probability', schema: envelope(s.pathValidationData) },
  },
];
