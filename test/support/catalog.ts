import { randomUUID } from 'node:crypto';
import { PutCommand } from '../../shared/db/commands.js';
import { handler as authoringHandler } from '../../lambdas/authoring/handler.js';
import { handler as catalogHandler } from '../../lambdas/catalog/handler.js';
import type { CourseRecord } from '../../shared/catalog/course.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseKey, courseSlugKey } from '../../shared/db/keys.js';
import type { Role } from '../../shared/routes/types.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from './http.js';
import { tokenFor } from './tokens.js';

/** In-process client for the catalog and authoring groups, and small builders for authoring flows. */
export const catalogApi = httpClient(ROUTES, { catalog: catalogHandler, authoring: authoringHandler });

export interface Caller {
  userId: string;
  token: string;
}

/** A caller with the given roles in the tenant (tokens from the run's trusted issuer). */
export function caller(tenantId: string, ...roles: Role[]): Caller {
  const userId = randomUUID();
  return { userId, token: tokenFor({ userId, tenantId, roles }) };
}

export const courseBody = (fields: Record<string, unknown> = {}) => ({
  title: `Course ${randomUUID().slice(0, 8)}`,
  description: 'Learn the basics step by step',
  difficulty: 'beginner',
  price: 49.99,
  ...fields,
});

/** Creates a course over HTTP and returns its id (fails the test on anything but 201). */
export async function createCourse(author: Caller, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await catalogApi({ method: 'POST', path: '/api/v1/instructor/courses/create/', token: author.token, body: courseBody(fields) });
  if (response.status !== 201) throw new Error(`create course: ${response.status} ${response.rawBody}`);
  return response.body.id as string;
}

export async function createSection(author: Caller, courseId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await catalogApi({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/`, token: author.token, body: { title: 'Section', is_published: true, ...fields } });
  if (response.status !== 201) throw new Error(`create section: ${response.status} ${response.rawBody}`);
  return response.body.id as string;
}

export async function createLesson(author: Caller, courseId: string, sectionId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await catalogApi({ method: 'POST', path: `/api/v1/content/courses/${courseId}/sections/${sectionId}/lessons/`, token: author.token, body: { title: 'Lesson', type: 'video', duration_minutes: 10, ...fields } });
  if (response.status !== 201) throw new Error(`create lesson: ${response.status} ${response.rawBody}`);
  return response.body.id as string;
}

/** A published course with one published section of one lesson. */
export async function publishedCourse(author: Caller, fields: Record<string, unknown> = {}): Promise<{ courseId: string; sectionId: string; lessonId: string }> {
  const courseId = await createCourse(author, fields);
  const sectionId = await createSection(author, courseId);
  const lessonId = await createLesson(author, courseId, sectionId);
  const published = await catalogApi({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.rawBody}`);
  return { courseId, sectionId, lessonId };
}

/**
 * Stores a course record (and its slug claim) directly, as authoring would leave it: for tests of the
 * catalog's readers (programs, path validation) that need exact durations, difficulties and statuses
 * without building sections and lessons through the authoring routes.
 */
export async function storeCourseRecord(tenantId: string, courseId: string, fields: Partial<CourseRecord> = {}): Promise<CourseRecord> {
  const now = new Date().toISOString();
  const course: CourseRecord = {
    tenantId, courseId, slug: `${courseId}-slug`, title: `Course ${courseId}`, description: 'A course', instructor: { id: 'author', name: 'Author' }, instructorIds: ['author'],
    difficulty: 'beginner', priceCents: 0, currency: 'USD', tags: [], skills: [], prerequisites: [], enforceSequence: false, status: 'published',
    sectionsCount: 1, lessonsCount: 1, durationMinutes: 60, studentsCount: 0, ratingSum: 0, reviewsCount: 0, version: 1, createdAt: now, updatedAt: now, ...fields,
  };
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...courseKey(tenantId, courseId), entity: 'course', ...course } }));
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...courseSlugKey(tenantId, course.slug), entity: 'courseSlug', courseId } }));
  return course;
}
