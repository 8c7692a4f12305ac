/**
 * Key builders: the only place key strings are assembled (DESIGN §7). Every partition key leads with
 * the tenant, so no query can cross tenants by construction. Ids are validated before they reach here;
 * `#` is the separator and is rejected in ids by the schemas.
 */
export const tenantPrefix = (tenantId: string): string => `T#${tenantId}`;

/** Rate-limit counter for one subject (user or client IP) in one class and window. */
export function rateLimitKey(tenantId: string, subject: string, rateClass: string, windowStart: number) {
  return {
    pk: `${tenantPrefix(tenantId)}#RL#${subject}`,
    sk: `${rateClass}#${windowStart}`,
  };
}

/** The item the health check reads: a point read that proves the table answers. */
export function healthProbeKey() {
  return { pk: 'SYS#health', sk: 'SYS#health' };
}

/**
 * Integration management (issue 20): platform-wide, not tenant data, so the partition leads with
 * `PLATFORM#` (like the health probe's `SYS#`). One partition holds every dependency's hourly call
 * figures (`M#<hour>#<dependency>`, so one Query reads a period for all six) and each breaker's
 * platform-wide item (`BREAKER#<dependency>`: last reported state, last error, operator reset).
 */
export const INTEGRATION_PARTITION = 'PLATFORM#INTEGRATION';

/** One dependency's call figures of one hour window (`YYYY-MM-DDTHH`). */
export function integrationFiguresKey(window: string, dependency: string) {
  return { pk: INTEGRATION_PARTITION, sk: `M#${window}#${dependency}` };
}

/** The sort-key range of the figures of windows `from`..`to` (inclusive, every dependency). */
export function integrationFiguresRange(fromWindow: string, toWindow: string) {
  return { pk: INTEGRATION_PARTITION, from: `M#${fromWindow}#`, to: `M#${toWindow}#~` };
}

/** A breaker's platform-wide item. */
export function integrationBreakerKey(dependency: string) {
  return { pk: INTEGRATION_PARTITION, sk: `BREAKER#${dependency}` };
}

/** A user's profile (pool-wide identity; see shared/identity/profile.ts for why it is keyed by user). */
export function profileKey(userId: string) {
  return { pk: `U#${userId}`, sk: 'PROFILE' };
}

/** A member of a tenant; the tenant's member list is one item collection, ordered by user id. */
export function memberKey(tenantId: string, userId: string) {
  return { pk: `${tenantPrefix(tenantId)}#MEMBERS`, sk: `U#${userId}` };
}

/** An organization (tenant) record; its id is the tenant id. */
export function organizationKey(tenantId: string) {
  return { pk: `${tenantPrefix(tenantId)}#ORG`, sk: 'ORG' };
}

/** Index keys that find a profile by email (gsi1): sign-in names, org admins add members by email. */
export function profileByEmailIndexKey(email: string) {
  return { gsi1pk: `EMAIL#${email.toLowerCase()}`, gsi1sk: 'PROFILE' };
}

/** A pending OAuth sign-in's state (single use, expires): in the tenant the sign-in started in. */
export function oauthStateKey(tenantId: string, state: string) {
  return { pk: `${tenantPrefix(tenantId)}#OAUTH`, sk: `STATE#${state}` };
}

/** An invitation of an email (no account yet) into a tenant; gsi1 finds an email's invitations at sign-up. */
export function invitationKey(tenantId: string, email: string) {
  return { pk: `${tenantPrefix(tenantId)}#INVITES`, sk: `EMAIL#${email.toLowerCase()}`, gsi1pk: `INVITE#${email.toLowerCase()}`, gsi1sk: tenantPrefix(tenantId) };
}

// ---- Catalog (issue 4): a course is one item collection (course, detail, sections, lessons). ----

/** The partition holding one course's collection: the course item, its detail, sections and lessons. */
export function coursePartition(tenantId: string, courseId: string): string {
  return `${tenantPrefix(tenantId)}#COURSE#${courseId}`;
}

/** A course's catalog record (counts, status, version): read by the catalog and every authoring write. */
export function courseKey(tenantId: string, courseId: string) {
  return { pk: coursePartition(tenantId, courseId), sk: 'COURSE' };
}

/** A course's long-form texts (detailed description, requirements, objectives, audience). */
export function courseDetailKey(tenantId: string, courseId: string) {
  return { pk: coursePartition(tenantId, courseId), sk: 'DETAIL' };
}

/** A section of a course. */
export function sectionKey(tenantId: string, courseId: string, sectionId: string) {
  return { pk: coursePartition(tenantId, courseId), sk: `SECTION#${sectionId}` };
}

/** A lesson (block) of a course; its section is an attribute so a lesson can move between sections. */
export function lessonKey(tenantId: string, courseId: string, lessonId: string) {
  return { pk: coursePartition(tenantId, courseId), sk: `LESSON#${lessonId}` };
}

