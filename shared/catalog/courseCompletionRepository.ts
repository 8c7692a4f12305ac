import { PutCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { courseCompletionKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { CourseRecord, Difficulty } from './course.js';

/**
 * A learner's completions of catalog courses: one item per (learner, course) in the learner's
 * completion collection (`courseCompletionKey`). The progress engine records them; the learning-path
 * validator reads them all in one Query. Each keeps the course's difficulty and duration as they were
 * at completion, so a learner's level does not change when a course is later re-rated.
 */
export interface CourseCompletion {
  courseId: string;
  difficulty: Difficulty;
  durationMinutes: number;
  completedAt: string;
}

/**
 * Records that `userId` completed `course` (one conditional PutItem). Idempotent and never
 * overwrites: a retried or duplicate delivery finds the item and changes nothing, so the first
 * completion time is kept. Returns whether this call created the record.
 */
export async function recordCourseCompletion(
  tenantId: string,
  userId: string,
  course: Pick<CourseRecord, 'courseId' | 'difficulty' | 'durationMinutes'>,
  completedAt: Date | string,
): Promise<{ recorded: boolean }> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...courseCompletionKey(tenantId, userId, course.courseId),
          type: 'courseCompletion',
          tenantId,
          userId,
          courseId: course.courseId,
          difficulty: course.difficulty,
          durationMinutes: course.durationMinutes,
          completedAt: typeof completedAt === 'string' ? completedAt : completedAt.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { recorded: true };
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') return { recorded: false };
    throw err;
  }
}

/**
 * Every course the learner completed in the tenant, ordered by course id: one Query of their
 * collection (about 200 bytes an item, so one 1 MB page holds thousands; further pages are followed).
 * Strongly consistent, so a completion recorded just before a validation is seen by it.
 */
export async function listCourseCompletions(tenantId: string, userId: string): Promise<CourseCompletion[]> {
  const { pk } = courseCompletionKey(tenantId, userId, '');
  return (await queryCollection(pk, { skPrefix: 'C#', consistent: true })).map((item) => ({
    courseId: item.courseId as string,
    difficulty: item.difficulty as Difficulty,
    durationMinutes: item.durationMinutes as number,
    completedAt: item.completedAt as string,
  }));
}
