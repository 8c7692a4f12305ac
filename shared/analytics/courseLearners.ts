import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { PutCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';
import { courseLearnerDayKey, courseRollupKey } from '../db/skillKeys.js';
import { courseLearnerBuckets, courseLevelOf, learnerCourseDaysOf, learnerCourseSummary, type LearnerCourseDay, type LearnerCourseDayItem, type SectionInfo } from '../domain/courseHealth.js';
import type { FoldRecord, LessonLookup } from '../domain/dailyAggregates.js';
import type { MasterySummary } from './masteryAggregation.js';

/** What the nightly step knows of a course from its outline. */
export interface CourseOutlineFacts {
  sections: SectionInfo[];
  skills: string[];
}

const PUT_CONCURRENCY = 16;

async function putDayIfNotOlder(tenantId: string, day: LearnerCourseDayItem): Promise<void> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...courseLearnerDayKey(tenantId, day.courseId, day.userId, day.date), entity: 'courseLearnerDay', tenantId, ...day },
        ConditionExpression: 'attribute_not_exists(pk) OR e <= :e',
        ExpressionAttributeValues: { ':e': day.e },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

/**
 * The course-learner step of the nightly fold (issue 16, trainer course-health and student-distribution),
 * run by foldTenantDate after the mastery step:
 * 1. Put each (course, learner) day of the date (a pure function of the date's records and the learner's
 *    freshly recomputed mastery), conditioned on having folded no fewer of their records (`e`);
 * 2. for each course active that date, Query its learner days (consistent; +1 request per MB, ~90 bytes
 *    a learner-day) and SET the course rollup's learner histograms and section snapshot, conditioned on
 *    having seen no fewer records (`learnersEvents`, the sum of the days' `e`): the ledger only grows,
 *    so of two runs racing on one course the one that saw more wins:
 *      run A puts day(d1), queries → {d1}              run B puts day(d2), queries → {d1, d2}
 *      A's histograms (e1) and B's (e1 + e2) race; the condition keeps B's whatever the order.
 * Cost: 1 Put per (course, learner) active that date + per active course 1 Query (grows with the
 * course's learner-days) and 1 UpdateItem; nothing for inactive courses.
 */
export async function foldCourseLearners(
  tenantId: string,
  date: string,
  records: readonly FoldRecord[],
  lessons: LessonLookup,
  outlines: ReadonlyMap<string, CourseOutlineFacts>,
  mastery: readonly MasterySummary[],
): Promise<void> {
  const masteryBy = new Map(mastery.map((m) => [m.userId, m]));
  const days = learnerCourseDaysOf(date, records, lessons, (courseId, userId) => {
    const summary = masteryBy.get(userId);
    return summary ? courseLevelOf(summary.skills, outlines.get(courseId)?.skills ?? []) : null;
  });
  for (let i = 0; i < days.length; i += PUT_CONCURRENCY) await Promise.all(days.slice(i, i + PUT_CONCURRENCY).map((d) => putDayIfNotOlder(tenantId, d)));
  for (const courseId of [...new Set(days.map((d) => d.courseId))]) {
    const items = await queryCollection(courseLearnerDayKey(tenantId, courseId, '', '').pk, { consistent: true });
    const byLearner = new Map<string, LearnerCourseDayItem[]>();
    let events = 0;
    for (const item of items as unknown as LearnerCourseDayItem[]) {
      byLearner.set(item.userId, [...(byLearner.get(item.userId) ?? []), item]);
      events += item.e;
    }
    const summaries = [...byLearner.values()].map((own) => {
      const sorted = own.sort((a, b) => (a.date < b.date ? -1 : 1));
      const level = [...sorted].reverse().find((d) => d.level !== null)?.level ?? null;
      return learnerCourseSummary(Object.fromEntries(sorted.map((d) => [d.date, { s: d.s, c: d.c, a: d.a, p: d.p } satisfies LearnerCourseDay])), level);
    });
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: courseRollupKey(tenantId, courseId),
          UpdateExpression: 'SET entity = :entity, courseId = :c, learners = :l, sections = :s, learnersEvents = :e',
          ConditionExpression: 'attribute_not_exists(learnersEvents) OR learnersEvents <= :e',
          ExpressionAttributeValues: { ':entity': 'courseRollup', ':c': courseId, ':l': courseLearnerBuckets(summaries), ':s': outlines.get(courseId)?.sections ?? [], ':e': events },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}
