import * as z from 'zod';
import * as s from '../schemas/personalCourses.js';
import { DEFAULT_MAX_BODY_BYTES, type RouteDefinition } from './types.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * Personal courses and the curriculum builder (seed 004 "Course Management", "Curriculum Builder"):
 * every signed-in member manages their own courses; ids of other users' courses are not found.
 * `POST /api/curriculum/generate` (AI) is not part of this group yet.
 */
const base = { group: 'personalCourses', auth: { kind: 'authenticated' }, rateClass: 'standard', style: 'rest004' } as const;
const courses = { ...base, tags: ['personal courses'] } as const;
const curriculum = { ...base, tags: ['curriculum'] } as const;

const meta = lazySchema(() => z.object({ requestId: z.string(), timestamp: z.string() }));
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, meta });

/** A curriculum of 500 nodes with titles and objectives needs more than the default 64 KiB; 256 KiB keeps the item far below DynamoDB's 400 KB. */
export const CURRICULUM_MAX_BODY_BYTES = 4 * DEFAULT_MAX_BODY_BYTES;

export const PERSONAL_COURSE_ROUTES: RouteDefinition[] = [
  { ...courses, id: 'personalCourses.create', method: 'POST', path: '/api/courses', summary: 'Create a personal course (status draft)', request: { body: s.createCourseBody }, response: { status: 201, description: 'Created', schema: envelope(s.personalCourseData) } },
  {
    ...courses,
    id: 'personalCourses.list',
    method: 'GET',
    path: '/api/courses',
    summary: 'The caller\'s courses, filtered, sorted and paginated',
    request: { query: s.listCoursesQuery },
    response: {
      status: 200,
      description: 'A page of courses',
      schema: envelope(z.array(s.personalCourseData)).extend({
        meta: meta.extend({ pagination: s.paginationData, filters: z.object({ status: z.string().optional(), topic: z.string().optional() }), sort: z.string() }),
      }),
    },
  },
  { ...courses, id: 'personalCourses.get', method: 'GET', path: '/api/courses/{id}', summary: 'One of the caller\'s courses', request: { params: s.courseParams }, response: { status: 200, description: 'The course', schema: envelope(s.personalCourseData) } },
  { ...courses, id: 'personalCourses.update', method: 'PATCH', path: '/api/courses/{id}', summary: 'Edit a course; status only draft→active, active⇄paused', request: { params: s.courseParams, body: s.updateCourseBody }, response: { status: 200, description: 'The edited course', schema: envelope(s.personalCourseData) } },
  { ...courses, id: 'personalCourses.delete', method: 'DELETE', path: '/api/courses/{id}', summary: 'Delete a course and its curriculum', request: { params: s.courseParams }, response: { status: 200, description: 'Deleted', schema: envelope(z.object({ id: z.string(), deleted: z.literal(true) })) } },
  { ...courses, id: 'personalCourses.complete', method: 'POST', path: '/api/courses/{id}/complete', summary: 'Mark a course completed (409 if it already is)', request: { params: s.courseParams }, response: { status: 200, description: 'The completed course', schema: envelope(s.personalCourseData) } },
  { ...curriculum, id: 'personalCourses.getCurriculum', method: 'GET', path: '/api/curriculum/{course_id}', summary: 'A course\'s curriculum tree (version 0 and an empty structure before the first save)', request: { params: s.curriculumParams }, response: { status: 200, description: 'The curriculum', schema: envelope(s.curriculumData) } },
  { ...curriculum, id: 'personalCourses.putCurriculum', method: 'PUT', path: '/api/curriculum/{course_id}', summary: 'Replace a course\'s curriculum tree; `version` must be the stored one (409 otherwise)', maxBodyBytes: CURRICULUM_MAX_BODY_BYTES, request: { params: s.curriculumParams, body: s.putCurriculumBody }, response: { status: 200, description: 'The saved curriculum (version + 1)', schema: envelope(s.curriculumData) } },
];
