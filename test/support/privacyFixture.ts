import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import { putShardedEntries } from '../../shared/analytics/shardedEntryTable.js';
import {
  activityKey,
  aiCallKey,
  aiUsageKey,
  authSessionEventKey,
  authWebhookEventKey,
  certificateIndexKey,
  certificateKey,
  certificateLookupKey,
  chatExchangeKey,
  chatRequestKey,
  contentResourceKey,
  couponRedemptionKey,
  courseCompletionKey,
  courseLearnersIndexKey,
  courseReflectionsIndexKey,
  curriculumKey,
  dropoffPredictionKey,
  recommendationsCacheKey,
  enrollmentKey,
  enrollmentSagaRequestKey,
  exerciseRecordKey,
  generatedQuizKey,
  invitationKey,
  learnerAwardKey,
  learnerCourseKey,
  learnerLessonKey,
  learnerStatsKey,
  learningSessionKey,
  mediaKey,
  mediaLibraryIndexKey,
  memberKey,
  memoryCountKey,
  memoryKey,
  notificationKey,
  paymentHistoryIndexKey,
  paymentIntentKey,
  personalCourseCountKey,
  personalCourseKey,
  profileByEmailIndexKey,
  programEnrollmentIdKey,
  programEnrollmentKey,
  progressLogKey,
  rateLimitKey,
  reflectionKey,
  streakCheckpointKey,
  tutorialSummaryKey,
  unreadNotificationIndexKey,
  uploadSessionKey,
} from '../../shared/db/keys.js';
import { reportKey, reportsByRequesterIndexKey } from '../../shared/db/reportKeys.js';
import { courseReviewKey, peerQueryLogKey, peerTableKey, skillEvidenceKey, skillMasteryKey } from '../../shared/db/skillKeys.js';
import { sagaExecutionName } from '../../shared/enrollment/sagaExecutionName.js';
import { refreshLeaderboard } from '../../shared/leaderboards/leaderboardRefresh.js';
import { mediaS3 } from '../../shared/media/mediaBucket.js';
import { mediaBucketConfig } from '../../shared/media/mediaBucket.js';
import { putBucketFile } from '../../shared/reports/reportBucket.js';
import { xapiStatement } from '../../shared/schemas/xapiStatement.js';
import { intakeStatements } from '../../shared/xapi/statementIntake.js';
import { xapiHomePage } from '../../shared/xapi/xapiHome.js';
import { appendRecords, ledgerRecord } from './ledger.js';
import { periodPointsItem, profileItem, putAll } from './leaderboard.js';

/** The learner-local dates of the fixture's activity (aggregated by the nightly fold). */
export const FIXTURE_DATES = ['2026-11-02', '2026-11-03'] as const;

export interface PrivacyFixture {
  tenantId: string;
  userId: string;
  email: string;
  fullName: string;
  /** Another learner of the tenant, who must keep everything. */
  otherId: string;
  courseId: string;
  paymentId: string;
  mediaObjects: string[];
  fileObjects: string[];
  periods: string[];
  /** The xAPI statement the learner sent (through the real intake), naming them by name and email. */
  xapiStatementId: string;
}

export async function putMediaObject(key: string, body = 'bytes'): Promise<void> {
  await (await mediaS3()).send(new PutObjectCommand({ Bucket: mediaBucketConfig().bucket, Key: key, Body: body }));
}

/**
 * A learner with activity in every feature that stores user data (one item or more of every entity in
 * the user-data registry), beside another learner of the same tenant, with the nightly aggregates of two
 * dates folded and the leaderboards refreshed twice (so an older generation holds them too).
 */
