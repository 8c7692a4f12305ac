import { GetCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import {
  activityKey,
  aiCallKey,
  authSessionEventKey,
  authWebhookEventKey,
  certificateLookupKey,
  certificatesPartition,
  chatPartition,
  contentPartition,
  courseCompletionKey,
  enrollmentSagaRequestKey,
  enrollmentsPartition,
  exerciseRecordKey,
  gamePartition,
  generatedQuizKey,
  invitationKey,
  leaderboardGenerationPartition,
  learnerAggregatePartition,
  learnerCoursePartition,
  learnerRollupPartition,
  learningSessionKey,
  memberKey,
  memoryPartition,
  notificationsPartition,
  paymentIntentKey,
  personalCourseKey,
  profileKey,
  programEnrollmentIdKey,
  progressLogKey,
  reflectionsPartition,
  tutorialProgressPartition,
  uploadSessionKey,
  couponRedemptionKey,
  xapiLearnerStatementsPartition,
  xapiStatementKey,
} from '../db/keys.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { reportsPartition } from '../db/reportKeys.js';
import { courseLearnerDayKey, courseReviewKey, orgLearnerTableKey, peerQueryLogKey, peerTableKey, skillEvidenceKey, skillMasteryKey } from '../db/skillKeys.js';
import { dataExportsPartition, rateLimitPartition } from './privacyKeys.js';
import { deleteItems, type Item, queryIndexPartition, queryPartitions, scrubItems, userPartOf, withoutKeys } from './userDataItems.js';
import { purgeLeaderboardGenerations, recentGenerations } from './leaderboardErasure.js';
import { anonymiseAttributes, anonymisePayments } from './paymentAnonymisation.js';
import { deleteStoredObjects } from './storedObjects.js';
import { redactReports } from './reportRedaction.js';

/**
 * THE registry of user data (issue 20): one entry per entity that holds a user's data, saying how to
 * find the user's items, how the export shows them and whether erasure deletes them, anonymises them
 * or removes the user's entries from a shared item. Export (exportService.ts) and erasure
 * (erasureSteps.ts) both walk this list, and docs/data-model.md's "User data" table names the same
 * entities (a test compares the two and finds each in an export).
 *
 * Adding an entity (e.g. stored drop-off predictions in their own partition; xapiStatement below is a worked example of an entity found through an index entry):
 *   1. add an entry here: `name` (the data-model table's name), `scope`, `phase`, `treatment`, `holds`,
 *      `find` (the user's items: Queries of partitions built with shared/db key builders; never a Scan);
 *      `files` if items point at S3 objects; `erase` only if the default (delete the found items and
 *      their files) is wrong, `present` only if the export should not show the items as stored;
 *   2. if finding needs ids the user's items name (course ids, …), add them to DiscoveredIds and to
 *      erasureDiscovery.ts (discovery runs once, before anything is erased);
 *   3. add a row to the "User data" table of docs/data-model.md and the entity to the erasure test's
 *      fixture (test/integration/privacyErasure.test.ts): the scan there fails if any item is left.
 */

export type UserDataScope = 'account' | 'tenant';
/** `own`: items of the user (erased first, in parallel); `shared`: tenant views that also hold others (after, in order). */
export type ErasurePhase = 'own' | 'shared';
export type Treatment = 'delete' | 'anonymise' | 'remove_entries';

/** Ids the user's items name, collected once before erasure starts (erasureDiscovery.ts). */
export interface DiscoveredIds {
  courseIds: string[];
  tutorialIds: string[];
  personalCourseIds: string[];
  programEnrollmentIds: string[];
  couponCodes: string[];
  sagaRequests: string[];
  certificateIds: string[];
  authEventIds: string[];
  /** Leaderboard periods the user has points in (`W#…`, `M#…`, `ALL`). */
  periods: string[];
}

export const NO_DISCOVERED_IDS: DiscoveredIds = { courseIds: [], tutorialIds: [], personalCourseIds: [], programEnrollmentIds: [], couponCodes: [], sagaRequests: [], certificateIds: [], authEventIds: [], periods: [] };

/** Whose data, where: one tenant's part of it (account-scope entities ignore the tenant). */
export interface DataSubject {
  userId: string;
  tenantId: string;
  email: string | null;
  discovered: DiscoveredIds;
}

/** An S3 object an item points at: the media bucket (uploads, media) or the files bucket (reports, certificates, receipts, exports). */
export interface StoredObject {
  bucket: 'media' | 'files';
  key: string;
}

export interface ErasureCount {
  deleted: number;
  anonymised: number;
  files: number;
}

export interface UserDataEntity {
  name: string;
  scope: UserDataScope;
  phase: ErasurePhase;
  treatment: Treatment;
  /** What it holds, for the docs. */
  holds: string;
  /** The user's items (for shared items: the items that hold an entry of the user). */
  find(subject: DataSubject): Promise<Item[]>;
  /** S3 objects an item points at (deleted with it). */
  files?(item: Item): StoredObject[];
  /** How the export shows one found item (default: its attributes without keys). */
  present?(item: Item, subject: DataSubject): unknown;
  /** Erasure of the found items (default: delete them and their files). */
  erase?(subject: DataSubject, items: Item[]): Promise<ErasureCount>;
}

const own = (pk: (t: string, u: string) => string, name: string, holds: string, extra: Partial<UserDataEntity> = {}): UserDataEntity => ({
  name,
  scope: 'tenant',
  phase: 'own',
  treatment: 'delete',
  holds,
  find: (s) => queryPartitions([pk(s.tenantId, s.userId)]),
  ...extra,
});

async function getItems(keys: readonly { pk: string; sk: string }[]): Promise<Item[]> {
  const out: Item[] = [];
  for (const { pk, sk } of keys) {
    const found = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk, sk }, ConsistentRead: true }));
    if (found.Item) out.push(found.Item);
  }
  return out;
}