/** Sparse gsi1 keys a course carries only while published: the tenant's public catalog. */
export function catalogIndexKey(tenantId: string, courseId: string) {
  return { gsi1pk: `${tenantPrefix(tenantId)}#CATALOG`, gsi1sk: `C#${courseId}` };
}

/** gsi2 keys every course carries: the tenant's courses (drafts included) by creation time. */
export function tenantCoursesIndexKey(tenantId: string, createdAt: string, courseId: string) {
  return { gsi2pk: `${tenantPrefix(tenantId)}#COURSES`, gsi2sk: `${createdAt}#${courseId}` };
}

/** Claims a course slug inside a tenant (conditional put = uniqueness); holds the course id. */
export function courseSlugKey(tenantId: string, slug: string) {
  return { pk: `${tenantPrefix(tenantId)}#COURSE_SLUGS`, sk: `SLUG#${slug}` };
}

/** The tenant's course prerequisite graph: one item, versioned, so cycle checks never race. */
export function courseGraphKey(tenantId: string) {
  return { pk: `${tenantPrefix(tenantId)}#COURSE_GRAPH`, sk: 'GRAPH' };
}

/** A catalog category; the tenant's categories are one small item collection. */
export function categoryKey(tenantId: string, categoryId: string) {
  return { pk: `${tenantPrefix(tenantId)}#CATEGORIES`, sk: `CAT#${categoryId}` };
}

/** Claims a category slug inside a tenant. */
export function categorySlugKey(tenantId: string, slug: string) {
  return { pk: `${tenantPrefix(tenantId)}#CATEGORIES`, sk: `SLUG#${slug}` };
}

/** An instructor's public figures in a tenant (published courses, students), kept by atomic ADDs. */
export function instructorStatsKey(tenantId: string, userId: string) {
  return { pk: `${tenantPrefix(tenantId)}#INSTRUCTOR#${userId}`, sk: 'STATS' };
}

/** A learner's completion of a catalog course (read by the learning-path validator, written by progress). */
export function courseCompletionKey(tenantId: string, userId: string, courseId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#COMPLETIONS`, sk: `C#${courseId}` };
}

/** A program (ordered course assignments); a tenant's programs are one item collection. */
export function programKey(tenantId: string, programId: string) {
  return { pk: `${tenantPrefix(tenantId)}#PROGRAMS`, sk: `P#${programId}` };
}

/** A learner's personal course (seed 004); their courses are one item collection. */
export function personalCourseKey(tenantId: string, userId: string, courseId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#PCOURSES`, sk: `PC#${courseId}` };
}

/** The versioned curriculum tree of a personal course, beside the course in the same collection. */
export function curriculumKey(tenantId: string, userId: string, courseId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#PCOURSES`, sk: `CUR#${courseId}` };
}

/** A user's personal-course counter beside their courses (sk outside `PC#`): the per-user limit is a condition on it. */
export function personalCourseCountKey(tenantId: string, userId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#PCOURSES`, sk: 'PCCOUNT' };
}

// ---- Progress (issue 5): the activity ledger and the progress collections. ----

/**
 * One activity record per progress write, keyed by the write's event id inside the learner's ledger,
 * so a conditional put (`attribute_not_exists`) is the idempotency check: a replayed event finds it.
 */
export function activityKey(tenantId: string, userId: string, eventId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#ACTIVITY`, sk: `E#${eventId}` };
}

/** gsi1 keys of an activity record: the learner's timeline in time order (streaks, "this week", history). */
export function activityTimelineIndexKey(tenantId: string, userId: string, occurredAt: string, eventId: string) {
  return { gsi1pk: `${tenantPrefix(tenantId)}#U#${userId}#TIMELINE`, gsi1sk: `${occurredAt}#${eventId}` };
}

/**
 * gsi2 keys of an activity record: the tenant's activity of one learner-local analytics date
 * (shared/domain/analyticsDate.ts), write-sharded over ACTIVITY_DAY_SHARDS partitions by user, so the
 * nightly aggregation reads exactly that date's records. The sort key starts with the server time of
 * the write, so "what arrived for this date since its last fold" is one key range (late arrivals).
 */
export function activityDayIndexKey(tenantId: string, analyticsDate: string, shard: number, occurredAt: string, userId: string, eventId: string) {
  return { gsi2pk: `${tenantPrefix(tenantId)}#ACTIVITY_DAY#${analyticsDate}#${shard}`, gsi2sk: `${occurredAt}#${userId}#${eventId}` };
}

/** Seed 001: one learner's progress in one tutorial (summary, chapters, quizzes) is one item collection. */
export function tutorialProgressPartition(tenantId: string, userId: string, tutorialId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#TUTORIAL#${tutorialId}`;
}

