import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { DeleteCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { courseKey, courseReflectionsIndexKey, enrollmentKey, lessonKey, reflectionKey, reflectionsPartition } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { AuthorizationError, ConflictError, NotFoundError, ValidationError } from '../http/errors.js';

/**
 * Reflections (issue 20, seed 002): a learner's or instructor's puzzle, note or question on a course
 * (and optionally one lesson). Stored in the author's partition; while `visibility` is `course` the item
 * also carries sparse gsi1 keys, so the course's shared reflections are one index Query. Access to a
 * course = an active enrollment in it or being one of its instructors (`instructorIds`), checked on
 * every write that makes a reflection course-visible and on every read of the course's list.
 */

export type ReflectionType = 'puzzle' | 'note' | 'question';
export type ReflectionVisibility = 'private' | 'course';

export interface StoredReflection {
  reflectionId: string;
  userId: string;
  courseId: string;
  courseTitle: string;
  lessonId: string | null;
  lessonTitle: string | null;
  type: ReflectionType;
  content: string;
  tags: string[];
  visibility: ReflectionVisibility;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ReflectionFilters {
  course_id?: string;
  lesson_id?: string;
  type?: ReflectionType;
  tag?: string;
  visibility?: ReflectionVisibility;
}

export interface PageQuery {
  page: number;
  page_size: number;
}

/** The course and whether the user may reach it (active enrollment or instructor); one consistent BatchGet with `extra` keys. */
async function courseAccess(tenantId: string, userId: string, courseId: string, extra: { pk: string; sk: string }[] = []) {
  const keys = [courseKey(tenantId, courseId), enrollmentKey(tenantId, userId, courseId), ...extra];
  const found = await batchGetItems(keys, true);
  const course = found.get(itemId(keys[0]!));
  const enrolled = found.get(itemId(keys[1]!))?.status === 'active';
  const teaches = Array.isArray(course?.instructorIds) && (course.instructorIds as string[]).includes(userId);
  return { course, allowed: Boolean(course) && (enrolled || teaches), found };
}

function stored(item: Record<string, unknown>): StoredReflection {
  const { reflectionId, userId, courseId, courseTitle, lessonId, lessonTitle, type, content, tags, visibility, createdAt, updatedAt, version } = item as unknown as StoredReflection;
  return { reflectionId, userId, courseId, courseTitle, lessonId, lessonTitle, type, content, tags, visibility, createdAt, updatedAt, version };
}

const itemOf = (tenantId: string, r: StoredReflection) => ({
  ...reflectionKey(tenantId, r.userId, r.reflectionId),
  ...(r.visibility === 'course' ? courseReflectionsIndexKey(tenantId, r.courseId, r.createdAt, r.reflectionId) : {}),
  entity: 'reflection',
  tenantId,
  ...r,
});

/**
 * Creates a reflection: one consistent BatchGet (course, the author's enrollment, the lesson when named),
 * then one conditional Put (a fresh id, `attribute_not_exists`). 404 for an unknown course (or another
 * tenant's), 403 without access, 400 `lesson_id` for a lesson the course does not have. The course and
 * lesson titles are copied in, so the list needs no further reads (a later rename is not reflected).
 */
export async function createReflection(
  principal: Principal,
  input: { course_id: string; lesson_id?: string; type: ReflectionType; content: string; tags: string[]; visibility: ReflectionVisibility },
  now: Date,
): Promise<StoredReflection> {
  const { tenantId, userId } = principal;
  const lesson = input.lesson_id ? lessonKey(tenantId, input.course_id, input.lesson_id) : undefined;
  const { course, allowed, found } = await courseAccess(tenantId, userId, input.course_id, lesson ? [lesson] : []);
  if (!course) throw new NotFoundError('Course not found');
  if (!allowed) throw new AuthorizationError('Only learners enrolled in the course and its instructors can write reflections on it');
  const lessonItem = lesson ? found.get(itemId(lesson)) : undefined;
  if (lesson && !lessonItem) throw new ValidationError([{ field: 'body.lesson_id', message: 'The course has no such lesson', code: 'not_found' }]);
  const at = now.toISOString();
  const reflection: StoredReflection = {
    reflectionId: randomUUID(),
    userId,
    courseId: input.course_id,
    courseTitle: String(course.title ?? ''),
    lessonId: input.lesson_id ?? null,
    lessonTitle: lessonItem ? String(lessonItem.title ?? '') : null,
    type: input.type,
    content: input.content,
    tags: input.tags,
    visibility: input.visibility,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: itemOf(tenantId, reflection), ConditionExpression: 'attribute_not_exists(pk)' }));
  return reflection;
}

function matches(r: StoredReflection, f: ReflectionFilters): boolean {
  return (
    (!f.course_id || r.courseId === f.course_id) &&
    (!f.lesson_id || r.lessonId === f.lesson_id) &&
    (!f.type || r.type === f.type) &&
    (!f.tag || r.tags.includes(f.tag)) &&
    (!f.visibility || r.visibility === f.visibility)
  );
}