const fileAt = (bucket: StoredObject['bucket'], ...keys: unknown[]): StoredObject[] => keys.filter((k): k is string => typeof k === 'string' && k.length > 0).map((key) => ({ bucket, key }));

/**
 * The user's received xAPI statements: the statements lead with their own id (`T#<t>#XAPI_STMT#<id>`),
 * so they are found through the user's index entries (`T#<t>#U#<u>#XAPI_STMTS`, written in the
 * statement's transaction): 1 Query + 1 consistent BatchGetItem per 100. Statements first, then the
 * entries; a statement whose `userId` is not the user's is never theirs (defensive: the transaction
 * writes the entry under the statement's own actor).
 */
async function findXapiStatements(s: DataSubject): Promise<Item[]> {
  const entries = await queryPartitions([xapiLearnerStatementsPartition(s.tenantId, s.userId)]);
  const keys = entries.map((entry) => xapiStatementKey(s.tenantId, String(entry.statementId)));
  const found = await batchGetItems(keys, true);
  const statements = keys.flatMap((key): Item[] => { const item = found.get(itemId(key)); return item ? [item] : []; }).filter((item) => item.userId === s.userId);
  return [...statements, ...entries];
}

/** Deletes the statements before their index entries, so an erasure cut short between the two finds the rest again. */
async function eraseXapiStatements(_s: DataSubject, items: Item[]): Promise<ErasureCount> {
  const statements = items.filter((item) => item.entity === 'xapiStatement');
  const deleted = await deleteItems(statements);
  return { deleted: deleted + (await deleteItems(items.filter((item) => item.entity !== 'xapiStatement'))), anonymised: 0, files: 0 };
}

/** Removes the user's entries from shared items; the export shows only the user's part. */
const sharedEntries = (name: string, holds: string, find: (s: DataSubject) => Promise<Item[]>): UserDataEntity => ({
  name,
  scope: 'tenant',
  phase: 'shared',
  treatment: 'remove_entries',
  holds,
  find: async (s) => (await find(s)).filter((item) => userPartOf(item, s.userId).length > 0),
  present: (item, s) => ({ sk: item.sk, entries: userPartOf(item, s.userId) }),
  erase: async (s, items) => ({ deleted: 0, anonymised: await scrubItems(items, s.userId), files: 0 }),
});