export function tutorialSummaryKey(tenantId: string, userId: string, tutorialId: string) {
  return { pk: tutorialProgressPartition(tenantId, userId, tutorialId), sk: 'SUMMARY' };
}

export function tutorialChapterKey(tenantId: string, userId: string, tutorialId: string, chapterId: string) {
  return { pk: tutorialProgressPartition(tenantId, userId, tutorialId), sk: `CH#${chapterId}` };
}

export function tutorialQuizKey(tenantId: string, userId: string, tutorialId: string, quizId: string) {
  return { pk: tutorialProgressPartition(tenantId, userId, tutorialId), sk: `QZ#${quizId}` };
}

/**
 * A learner's progress in one catalog course: the summary (`SUMMARY`, versioned completion state),
 * one item per lesson (`L#…`) and one per local day with activity (`D#yyyy-mm-dd`), so the course
 * progress page is one Query (`sk >= D#<week start>`) and a write touches only its own items.
 */
export function learnerCoursePartition(tenantId: string, userId: string, courseId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#LEARN#${courseId}`;
}

export function learnerCourseKey(tenantId: string, userId: string, courseId: string) {
  return { pk: learnerCoursePartition(tenantId, userId, courseId), sk: 'SUMMARY' };
}

export function learnerLessonKey(tenantId: string, userId: string, courseId: string, lessonId: string) {
  return { pk: learnerCoursePartition(tenantId, userId, courseId), sk: `L#${lessonId}` };
}

export function learnerCourseDayKey(tenantId: string, userId: string, courseId: string, localDate: string) {
  return { pk: learnerCoursePartition(tenantId, userId, courseId), sk: `D#${localDate}` };
}

/**
 * The progress engine's copy of a course's structure (sections, lessons, prerequisites) as one item,
 * stamped with the course version it was built from; outside the course partition so catalog reads
 * never see it. Rebuilt when the course's version moves on.
 */
export function courseOutlineKey(tenantId: string, courseId: string) {
  return { pk: `${coursePartition(tenantId, courseId)}#OUTLINE`, sk: 'OUTLINE' };
}

// ---- Learning sessions and progress logs (seed 004, issue 5 part 4). ----

/**
 * A learner's learning session, in their sessions collection (`T#<t>#U#<u>#SESSIONS`): found by id
 * with one GetItem, and another user's session id is simply not found.
 */
export function learningSessionKey(tenantId: string, userId: string, sessionId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#SESSIONS`, sk: `S#${sessionId}` };
}

/** gsi1 keys of a session: one personal course's sessions by start time (`GET /api/courses/{id}/sessions`). */
export function courseSessionsIndexKey(tenantId: string, userId: string, courseId: string, startedAt: string, sessionId: string) {
  return { gsi1pk: `${tenantPrefix(tenantId)}#U#${userId}#PC#${courseId}#SESSIONS`, gsi1sk: `${startedAt}#${sessionId}` };
}

/** A progress log (seed 004 `POST /api/progress/log`), in the learner's logs collection: found by id with one read. */
export function progressLogKey(tenantId: string, userId: string, logId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#PLOGS`, sk: `L#${logId}` };
}

/** gsi1 keys of a progress log: one personal course's logs by their timestamp (`GET /api/progress/{course_id}`, from/to as a key range). */
export function courseProgressLogsIndexKey(tenantId: string, userId: string, courseId: string, timestamp: string, logId: string) {
  return { gsi1pk: `${tenantPrefix(tenantId)}#U#${userId}#PC#${courseId}#PLOGS`, gsi1sk: `${timestamp}#${logId}` };
}

/**
 * A learner's record of one exercise (best weight, best reps, latest performance, version) across all
 * their courses: the history personal records are judged against, updated in each log's transaction.
 */
export function exerciseRecordKey(tenantId: string, userId: string, exercise: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#EXERCISES`, sk: `X#${exercise}` };
}

/** An achievement definition (seed 000 §3); a tenant's definitions are one item collection. */
export function achievementKey(tenantId: string, achievementId: string) {
  return { pk: `${tenantPrefix(tenantId)}#ACHIEVEMENTS`, sk: `A#${achievementId}` };
}

/**
 * A learner's streak checkpoint (issue 6 part 4): the streak folded from their activity ledger up to a
 * day that can no longer change, versioned, so a streak read queries only the ledger after it. The
 * `GAME` partition is the learner's gamification collection.
 */
export function streakCheckpointKey(tenantId: string, userId: string) {
  return { pk: gamePartition(tenantId, userId), sk: 'STREAK' };
}

// ---- Notifications (issue 6 part 7): one item collection per (tenant, user). ----

/**
 * A user's notification collection: the notifications (`N#…`, newest-first by Query), their counter
 * buckets (`C#…`) and their dedupe items (`K#…`). Every read of the list is inside this partition.
 */
