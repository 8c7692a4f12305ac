import * as z from 'zod';
import * as s from '../schemas/reflections.js';
import type { RouteDefinition } from './types.js';

/**
 * Reflections (issue 20, seed 002 "Puzzle Reflections"), group `reflections`. A reflection belongs to
 * its author and to a course the author is enrolled in (active) or teaches. `private` ones are read by
 * the author only; `course` ones also by the course's enrolled learners and instructors, through the
 * course's list. Only the author edits or deletes; another user's reflection id is 404.
 */
const base = { group: 'reflections', auth: { kind: 'authenticated' }, rateClass: 'standard', style: 'rest002', envelope: 'bare', tags: ['reflections'] } as const;

export const REFLECTION_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'reflections.createReflection',
    method: 'POST',
    path: '/api/v1/reflections/',
    summary: 'Write a reflection (puzzle, note, question) on a course you are enrolled in or teach, optionally on one of its lessons; visibility private (default) or course',
    request: { body: s.createReflectionBody },
    response: { status: 201, description: 'The reflection', schema: s.reflectionData },
  },
  {
    ...base,
    id: 'reflections.listReflections',
    method: 'GET',
    path: '/api/v1/reflections/',
    summary: 'Your reflections, newest first; filters course_id, lesson_id, type, tag, visibility; page, page_size ≤ 100',
    request: { query: s.reflectionListQuery },
    response: { status: 200, description: 'A page of your reflections', schema: s.reflectionPage },
  },
  {
    ...base,
    id: 'reflections.updateReflection',
    method: 'PATCH',
    path: '/api/v1/reflections/{id}/',
    summary: 'Change your reflection (type, content, tags, visibility); making it course-visible needs your access to the course',
    request: { params: s.reflectionParams, body: s.updateReflectionBody },
    response: { status: 200, description: 'The reflection', schema: s.reflectionData },
  },
  {
    ...base,
    id: 'reflections.deleteReflection',
    method: 'DELETE',
    path: '/api/v1/reflections/{id}/',
    summary: 'Delete your reflection',
    request: { params: s.reflectionParams },
    response: { status: 204, description: 'Deleted', schema: z.null() },
  },
  {
    ...base,
    id: 'reflections.listCourseReflections',
    method: 'GET',
    path: '/api/v1/courses/{id}/reflections/',
    summary: 'A course\'s course-visible reflections, newest first, for its enrolled learners and instructors (403 otherwise); filters lesson_id, type, tag; page, page_size ≤ 100',
    request: { params: s.courseReflectionParams, query: s.courseReflectionListQuery },
    response: { status: 200, description: 'A page of the course\'s shared reflections', schema: s.reflectionPage },
  },
];
