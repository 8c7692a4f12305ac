import { PutCommand, QueryCommand } from '../db/commands.js';
import type { CourseRecord, CourseTree } from '../catalog/course.js';
import { getCourseTree, record } from '../catalog/courseRepository.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { courseKey, courseOutlineKey, learnerCourseKey, learnerCoursePartition, learnerLessonKey } from '../db/keys.js';
import type { CourseOutline, LessonProgress } from '../domain/courseProgress.js';
import { NotFoundError } from '../http/errors.js';
import type { Snapshot } from './progressWrite.js';

/**
 * What a course-progress call reads, in one BatchGetItem: the course record (its version and status),
 * the engine's outline of the course, the learner's course summary and, for a write, the learner's
 * lesson item. The outline is a cache of the course tree stamped with the course version it was built
 * from; when authoring has moved the version on, it is rebuilt from one Query of the course and
 * written back (conditionally, never over a newer one) — two extra requests once per course change.
 */
export interface CourseContext {
  course: CourseRecord;
  outline: CourseOutline;
  /** Learner items read (summary, lesson), keyed by itemId. */
  snapshot: Snapshot;
}

/** The outline of a course tree (pure). */
export function outlineOf(tree: CourseTree): CourseOutline {
  return {
    courseId: tree.course.courseId,
    version: tree.course.version,
    title: tree.course.title,
    status: tree.course.status,
    enforceSequence: tree.course.enforceSequence,
    difficulty: tree.course.difficulty,
    durationMinutes: tree.course.durationMinutes,
    sections: tree.sections.map((s) => ({ sectionId: s.sectionId, title: s.title, order: s.order, isPublished: s.isPublished })),
    lessons: tree.lessons.map((l) => ({
      lessonId: l.lessonId,
      sectionId: l.sectionId,
      title: l.title,
      type: l.type,
      order: l.order,
      durationMinutes: l.durationMinutes,
      prerequisites: l.prerequisites,
      ...(l.maxScore !== undefined ? { maxScore: l.maxScore } : {}),
      ...(l.passScore !== undefined ? { passScore: l.passScore } : {}),
      ...(l.skills.length > 0 ? { skills: l.skills } : {}),
    })),
  };
}

async function rebuildOutline(tenantId: string, courseId: string): Promise<{ course: CourseRecord; outline: CourseOutline } | undefined> {
  const tree = await getCourseTree(tenantId, courseId, true);
  if (!tree) return undefined;
  const outline = outlineOf(tree);
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...courseOutlineKey(tenantId, courseId), entity: 'courseOutline', outline, version: outline.version },
        ConditionExpression: 'attribute_not_exists(pk) OR version < :v',
        ExpressionAttributeValues: { ':v': outline.version },
      }),
    );
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ConditionalCheckFailedException')) throw err;
  }
  return { course: tree.course, outline };
}

/**
 * Reads a published course's context for `userId` (404 when the course does not exist in the tenant
 * or is a draft). `lessonIds` adds the learner's items for those lessons to the same request, and
 * `extraKeys` any other items the caller needs (a write's gamification STATS and INDEX), so they cost
 * no extra request.
 */
export async function readCourseContext(tenantId: string, userId: string, courseId: string, lessonIds: readonly string[] = [], extraKeys: readonly ItemKey[] = []): Promise<CourseContext> {
  const learnerKeys: ItemKey[] = [learnerCourseKey(tenantId, userId, courseId), ...lessonIds.map((id) => learnerLessonKey(tenantId, userId, courseId, id)), ...extraKeys];
  const found = await batchGetItems([courseKey(tenantId, courseId), courseOutlineKey(tenantId, courseId), ...learnerKeys], true);
  const courseItem = found.get(itemId(courseKey(tenantId, courseId)));
  if (!courseItem) throw new NotFoundError('Course not found');
  let course = record<CourseRecord>(courseItem);
  let outline = found.get(itemId(courseOutlineKey(tenantId, courseId)))?.outline as CourseOutline | undefined;
  if (!outline || outline.version !== course.version) {
    const rebuilt = await rebuildOutline(tenantId, courseId);
    if (!rebuilt) throw new NotFoundError('Course not found');
    ({ course, outline } = rebuilt);
  }
  if (course.status !== 'published') throw new NotFoundError('Course not found');
  const snapshot: Snapshot = new Map();
  for (const key of learnerKeys) {
    const item = found.get(itemId(key));
    if (item) snapshot.set(itemId(key), item);
  }
  return { course, outline, snapshot };
}

/** A learner lesson item as the domain sees it. */
export function lessonProgressOf(lessonId: string, item: Record<string, unknown> | undefined): LessonProgress {
  return {
    lessonId,
    watchSeconds: (item?.watchSeconds as number | undefined) ?? 0,
    positionSeconds: (item?.positionSeconds as number | undefined) ?? 0,
    completed: item?.completed === true,
    ...(item?.completedAt ? { completedAt: item.completedAt as string } : {}),
    ...(item?.completionId ? { completionId: item.completionId as string } : {}),
    ...(item?.engagementScore !== undefined ? { engagementScore: item.engagementScore as number } : {}),
    secondsSpent: (item?.secondsSpent as number | undefined) ?? 0,
    ...(item?.score !== undefined ? { score: item.score as number } : {}),
    ...(item?.passed !== undefined ? { passed: item.passed as boolean } : {}),
    attempts: (item?.attempts as number | undefined) ?? 0,
    ...(item?.updatedAt ? { updatedAt: item.updatedAt as string } : {}),
  };
}

export interface LearnerCourseItems {
  summary: Record<string, unknown> | undefined;
  lessons: Map<string, LessonProgress>;
  /** Local date → seconds, for the days read. */
  days: Map<string, number>;
}

/**
 * The learner's items of one course in one Query: everything from `D#<fromDate>` on, i.e. the day
 * buckets since that date, every lesson item and the summary (sort order D# < L# < SUMMARY).
 */
export async function readLearnerCourse(tenantId: string, userId: string, courseId: string, fromDate: string): Promise<LearnerCourseItems> {
  const out: LearnerCourseItems = { summary: undefined, lessons: new Map(), days: new Map() };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': learnerCoursePartition(tenantId, userId, courseId), ':from': `D#${fromDate}` },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const sk = item.sk as string;
      if (sk === 'SUMMARY') out.summary = item;
      else if (sk.startsWith('L#')) out.lessons.set(sk.slice(2), lessonProgressOf(sk.slice(2), item));
      else if (sk.startsWith('D#')) out.days.set(sk.slice(2), (item.seconds as number | undefined) ?? 0);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}
