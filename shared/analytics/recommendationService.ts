import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { PutCommand } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import type { CourseRecord } from '../catalog/course.js';
import { listCourseCompletions } from '../catalog/courseCompletionRepository.js';
import { record } from '../catalog/courseRepository.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { catalogIndexKey, coCompletionKey, enrollmentsPartition, profileKey, recommendationsCacheKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { rankRecommendations, reasoningOf, type CoCompletion, type RecommendationContext } from '../domain/courseRecommendations.js';
import { enrollmentRecordOf } from '../enrollment/enrollmentRecord.js';
import { weeklyStudyMinutes } from '../programs/studyPace.js';
import { planSubject, settleSubject } from '../progress/progressSubject.js';
import { learnerSkillGap } from '../skills/masteryService.js';
import { PREDICTION_TTL_SECONDS, PredictionsDisabledError, predictionsDisabled } from './dropoffRiskService.js';

/** Seed 003 §6: `limit` defaults to 10. */
export const DEFAULT_RECOMMENDATIONS = 10;

const DEFAULT_SESSION_MINUTES = 30;

/**
 * Seed 003 §6 `recommendations` (docs/analytics.md §17.10). One BatchGet (subject checks, their profile
 * for the opt-out and study time, the cached answer for this context and limit, the tenant's
 * co-completion counts). Opted out → 403 PREDICTIONS_DISABLED, nothing else read or stored. A cached
 * answer younger than 48 hours is returned as stored, less any course completed since (1 Query). Otherwise, in parallel: the published catalog
 * (1 Query), the learner's completions (1 Query), enrollments (1 Query) and skill gaps (the skill-gap
 * figures, 3 requests); then one conditional Put of the answer.
 */
export async function recommendationsFor(principal: Principal, userId: string, query: { context?: RecommendationContext | undefined; limit?: number | undefined }, now: Date) {
  const tenantId = principal.tenantId;
  const context = query.context ?? 'general';
  const limit = query.limit ?? DEFAULT_RECOMMENDATIONS;
  const plan = planSubject(principal, userId);
  const cacheKey = recommendationsCacheKey(tenantId, plan.userId, context, limit);
  const found = await batchGetItems([...plan.keys, profileKey(plan.userId), cacheKey, coCompletionKey(tenantId)]);
  const subject = settleSubject(principal, plan, found);
  const profile = found.get(itemId(profileKey(subject.userId)));
  if (predictionsDisabled(profile)) throw new PredictionsDisabledError();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const cached = found.get(itemId(cacheKey));
  if (cached && typeof cached.expiresAt === 'number' && cached.expiresAt > nowSeconds) {
    // A course completed since the answer was stored is never recommended: 1 Query of the completions.
    const done = new Set((await listCourseCompletions(tenantId, subject.userId)).map((c) => c.courseId));
    const data = cached.data as { recommendations: { courseId: string }[] };
    return { data: { ...data, recommendations: data.recommendations.filter((r) => !done.has(r.courseId)) }, meta: cached.meta as Record<string, unknown> };
  }

  const [published, completions, enrollments, skillGap] = await Promise.all([
    queryCollection(catalogIndexKey(tenantId, '').gsi1pk, { indexName: 'gsi1' }),
    listCourseCompletions(tenantId, subject.userId),
    queryCollection(enrollmentsPartition(tenantId, subject.userId), { skPrefix: 'E#' }),
    learnerSkillGap(principal, subject.userId, now),
  ]);
  const courses = published.map((item) => record<CourseRecord>(item));
  const titles = new Map(courses.map((c) => [c.courseId, c.title]));
  const completed = new Set(completions.map((c) => c.courseId));
  const enrolled = new Set(enrollments.map(enrollmentRecordOf).filter((e) => e.status === 'active' && !completed.has(e.courseId)).map((e) => e.courseId));
  const gaps = new Map((skillGap.data.gaps as { skillId: string; gap: number }[]).map((g) => [g.skillId, g.gap]));
  const coItem = found.get(itemId(coCompletionKey(tenantId)));
  const coCompletion = (coItem?.groups ?? {}) as CoCompletion;
  const prefs = profile?.preferences as { defaultSessionLength?: number; reminderSettings?: { days?: string[] } } | undefined;
  const weeklyMinutes = weeklyStudyMinutes({ defaultSessionLength: typeof prefs?.defaultSessionLength === 'number' ? prefs.defaultSessionLength : DEFAULT_SESSION_MINUTES, reminderSettings: prefs?.reminderSettings });

  const ranked = rankRecommendations({
    courses: courses.map((c) => ({ courseId: c.courseId, title: c.title, skills: c.skills ?? [], prerequisites: c.prerequisites ?? [], durationMinutes: c.durationMinutes })),
    completed,
    enrolled,
    gaps,
    coCompletion,
    context,
    limit,
    weeklyMinutes,
  });
  const recommendations = ranked.map((f, i) => {
    const prerequisiteOf = ranked.slice(i + 1).filter((later) => later.missingPrerequisites.includes(f.courseId)).map((later) => later.courseId);
    return {
      id: `rec-${String(i + 1).padStart(3, '0')}`,
      type: 'course' as const,
      courseId: f.courseId,
      courseName: f.courseName,
      priority: i + 1,
      reasoning: reasoningOf(f, titles, prerequisiteOf),
      expectedOutcomes: f.closesGaps.map((g) => `Works on ${g.skillId}, ${g.gap} level${g.gap === 1 ? '' : 's'} below what your courses and goals require`),
      estimatedCompletionTime: `${f.estimatedWeeks} week${f.estimatedWeeks === 1 ? '' : 's'}`,
      confidenceScore: f.coCompletion ? Math.round(f.coCompletion.share * 100) / 100 : null,
      figures: {
        prerequisitesMet: f.prerequisitesMet,
        missingPrerequisites: f.missingPrerequisites,
        skillGaps: f.closesGaps,
        coCompletion: f.coCompletion ? { afterCourseId: f.coCompletion.after, learners: f.coCompletion.count, groupSize: f.coCompletion.group } : null,
        estimatedWeeks: f.estimatedWeeks,
      },
      actions: {
        enroll: `/api/v1/courses/${f.courseId}/enroll/`,
        details: `/api/v1/courses/${f.courseId}/`,
        forecast: `/api/v1/analytics/predictive/forecast/${subject.userId}?type=course&id=${f.courseId}`,
      },
    };
  });
  const expiresAt = nowSeconds + PREDICTION_TTL_SECONDS;
  const data = { userId: subject.userId, recommendations, context };
  const meta = {
    calculatedAt: now.toISOString(),
    dataSource: 'nightly' as const,
    model: 'prerequisites_skill_gaps_co_completion',
    coCompletionThrough: typeof coItem?.through === 'string' ? coItem.through : null,
    cacheExpiry: new Date(expiresAt * 1000).toISOString(),
  };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...cacheKey, entity: 'recommendationsCache', tenantId, userId: subject.userId, data, meta, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
  return { data, meta };
}