export function notificationsPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#NOTIFICATIONS`;
}

/** A notification: sorted by creation time so a descending Query is newest first; the id rebuilds the key. */
export function notificationKey(tenantId: string, userId: string, createdAt: string, notificationId: string) {
  return { pk: notificationsPartition(tenantId, userId), sk: `N#${createdAt}#${notificationId}` };
}

/** Sparse gsi1 keys a notification carries only while unread: `unread_only` lists without filtering. */
export function unreadNotificationIndexKey(tenantId: string, userId: string, createdAt: string, notificationId: string) {
  return { gsi1pk: `${notificationsPartition(tenantId, userId)}#UNREAD`, gsi1sk: `${createdAt}#${notificationId}` };
}

/** The counters of the user's notifications that expire at `expiresAtIso` (one item per expiry bucket). */
export function notificationCountsKey(tenantId: string, userId: string, expiresAtIso: string) {
  return { pk: notificationsPartition(tenantId, userId), sk: `C#${expiresAtIso}` };
}

/** Claims "the notification of this kind about this source" for a user: a replay finds it and writes nothing. */
export function notificationSourceKey(tenantId: string, userId: string, sourceHash: string) {
  return { pk: notificationsPartition(tenantId, userId), sk: `K#${sourceHash}` };
}

// ---- Gamification (issue 6): the learner's `GAME` collection and the leaderboards. ----

/** The learner's gamification partition: `STATS`, `AWARD#<id>`, `PTS#<period>` and `STREAK`. */
export function gamePartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#GAME`;
}

/** The learner's running totals (points, counts, held achievements) that awarding evaluates. */
export function learnerStatsKey(tenantId: string, userId: string) {
  return { pk: gamePartition(tenantId, userId), sk: 'STATS' };
}

/** One award of one achievement to one learner: written by a conditional Put, so at most once. */
export function learnerAwardKey(tenantId: string, userId: string, achievementId: string) {
  return { pk: gamePartition(tenantId, userId), sk: `AWARD#${achievementId}` };
}

/**
 * The tenant's active achievement definitions in one item, kept by the achievements service in the
 * same transaction as every definition change, so a progress write reads them with its other items.
 */
export function achievementIndexKey(tenantId: string) {
  return { pk: `${tenantPrefix(tenantId)}#ACHIEVEMENTS`, sk: 'INDEX' };
}

/** Number of gsi2 partitions one (tenant, period) leaderboard source is spread over. */
export const LEADERBOARD_SOURCE_SHARDS = 8;

/**
 * A learner's points in one leaderboard period (`W#2026-W47`, `M#2026-11`, `ALL`), added to by every
 * write that earns points. Its gsi2 keys put it in the period's leaderboard source, sharded by user,
 * which the scheduled refresh reads.
 */
export function periodPointsKey(tenantId: string, userId: string, period: string) {
  return { pk: gamePartition(tenantId, userId), sk: `PTS#${period}` };
}

export function leaderboardSourceIndexKey(tenantId: string, period: string, shard: number, userId: string) {
  return { gsi2pk: `${tenantPrefix(tenantId)}#LBSRC#${period}#${shard}`, gsi2sk: `U#${userId}` };
}

// ---- Payments (issue 7): coupons, their redemptions, payment intents, provider webhook events. ----

/** The tenant's coupons: one Query lists them for the org admin; codes are upper-case, without `#`. */
export function couponsPartition(tenantId: string): string {
  return `${tenantPrefix(tenantId)}#COUPONS`;
}

/** A coupon and its redemption counter (the counter's conditional ADD is what keeps max_redemptions exact). */
export function couponKey(tenantId: string, code: string) {
  return { pk: couponsPartition(tenantId), sk: `C#${code}` };
}

/** One user's redemption of one coupon: its existence is "this user has used this coupon" (once per user). */
export function couponRedemptionKey(tenantId: string, code: string, userId: string) {
  return { pk: `${tenantPrefix(tenantId)}#COUPON#${code}#REDEMPTIONS`, sk: `U#${userId}` };
}

/** A payment intent record, addressed by Cairn's payment id (`pay_…`) so any writer reads it with one GetItem. */
export function paymentIntentKey(tenantId: string, paymentId: string) {
  return { pk: `${tenantPrefix(tenantId)}#PAYMENT#${paymentId}`, sk: 'PAYMENT' };
}

/** The provider's intent id (`pi_…`) → Cairn's payment id, for clients and events that only know the former. */
export function providerIntentAliasKey(tenantId: string, providerIntentId: string) {
  return { pk: `${tenantPrefix(tenantId)}#PAYMENT#${providerIntentId}`, sk: 'ALIAS' };
}

