import { randomUUID } from 'node:crypto';
import type * as z from 'zod';
import type { createCourseBody, updateCourseBody } from '../schemas/personalCourses.js';
import type { CourseListQuery, SortDirection, SortField } from './courseListing.js';
import { PERSONAL_COURSE_LIMITS, type PersonalCourseRecord } from './personalCourse.js';
import type { CoursePatch } from './personalCourseRepository.js';
import { parseTimelineWeeks } from './timeline.js';

/**
 * Turns validated API input (seed 004's snake_case) into the stored model and back into the rules'
 * terms. Pure: the repository does the I/O, the handler only wires the two.
 */
export type CreateCourseInput = z.output<typeof createCourseBody>;
export type UpdateCourseInput = z.output<typeof updateCourseBody>;

/** Weeks from either timeline form; the schema already refused unparseable text and both forms at once. */
function weeksOf(timeline: string | undefined, timelineWeeks: number | null | undefined): number | null | undefined {
  if (timeline === undefined) return timelineWeeks;
  const parsed = parseTimelineWeeks(timeline, PERSONAL_COURSE_LIMITS.maxTimelineWeeks);
  if (!parsed.ok) throw new Error(`Unvalidated timeline reached the service: ${parsed.message}`);
  return parsed.weeks;
}

/** A new course of `userId`: status `draft` (there is no AI generation step), title defaulting to the topic. */
export function newPersonalCourse(userId: string, input: CreateCourseInput, now: Date, courseId = randomUUID()): PersonalCourseRecord {
  const at = now.toISOString();
  const preferences = input.preferences ?? {};
  const timelineWeeks = weeksOf(input.timeline, input.timeline_weeks);
  return {
    courseId,
    userId,
    title: input.title ?? input.topic,
    topic: input.topic,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.current_level !== undefined ? { currentLevel: input.current_level } : {}),
    ...(input.target_level !== undefined ? { targetLevel: input.target_level } : {}),
    goals: input.goals ?? [],
    ...(typeof timelineWeeks === 'number' ? { timelineWeeks } : {}),
    status: 'draft',
    preferences: {
      ...(preferences.session_length !== undefined ? { sessionLength: preferences.session_length } : {}),
      ...(preferences.frequency !== undefined ? { frequency: preferences.frequency } : {}),
      ...(preferences.difficulty !== undefined ? { difficulty: preferences.difficulty } : {}),
      focusAreas: preferences.focus_areas ?? [],
    },
    createdAt: at,
    updatedAt: at,
  };
}

/** The repository's patch for a validated PATCH body (null clears, absent keeps). */
export function coursePatchOf(input: UpdateCourseInput): CoursePatch {
  const preferences = input.preferences;
  return {
    title: input.title,
    topic: input.topic,
    description: input.description,
    currentLevel: input.current_level,
    targetLevel: input.target_level,
    goals: input.goals,
    timelineWeeks: weeksOf(input.timeline, input.timeline_weeks),
    status: input.status,
    ...(preferences
      ? { preferences: { sessionLength: preferences.session_length, frequency: preferences.frequency, difficulty: preferences.difficulty, focusAreas: preferences.focus_areas } }
      : {}),
  };
}

/** The listing rule's query from the validated query string (`sort=field:dir`). */
export function courseListQueryOf(query: { page: number; limit: number; status?: CourseListQuery['status']; topic?: string; sort: string }): CourseListQuery {
  const [field, direction] = query.sort.split(':') as [SortField, SortDirection];
  return {
    page: query.page,
    limit: query.limit,
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.topic !== undefined ? { topic: query.topic } : {}),
    sort: { field, direction },
  };
}