export const USER_DATA_ENTITIES: readonly UserDataEntity[] = [
  {
    name: 'profile',
    scope: 'account',
    phase: 'own',
    treatment: 'delete',
    holds: 'the pool-wide profile (name, email, bio, avatar, preferences, memberships, plan) and the AI usage counters beside it',
    find: (s) => queryPartitions([profileKey(s.userId).pk]),
  },
  { name: 'membership', scope: 'tenant', phase: 'own', treatment: 'delete', holds: 'the member item of the tenant (roles, joined date)', find: (s) => getItems([memberKey(s.tenantId, s.userId)]) },
  { name: 'invitation', scope: 'tenant', phase: 'own', treatment: 'delete', holds: 'pending invitations of the user\'s email', find: (s) => (s.email ? getItems([invitationKey(s.tenantId, s.email)]) : Promise.resolve([])) },
  own((t, u) => activityKey(t, u, '-').pk, 'activityLedger', 'the activity ledger (one record per progress event, with its timeline and tenant-day index entries)'),
  {
    name: 'xapiStatement',
    scope: 'tenant',
    phase: 'own',
    treatment: 'delete',
    holds: 'xAPI statements received about the user through /xapi/statements (as stored: actor with their account and any name or email the sender put in, verb, object, result, context) and the user\'s index entries of them',
    find: findXapiStatements,
    present: (item) => (item.entity === 'xapiStatement' ? withoutKeys(item) : undefined),
    erase: eraseXapiStatements,
  },
  own((t, u) => courseCompletionKey(t, u, '-').pk, 'courseCompletion', 'course completion records'),
  { ...own(() => '', 'courseProgress', 'catalog course progress: summary, lesson and day items per course'), find: (s) => queryPartitions(s.discovered.courseIds.map((c) => learnerCoursePartition(s.tenantId, s.userId, c))) },
  { ...own(() => '', 'tutorialProgress', 'seed 001 tutorial progress: summary, chapters, quizzes'), find: (s) => queryPartitions(s.discovered.tutorialIds.map((id) => tutorialProgressPartition(s.tenantId, s.userId, id))) },
  own((t, u) => personalCourseKey(t, u, '-').pk, 'personalCourse', 'personal courses, their curricula and the course counter'),
  {
    ...own(() => '', 'contentResource', 'personal courses\' resources (notes, uploaded files, imports) and their stored files'),
    find: (s) => queryPartitions(s.discovered.personalCourseIds.map((c) => contentPartition(s.tenantId, s.userId, c))),
    files: (item) => fileAt('media', item.objectKey),
  },
  own((t, u) => learningSessionKey(t, u, '-').pk, 'learningSession', 'learning sessions'),
  own((t, u) => progressLogKey(t, u, '-').pk, 'progressLog', 'progress logs'),
  own((t, u) => exerciseRecordKey(t, u, '-').pk, 'exerciseRecord', 'personal exercise records'),
  own(gamePartition, 'gamification', 'learner stats, achievement awards, streak checkpoint and leaderboard period points (the leaderboards\' source)'),
  own(notificationsPartition, 'notification', 'notifications, their counters and dedupe claims'),
  own(enrollmentsPartition, 'enrollment', 'course and program enrollments (with the course learner index entries)'),
  { ...own(() => '', 'programEnrollmentClaim', 'program enrollment id lookups'), find: (s) => getItems(s.discovered.programEnrollmentIds.map((id) => programEnrollmentIdKey(s.tenantId, id))) },
  { ...own(() => '', 'enrollmentSagaRequest', 'enrollment saga request items (status of a paid enrollment)'), find: (s) => getItems(s.discovered.sagaRequests.map((name) => enrollmentSagaRequestKey(s.tenantId, name))) },
  own(learnerAggregatePartition, 'learnerAggregate', 'nightly learner-day aggregates and the cached predictions (drop-off risk, recommendations: issue 21)'),
  own((t, u) => skillEvidenceKey(t, u, '-').pk, 'skillEvidence', 'skill evidence per day'),
  own((t, u) => skillMasteryKey(t, u).pk, 'skillMastery', 'skill mastery summary'),
  own((t, u) => peerQueryLogKey(t, u).pk, 'peerQueryLog', 'the log of the user\'s peer-comparison queries'),
  own((t, u) => aiCallKey(t, u, '-', '-').pk, 'aiCall', 'AI model calls\' token usage and cost'),
  own(chatPartition, 'chat', 'AI chat exchanges and request dedupe items'),
  own(memoryPartition, 'memory', 'AI memories (text and embedding) and their counter'),
  own((t, u) => generatedQuizKey(t, u, '-').pk, 'generatedQuiz', 'AI-generated quizzes'),
  own(reflectionsPartition, 'reflection', 'reflections (with their course-visible index entries)'),
  own((t, u) => authSessionEventKey(t, u, '-', '-').pk, 'authSessionEvent', 'sign-in sessions recorded from the tenant\'s identity provider'),
  {
    name: 'authWebhookEvent',
    scope: 'tenant',
    phase: 'own',
    treatment: 'anonymise',
    holds: 'identity-provider event claims naming the user (kept 7 days for replay protection; the user id is removed)',
    find: async (s) => (await getItems(s.discovered.authEventIds.map((id) => authWebhookEventKey(s.tenantId, id)))).filter((item) => item.userId === s.userId),
    erase: async (_s, items) => ({ deleted: 0, anonymised: await anonymiseAttributes(items, ['userId']), files: 0 }),
  },
  { ...own((t, u) => uploadSessionKey(t, u, '-').pk, 'uploadSession', 'upload sessions and their uploaded objects'), files: (item) => fileAt('media', item.objectKey) },
  {
    name: 'media',
    scope: 'tenant',
    phase: 'own',
    treatment: 'delete',
    holds: 'media the user owns (videos, images, documents) and their stored objects and thumbnails',
    find: (s) => queryIndexPartition('gsi1', `T#${s.tenantId}#U#${s.userId}#MEDIA`),
    files: (item) => fileAt('media', item.objectKey, item.thumbnailKey),
  },
  {
    name: 'certificate',
    scope: 'tenant',
    phase: 'own',
    treatment: 'delete',
    holds: 'certificates, the certificate index, their public lookups and stored PDFs',
    find: async (s) => [...(await queryPartitions([certificatesPartition(s.tenantId, s.userId)])), ...(await getItems(s.discovered.certificateIds.map((id) => certificateLookupKey(id))))],
    files: (item) => fileAt('files', item.fileKey),
  },
  {
    name: 'courseReview',
    scope: 'tenant',
    phase: 'own',
    treatment: 'delete',
    holds: 'the user\'s course reviews',
    find: (s) => getItems(s.discovered.courseIds.map((c) => courseReviewKey(s.tenantId, c, s.userId))),
  },
  { name: 'couponRedemption', scope: 'tenant', phase: 'own', treatment: 'delete', holds: 'the user\'s coupon redemptions (the coupons\' counters keep counting them)', find: (s) => getItems(s.discovered.couponCodes.map((code) => couponRedemptionKey(s.tenantId, code, s.userId))) },
  {
    name: 'payment',
    scope: 'tenant',
    phase: 'own',
    treatment: 'anonymise',
    holds: 'payment intents (kept for accounting; user id, payer history index, client metadata and the stored receipt PDF removed)',
    find: async (s) => {
      const listed = await queryIndexPartition('gsi1', `T#${s.tenantId}#U#${s.userId}#PAYMENTS`);
      return getItems(listed.map((item) => paymentIntentKey(s.tenantId, String(item.paymentId))));
    },
    erase: (s, items) => anonymisePayments(s, items),
  },
  own((t, u) => rateLimitPartition(t, u), 'rateLimitWindow', 'the user\'s rate-limit counters (expire within the hour)'),
  { ...own(dataExportsPartition, 'dataExport', 'the user\'s data export jobs and archives'), files: (item) => fileAt('files', item.fileKey) },
  {
    name: 'report',
    scope: 'tenant',
    phase: 'shared',
    treatment: 'remove_entries',
    holds: 'reports: those the user requested are deleted; stored files of other reports (which may list the user\'s row) are deleted and the report marked redacted',
    find: (s) => queryPartitions([reportsPartition(s.tenantId)]),
    present: (item, s) => (item.requestedBy === s.userId ? withoutKeys(item) : undefined),
    erase: (s, items) => redactReports(s, items),
  },
  sharedEntries('learnerRollup', 'the tenant\'s learner rollup snapshots (one entry per learner per date)', (s) => queryPartitions([learnerRollupPartition(s.tenantId)])),
  sharedEntries('activeSet', 'the tenant\'s per-date active learner sets', (s) => queryPartitions([`T#${s.tenantId}#AGG#ACTIVE`])),
  sharedEntries('peerTable', 'the tenant\'s peer comparison table (one entry per learner)', (s) => queryPartitions([peerTableKey(s.tenantId, 0).pk])),
  sharedEntries('orgLearnerTable', 'the tenant\'s org learner table (one entry per learner)', (s) => queryPartitions([orgLearnerTableKey(s.tenantId, 0).pk])),
  {
    name: 'courseLearnerDay',
    scope: 'tenant',
    phase: 'shared',
    treatment: 'delete',
    holds: 'per-course learner-day aggregates',
    find: async (s) => {
      const out: Item[] = [];
      for (const courseId of s.discovered.courseIds) out.push(...(await queryPartitions([courseLearnerDayKey(s.tenantId, courseId, s.userId, '-').pk], { skPrefix: `U#${s.userId}#` })));
      return out;
    },
  },
  {
    name: 'leaderboard',
    scope: 'tenant',
    phase: 'shared',
    treatment: 'remove_entries',
    holds: 'leaderboard generations: each period the user had points in is refreshed without them, and their rows are removed from the recent generations',
    find: async (s) => {
      const out: Item[] = [];
      for (const period of s.discovered.periods) {
        for (const generation of await recentGenerations(s.tenantId, period)) {
          out.push(...(await queryPartitions([leaderboardGenerationPartition(s.tenantId, period, generation)])).filter((item) => String(item.sk).endsWith(`#U#${s.userId}`) || item.userId === s.userId));
        }
      }
      return out;
    },
    erase: (s) => purgeLeaderboardGenerations(s),
  },
];

/** The registry entry called `name`. */
export function userDataEntity(name: string): UserDataEntity {
  const found = USER_DATA_ENTITIES.find((entity) => entity.name === name);
  if (!found) throw new Error(`No user-data entity ${name}`);
  return found;
}

/** Default erasure: delete the found items and the objects they point at. */
export async function deleteWithFiles(entity: UserDataEntity, items: Item[]): Promise<ErasureCount> {
  const files = await deleteStoredObjects(items.flatMap((item) => entity.files?.(item) ?? []));
  return { deleted: await deleteItems(items), anonymised: 0, files };
}