/** gsi1 keys of a payment in its payer's history, in creation order (date filters are a key range). */
export function paymentHistoryIndexKey(tenantId: string, userId: string, createdAt: string, paymentId: string) {
  return { gsi1pk: `${tenantPrefix(tenantId)}#U#${userId}#PAYMENTS`, gsi1sk: `${createdAt}#${paymentId}` };
}

/** Claims one provider webhook event id (its conditional Put makes each event processed once). */
export function webhookEventKey(tenantId: string, eventId: string) {
  return { pk: `${tenantPrefix(tenantId)}#PAYEVENT#${eventId}`, sk: 'EVENT' };
}

// ---- Enrollment saga (issue 7): one request item per saga execution. ----

/**
 * The request item of one enrollment saga execution, keyed by the execution name (which is derived
 * from tenant, user, course and idempotency key). Its conditional Put is what makes "an execution
 * name is unique" hold locally, and it carries the status the enroll route and the poll route read.
 */
export function enrollmentSagaRequestKey(tenantId: string, executionName: string) {
  return { pk: `${tenantPrefix(tenantId)}#ENROLLREQ#${executionName}`, sk: 'REQUEST' };
}

// ---- Enrollments (issue 7): one enrollment per (tenant, learner, course). ----

/** A learner's enrollments collection: every course enrollment of the learner is one Query of it. */
export function enrollmentsPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#ENROLLMENTS`;
}

/**
 * A learner's enrollment in one course: in the learner's own partition (their list is one Query,
 * another learner's enrollment cannot be addressed with their key), and a conditional Put on it is
 * "at most one enrollment per course". Its gsi1 entry lists a course's learners by enrollment time.
 */
export function enrollmentKey(tenantId: string, userId: string, courseId: string) {
  return { pk: enrollmentsPartition(tenantId, userId), sk: `E#${courseId}` };
}

/** gsi1 keys of an enrollment: the course's learners (instructor views, counts), oldest first. */
export function courseLearnersIndexKey(tenantId: string, courseId: string, enrolledAt: string, userId: string) {
  return { gsi1pk: `${coursePartition(tenantId, courseId)}#LEARNERS`, gsi1sk: `${enrolledAt}#U#${userId}` };
}

/** A learner's enrollment in a program (seed 000 §2), beside their course enrollments. */
export function programEnrollmentKey(tenantId: string, userId: string, programId: string) {
  return { pk: enrollmentsPartition(tenantId, userId), sk: `P#${programId}` };
}

/**
 * Resolves a program enrollment id (seed 000 `get_progress` names only the id) to its owner and
 * program with one GetItem; written in the same transaction as the enrollment.
 */
export function programEnrollmentIdKey(tenantId: string, enrollmentId: string) {
  return { pk: `${tenantPrefix(tenantId)}#PENROLL#${enrollmentId}`, sk: 'PENROLL' };
}

// ---- Leaderboards (issue 6 part 5): the materialised view the scheduled refresh writes. ----

/**
 * The pointer of one (tenant, period) leaderboard view: which generation readers use, its totals per
 * type and when it was refreshed. Switching it is one conditional Put, so a reader sees either the
 * previous generation or the next, never a half-written one.
 */
export function leaderboardPointerKey(tenantId: string, period: string) {
  return { pk: `${tenantPrefix(tenantId)}#LB#${period}`, sk: 'POINTER' };
}

/** One generation of a (tenant, period) view: every type's page rows and per-user rows, expired by TTL. */
export function leaderboardGenerationPartition(tenantId: string, period: string, generation: string): string {
  return `${tenantPrefix(tenantId)}#LB#${period}#G#${generation}`;
}

/** Width of the zero-padded position in page-row sort keys (so a page is one BETWEEN range). */
export const LEADERBOARD_POSITION_DIGITS = 10;

/** A page row: the entry at 1-based `position` of board `type`; anonymised rows carry no user id. */
export function leaderboardRowKey(tenantId: string, period: string, generation: string, type: string, position: number) {
  return { pk: leaderboardGenerationPartition(tenantId, period, generation), sk: `${type}#R#${String(position).padStart(LEADERBOARD_POSITION_DIGITS, '0')}` };
}

/** A per-user row (rank, percentile, points) of board `type`, read by GetItem for `currentUser`. */
export function leaderboardUserRowKey(tenantId: string, period: string, generation: string, type: string, userId: string) {
  return { pk: leaderboardGenerationPartition(tenantId, period, generation), sk: `${type}#U#${userId}` };
}

// ---- Analytics (issue 14): the tenant directory and the nightly aggregates. ----

/**
 * The tenant directory: one item per tenant in one platform partition, written with the organization,
 * so scheduled jobs list tenants with a Query instead of a Scan (DESIGN §8).
 */
export function tenantDirectoryKey(tenantId: string) {
  return { pk: 'SYS#TENANTS', sk: `T#${tenantId}` };
}

