import * as z from 'zod';
import * as s from '../schemas/skills.js';
import type { RouteDefinition } from './types.js';

/**
 * Skills and mastery (issue 16), one Lambda group `skills`:
 * - the tenant's skills taxonomy, seed 002 style (`GET|PUT /api/v1/skills/taxonomy/`): every member
 *   reads it, org admins and instructors replace it;
 * - seed 000 §7 `POST /functions/v1/mastery-assessment-api` (`assess_mastery`);
 * - seed 003 §2 `GET /api/v1/analytics/learner/{skill-gap|mastery}/{userId}`.
 * The learner reads their own figures; a trainer or org admin reads a member's (403 for other roles,
 * 404 for a non-member), as for the other seed 003 learner routes. Rate class `standard`.
 */
const base = { group: 'skills', rateClass: 'standard', tags: ['skills'] } as const;

const seed003 = (id: string, segment: string, summary: string, data: z.ZodType): RouteDefinition => ({
  ...base,
  id: `skills.${id}`,
  method: 'GET',
  path: `/api/v1/analytics/learner/${segment}/{userId}`,
  auth: { kind: 'authenticated' },
  style: 'rest003',
  summary,
  request: { params: s.skillParams, query: s.noQuery },
  response: { status: 200, description: summary, schema: z.object({ success: z.literal(true), data, meta: s.skillMeta }) },
});

export const SKILL_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'skills.getTaxonomy',
    method: 'GET',
    path: '/api/v1/skills/taxonomy/',
    auth: { kind: 'authenticated' },
    style: 'rest002',
    envelope: 'bare',
    summary: 'The organization\'s skills taxonomy: domains and their skills',
    request: { query: s.noQuery },
    response: { status: 200, description: 'The taxonomy (empty domains and version 0 before one is defined)', schema: s.taxonomyData },
  },
  {
    ...base,
    id: 'skills.putTaxonomy',
    method: 'PUT',
    path: '/api/v1/skills/taxonomy/',
    auth: { kind: 'authenticated', roles: ['org_admin', 'instructor'] },
    style: 'rest002',
    envelope: 'bare',
    summary: 'Replace the skills taxonomy (skill ids unique across domains). Once defined, lesson and course skills must be in it (400 otherwise)',
    request: { body: s.putTaxonomyBody },
    response: { status: 200, description: 'The stored taxonomy', schema: s.taxonomyData },
  },
  {
    ...base,
    id: 'skills.masteryAssessment',
    method: 'POST',
    path: '/functions/v1/mastery-assessment-api',
    auth: { kind: 'authenticated' },
    style: 'rpc000',
    summary: 'Seed 000 §7 assess_mastery: mastery of a skill domain from the nightly evidence, per skill, with recommendations of courses teaching the weakest skills',
    request: { body: s.assessMasteryBody },
    response: { status: 200, description: 'The assessment', schema: z.object({ success: z.literal(true), data: s.assessMasteryData }) },
  },
  seed003('skillGap', 'skill-gap', 'Skill gaps against the levels the learner\'s enrolled courses require, with priority and time to close at their own pace', s.skillGapData),
  seed003('mastery', 'mastery', 'Mastery per skill with evidence: level, band, masteredAt, timeToMaster, evidence and confidence, and the level distribution', s.masteryData),
];
