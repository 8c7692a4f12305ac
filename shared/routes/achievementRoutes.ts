import * as z from 'zod';
import * as s from '../schemas/achievements.js';
import type { RouteDefinition } from './types.js';

/**
 * Seed 000 §3 Achievements API (issue 6): action RPC. Any member lists active achievements; create,
 * update and archive need org_admin or instructor (checked in the service). Rate class: seed 000
 * "Standard APIs: 1000 requests/hour per user".
 */
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

export const ACHIEVEMENT_ROUTES: RouteDefinition[] = [
  {
    id: 'achievements.achievementsApi',
    group: 'achievements',
    method: 'POST',
    path: '/functions/v1/achievements-api',
    auth: { kind: 'authenticated' },
    rateClass: 'authenticated-hourly',
    style: 'rpc000',
    tags: ['achievements'],
    summary: 'Achievement definitions: actions create, update, archive (org_admin, instructor) and list (rarity and earned_count)',
    request: { body: s.achievementsApiBody },
    response: { status: 200, description: 'The definition (create, update, archive) or a page of definitions (list)', schema: envelope(s.achievementData) },
  },
];