/** The tenant's aggregate partition: tenant-day items (`D#<date>`), the overview and the aggregation state. */
export function tenantAggregatePartition(tenantId: string): string {
  return `${tenantPrefix(tenantId)}#AGG#TENANT`;
}

/** The tenant-day aggregate of one learner-local date. */
export function tenantDayAggregateKey(tenantId: string, date: string) {
  return { pk: tenantAggregatePartition(tenantId), sk: `D#${date}` };
}

/** The dashboard overview (30-day figures) as of the tenant's aggregated-through date. */
export function tenantOverviewKey(tenantId: string) {
  return { pk: tenantAggregatePartition(tenantId), sk: 'OVERVIEW' };
}

/** The tenant's aggregation state: the date through which every date has been folded. */
export function aggregationStateKey(tenantId: string) {
  return { pk: tenantAggregatePartition(tenantId), sk: 'STATE' };
}

/** One content's (course, tutorial, personal course) aggregates per date: `D#<date>` items. */
export function contentDayAggregateKey(tenantId: string, contentType: string, contentId: string, date: string) {
  return { pk: `${tenantPrefix(tenantId)}#AGG#CONTENT#${contentType}#${contentId}`, sk: `D#${date}` };
}

/** A learner's aggregate collection: learner-day items (`D#<date>`), one Query for any window. */
export function learnerAggregatePartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#AGG`;
}

/** A learner's cached drop-off-risk answer (issue 21), beside their learner-days (never inside a `D#` range). */
export function dropoffPredictionKey(tenantId: string, userId: string) {
  return { pk: learnerAggregatePartition(tenantId, userId), sk: 'PRED#DROPOFF' };
}

/** A tenant's trained drop-off model (issue 21). */
export function dropoffModelKey(tenantId: string) {
  return { pk: `${tenantPrefix(tenantId)}#AGG#MODEL`, sk: 'DROPOFF' };
}

/** A tenant's co-completion counts (issue 21 recommendations), beside its model; written nightly. */
export function coCompletionKey(tenantId: string) {
  return { pk: `${tenantPrefix(tenantId)}#AGG#MODEL`, sk: 'COCOMPLETION' };
}

/** A learner's cached recommendations answer for one context and limit (issue 21), beside the drop-off answer. */
export function recommendationsCacheKey(tenantId: string, userId: string, context: string, limit: number) {
  return { pk: learnerAggregatePartition(tenantId, userId), sk: `PRED#RECS#${context}#${limit}` };
}

export function learnerDayAggregateKey(tenantId: string, userId: string, date: string) {
  return { pk: learnerAggregatePartition(tenantId, userId), sk: `D#${date}` };
}

/**
 * Who was active on one tenant-date, per ledger shard: learner ids and learner–course pairs (worked on,
 * completed). The 30-day overview unions 30 dates of these small items (one Query of the partition)
 * instead of reading every learner-day of the window.
 */
export function activeSetKey(tenantId: string, date: string, shard: number, chunk = 0) {
  return { pk: `${tenantPrefix(tenantId)}#AGG#ACTIVE`, sk: `D#${date}#${shard}#${chunk}` };
}

/**
 * The tenant's learner rollups (shared/domain/learnerRollup.ts): per date, every learner's cumulative
 * totals and activity calendars, in items of one hash bucket's part (`D#<date>#<bucket>#<part>`), so
 * one date's snapshot is one Query and a report reads three of them.
 */
export function learnerRollupPartition(tenantId: string): string {
  return `${tenantPrefix(tenantId)}#AGG#ROLLUP`;
}

export function learnerRollupKey(tenantId: string, date: string, bucket: number, part: number) {
  return { pk: learnerRollupPartition(tenantId), sk: `D#${date}#${String(bucket).padStart(2, '0')}#${String(part).padStart(3, '0')}` };
}

/** An analytics process (a nightly tenant run or an org admin's reprocessing), by its id. */
export function analyticsProcessKey(tenantId: string, processId: string) {
  return { pk: `${tenantPrefix(tenantId)}#AGG#PROCESS`, sk: `P#${processId}` };
}

/** A nightly run across tenants (platform item): status and per-tenant outcome. */
export function analyticsRunKey(runId: string) {
  return { pk: 'SYS#ANALYTICS_RUNS', sk: `R#${runId}` };
}

/** Program completions of a tenant counted per UTC month (dashboard `program_completions`). */
export function programCompletionMonthKey(tenantId: string, month: string) {
  return { pk: tenantAggregatePartition(tenantId), sk: `PM#${month}` };
}

// ---- AI assistant (issue 19) ----

/**
 * A user's AI allowance counters (plan limits are the user's, like the plan itself): beside the
 * profile under `U#<user>`, so one Query (`sk BETWEEN 'AIUSAGE' AND 'PROFILE'`) reads both.
 */