export async function learnerWithEverything(tenantId: string): Promise<PrivacyFixture> {
  const userId = `u-${randomUUID()}`;
  const otherId = `o-${randomUUID()}`;
  const fullName = `Zelda Quorum ${randomUUID().slice(0, 6)}`;
  const email = `${userId}@example.test`;
  const courseId = `c-${randomUUID().slice(0, 8)}`;
  const tutorialId = `tu-${randomUUID().slice(0, 8)}`;
  const personalCourseId = `pc-${randomUUID().slice(0, 8)}`;
  const paymentId = `pay_${randomUUID().replace(/-/g, '')}`;
  const certificateId = randomUUID().replace(/-/g, '');
  const mediaId = randomUUID();
  const at = '2026-11-02T10:00:00.000Z';
  const u = { tenantId, userId };
  const sagaName = sagaExecutionName(tenantId, userId, courseId, 'idem-1');
  const periods = ['ALL', 'W#2026-W45'];
  const mediaObjects = [`${tenantId}/media/${mediaId}/source.mp4`, `${tenantId}/media/${mediaId}/thumbnail.jpg`, `${tenantId}/uploads/${userId}/notes.pdf`, `${tenantId}/content/${personalCourseId}/file.pdf`];
  const fileObjects = [`${tenantId}/certificates/${certificateId}.pdf`, `${tenantId}/receipts/${paymentId}.pdf`, `${tenantId}/reports/rep-own/report.json`, `${tenantId}/reports/rep-admin/report.csv`];

  const profile = { ...profileItem({ userId, fullName, privacy: 'public', tenantId }), ...profileByEmailIndexKey(email), email, firstName: 'Zelda', lastName: 'Quorum', bio: `I am ${fullName}` };
  const other = profileItem({ userId: otherId, fullName: 'Other Learner', privacy: 'public', tenantId });
  const items: Record<string, unknown>[] = [
    profile,
    other,
    { ...aiUsageKey(userId), entity: 'aiUsage', userId, day: '2026-11-02', dayCount: 3 },
    { ...memberKey(tenantId, userId), entity: 'member', tenantId, userId, roles: ['learner'], joinedAt: at, email },
    { ...memberKey(tenantId, otherId), entity: 'member', tenantId, userId: otherId, roles: ['learner'], joinedAt: at },
    { ...invitationKey(tenantId, email), entity: 'invitation', email, tenantId, roles: ['learner'], invitedAt: at },
    { ...courseCompletionKey(tenantId, userId, courseId), entity: 'courseCompletion', ...u, courseId, completedAt: at },
    { ...learnerCourseKey(tenantId, userId, courseId), entity: 'learnerCourse', ...u, courseId, percent: 50 },
    { ...learnerLessonKey(tenantId, userId, courseId, 'l1'), entity: 'learnerLesson', ...u, courseId, lessonId: 'l1', completed: true },
    { ...tutorialSummaryKey(tenantId, userId, tutorialId), entity: 'tutorialSummary', ...u, tutorialId, watched: 3 },
    { ...personalCourseKey(tenantId, userId, personalCourseId), entity: 'personalCourse', ...u, courseId: personalCourseId, title: `${fullName}'s plan` },
    { ...curriculumKey(tenantId, userId, personalCourseId), entity: 'curriculum', ...u, courseId: personalCourseId, version: 1 },
    { ...personalCourseCountKey(tenantId, userId), entity: 'personalCourseCount', count: 1 },
    { ...contentResourceKey(tenantId, userId, personalCourseId, 'r1'), entity: 'contentResource', ...u, courseId: personalCourseId, resourceId: 'r1', objectKey: mediaObjects[3] },
    { ...learningSessionKey(tenantId, userId, 's1'), entity: 'learningSession', ...u, sessionId: 's1', startedAt: at },
    { ...progressLogKey(tenantId, userId, 'pl1'), entity: 'progressLog', ...u, logId: 'pl1', notes: 'squats' },
    { ...exerciseRecordKey(tenantId, userId, 'squat'), entity: 'exerciseRecord', ...u, exercise: 'squat', bestWeight: 60 },
    { ...learnerStatsKey(tenantId, userId), entity: 'learnerStats', ...u, points: 120 },
    { ...learnerAwardKey(tenantId, userId, 'a1'), entity: 'achievementAward', ...u, achievementId: 'a1', awardedAt: at },
    { ...streakCheckpointKey(tenantId, userId), entity: 'streakCheckpoint', ...u, through: '2026-11-01', current: 4 },
    periodPointsItem(tenantId, userId, 'ALL', { points: 500, learnerPoints: 500, trainerPoints: 0 }),
    periodPointsItem(tenantId, userId, 'W#2026-W45', { points: 50, learnerPoints: 50, trainerPoints: 0 }),
    periodPointsItem(tenantId, otherId, 'ALL', { points: 100, learnerPoints: 100, trainerPoints: 0 }),
    periodPointsItem(tenantId, otherId, 'W#2026-W45', { points: 10, learnerPoints: 10, trainerPoints: 0 }),
    { ...notificationKey(tenantId, userId, at, 'n1'), ...unreadNotificationIndexKey(tenantId, userId, at, 'n1'), entity: 'Notification', ...u, title: `Well done ${fullName}` },
    { ...enrollmentKey(tenantId, userId, courseId), ...courseLearnersIndexKey(tenantId, courseId, at, userId), entity: 'enrollment', ...u, courseId, status: 'active', enrolledAt: at, requestId: sagaName },
    { ...programEnrollmentKey(tenantId, userId, 'prog1'), entity: 'programEnrollment', ...u, programId: 'prog1', enrollmentId: 'penr-1' },
    { ...programEnrollmentIdKey(tenantId, 'penr-1'), entity: 'programEnrollmentClaim', ...u, programId: 'prog1' },
    { ...enrollmentSagaRequestKey(tenantId, sagaName), entity: 'EnrollmentSagaRequest', ...u, courseId, status: 'enrolled' },
    { ...dropoffPredictionKey(tenantId, userId), entity: 'dropoffPrediction', ...u, risk: 0.4 },
    { ...recommendationsCacheKey(tenantId, userId, 'all', 5), entity: 'recommendations', ...u, data: { courses: [courseId] } },
    { ...skillEvidenceKey(tenantId, userId, '2026-11-02'), entity: 'skillEvidence', ...u, skills: { react: 1 } },
    { ...skillMasteryKey(tenantId, userId), entity: 'skillMastery', ...u, skills: { react: 0.5 } },
    { ...peerQueryLogKey(tenantId, userId), entity: 'peerQueryLog', ...u, queries: ['react'] },
    { ...aiCallKey(tenantId, userId, at, 'call1'), entity: 'aiCall', ...u, tokens: 100 },
    { ...chatExchangeKey(tenantId, userId, `C#${courseId}`, 'm1'), entity: 'chatExchange', ...u, message: `Hi, I am ${fullName}`, answer: 'Hello' },
    { ...chatRequestKey(tenantId, userId, 'req1'), entity: 'chatRequest', ...u, messageId: 'm1' },
    { ...memoryKey(tenantId, userId, 'mem1'), entity: 'memory', ...u, text: `${fullName} likes hooks`, vector: new Uint8Array([1, 2, 3]) },
    { ...memoryCountKey(tenantId, userId), entity: 'memoryCount', count: 1 },
    { ...generatedQuizKey(tenantId, userId, 'q1'), entity: 'generatedQuiz', ...u, quizId: 'q1' },
    { ...reflectionKey(tenantId, userId, 'rf1'), ...courseReflectionsIndexKey(tenantId, courseId, at, 'rf1'), entity: 'reflection', ...u, courseId, content: 'A thought', authorName: fullName },
    { ...authSessionEventKey(tenantId, userId, at, 'evt_session_1'), entity: 'authSessionEvent', ...u, eventId: 'evt_session_1', event: 'created' },
    { ...authWebhookEventKey(tenantId, 'evt_session_1'), entity: 'authWebhookEvent', tenantId, eventId: 'evt_session_1', eventType: 'session.created', userId, outcome: 'processed' },
    { ...uploadSessionKey(tenantId, userId, 'up1'), entity: 'uploadSession', ...u, uploadId: 'up1', objectKey: mediaObjects[2] },
    { ...mediaKey(tenantId, mediaId), ...mediaLibraryIndexKey(tenantId, userId, at, mediaId), entity: 'media', tenantId, ownerId: userId, mediaId, objectKey: mediaObjects[0], thumbnailKey: mediaObjects[1], title: `${fullName} intro` },
    { ...certificateKey(tenantId, userId, 'course', courseId), entity: 'certificate', ...u, kind: 'course', subjectId: courseId, certificateId, learnerName: fullName, fileKey: fileObjects[0] },
    { ...certificateIndexKey(tenantId, userId), entity: 'certificateIndex', ...u, certificates: new Set([`2026-11-02|${certificateId}`]) },
    { ...certificateLookupKey(certificateId), entity: 'certificateLookup', ...u, certificateId },
    { ...courseReviewKey(tenantId, courseId, userId), entity: 'courseReview', ...u, courseId, rating: 5, reviewerName: fullName },
    { ...couponRedemptionKey(tenantId, 'SAVE10', userId), entity: 'couponRedemption', ...u, code: 'SAVE10' },
    {
      ...paymentIntentKey(tenantId, paymentId),
      ...paymentHistoryIndexKey(tenantId, userId, at, paymentId),
      entity: 'paymentIntent',
      tenantId,
      paymentId,
      userId,
      courseId,
      courseTitle: 'React',
      instructorName: 'Ada Teacher',
      amountCents: 4900,
      currency: 'USD',
      couponCode: 'SAVE10',
      status: 'succeeded',
      idempotencyKey: 'idem-1',
      clientMetadata: { buyer: fullName },
      enrollmentRequestId: sagaName,
      receiptFileKey: fileObjects[1],
      createdAt: at,
    },
    { ...rateLimitKey(tenantId, `U#${userId}`, 'standard', 1_000), entity: 'rateLimit', count: 3 },
    { ...reportKey(tenantId, 'rep-own'), ...reportsByRequesterIndexKey(tenantId, userId, 'rep-own'), entity: 'report', tenantId, reportId: 'rep-own', status: 'ready', requestedBy: userId, includeUsers: false, files: { json: fileObjects[2] } },
    { ...reportKey(tenantId, 'rep-admin'), ...reportsByRequesterIndexKey(tenantId, 'admin-1', 'rep-admin'), entity: 'report', tenantId, reportId: 'rep-admin', status: 'ready', requestedBy: 'admin-1', includeUsers: true, files: { csv: fileObjects[3] } },
  ];
  await putAll(items);
  // The ledger (course, tutorial, personal course) of both learners, then the nightly fold of both dates.
  const base = { tenantId, timeZone: 'UTC', source: 'lesson.progress' as const };
  await appendRecords([
    ledgerRecord({ ...base, userId, now: new Date(`${FIXTURE_DATES[0]}T10:00:00Z`), contentType: 'course', contentId: courseId, itemId: 'l1', seconds: 600 }),
    ledgerRecord({ ...base, userId, now: new Date(`${FIXTURE_DATES[0]}T11:00:00Z`), contentType: 'tutorial', contentId: tutorialId, itemId: 'ch1', seconds: 300 }),
    ledgerRecord({ ...base, userId, now: new Date(`${FIXTURE_DATES[1]}T09:00:00Z`), contentType: 'personal_course', contentId: personalCourseId, itemId: 'x', seconds: 120 }),
    ledgerRecord({ ...base, userId: otherId, now: new Date(`${FIXTURE_DATES[0]}T12:00:00Z`), contentType: 'course', contentId: courseId, itemId: 'l1', seconds: 200 }),
    ledgerRecord({ ...base, userId: otherId, now: new Date(`${FIXTURE_DATES[1]}T12:00:00Z`), contentType: 'course', contentId: courseId, itemId: 'l2', seconds: 100 }),
  ]);
  for (const date of FIXTURE_DATES) await aggregateTenant({ tenantId, date, trigger: 'nightly' });
  // The comparison tables (written by the nightly skills fold when a tenant has a taxonomy).
  await putShardedEntries(tenantId, 'peerTable', [[userId, { level: null, velocity: 1, score: 50, mastered: 0, skills: { react: 50 }, courses: [courseId] }], [otherId, { level: null, velocity: 0, score: 20, mastered: 0, skills: { react: 20 }, courses: [courseId] }]] as const, () => 0, (shard) => peerTableKey(tenantId, shard));
  // Two refreshes: the second's pointer lists the first generation as recent.
  for (const period of periods) {
    await refreshLeaderboard(tenantId, period, new Date(Date.now() - 60_000));
    await refreshLeaderboard(tenantId, period, new Date());
  }
  for (const key of mediaObjects) await putMediaObject(key, `media of ${fullName}`);
  for (const key of fileObjects) await putBucketFile(key, `file of ${fullName}`, 'application/octet-stream', 'f');
  // An xAPI statement the learner sends through the real intake (a passed tutorial quiz): the stored
  // statement's actor carries their name and the sender put their email in a context extension; the
  // quiz write adds one ledger record (4 in all), tutorial progress and points.
  const xapiStatementId = randomUUID();
  const home = xapiHomePage(tenantId);
  const statement = xapiStatement.parse({
    id: xapiStatementId,
    actor: { objectType: 'Agent', name: fullName, account: { homePage: home, name: userId } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
    object: { objectType: 'Activity', id: `${home}/activities/tutorials/xapi-${tutorialId}/quizzes/q1` },
    result: { score: { raw: 8, min: 0, max: 10 }, success: true },
    context: { extensions: { 'https://lms.example.test/xapi/learner-email': email } },
  });
  await intakeStatements({ kind: 'learner', tenantId, userId, timeZone: 'UTC' }, [statement], { single: true, now: new Date(`${FIXTURE_DATES[1]}T08:00:00Z`) });
  // The ledger item of the first record exists (sanity: activityKey addresses it).
  void activityKey;
  return { tenantId, userId, email, fullName, otherId, courseId, paymentId, mediaObjects, fileObjects, periods, xapiStatementId };
}