const newestFirst = (a: StoredReflection, b: StoredReflection) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.reflectionId < b.reflectionId ? -1 : 1);

function pageOf(all: StoredReflection[], query: PageQuery) {
  const start = (query.page - 1) * query.page_size;
  return { count: all.length, reflections: all.slice(start, start + query.page_size) };
}

/** The caller's reflections, filtered and paged in memory: one Query of their partition (+1 per MB). */
export async function listOwnReflections(principal: Principal, filters: ReflectionFilters, query: PageQuery) {
  const items = await queryCollection(reflectionsPartition(principal.tenantId, principal.userId), { skPrefix: 'R#' });
  return pageOf(items.map(stored).filter((r) => matches(r, filters)).sort(newestFirst), query);
}

/**
 * A course's course-visible reflections for a viewer with access: one consistent BatchGet (course,
 * viewer's enrollment), then one gsi1 Query of the course's shared reflections (+1 per MB), newest
 * first. 404 for an unknown course, 403 for a viewer without access.
 */
export async function listCourseReflections(principal: Principal, courseId: string, filters: ReflectionFilters, query: PageQuery) {
  const { course, allowed } = await courseAccess(principal.tenantId, principal.userId, courseId);
  if (!course) throw new NotFoundError('Course not found');
  if (!allowed) throw new AuthorizationError('Only learners enrolled in the course and its instructors can read its reflections');
  const items = await queryCollection(courseReflectionsIndexKey(principal.tenantId, courseId, '', '').gsi1pk, { indexName: 'gsi1', descending: true });
  return pageOf(items.map(stored).filter((r) => r.visibility === 'course' && matches(r, filters)).sort(newestFirst), query);
}

/**
 * Changes the caller's reflection: one consistent read of it (BatchGet), then one UpdateItem conditioned
 * on the version read; the gsi1 keys are set or removed with the visibility. Making a private one
 * course-visible needs access to the course at that moment (403): one more BatchGet (course, enrollment).
 * Two edits at once: the second's condition fails (the version moved) → 409, nothing of it written.
 */
export async function updateReflection(
  principal: Principal,
  reflectionId: string,
  changes: { type?: ReflectionType; content?: string; tags?: string[]; visibility?: ReflectionVisibility },
  now: Date,
): Promise<StoredReflection> {
  const { tenantId, userId } = principal;
  const key = reflectionKey(tenantId, userId, reflectionId);
  const read = await batchGetItems([key], true);
  const found = read.get(itemId(key));
  if (!found) throw new NotFoundError('Reflection not found');
  const current = stored(found);
  const next: StoredReflection = { ...current, ...changes, updatedAt: now.toISOString(), version: current.version + 1 };
  if (next.visibility === 'course' && current.visibility !== 'course') {
    const { allowed } = await courseAccess(tenantId, userId, current.courseId);
    if (!allowed) throw new AuthorizationError('Only learners enrolled in the course and its instructors can share reflections with it');
  }
  const index = courseReflectionsIndexKey(tenantId, next.courseId, next.createdAt, next.reflectionId);
  const sets = ['#type = :type', 'content = :content', 'tags = :tags', 'visibility = :visibility', 'updatedAt = :updatedAt', 'version = :next'];
  const values: Record<string, unknown> = { ':type': next.type, ':content': next.content, ':tags': next.tags, ':visibility': next.visibility, ':updatedAt': next.updatedAt, ':next': next.version, ':read': current.version };
  if (next.visibility === 'course') {
    sets.push('gsi1pk = :gpk', 'gsi1sk = :gsk');
    values[':gpk'] = index.gsi1pk;
    values[':gsk'] = index.gsi1sk;
  }
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}${next.visibility === 'course' ? '' : ' REMOVE gsi1pk, gsi1sk'}`,
        ConditionExpression: 'version = :read',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: values,
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ConflictError('The reflection changed or was deleted while it was being saved; retry');
    throw err;
  }
  return next;
}

/** Deletes the caller's reflection: one conditional DeleteItem on their own key (404 when it is not theirs or gone). */
export async function deleteReflection(principal: Principal, reflectionId: string): Promise<void> {
  try {
    await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: reflectionKey(principal.tenantId, principal.userId, reflectionId), ConditionExpression: 'attribute_exists(pk)' }));
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new NotFoundError('Reflection not found');
    throw err;
  }
}

/** A reflection as the API shows it (seed 002 fields plus course_id, lesson_id, is_own); the author's id is not shown. */
export function presentReflection(r: StoredReflection, viewer: string) {
  return {
    id: r.reflectionId,
    course_id: r.courseId,
    lesson_id: r.lessonId,
    lesson: r.lessonId ? { id: r.lessonId, title: r.lessonTitle ?? '', course_title: r.courseTitle } : null,
    type: r.type,
    content: r.content,
    tags: r.tags,
    visibility: r.visibility,
    is_own: r.userId === viewer,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}