export function aiUsageKey(userId: string) {
  return { pk: `U#${userId}`, sk: 'AIUSAGE' };
}

/** One model call's token usage and cost (kept 400 days), newest last. */
export function aiCallKey(tenantId: string, userId: string, at: string, callId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#AICALLS`, sk: `C#${at}#${callId}` };
}

/** The user's conversations: one partition; exchanges by scope (`C#<course>` or `S#<session>`) and time. */
export function chatPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#CHAT`;
}

/** One exchange (the user's message and the answer) in a scope; message ids sort by time (chatStore.ts). */
export function chatExchangeKey(tenantId: string, userId: string, scope: string, messageId: string) {
  return { pk: chatPartition(tenantId, userId), sk: `${scope}#X#${messageId}` };
}

/** The dedupe item of a chat request (`X-Request-ID`): points at its exchange, so a replay answers the original. */
export function chatRequestKey(tenantId: string, userId: string, requestId: string) {
  return { pk: chatPartition(tenantId, userId), sk: `R#${requestId}` };
}

/** A user's memories: one partition, one item per memory, plus the `COUNT` item enforcing the cap. */
export function memoryPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#MEMORY`;
}

export function memoryKey(tenantId: string, userId: string, memoryId: string) {
  return { pk: memoryPartition(tenantId, userId), sk: `M#${memoryId}` };
}

export function memoryCountKey(tenantId: string, userId: string) {
  return { pk: memoryPartition(tenantId, userId), sk: 'COUNT' };
}

/** A generated quiz (kept 30 days unless saved as a lesson), by its id, under its author. */
export function generatedQuizKey(tenantId: string, userId: string, quizId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#AIQUIZ`, sk: `Q#${quizId}` };
}

// ---- Reflections (issue 20, seed 002 "Puzzle Reflections"). ----

/** An author's reflections: one item collection, so "my reflections" is one Query. */
export function reflectionsPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#REFLECTIONS`;
}

/** One reflection, in its author's partition: another user's id can never address it. */
export function reflectionKey(tenantId: string, userId: string, reflectionId: string) {
  return { pk: reflectionsPartition(tenantId, userId), sk: `R#${reflectionId}` };
}

/** Sparse gsi1 keys a reflection carries only while `visibility` is `course`: the course's shared reflections, by creation time. */
export function courseReflectionsIndexKey(tenantId: string, courseId: string, createdAt: string, reflectionId: string) {
  return { gsi1pk: `${coursePartition(tenantId, courseId)}#REFLECTIONS`, gsi1sk: `${createdAt}#${reflectionId}` };
}

// ---- Account lifecycle webhook (issue 20, seed 002 `POST /api/v1/auth/webhooks/auth/`). ----

/** The tenant's webhook signing secret, encrypted (current and, during a rotation's grace period, previous). */
export function authWebhookSecretKey(tenantId: string) {
  return { pk: `${tenantPrefix(tenantId)}#AUTHWEBHOOK`, sk: 'SECRET' };
}

/** Claims one identity-provider event id (conditional Put with a TTL): a replay finds it taken. */
export function authWebhookEventKey(tenantId: string, eventId: string) {
  return { pk: `${tenantPrefix(tenantId)}#AUTHEVENT#${eventId}`, sk: 'EVENT' };
}

/** A user's recorded sign-in sessions from the tenant's identity provider, by time (TTL 90 days). */
export function authSessionEventKey(tenantId: string, userId: string, occurredAt: string, eventId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#AUTHSESSIONS`, sk: `${occurredAt}#${eventId}` };
}

/** An account marked for erasure in a tenant (the erasure workflow's input); the tenant's requests are one collection. */
export function erasureRequestKey(tenantId: string, userId: string) {
  return { pk: `${tenantPrefix(tenantId)}#ERASURES`, sk: `U#${userId}` };
}

// ---- Media and content (issue 18). ----

/** A user's upload sessions (seed 002 initiate/complete, seed 004 file uploads): another user's upload id is not found. */
export function uploadSessionKey(tenantId: string, userId: string, uploadId: string) {
  return { pk: `${tenantPrefix(tenantId)}#U#${userId}#UPLOADS`, sk: `UP#${uploadId}` };
}

/** A media record, addressed by id (assignment and playback find it with one GetItem). */
export function mediaKey(tenantId: string, mediaId: string) {
  return { pk: `${tenantPrefix(tenantId)}#MEDIA#${mediaId}`, sk: 'MEDIA' };
}

/** gsi1 keys of a media record: its owner's library, newest last by creation time (`GET /api/v1/media/videos/`). */
export function mediaLibraryIndexKey(tenantId: string, ownerId: string, createdAt: string, mediaId: string) {
  return { gsi1pk: `${tenantPrefix(tenantId)}#U#${ownerId}#MEDIA`, gsi1sk: `${createdAt}#${mediaId}` };
}

/** gsi1 keys every section item carries: section id → its course (seed 002 routes that name only the section). */
export function sectionLookupIndexKey(tenantId: string, sectionId: string, courseId: string) {
  return { gsi1pk: `${tenantPrefix(tenantId)}#SECTION#${sectionId}`, gsi1sk: `C#${courseId}` };
}

/** One personal course's resources (seed 004 content): notes, uploaded files, imported sources. */
export function contentPartition(tenantId: string, userId: string, courseId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#CONTENT#${courseId}`;
}

/** A resource of a personal course, by id (a repeated upload confirmation finds it); listed in creation order by the reader. */
export function contentResourceKey(tenantId: string, userId: string, courseId: string, resourceId: string) {
  return { pk: contentPartition(tenantId, userId, courseId), sk: `R#${resourceId}` };
}

// ---- Certificates (issue 23): one item per (learner, course or tutorial), a learner index, a public lookup. ----

/** What a certificate is for: a catalog course (its completion record) or a seed 001 tutorial (`complete`). */
export type CertificateSubjectKind = 'course' | 'tutorial';

/** A learner's certificates collection: the certificates (`C#…`) and their index (`INDEX`). */
export function certificatesPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#CERTS`;
}

/**
 * The learner's certificate for one course or tutorial. Keyed by the subject, not by the certificate
 * id, so a conditional Put (`attribute_not_exists`) is "issued exactly once per learner and subject".
 */
export function certificateKey(tenantId: string, userId: string, kind: CertificateSubjectKind, subjectId: string) {
  return { pk: certificatesPartition(tenantId, userId), sk: `C#${kind}#${subjectId}` };
}

/**
 * The learner's certificate index: the unrevoked certificates as a string set of `<issue date>|<id>`
 * (seed 002 `certificates_earned` reads it with its other items) and their public-verification switch.
 */
export function certificateIndexKey(tenantId: string, userId: string) {
  return { pk: certificatesPartition(tenantId, userId), sk: 'INDEX' };
}

/**
 * The public lookup of a certificate by its id (the anonymous verify route has no tenant). Like the
 * profile, a key that does not lead with a tenant: it holds only where the certificate lives, and its
 * id carries 160 random bits, so lookups cannot be enumerated.
 */
export function certificateLookupKey(certificateId: string) {
  return { pk: `CERT#${certificateId}`, sk: 'CERT' };
}

// ---- xAPI (issue 22): LRS endpoints, inbound credentials, received statements, deliveries. ----

/** A tenant's xAPI configuration collection: LRS endpoints (`LRS#<id>`) and inbound credentials (`KEY#<id>`); one Query reads it all. */
export function xapiConfigPartition(tenantId: string): string {
  return `${tenantPrefix(tenantId)}#XAPI`;
}

/** One LRS the tenant forwards its statements to (endpoint, username, password encrypted). */
export function xapiLrsKey(tenantId: string, lrsId: string) {
  return { pk: xapiConfigPartition(tenantId), sk: `LRS#${lrsId}` };
}

/** One HTTP Basic credential a server-to-server sender posts statements with (the secret's hash only). */
export function xapiCredentialKey(tenantId: string, keyId: string) {
  return { pk: xapiConfigPartition(tenantId), sk: `KEY#${keyId}` };
}

/** A statement received through `/xapi/statements`, addressed by its id (GetItem), one partition each. */
export function xapiStatementKey(tenantId: string, statementId: string) {
  return { pk: `${tenantPrefix(tenantId)}#XAPI_STMT#${statementId}`, sk: 'STATEMENT' };
}

/**
 * A learner's index entry of one statement received about them (issue 20): written in the statement's
 * transaction, so the learner's collection `T#<t>#U#<u>#XAPI_STMTS` lists every stored statement of
 * theirs and export and erasure find them with one Query (the statements themselves lead with their id).
 */
export function xapiLearnerStatementKey(tenantId: string, userId: string, statementId: string) {
  return { pk: xapiLearnerStatementsPartition(tenantId, userId), sk: `S#${statementId}` };
}

/** The collection of a learner's statement index entries (xapiLearnerStatementKey). */
export function xapiLearnerStatementsPartition(tenantId: string, userId: string): string {
  return `${tenantPrefix(tenantId)}#U#${userId}#XAPI_STMTS`;
}

/** The marker that one emitted statement reached one LRS (TTL): a redelivered stream record skips it. */
export function xapiDeliveryKey(tenantId: string, statementId: string, lrsId: string) {
  return { pk: `${tenantPrefix(tenantId)}#XAPI_OUT#${statementId}`, sk: `LRS#${lrsId}` };
}
